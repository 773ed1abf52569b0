//! `crypto`: the core's primitives with raw keys and bytes (`wechatpay_core::crypto`),
//! plus the raw-bytes RSA-OAEP of `keys`, under the `crypto` namespace:
//! `require('wechatpay-core').crypto.digest('sha256', data)`. For
//! compatibility layers (`wechatpay-core/compat`) and the mini-program's
//! `encryptedData`; protocol steps have their own classes.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::crypto as core;

use crate::error::{self, Result};
use crate::input;
use crate::keys::{PrivateKey, PublicKey};

fn parse_algorithm(name: &str) -> Result<core::HashAlgorithm> {
    name.parse().map_err(error::core)
}

/// The digest of `data` (a string's UTF-8 bytes or the bytes given):
/// `algorithm` is `md5`, `sha1`, `sha256`, `sha384` or `sha512` (any case, dash allowed).
#[napi(namespace = "crypto", catch_unwind)]
pub fn digest(algorithm: String, data: Either<String, Uint8Array>) -> Result<Buffer> {
    let algorithm = parse_algorithm(&algorithm)?;
    Ok(match data {
        Either::A(text) => core::digest(algorithm, text.as_bytes()),
        Either::B(bytes) => core::digest(algorithm, &bytes),
    }
    .into())
}

/// The HMAC of `data` under `key` with `algorithm` (names as for `digest`).
#[napi(namespace = "crypto", catch_unwind)]
pub fn hmac(algorithm: String, key: Either<String, Uint8Array>, data: Either<String, Uint8Array>) -> Result<Buffer> {
    let algorithm = parse_algorithm(&algorithm)?;
    let key = input::body_bytes(key);
    Ok(match data {
        Either::A(text) => core::hmac(algorithm, &key, text.as_bytes()),
        Either::B(bytes) => core::hmac(algorithm, &key, &bytes),
    }
    .into())
}

/// Whether two byte strings are equal, in time independent of their contents.
#[napi(namespace = "crypto", catch_unwind)]
pub fn constant_time_equal(a: Uint8Array, b: Uint8Array) -> bool {
    core::constant_time_eq(&a, &b)
}

/// AES-256-GCM: `key` 32 bytes, `iv` 12 bytes; returns ciphertext ‖ 16-byte tag.
#[napi(namespace = "crypto", catch_unwind)]
pub fn aes256_gcm_encrypt(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) -> Result<Buffer> {
    Ok(core::aes_256_gcm_encrypt(&key, &iv, &aad, &plaintext).map_err(error::core)?.into())
}

/// AES-256-GCM decryption of ciphertext ‖ 16-byte tag; `DECRYPT_FAILED` when the tag does not match.
#[napi(namespace = "crypto", catch_unwind)]
pub fn aes256_gcm_decrypt(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array) -> Result<Buffer> {
    Ok(core::aes_256_gcm_decrypt(&key, &iv, &aad, &ciphertext).map_err(error::core)?.into())
}

/// AES-256-ECB with PKCS#7 (always padded: a full block on aligned input).
#[napi(namespace = "crypto", catch_unwind)]
pub fn aes256_ecb_encrypt(key: Uint8Array, plaintext: Uint8Array) -> Result<Buffer> {
    Ok(core::aes_256_ecb_encrypt(&key, &plaintext).map_err(error::core)?.into())
}

/// AES-256-ECB decryption; the PKCS#7 padding is checked in full.
#[napi(namespace = "crypto", catch_unwind)]
pub fn aes256_ecb_decrypt(key: Uint8Array, ciphertext: Uint8Array) -> Result<Buffer> {
    Ok(core::aes_256_ecb_decrypt(&key, &ciphertext).map_err(error::core)?.into())
}

/// AES-128-CBC with PKCS#7: `key` and `iv` 16 bytes.
#[napi(namespace = "crypto", catch_unwind)]
pub fn aes128_cbc_encrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array) -> Result<Buffer> {
    Ok(core::aes_128_cbc_encrypt(&key, &iv, &plaintext).map_err(error::core)?.into())
}

/// AES-128-CBC decryption; the PKCS#7 padding is checked in full.
#[napi(namespace = "crypto", catch_unwind)]
pub fn aes128_cbc_decrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array) -> Result<Buffer> {
    Ok(core::aes_128_cbc_decrypt(&key, &iv, &ciphertext).map_err(error::core)?.into())
}

/// RSAES-OAEP (SHA-1, MGF1-SHA-1) encryption of raw bytes (`keys::PublicKey::encrypt_oaep_sha1`).
#[napi(namespace = "crypto", catch_unwind)]
pub fn rsa_oaep_sha1_encrypt(key: &PublicKey, plaintext: Uint8Array) -> Result<Buffer> {
    Ok(key.inner.encrypt_oaep_sha1(&plaintext).map_err(error::core)?.into())
}

/// RSAES-OAEP (SHA-1) decryption of a raw ciphertext to raw bytes (`keys::PrivateKey::decrypt_oaep_sha1`).
#[napi(namespace = "crypto", catch_unwind)]
pub fn rsa_oaep_sha1_decrypt(key: &PrivateKey, ciphertext: Uint8Array) -> Result<Buffer> {
    Ok(key.inner.decrypt_oaep_sha1(&ciphertext).map_err(error::core)?.into())
}
