//! `v3::resource`: AEAD_AES_256_GCM resources (callback resources, certificate listings).

use napi_derive::napi;
use wechatpay_core::v3::resource as core;

use crate::error::{self, Result};
use crate::keys::ApiV3Key;
use crate::task::{self, Async};

/// Decrypts `ciphertext` (base64 of ciphertext ‖ tag) with the APIv3 key.
#[napi(catch_unwind)]
pub fn decrypt_resource(key: &ApiV3Key, nonce: String, associated_data: String, ciphertext: String) -> Result<String> {
    core::decrypt(&key.inner, &nonce, &associated_data, &ciphertext).map_err(error::core)
}

/// Like `decryptResource`, on the libuv thread pool.
#[napi(catch_unwind, ts_return_type = "Promise<string>")]
pub fn decrypt_resource_async(
    key: &ApiV3Key,
    nonce: String,
    associated_data: String,
    ciphertext: String,
) -> Async<String, String> {
    let key = key.inner.clone();
    task::spawn(move || Ok(core::decrypt(&key, &nonce, &associated_data, &ciphertext)?), |s| s)
}

/// Encrypts `plaintext`; returns base64 of ciphertext ‖ tag.
#[napi(catch_unwind)]
pub fn encrypt_resource(key: &ApiV3Key, nonce: String, associated_data: String, plaintext: String) -> Result<String> {
    core::encrypt(&key.inner, &nonce, &associated_data, &plaintext).map_err(error::core)
}
