//! `v3::certificates`: the `/v3/certificates` download (decrypt, then verify the
//! response with what it contains).

use std::ffi::c_char;

use wechatpay_core::keys::Certificate;
use wechatpay_core::v3::certificates;

use crate::boundary::ffi_boundary;
use crate::io::{self, Out};
use crate::keys::{wechatpay_apiv3_key, wechatpay_certificate};
use crate::result::wechatpay_result;
use crate::v3::verify::{wechatpay_headers, wechatpay_verifier};

/// A list of certificates. Immutable, thread-safe.
pub struct wechatpay_certificate_list {
    pub(crate) inner: Vec<Certificate>,
}

/// Decrypts every certificate of a `/v3/certificates` body. Does not verify the
/// response: use `wechatpay_certificates_download_response` for that.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificates_decrypt(
    body: *const c_char,
    body_len: usize,
    apiv3_key: *const wechatpay_apiv3_key,
    list_out: *mut *mut wechatpay_certificate_list,
) -> wechatpay_result {
    ffi_boundary!({
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        let key = unsafe { io::handle(apiv3_key, "apiv3_key") }?;
        let out = unsafe { Out::new(list_out, "list_out") }?;
        let list = certificates::decrypt_certificates(body, &key.inner)?;
        out.set(io::into_handle(wechatpay_certificate_list { inner: list }));
        Ok(())
    })
}

/// Handles a complete `/v3/certificates` response at `now` (Unix seconds):
/// decrypts the certificates, then verifies the response with them plus the
/// keys `verifier` already trusts (its store is not changed: add the returned
/// certificates to it yourself).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificates_download_response(
    headers: *const wechatpay_headers,
    body: *const c_char,
    body_len: usize,
    apiv3_key: *const wechatpay_apiv3_key,
    verifier: *const wechatpay_verifier,
    now: i64,
    list_out: *mut *mut wechatpay_certificate_list,
) -> wechatpay_result {
    ffi_boundary!({
        let headers = unsafe { io::handle(headers, "headers") }?;
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        let key = unsafe { io::handle(apiv3_key, "apiv3_key") }?;
        let verifier = unsafe { io::handle(verifier, "verifier") }?;
        let out = unsafe { Out::new(list_out, "list_out") }?;
        let list = certificates::download_response_at(&headers.inner, body, &key.inner, &verifier.inner, now)?;
        out.set(io::into_handle(wechatpay_certificate_list { inner: list }));
        Ok(())
    })
}

/// Number of certificates in the list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_list_len(
    list: *const wechatpay_certificate_list,
    len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let list = unsafe { io::handle(list, "list") }?;
        unsafe { Out::new(len_out, "len_out") }?.set(list.inner.len());
        Ok(())
    })
}

/// Certificate `index` as a new handle (`INVALID_ARGUMENT` when out of range).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_list_get(
    list: *const wechatpay_certificate_list,
    index: usize,
    cert_out: *mut *mut wechatpay_certificate,
) -> wechatpay_result {
    ffi_boundary!({
        let list = unsafe { io::handle(list, "list") }?;
        let out = unsafe { Out::new(cert_out, "cert_out") }?;
        let cert = list.inner.get(index).ok_or_else(|| io::bad_field("index"))?;
        out.set(io::into_handle(wechatpay_certificate { inner: cert.clone() }));
        Ok(())
    })
}

/// Frees a certificate list (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_list_free(list: *mut wechatpay_certificate_list) {
    ffi_boundary!(value(), { unsafe { io::free_handle(list) } })
}
