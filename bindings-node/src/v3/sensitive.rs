//! `v3::sensitive`: RSA-OAEP (SHA-1) for sensitive fields.

use napi_derive::napi;
use wechatpay_core::v3::sensitive as core;

use crate::error::{self, Result};
use crate::keys::{Certificate, PrivateKey, PublicKey};
use crate::task::{self, Async};
use crate::v3::verify::TrustStore;

/// Encrypts sensitive request fields for WeChat Pay; send `serial` as `Wechatpay-Serial`.
#[napi]
pub struct SensitiveEncryptor {
    inner: core::SensitiveEncryptor,
}

#[napi]
impl SensitiveEncryptor {
    /// With a platform certificate.
    #[napi(factory, catch_unwind)]
    pub fn from_certificate(certificate: &Certificate) -> Self {
        Self { inner: core::SensitiveEncryptor::from_certificate(&certificate.inner) }
    }

    /// With a WeChat Pay public key and its id (`PUB_KEY_ID_…`).
    #[napi(factory, catch_unwind)]
    pub fn from_public_key(key_id: String, key: &PublicKey) -> Result<Self> {
        Ok(Self { inner: core::SensitiveEncryptor::from_public_key(key_id, key.inner.clone()).map_err(error::core)? })
    }

    /// With the certificate of the store to encrypt for at `now` (default: the clock),
    /// or its public key when it holds only that.
    #[napi(factory, catch_unwind)]
    pub fn from_trust_store(store: &TrustStore, now: Option<i64>) -> Result<Self> {
        let now = now.unwrap_or_else(wechatpay_core::clock::now);
        Ok(Self { inner: core::SensitiveEncryptor::from_trust_store_at(&store.inner, now).map_err(error::core)? })
    }

    /// The serial or key id to send as `Wechatpay-Serial`.
    #[napi(getter, catch_unwind)]
    pub fn serial(&self) -> String {
        self.inner.serial().to_owned()
    }

    /// Longest plaintext in bytes.
    #[napi(getter, catch_unwind)]
    pub fn max_plaintext_len(&self) -> u32 {
        u32::try_from(self.inner.max_plaintext_len()).unwrap_or(u32::MAX)
    }

    /// Base64 RSA-OAEP ciphertext of `plaintext`.
    #[napi(catch_unwind)]
    pub fn encrypt(&self, plaintext: String) -> Result<String> {
        self.inner.encrypt(&plaintext).map_err(error::core)
    }

    /// Like `encrypt`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn encrypt_async(&self, plaintext: String) -> Async<String, String> {
        let inner = self.inner.clone();
        task::spawn(move || Ok(inner.encrypt(&plaintext)?), |s| s)
    }
}

/// Decrypts sensitive response fields with the merchant key.
#[napi]
pub struct SensitiveDecryptor {
    inner: core::SensitiveDecryptor,
}

#[napi]
impl SensitiveDecryptor {
    /// `new SensitiveDecryptor(privateKey)`.
    #[napi(constructor, catch_unwind)]
    pub fn new(key: &PrivateKey) -> Self {
        Self { inner: core::SensitiveDecryptor::new(key.inner.clone()) }
    }

    /// Plaintext of a base64 RSA-OAEP ciphertext.
    #[napi(catch_unwind)]
    pub fn decrypt(&self, ciphertext: String) -> Result<String> {
        self.inner.decrypt(&ciphertext).map_err(error::core)
    }

    /// Like `decrypt`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn decrypt_async(&self, ciphertext: String) -> Async<String, String> {
        let inner = self.inner.clone();
        task::spawn(move || Ok(inner.decrypt(&ciphertext)?), |s| s)
    }
}
