//! `keys`: PrivateKey, PublicKey, Certificate, ApiV3Key. Parse once, share.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::keys as core;

use crate::error::{self, Result};
use crate::input;
use crate::task::{self, Async};

/// A merchant RSA private key (`apiclient_key.pem`). Never printed.
#[napi]
pub struct PrivateKey {
    pub(crate) inner: core::PrivateKey,
}

/// What a PKCS#12 (`apiclient_cert.p12`) file holds.
#[napi]
pub struct Pkcs12 {
    pub(crate) key: core::PrivateKey,
    pub(crate) cert: core::Certificate,
}

#[napi]
impl Pkcs12 {
    /// The private key.
    #[napi(getter, catch_unwind)]
    pub fn private_key(&self) -> PrivateKey {
        PrivateKey { inner: self.key.clone() }
    }

    /// The merchant certificate.
    #[napi(getter, catch_unwind)]
    pub fn certificate(&self) -> Certificate {
        Certificate { inner: self.cert.clone() }
    }
}

#[napi]
impl PrivateKey {
    /// PEM text or bytes: `BEGIN PRIVATE KEY` (PKCS#8) or `BEGIN RSA PRIVATE KEY` (PKCS#1).
    #[napi(factory, catch_unwind)]
    pub fn from_pem(pem: Either<String, Uint8Array>) -> Result<Self> {
        let bytes = input::body_bytes(pem);
        Ok(Self { inner: core::PrivateKey::from_pem(&bytes).map_err(error::core)? })
    }

    /// DER bytes, PKCS#8 or PKCS#1.
    #[napi(factory, catch_unwind)]
    pub fn from_der(der: Uint8Array) -> Result<Self> {
        Ok(Self { inner: core::PrivateKey::from_der(&der).map_err(error::core)? })
    }

    /// Reads a PEM file.
    #[napi(factory, catch_unwind)]
    pub fn from_pem_file(path: String) -> Result<Self> {
        Ok(Self { inner: core::PrivateKey::from_pem_file(path).map_err(error::core)? })
    }

    /// Opens a PKCS#12 file (the password of `apiclient_cert.p12` is the merchant id).
    #[napi(catch_unwind)]
    pub fn from_pkcs12(p12: Uint8Array, password: String) -> Result<Pkcs12> {
        let (key, cert) = core::PrivateKey::from_pkcs12(&p12, &password).map_err(error::core)?;
        Ok(Pkcs12 { key, cert })
    }

    /// Modulus length in bytes (256 for RSA-2048).
    #[napi(getter, catch_unwind)]
    pub fn modulus_len(&self) -> u32 {
        u32::try_from(self.inner.modulus_len()).unwrap_or(u32::MAX)
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `message`, base64.
    #[napi(catch_unwind)]
    pub fn sign_sha256(&self, message: Either<String, Uint8Array>) -> Result<String> {
        self.inner.sign_sha256_base64(&input::body_bytes(message)).map_err(error::core)
    }

    /// Like `signSha256`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn sign_sha256_async(&self, message: Either<String, Uint8Array>) -> Async<String, String> {
        let key = self.inner.clone();
        let message = input::body_bytes(message);
        task::spawn(move || Ok(key.sign_sha256_base64(&message)?), |s| s)
    }

    /// The public half.
    #[napi(getter, catch_unwind)]
    pub fn public_key(&self) -> Result<PublicKey> {
        Ok(PublicKey { inner: self.inner.public_key().map_err(error::core)? })
    }

    /// PKCS#8 PEM of the key: secret material, for moving it into a vault only.
    #[napi(catch_unwind)]
    pub fn to_pkcs8_pem(&self) -> String {
        self.inner.to_pkcs8_pem().to_string()
    }

    /// Whether this private key is the other half of `public`.
    #[napi(catch_unwind)]
    pub fn matches(&self, public: &PublicKey) -> bool {
        self.inner.matches(&public.inner)
    }

    /// Never the key material.
    #[napi(js_name = "toString", catch_unwind)]
    pub fn to_js_string(&self) -> String {
        "PrivateKey([redacted])".to_owned()
    }
}

/// An RSA public key (a WeChat Pay public key, or a certificate's key).
#[napi]
pub struct PublicKey {
    pub(crate) inner: core::PublicKey,
}

#[napi]
impl PublicKey {
    /// `BEGIN PUBLIC KEY` (SPKI) or `BEGIN RSA PUBLIC KEY` (PKCS#1) PEM.
    #[napi(factory, catch_unwind)]
    pub fn from_pem(pem: Either<String, Uint8Array>) -> Result<Self> {
        Ok(Self { inner: core::PublicKey::from_pem(input::body_bytes(pem)).map_err(error::core)? })
    }

    /// SubjectPublicKeyInfo DER.
    #[napi(factory, catch_unwind)]
    pub fn from_spki_der(der: Uint8Array) -> Result<Self> {
        Ok(Self { inner: core::PublicKey::from_spki_der(&der).map_err(error::core)? })
    }

    /// Reads a PEM file.
    #[napi(factory, catch_unwind)]
    pub fn from_pem_file(path: String) -> Result<Self> {
        Ok(Self { inner: core::PublicKey::from_pem_file(path).map_err(error::core)? })
    }

    /// Modulus length in bytes.
    #[napi(getter, catch_unwind)]
    pub fn modulus_len(&self) -> u32 {
        u32::try_from(self.inner.modulus_len()).unwrap_or(u32::MAX)
    }

    /// The SubjectPublicKeyInfo DER.
    #[napi(getter, catch_unwind)]
    pub fn spki_der(&self) -> Buffer {
        self.inner.spki_der().to_vec().into()
    }

    /// Lowercase hex SHA-256 of the SPKI DER.
    #[napi(getter, catch_unwind)]
    pub fn spki_sha256(&self) -> String {
        self.inner.spki_sha256()
    }

    /// Checks an RSA-SHA256 (PKCS#1 v1.5) signature (raw bytes) of `message`;
    /// throws `SIGNATURE_INVALID` / `SIGNATURE_MALFORMED` when it does not verify.
    #[napi(catch_unwind)]
    pub fn verify_sha256(&self, message: Either<String, Uint8Array>, signature: Uint8Array) -> Result<()> {
        self.inner.verify_sha256(&input::body_bytes(message), &signature).map_err(error::core)
    }

    /// Like `verifySha256`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn verify_sha256_async(&self, message: Either<String, Uint8Array>, signature: Uint8Array) -> Async<(), ()> {
        let key = self.inner.clone();
        let (message, signature) = (input::body_bytes(message), signature.to_vec());
        task::spawn(move || Ok(key.verify_sha256(&message, &signature)?), |()| ())
    }

    /// Like `verifySha256` with the signature as base64 text (strictly decoded).
    #[napi(catch_unwind)]
    pub fn verify_sha256_base64(&self, message: Either<String, Uint8Array>, signature: String) -> Result<()> {
        self.inner.verify_sha256_base64(&input::body_bytes(message), &signature).map_err(error::core)
    }

    /// `BEGIN PUBLIC KEY` PEM.
    #[napi(catch_unwind)]
    pub fn to_pem(&self) -> String {
        self.inner.to_pem()
    }
}

/// An X.509 certificate (platform or merchant).
#[napi]
pub struct Certificate {
    pub(crate) inner: core::Certificate,
}

#[napi]
impl Certificate {
    /// PEM text or bytes.
    #[napi(factory, catch_unwind)]
    pub fn from_pem(pem: Either<String, Uint8Array>) -> Result<Self> {
        Ok(Self { inner: core::Certificate::from_pem(input::body_bytes(pem)).map_err(error::core)? })
    }

    /// DER bytes.
    #[napi(factory, catch_unwind)]
    pub fn from_der(der: Uint8Array) -> Result<Self> {
        Ok(Self { inner: core::Certificate::from_der(&der).map_err(error::core)? })
    }

    /// Reads a PEM file.
    #[napi(factory, catch_unwind)]
    pub fn from_pem_file(path: String) -> Result<Self> {
        Ok(Self { inner: core::Certificate::from_pem_file(path).map_err(error::core)? })
    }

    /// Serial as WeChat Pay prints it (uppercase hex, even length).
    #[napi(getter, catch_unwind)]
    pub fn serial_no(&self) -> String {
        self.inner.serial_no().to_owned()
    }

    /// Start of validity.
    #[napi(getter, catch_unwind, ts_return_type = "Date")]
    pub fn not_before<'e>(&self, env: &'e Env) -> Result<Unknown<'e>> {
        date(env, self.inner.not_before())
    }

    /// End of validity.
    #[napi(getter, catch_unwind, ts_return_type = "Date")]
    pub fn not_after<'e>(&self, env: &'e Env) -> Result<Unknown<'e>> {
        date(env, self.inner.not_after())
    }

    /// Whether `at` (a Date or Unix seconds) is within the validity period.
    #[napi(catch_unwind)]
    pub fn is_valid_at(&self, at: Either<f64, Date>) -> Result<bool> {
        Ok(self.inner.is_valid_at(input::unix_seconds("at", at)?))
    }

    /// Subject, RFC 4514.
    #[napi(getter, catch_unwind)]
    pub fn subject(&self) -> String {
        self.inner.subject().to_owned()
    }

    /// Issuer, RFC 4514.
    #[napi(getter, catch_unwind)]
    pub fn issuer(&self) -> String {
        self.inner.issuer().to_owned()
    }

    /// Uppercase hex SHA-256 of the DER certificate.
    #[napi(getter, catch_unwind)]
    pub fn sha256_fingerprint(&self) -> String {
        self.inner.sha256_fingerprint()
    }

    /// The DER bytes.
    #[napi(getter, catch_unwind)]
    pub fn der(&self) -> Buffer {
        self.inner.der().to_vec().into()
    }

    /// The certificate's public key.
    #[napi(getter, catch_unwind)]
    pub fn public_key(&self) -> PublicKey {
        PublicKey { inner: self.inner.public_key().clone() }
    }

    /// PEM text.
    #[napi(catch_unwind)]
    pub fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    /// Whether both are the same certificate.
    #[napi(catch_unwind)]
    pub fn equals(&self, other: &Certificate) -> bool {
        self.inner == other.inner
    }
}

fn date(env: &Env, unix: i64) -> Result<Unknown<'_>> {
    let date = env.create_date(unix as f64 * 1000.0).map_err(error::napi_argument("date"))?;
    Ok(date.to_unknown())
}

/// The APIv3 key (32 bytes). Never printed.
#[napi]
pub struct ApiV3Key {
    pub(crate) inner: core::ApiV3Key,
}

#[napi]
impl ApiV3Key {
    /// The 32-character key from the merchant platform, or its 32 bytes.
    #[napi(constructor, catch_unwind)]
    pub fn new(key: Either<String, Uint8Array>) -> Result<Self> {
        Ok(Self { inner: core::ApiV3Key::new(input::body_bytes(key)).map_err(error::core)? })
    }

    /// Never the key material.
    #[napi(js_name = "toString", catch_unwind)]
    pub fn to_js_string(&self) -> String {
        "ApiV3Key([redacted])".to_owned()
    }
}

/// The APIv2 key (32 characters). Never printed.
#[napi]
pub struct ApiV2Key {
    pub(crate) inner: core::ApiV2Key,
}

#[napi]
impl ApiV2Key {
    /// `new ApiV2Key(key)`.
    #[napi(constructor, catch_unwind)]
    pub fn new(key: Either<String, Uint8Array>) -> Result<Self> {
        Ok(Self { inner: core::ApiV2Key::new(input::body_bytes(key)).map_err(error::core)? })
    }

    /// Never the key material.
    #[napi(js_name = "toString", catch_unwind)]
    pub fn to_js_string(&self) -> String {
        "ApiV2Key([redacted])".to_owned()
    }
}
