//! Sensitive fields (names, ID numbers, phone numbers, bank cards): RSA-OAEP
//! with SHA-1 and MGF1-SHA-1, empty label, base64.
//!
//! Upstream fields are encrypted to the newest platform certificate or to the
//! WeChat Pay public key, and the request must then carry
//! `Wechatpay-Serial: <that serial or key id>`; [`SensitiveEncryptor::serial`]
//! gives it. Downstream fields are decrypted with the merchant private key.
//!
//! ```
//! # let dir = format!("{}/keys/", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()));
//! use wechatpay_core::keys::{Certificate, PrivateKey};
//! use wechatpay_core::v3::sensitive::{SensitiveDecryptor, SensitiveEncryptor};
//! let encryptor = SensitiveEncryptor::from_certificate(&Certificate::from_pem_file(format!("{dir}platform_cert.pem"))?);
//! let field = encryptor.encrypt("张三")?;
//! assert_eq!(encryptor.serial(), "1FFD9ECF271B7477C83ED82F1AF813A54B87007C"); // → Wechatpay-Serial
//! let decryptor = SensitiveDecryptor::new(PrivateKey::from_pem_file(format!("{dir}platform_key.pem"))?);
//! assert_eq!(decryptor.decrypt(&field)?, "张三");
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use crate::encoding;
use crate::error::{Error, Result};
use crate::keys::{Certificate, OAEP_SHA1_OVERHEAD, PrivateKey, PublicKey};
use crate::v3::verify::{TrustStore, check_public_key_id};

/// Encrypts sensitive fields to one platform certificate or public key.
#[derive(Debug, Clone)]
pub struct SensitiveEncryptor {
    key: PublicKey,
    serial: String,
}

impl SensitiveEncryptor {
    /// Encrypts to a platform certificate; `serial()` is its serial.
    pub fn from_certificate(certificate: &Certificate) -> Self {
        Self { key: certificate.public_key().clone(), serial: certificate.serial_no().to_owned() }
    }

    /// Encrypts to a WeChat Pay public key; `serial()` is its `PUB_KEY_ID_…`.
    ///
    /// Errors: [`Error::InvalidArgument`] unless `key_id` starts with
    /// `PUB_KEY_ID_`, as the trust store requires: WeChat Pay picks the
    /// decryption key by that header.
    pub fn from_public_key(key_id: impl Into<String>, key: PublicKey) -> Result<Self> {
        let serial = key_id.into();
        check_public_key_id(&serial)?;
        Ok(Self { key, serial })
    }

    /// Encrypts to the trust store's certificate for encryption at `now`
    /// ([`TrustStore::certificate_for_encryption_at`]), else to its only
    /// public key. [`Error::InvalidArgument`] if it holds neither.
    pub fn from_trust_store_at(store: &TrustStore, now: i64) -> Result<Self> {
        if let Some(certificate) = store.certificate_for_encryption_at(now) {
            return Ok(Self::from_certificate(&certificate));
        }
        match store.public_keys().as_slice() {
            [(id, key)] => Self::from_public_key(id.clone(), key.clone()),
            _ => Err(Error::InvalidArgument {
                name: "store",
                reason: "holds no platform certificate valid now and not exactly one public key",
            }),
        }
    }

    /// What the request's `Wechatpay-Serial` header must carry.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// Most plaintext bytes one field can hold (214 for RSA-2048).
    pub fn max_plaintext_len(&self) -> usize {
        self.key.modulus_len().saturating_sub(OAEP_SHA1_OVERHEAD)
    }

    /// Encrypts one field (its UTF-8 bytes) to base64.
    pub fn encrypt(&self, plaintext: &str) -> Result<String> {
        let max = self.max_plaintext_len();
        if plaintext.len() > max {
            return Err(Error::PlaintextTooLong { what: "sensitive field", max, actual: plaintext.len() });
        }
        Ok(encoding::base64_encode(&self.key.encrypt_oaep_sha1(plaintext.as_bytes())?))
    }
}

/// Decrypts sensitive fields sent to the merchant.
#[derive(Debug, Clone)]
pub struct SensitiveDecryptor {
    key: PrivateKey,
}

impl SensitiveDecryptor {
    /// Decrypts with the merchant private key.
    pub fn new(key: PrivateKey) -> Self {
        Self { key }
    }

    /// Decrypts one base64 field to UTF-8 text.
    pub fn decrypt(&self, ciphertext: &str) -> Result<String> {
        let raw = encoding::base64_decode(ciphertext, "ciphertext")?;
        let plaintext = self.key.decrypt_oaep_sha1(&raw)?;
        String::from_utf8(plaintext).map_err(|_| Error::NotUtf8 { what: "decrypted field" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    use crate::test_support::key_path as file;

    #[test]
    fn limits_are_214_bytes_and_the_modulus_length() {
        let encryptor =
            SensitiveEncryptor::from_certificate(&Certificate::from_pem_file(file("platform_cert.pem")).unwrap());
        let decryptor = SensitiveDecryptor::new(PrivateKey::from_pem_file(file("platform_key.pem")).unwrap());
        assert_eq!(encryptor.max_plaintext_len(), 214);
        let longest = "a".repeat(214);
        assert_eq!(decryptor.decrypt(&encryptor.encrypt(&longest).unwrap()).unwrap(), longest);
        let err = encryptor.encrypt(&"a".repeat(215)).unwrap_err();
        assert_eq!(err, Error::PlaintextTooLong { what: "sensitive field", max: 214, actual: 215 });
        // 72 three-byte characters are 216 bytes: the limit is bytes, not characters.
        assert_eq!(encryptor.encrypt(&"张".repeat(72)).unwrap_err().kind(), ErrorKind::PlaintextTooLong);
        assert_eq!(decryptor.decrypt("AAAA").unwrap_err().kind(), ErrorKind::CiphertextLength);
        assert_eq!(decryptor.decrypt("not base64!").unwrap_err().kind(), ErrorKind::Base64);
    }

    #[test]
    fn public_key_mode_reports_its_key_id() {
        let key = PublicKey::from_pem_file(file("wechatpay_pub_key.pem")).unwrap();
        assert_eq!(
            SensitiveEncryptor::from_public_key("1FFD9ECF271B7477C83ED82F1AF813A54B87007C", key.clone())
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidArgument
        );
        let store = TrustStore::new();
        assert_eq!(SensitiveEncryptor::from_trust_store_at(&store, 0).unwrap_err().kind(), ErrorKind::InvalidArgument);
        store.add_public_key("PUB_KEY_ID_0119000001092025111800000000000001", key.clone()).unwrap();
        assert_eq!(
            SensitiveEncryptor::from_trust_store_at(&store, 0).unwrap().serial(),
            "PUB_KEY_ID_0119000001092025111800000000000001"
        );
        store.add_certificate(Certificate::from_pem_file(file("platform_cert.pem")).unwrap());
        assert_eq!(
            SensitiveEncryptor::from_trust_store_at(&store, 1_795_392_000).unwrap().serial(),
            "1FFD9ECF271B7477C83ED82F1AF813A54B87007C"
        );
        let encryptor =
            SensitiveEncryptor::from_public_key("PUB_KEY_ID_0119000001092025111800000000000001", key).unwrap();
        assert_eq!(encryptor.serial(), "PUB_KEY_ID_0119000001092025111800000000000001");
        let decryptor =
            SensitiveDecryptor::new(PrivateKey::from_pem_file(file("wechatpay_pub_key_private.pem")).unwrap());
        assert_eq!(decryptor.decrypt(&encryptor.encrypt("13800138000").unwrap()).unwrap(), "13800138000");
    }
}
