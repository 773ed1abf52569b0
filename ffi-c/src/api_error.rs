//! `api_error`: APIv3 error bodies and the catalogue of WeChat Pay error codes.

use std::ffi::c_char;

use wechatpay_core::api_error::{self as core_api_error, ApiError};

use crate::boundary::ffi_boundary;
use crate::io::{self, Out};
use crate::result::wechatpay_result;

/// A parsed APIv3 error answer. Immutable, thread-safe.
pub struct wechatpay_api_error {
    pub(crate) inner: ApiError,
}

/// Which text `wechatpay_api_error_text` returns.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_api_error_field {
    /// The machine-readable code, e.g. `PARAM_ERROR`.
    Code = 0,
    /// The human-readable message.
    Message = 1,
    /// The `detail` object as compact JSON (`null` when absent).
    DetailJson = 2,
}

/// Parses an APIv3 error body. `status` is the HTTP status, or 0 when unknown.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_api_error_parse(
    status: u16,
    body: *const c_char,
    body_len: usize,
    error_out: *mut *mut wechatpay_api_error,
) -> wechatpay_result {
    ffi_boundary!({
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        let out = unsafe { Out::new(error_out, "error_out") }?;
        let status = if status == 0 { None } else { Some(status) };
        out.set(io::into_handle(wechatpay_api_error { inner: ApiError::parse(status, body)? }));
        Ok(())
    })
}

/// A text of the error; `field` is a `wechatpay_api_error_field` (free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_api_error_text(
    error: *const wechatpay_api_error,
    field: u32,
    text_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let error = unsafe { io::handle(error, "error") }?;
        let out = unsafe { Out::new(text_out, "text_out") }?;
        let e = &error.inner;
        let text = match field {
            0 => e.code.clone(),
            1 => e.message.clone(),
            2 => e.detail.as_ref().map_or_else(|| "null".to_owned(), |d| d.to_string()),
            _ => return Err(io::bad_field("field")),
        };
        out.set(io::c_string(text)?);
        Ok(())
    })
}

/// Whether sending the very same request again is safe and can succeed (from
/// the catalogue; `USER_PAYING` is not: query the order first).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_api_error_is_safe_to_resend(
    error: *const wechatpay_api_error,
    safe_out: *mut bool,
) -> wechatpay_result {
    ffi_boundary!({
        let error = unsafe { io::handle(error, "error") }?;
        unsafe { Out::new(safe_out, "safe_out") }?.set(error.inner.is_safe_to_resend());
        Ok(())
    })
}

/// Frees an API error (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_api_error_free(error: *mut wechatpay_api_error) {
    ffi_boundary!(value(), { unsafe { io::free_handle(error) } })
}

/// Looks up an APIv3 or APIv2 error code (underscores and case ignored).
/// `found_out` says whether the catalogue knows it; only then are the other
/// outputs written: the canonical code, its meaning, what to do, and whether
/// resending the same request is safe. The strings are static: never free them.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_api_error_lookup(
    code: *const c_char,
    code_len: usize,
    found_out: *mut bool,
    canonical_out: *mut *const c_char,
    meaning_out: *mut *const c_char,
    action_out: *mut *const c_char,
    safe_to_resend_out: *mut bool,
) -> wechatpay_result {
    ffi_boundary!({
        let code = unsafe { io::text(code, code_len, "code") }?;
        let found = unsafe { Out::new(found_out, "found_out") }?;
        let canonical = unsafe { Out::new(canonical_out, "canonical_out") }?;
        let meaning = unsafe { Out::new(meaning_out, "meaning_out") }?;
        let action = unsafe { Out::new(action_out, "action_out") }?;
        let safe = unsafe { Out::new(safe_to_resend_out, "safe_to_resend_out") }?;
        match core_api_error::lookup(code) {
            Some(info) => {
                found.set(true);
                canonical.set(io::static_c_str(info.code));
                meaning.set(io::static_c_str(info.meaning));
                action.set(io::static_c_str(info.action));
                safe.set(info.safe_to_resend);
            }
            None => found.set(false),
        }
        Ok(())
    })
}
