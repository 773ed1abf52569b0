//! `v3::sensitive`: RSA-OAEP (SHA-1) encryption of sensitive request fields and
//! decryption of sensitive response fields.

use std::ffi::c_char;

use wechatpay_core::v3::sensitive::{SensitiveDecryptor, SensitiveEncryptor};

use crate::boundary::ffi_boundary;
use crate::io::{self, BytesOut, Out};
use crate::keys::{wechatpay_certificate, wechatpay_private_key, wechatpay_public_key};
use crate::result::wechatpay_result;
use crate::v3::verify::wechatpay_trust_store;

/// Encrypts sensitive fields for one platform certificate or WeChat Pay public
/// key; knows the `Wechatpay-Serial` value to send. Thread-safe, immutable.
pub struct wechatpay_sensitive_encryptor {
    pub(crate) inner: SensitiveEncryptor,
}

/// Decrypts sensitive response fields with the merchant key. Thread-safe, immutable.
pub struct wechatpay_sensitive_decryptor {
    pub(crate) inner: SensitiveDecryptor,
}

/// An encryptor for a platform certificate (its serial is the `Wechatpay-Serial`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_encryptor_from_certificate(
    cert: *const wechatpay_certificate,
    encryptor_out: *mut *mut wechatpay_sensitive_encryptor,
) -> wechatpay_result {
    ffi_boundary!({
        let cert = unsafe { io::handle(cert, "cert") }?;
        let out = unsafe { Out::new(encryptor_out, "encryptor_out") }?;
        out.set(io::into_handle(wechatpay_sensitive_encryptor {
            inner: SensitiveEncryptor::from_certificate(&cert.inner),
        }));
        Ok(())
    })
}

/// An encryptor for a WeChat Pay public key with id `key_id` (`PUB_KEY_ID_…`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_encryptor_from_public_key(
    key_id: *const c_char,
    key_id_len: usize,
    key: *const wechatpay_public_key,
    encryptor_out: *mut *mut wechatpay_sensitive_encryptor,
) -> wechatpay_result {
    ffi_boundary!({
        let key_id = unsafe { io::text(key_id, key_id_len, "key_id") }?;
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { Out::new(encryptor_out, "encryptor_out") }?;
        let encryptor = SensitiveEncryptor::from_public_key(key_id, key.inner.clone())?;
        out.set(io::into_handle(wechatpay_sensitive_encryptor { inner: encryptor }));
        Ok(())
    })
}

/// An encryptor for the certificate of `store` that WeChat Pay wants at `now`
/// (Unix seconds): among those valid then, the one valid longest; else the
/// store's only WeChat Pay public key (`INVALID_ARGUMENT` when it has neither).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_encryptor_from_trust_store_at(
    store: *const wechatpay_trust_store,
    now: i64,
    encryptor_out: *mut *mut wechatpay_sensitive_encryptor,
) -> wechatpay_result {
    ffi_boundary!({
        let store = unsafe { io::handle(store, "store") }?;
        let out = unsafe { Out::new(encryptor_out, "encryptor_out") }?;
        let encryptor = SensitiveEncryptor::from_trust_store_at(&store.inner, now)?;
        out.set(io::into_handle(wechatpay_sensitive_encryptor { inner: encryptor }));
        Ok(())
    })
}

/// The `Wechatpay-Serial` header value to send with the encrypted fields.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_encryptor_serial(
    encryptor: *const wechatpay_sensitive_encryptor,
    serial_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let encryptor = unsafe { io::handle(encryptor, "encryptor") }?;
        let out = unsafe { Out::new(serial_out, "serial_out") }?;
        out.set(io::c_string(encryptor.inner.serial())?);
        Ok(())
    })
}

/// Encrypts one field (at most 214 bytes for RSA-2048); base64 out (free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_encryptor_encrypt(
    encryptor: *const wechatpay_sensitive_encryptor,
    plaintext: *const c_char,
    plaintext_len: usize,
    ciphertext_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let encryptor = unsafe { io::handle(encryptor, "encryptor") }?;
        let plaintext = unsafe { io::text(plaintext, plaintext_len, "plaintext") }?;
        let out = unsafe { Out::new(ciphertext_out, "ciphertext_out") }?;
        out.set(io::c_string(encryptor.inner.encrypt(plaintext)?)?);
        Ok(())
    })
}

/// Frees an encryptor (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_encryptor_free(encryptor: *mut wechatpay_sensitive_encryptor) {
    ffi_boundary!(value(), { unsafe { io::free_handle(encryptor) } })
}

/// A decryptor with the merchant private key (shared, not copied).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_decryptor_new(
    key: *const wechatpay_private_key,
    decryptor_out: *mut *mut wechatpay_sensitive_decryptor,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { Out::new(decryptor_out, "decryptor_out") }?;
        out.set(io::into_handle(wechatpay_sensitive_decryptor { inner: SensitiveDecryptor::new(key.inner.clone()) }));
        Ok(())
    })
}

/// Decrypts one base64 field; the plaintext bytes (NUL-terminated too) are
/// freed with `wechatpay_bytes_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_decryptor_decrypt(
    decryptor: *const wechatpay_sensitive_decryptor,
    ciphertext: *const c_char,
    ciphertext_len: usize,
    plaintext_out: *mut *mut u8,
    plaintext_len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let decryptor = unsafe { io::handle(decryptor, "decryptor") }?;
        let ciphertext = unsafe { io::text(ciphertext, ciphertext_len, "ciphertext") }?;
        let out = unsafe { BytesOut::new(plaintext_out, plaintext_len_out, "plaintext_out") }?;
        out.set(decryptor.inner.decrypt(ciphertext)?.into_bytes());
        Ok(())
    })
}

/// Frees a decryptor (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_sensitive_decryptor_free(decryptor: *mut wechatpay_sensitive_decryptor) {
    ffi_boundary!(value(), { unsafe { io::free_handle(decryptor) } })
}
