//! `v3::resource`: AEAD_AES_256_GCM encryption of callback and download resources.

use std::ffi::c_char;

use wechatpay_core::v3::resource as core_resource;

use crate::boundary::ffi_boundary;
use crate::io::{self, BytesOut, Out};
use crate::keys::wechatpay_apiv3_key;
use crate::result::wechatpay_result;

/// Decrypts a resource: `nonce` (12 bytes), `associated_data` (may be empty),
/// `ciphertext` base64 of ciphertext ‖ tag. The plaintext bytes (NUL-terminated
/// too; not checked for UTF-8) are freed with `wechatpay_bytes_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_resource_decrypt(
    key: *const wechatpay_apiv3_key,
    nonce: *const c_char,
    nonce_len: usize,
    associated_data: *const c_char,
    associated_data_len: usize,
    ciphertext: *const c_char,
    ciphertext_len: usize,
    plaintext_out: *mut *mut u8,
    plaintext_len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let nonce = unsafe { io::text(nonce, nonce_len, "nonce") }?;
        let ad = unsafe { io::text(associated_data, associated_data_len, "associated_data") }?;
        let ciphertext = unsafe { io::text(ciphertext, ciphertext_len, "ciphertext") }?;
        let out = unsafe { BytesOut::new(plaintext_out, plaintext_len_out, "plaintext_out") }?;
        out.set(core_resource::decrypt_bytes(&key.inner, nonce, ad, ciphertext)?);
        Ok(())
    })
}

/// Encrypts a resource; `ciphertext_out` is base64 (free with `wechatpay_string_free`).
/// The nonce must never repeat under one key.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_resource_encrypt(
    key: *const wechatpay_apiv3_key,
    nonce: *const c_char,
    nonce_len: usize,
    associated_data: *const c_char,
    associated_data_len: usize,
    plaintext: *const c_char,
    plaintext_len: usize,
    ciphertext_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let nonce = unsafe { io::text(nonce, nonce_len, "nonce") }?;
        let ad = unsafe { io::text(associated_data, associated_data_len, "associated_data") }?;
        let plaintext = unsafe { io::bytes(plaintext, plaintext_len, "plaintext") }?;
        let out = unsafe { Out::new(ciphertext_out, "ciphertext_out") }?;
        out.set(io::c_string(core_resource::encrypt_bytes(&key.inner, nonce, ad, plaintext)?)?);
        Ok(())
    })
}
