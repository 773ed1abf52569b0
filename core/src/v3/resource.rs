//! Encrypted resources: the `resource` of callbacks and the
//! `encrypt_certificate` of platform-certificate downloads, both
//! AEAD_AES_256_GCM with key = the 32 bytes of the APIv3 key, IV = the 12
//! bytes of `nonce`, AAD = `associated_data`, and base64 of ciphertext ‖
//! 16-byte tag.
//!
//! Strict where other SDKs are lenient: a 16-byte key is not silently taken as
//! AES-128, a 16-byte nonce is refused even though GCM could use it, base64
//! must be canonical, and the tag is always checked.
//!
//! ```
//! use wechatpay_core::keys::ApiV3Key;
//! use wechatpay_core::v3::resource;
//! let key = ApiV3Key::new("0123456789abcdefghijklmnopqrstuv")?;
//! let sealed = resource::encrypt(&key, "fdasflkja484", "transaction", "{\"a\":1}")?;
//! assert_eq!(resource::decrypt(&key, "fdasflkja484", "transaction", &sealed)?, "{\"a\":1}");
//! assert_eq!(resource::decrypt(&key, "fdasflkja484", "refund", &sealed).unwrap_err().kind().as_str(), "DECRYPT_FAILED");
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use crate::backend::{Active, Backend};
use crate::encoding;
use crate::error::{Error, Result};
use crate::keys::ApiV3Key;

/// The only algorithm name WeChat Pay uses for encrypted resources.
pub const ALGORITHM: &str = "AEAD_AES_256_GCM";
const TAG_LEN: usize = 16;

fn nonce_bytes(nonce: &str) -> Result<[u8; 12]> {
    nonce.as_bytes().try_into().map_err(|_| Error::NonceLength { what: "nonce", expected: 12, actual: nonce.len() })
}

/// Decrypts to raw bytes (see the module docs for the rules).
pub fn decrypt_bytes(key: &ApiV3Key, nonce: &str, associated_data: &str, ciphertext: &str) -> Result<Vec<u8>> {
    let nonce = nonce_bytes(nonce)?;
    let sealed = encoding::base64_decode(ciphertext, "ciphertext")?;
    if sealed.len() < TAG_LEN {
        return Err(Error::CiphertextLength { what: "ciphertext", reason: "shorter than the 16-byte GCM tag" });
    }
    <Active as Backend>::aes256_gcm_decrypt(key.expose(), &nonce, associated_data.as_bytes(), sealed)
}

/// Decrypts to UTF-8 text (WeChat Pay resources are JSON or PEM).
pub fn decrypt(key: &ApiV3Key, nonce: &str, associated_data: &str, ciphertext: &str) -> Result<String> {
    let bytes = decrypt_bytes(key, nonce, associated_data, ciphertext)?;
    String::from_utf8(bytes).map_err(|_| Error::NotUtf8 { what: "decrypted resource" })
}

/// Encrypts raw bytes (base64 of ciphertext ‖ tag).
pub fn encrypt_bytes(key: &ApiV3Key, nonce: &str, associated_data: &str, plaintext: &[u8]) -> Result<String> {
    let nonce = nonce_bytes(nonce)?;
    let sealed = <Active as Backend>::aes256_gcm_encrypt(key.expose(), &nonce, associated_data.as_bytes(), plaintext)?;
    Ok(encoding::base64_encode(&sealed))
}

/// Encrypts text (base64 of ciphertext ‖ tag), as WeChat Pay's side does. The
/// nonce must never repeat under one key: use
/// `nonce::generate_len(nonce::GCM_NONCE_LEN)`, or your own counter.
pub fn encrypt(key: &ApiV3Key, nonce: &str, associated_data: &str, plaintext: &str) -> Result<String> {
    encrypt_bytes(key, nonce, associated_data, plaintext.as_bytes())
}
