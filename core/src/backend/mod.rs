//! The seam between the protocol code and the crypto library.
//!
//! The rest of the crate calls only `Active` (through the functions of
//! `Backend`) and never names `aws-lc-rs` or RustCrypto. Keys are parsed once
//! into the backend's own key objects, which the public key types keep.
//!
//! With both features enabled, `aws-lc` is active and `rustcrypto` is compiled
//! as well, so that the differential tests can compare the two.

use crate::error::Result;

#[cfg(feature = "aws-lc")]
pub(crate) mod aws_lc;
#[cfg(feature = "rustcrypto")]
// With `aws-lc` also enabled, this backend serves the differential tests only.
#[cfg_attr(feature = "aws-lc", allow(dead_code))]
pub(crate) mod rust_crypto;

#[cfg(not(any(feature = "aws-lc", feature = "rustcrypto")))]
compile_error!("enable one crypto backend: feature `aws-lc` (default) or `rustcrypto`");

/// The backend the public API uses.
#[cfg(feature = "aws-lc")]
pub(crate) type Active = aws_lc::AwsLc;
/// The backend the public API uses.
#[cfg(all(not(feature = "aws-lc"), feature = "rustcrypto"))]
pub(crate) type Active = rust_crypto::RustCrypto;

/// Name of the active backend, for diagnostics and benchmarks.
pub fn active_backend_name() -> &'static str {
    <Active as Backend>::NAME
}

/// What the protocol needs from a crypto library: RSA-2048 PKCS#1 v1.5 SHA-256,
/// RSA-OAEP (SHA-1, MGF1-SHA-1, empty label), AES-256-GCM, AES-256-ECB blocks,
/// AES-128-CBC blocks (mini-program data), SHA-1, SHA-256, HMAC-SHA256 and an
/// OS random source.
///
/// Inputs are already validated by the caller where the protocol defines a
/// rule (key and nonce lengths, signature length); the backend still returns an
/// error rather than panicking on anything else.
pub(crate) trait Backend {
    const NAME: &'static str;
    type PrivateKey: Send + Sync + 'static;
    type PublicKey: Send + Sync + 'static;

    /// Parses an unencrypted PKCS#8 `PrivateKeyInfo` holding an RSA key.
    fn private_key_from_pkcs8(der: &[u8]) -> Result<Self::PrivateKey>;
    /// Parses a `SubjectPublicKeyInfo` holding an RSA key.
    fn public_key_from_spki(der: &[u8]) -> Result<Self::PublicKey>;
    /// Modulus length in bytes (256 for RSA-2048).
    fn private_modulus_len(key: &Self::PrivateKey) -> usize;
    /// Modulus length in bytes (256 for RSA-2048).
    fn public_modulus_len(key: &Self::PublicKey) -> usize;

    /// RSASSA-PKCS1-v1_5 with SHA-256.
    fn sign_sha256(key: &Self::PrivateKey, message: &[u8]) -> Result<Vec<u8>>;
    /// RSASSA-PKCS1-v1_5 with SHA-256; `true` only for a valid signature.
    fn verify_sha256(key: &Self::PublicKey, message: &[u8], signature: &[u8]) -> bool;
    /// RSAES-OAEP, SHA-1 and MGF1-SHA-1, empty label.
    fn oaep_sha1_encrypt(key: &Self::PublicKey, plaintext: &[u8]) -> Result<Vec<u8>>;
    /// RSAES-OAEP, SHA-1 and MGF1-SHA-1, empty label.
    fn oaep_sha1_decrypt(key: &Self::PrivateKey, ciphertext: &[u8]) -> Result<Vec<u8>>;

    /// AES-256-GCM; returns ciphertext ‖ 16-byte tag.
    fn aes256_gcm_encrypt(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>>;
    /// AES-256-GCM; `ciphertext_and_tag` ends with the 16-byte tag.
    fn aes256_gcm_decrypt(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], ciphertext_and_tag: &[u8]) -> Result<Vec<u8>>;
    /// AES-256-ECB over whole blocks, no padding (`data.len() % 16 == 0`).
    fn aes256_ecb_encrypt_blocks(key: &[u8; 32], data: &[u8]) -> Result<Vec<u8>>;
    /// AES-256-ECB over whole blocks, no padding (`data.len() % 16 == 0`).
    fn aes256_ecb_decrypt_blocks(key: &[u8; 32], data: &[u8]) -> Result<Vec<u8>>;
    /// AES-128-CBC over whole blocks, no padding (`data.len() % 16 == 0`).
    fn aes128_cbc_encrypt_blocks(key: &[u8; 16], iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>>;
    /// AES-128-CBC over whole blocks, no padding (`data.len() % 16 == 0`).
    fn aes128_cbc_decrypt_blocks(key: &[u8; 16], iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>>;

    /// Fills `out` from the operating system's CSPRNG.
    fn fill_random(out: &mut [u8]) -> Result<()>;
}

/// SHA-1, SHA-256, MD5 and HMAC-SHA256 are the same bits everywhere; the
/// RustCrypto implementations are used with both backends so that the seam
/// stays small (MD5 is not offered by aws-lc-rs at all).
pub(crate) mod digest {
    use hmac::{KeyInit, Mac};
    use sha1::Digest;

    #[cfg(test)]
    pub(crate) fn sha1(data: &[u8]) -> [u8; 20] {
        sha1::Sha1::digest(data).into()
    }

    pub(crate) fn md5(data: &[u8]) -> [u8; 16] {
        md5::Md5::digest(data).into()
    }

    pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
        sha256_hasher().chain_update(data).finalize().into()
    }

    pub(crate) fn sha256_hasher() -> Sha256 {
        Sha256::new()
    }

    pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
        // HMAC accepts keys of any length; new_from_slice cannot fail for HMAC.
        match hmac::Hmac::<Sha256>::new_from_slice(key) {
            Ok(mut mac) => {
                mac.update(data);
                mac.finalize().into_bytes().into()
            }
            Err(_) => [0; 32],
        }
    }

    pub(crate) use md5::Md5;
    pub(crate) use sha1::Sha1;
    pub(crate) use sha2::{Sha256, Sha384, Sha512};
}

#[cfg(any(feature = "fuzzing", all(test, feature = "aws-lc", feature = "rustcrypto")))]
#[doc(hidden)]
pub mod differential;
#[cfg(all(test, feature = "aws-lc", feature = "rustcrypto"))]
mod differential_tests;
#[cfg(test)]
mod wycheproof_tests;
