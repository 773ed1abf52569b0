//! libwechatpay: the C ABI of [`wechatpay_core`].
//!
//! This crate is the only one of the project with `unsafe`, and it adds no
//! protocol logic: every export converts C arguments, calls the core, and
//! converts the result. The conventions (after rustls-ffi):
//!
//! - every fallible export returns [`wechatpay_result`]; the calling thread's
//!   [`wechatpay_last_error_message`] explains a failure;
//! - inputs are `(const char *ptr, size_t len)`; NULL is
//!   `WECHATPAY_RESULT_NULL_PARAMETER`; text must be UTF-8;
//! - out-pointers come last and are written only on success;
//! - handles are opaque, made by `_new`/`_from_*` and released by `_free` (NULL-safe);
//! - returned strings and buffers are freed only by [`wechatpay_string_free`] /
//!   [`wechatpay_bytes_free`];
//! - every body runs inside `ffi_boundary!`, which catches panics.
//!
//! # Safety
//! All exports are `unsafe extern "C"`: pointers must be NULL or valid for the
//! lengths given, handles must be live and of the right type, and a handle must
//! not be freed while another thread uses it.
#![allow(clippy::missing_safety_doc)]
#![allow(non_camel_case_types)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod boundary;
mod io;
mod result;

pub mod api_error;
pub mod keys;
pub mod pay_params;
pub mod v2;
pub mod v3;

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use boundary::ffi_boundary;
pub use result::wechatpay_result;

/// The library version, e.g. `"0.1.0"` (equals `WECHATPAY_VERSION` of the header it was built with).
#[unsafe(no_mangle)]
pub extern "C" fn wechatpay_version() -> *const c_char {
    ffi_boundary!(value std::ptr::null(), {
        static VERSION: OnceLock<CString> = OnceLock::new();
        VERSION.get_or_init(|| CString::new(env!("CARGO_PKG_VERSION")).unwrap_or_default()).as_ptr()
    })
}

/// The name of the active crypto backend, e.g. `"aws-lc-rs"`.
#[unsafe(no_mangle)]
pub extern "C" fn wechatpay_backend_name() -> *const c_char {
    ffi_boundary!(value std::ptr::null(), {
        static NAME: OnceLock<CString> = OnceLock::new();
        NAME.get_or_init(|| CString::new(wechatpay_core::backend::active_backend_name()).unwrap_or_default()).as_ptr()
    })
}

/// The stable name of a result code: `"OK"`, the core's kind (`"SIGNATURE_PROBE"`),
/// `"NULL_PARAMETER"`, `"INVALID_UTF8"`, `"BUFFER_TOO_SMALL"`, `"PANIC"`, or
/// `"UNKNOWN"` for a value this library does not define. Static storage: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn wechatpay_result_name(code: u32) -> *const c_char {
    ffi_boundary!(value c"UNKNOWN".as_ptr(), { result::name_of(code).unwrap_or(c"UNKNOWN").as_ptr() })
}

/// The category of a result code: the core's (`"VERIFICATION"`, `"DECRYPTION"`,
/// `"KEY_MATERIAL"`, `"INPUT"`, `"PROTOCOL_RESPONSE"`, `"ENVIRONMENT"`), `"INPUT"`
/// for the C layer's argument errors, `"INTERNAL"` for `PANIC`, `"UNKNOWN"` for
/// `OK` and undefined values. Static storage: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn wechatpay_result_category(code: u32) -> *const c_char {
    ffi_boundary!(value c"UNKNOWN".as_ptr(), { result::category_of(code).unwrap_or(c"UNKNOWN").as_ptr() })
}

/// The message of the calling thread's last failed call (`""` before any
/// failure; a success does not reset it). Valid until the thread's next failing
/// call into the library; never free it. Never
/// contains key material or decrypted data.
#[unsafe(no_mangle)]
pub extern "C" fn wechatpay_last_error_message() -> *const c_char {
    ffi_boundary!(value c"".as_ptr(), { boundary::last_error_ptr() })
}

/// Copies the calling thread's last message, NUL-terminated, into `buffer`
/// (`buffer_len` bytes). `written_out` gets the message length without the NUL.
/// `BUFFER_TOO_SMALL` when it does not fit (the message is kept for a retry).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_last_error_copy(
    buffer: *mut c_char,
    buffer_len: usize,
    written_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        if buffer.is_null() {
            return Err(boundary::FfiError::Null("buffer"));
        }
        if buffer_len > isize::MAX as usize {
            return Err(boundary::FfiError::Length("buffer"));
        }
        let out = unsafe { io::Out::new(written_out, "written_out") }?;
        // SAFETY: non-NULL and `buffer_len` writable bytes by the caller's contract.
        let buffer = unsafe { std::slice::from_raw_parts_mut(buffer.cast::<u8>(), buffer_len) };
        out.set(boundary::copy_last_error(buffer)?);
        Ok(())
    })
}

/// Frees a string returned by this library (NULL is a no-op). The memory is
/// overwritten before it is released.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_string_free(string: *mut c_char) {
    ffi_boundary!(value(), {
        // SAFETY: the caller passes a string from this library (or NULL).
        unsafe { io::free_string(string) }
    })
}

/// Frees a buffer returned by this library with the length it was returned with
/// (NULL is a no-op). The memory is overwritten before it is released.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_bytes_free(data: *mut u8, len: usize) {
    ffi_boundary!(value(), {
        // SAFETY: the caller passes a buffer from this library with its length (or NULL).
        unsafe { io::free_bytes(data, len) }
    })
}

#[cfg(test)]
mod export_tests;
