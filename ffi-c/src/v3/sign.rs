//! `v3::sign`: the merchant request signer and the `Authorization` header.

use std::ffi::c_char;

use wechatpay_core::v3::sign::{SignedRequest, Signer};

use crate::boundary::ffi_boundary;
use crate::io::{self, Out};
use crate::keys::wechatpay_private_key;
use crate::result::wechatpay_result;

/// Signs merchant requests (one per merchant). Thread-safe, immutable: share it.
pub struct wechatpay_signer {
    pub(crate) inner: Signer,
}

/// One signed request: message, signature, `Authorization` header, timestamp, nonce.
/// Immutable, thread-safe.
pub struct wechatpay_signed_request {
    pub(crate) inner: SignedRequest,
}

/// Which text `wechatpay_signed_request_text` returns.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_signed_field {
    /// The complete `Authorization` header value.
    Authorization = 0,
    /// The signed message `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
    Message = 1,
    /// Base64 signature of the message.
    Signature = 2,
    /// The nonce that was signed.
    Nonce = 3,
}

/// A signer for merchant `mchid` whose certificate has serial `serial_no`. The
/// key is shared, not copied: `key` may be freed afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_signer_new(
    mchid: *const c_char,
    mchid_len: usize,
    serial_no: *const c_char,
    serial_no_len: usize,
    key: *const wechatpay_private_key,
    signer_out: *mut *mut wechatpay_signer,
) -> wechatpay_result {
    ffi_boundary!({
        let mchid = unsafe { io::text(mchid, mchid_len, "mchid") }?;
        let serial_no = unsafe { io::text(serial_no, serial_no_len, "serial_no") }?;
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { Out::new(signer_out, "signer_out") }?;
        out.set(io::into_handle(wechatpay_signer { inner: Signer::new(mchid, serial_no, key.inner.clone())? }));
        Ok(())
    })
}

/// Signs a request with the current time and a fresh random nonce. `url` is the
/// path and query exactly as sent; `body` the exact body (`""` for GET).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_signer_sign(
    signer: *const wechatpay_signer,
    method: *const c_char,
    method_len: usize,
    url: *const c_char,
    url_len: usize,
    body: *const c_char,
    body_len: usize,
    request_out: *mut *mut wechatpay_signed_request,
) -> wechatpay_result {
    ffi_boundary!({
        let signer = unsafe { io::handle(signer, "signer") }?;
        let method = unsafe { io::text(method, method_len, "method") }?;
        let url = unsafe { io::text(url, url_len, "url") }?;
        let body = unsafe { io::text(body, body_len, "body") }?;
        let out = unsafe { Out::new(request_out, "request_out") }?;
        out.set(io::into_handle(wechatpay_signed_request { inner: signer.inner.sign(method, url, body)? }));
        Ok(())
    })
}

/// Like `wechatpay_signer_sign` with a given timestamp (Unix seconds) and nonce.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_signer_sign_with(
    signer: *const wechatpay_signer,
    method: *const c_char,
    method_len: usize,
    url: *const c_char,
    url_len: usize,
    body: *const c_char,
    body_len: usize,
    timestamp: i64,
    nonce: *const c_char,
    nonce_len: usize,
    request_out: *mut *mut wechatpay_signed_request,
) -> wechatpay_result {
    ffi_boundary!({
        let signer = unsafe { io::handle(signer, "signer") }?;
        let method = unsafe { io::text(method, method_len, "method") }?;
        let url = unsafe { io::text(url, url_len, "url") }?;
        let body = unsafe { io::text(body, body_len, "body") }?;
        let nonce = unsafe { io::text(nonce, nonce_len, "nonce") }?;
        let out = unsafe { Out::new(request_out, "request_out") }?;
        let signed = signer.inner.sign_with(method, url, body, timestamp, nonce)?;
        out.set(io::into_handle(wechatpay_signed_request { inner: signed }));
        Ok(())
    })
}

/// Frees a signer (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_signer_free(signer: *mut wechatpay_signer) {
    ffi_boundary!(value(), { unsafe { io::free_handle(signer) } })
}

/// A text of a signed request; `field` is a `wechatpay_signed_field` value
/// (free the text with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_signed_request_text(
    request: *const wechatpay_signed_request,
    field: u32,
    text_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let request = unsafe { io::handle(request, "request") }?;
        let out = unsafe { Out::new(text_out, "text_out") }?;
        let r = &request.inner;
        let text = match field {
            0 => &r.authorization,
            1 => &r.message,
            2 => &r.signature,
            3 => &r.nonce,
            _ => return Err(io::bad_field("field")),
        };
        out.set(io::c_string(text.as_str())?);
        Ok(())
    })
}

/// The timestamp that was signed (Unix seconds).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_signed_request_timestamp(
    request: *const wechatpay_signed_request,
    timestamp_out: *mut i64,
) -> wechatpay_result {
    ffi_boundary!({
        let request = unsafe { io::handle(request, "request") }?;
        unsafe { Out::new(timestamp_out, "timestamp_out") }?.set(request.inner.timestamp);
        Ok(())
    })
}

/// Frees a signed request (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_signed_request_free(request: *mut wechatpay_signed_request) {
    ffi_boundary!(value(), { unsafe { io::free_handle(request) } })
}
