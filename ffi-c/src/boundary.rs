//! The one panic-catching boundary every export runs in, the error type of the
//! FFI layer, and the thread-local last-error message.

use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use wechatpay_core::Error;

use crate::result::wechatpay_result;

/// Why an FFI call failed.
#[derive(Debug)]
pub(crate) enum FfiError {
    /// The core said no.
    Core(Error),
    /// A pointer argument was NULL.
    Null(&'static str),
    /// A text argument is not UTF-8.
    Utf8(&'static str),
    /// A caller-provided buffer is too small.
    BufferTooSmall { needed: usize },
    /// A length is beyond what any allocation can have.
    Length(&'static str),
}

impl From<Error> for FfiError {
    fn from(error: Error) -> Self {
        FfiError::Core(error)
    }
}

impl FfiError {
    pub(crate) fn code(&self) -> wechatpay_result {
        match self {
            FfiError::Core(e) => wechatpay_result::from_kind(e.kind()),
            FfiError::Null(_) => wechatpay_result::NULL_PARAMETER,
            FfiError::Utf8(_) => wechatpay_result::INVALID_UTF8,
            FfiError::BufferTooSmall { .. } => wechatpay_result::BUFFER_TOO_SMALL,
            FfiError::Length(_) => wechatpay_result::from_kind(wechatpay_core::ErrorKind::InvalidArgument),
        }
    }

    fn message(&self) -> String {
        match self {
            // The core's messages never contain secrets (tested in core/tests/secrets.rs).
            FfiError::Core(e) => e.to_string(),
            FfiError::Null(name) => format!("argument `{name}` is NULL"),
            FfiError::Utf8(name) => format!("argument `{name}` is not valid UTF-8"),
            FfiError::BufferTooSmall { needed } => format!("buffer too small: {needed} bytes needed"),
            FfiError::Length(name) => format!("length of `{name}` exceeds the largest possible buffer"),
        }
    }
}

pub(crate) type FfiResult<T = ()> = Result<T, FfiError>;

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

fn set_last_error(message: String) {
    let text = CString::new(message.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = text;
        }
    });
}

/// Pointer to the calling thread's last message (valid until that thread's next call).
pub(crate) fn last_error_ptr() -> *const c_char {
    LAST_ERROR.with(|slot| match slot.try_borrow() {
        Ok(slot) => slot.as_ptr(),
        Err(_) => c"".as_ptr(),
    })
}

/// Copies the calling thread's last message (NUL-terminated) into `buffer`.
pub(crate) fn copy_last_error(buffer: &mut [u8]) -> FfiResult<usize> {
    LAST_ERROR.with(|slot| {
        let slot = slot.try_borrow().map_err(|_| FfiError::BufferTooSmall { needed: 0 })?;
        let bytes = slot.as_bytes_with_nul();
        if buffer.len() < bytes.len() {
            return Err(FfiError::BufferTooSmall { needed: bytes.len() });
        }
        buffer[..bytes.len()].copy_from_slice(bytes);
        Ok(bytes.len() - 1)
    })
}

/// Runs a fallible export body: a panic becomes `WECHATPAY_RESULT_PANIC`, an
/// error its code plus the thread's last-error message.
pub(crate) fn guard<F: FnOnce() -> FfiResult>(body: F) -> wechatpay_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        // The message of the last *failed* call stays until the next failure.
        Ok(Ok(())) => wechatpay_result::OK,
        Ok(Err(error)) => {
            // A too-small buffer for the last message must not replace that message.
            if !matches!(error, FfiError::BufferTooSmall { .. }) {
                set_last_error(error.message());
            }
            error.code()
        }
        Err(_) => {
            set_last_error("internal error: a panic was caught at the C boundary (please report it)".to_owned());
            wechatpay_result::PANIC
        }
    }
}

/// Runs an infallible export body (getters, `_free`): a panic gives `fallback`.
pub(crate) fn guard_value<T, F: FnOnce() -> T>(fallback: T, body: F) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// The boundary every `extern "C"` body runs in (a test checks that none is missing).
///
/// - `ffi_boundary!({ ...; Ok(()) })`: the body returns `FfiResult<()>`; the export
///   returns `wechatpay_result`.
/// - `ffi_boundary!(value FALLBACK, { ... })`: the body returns a value; a panic
///   gives `FALLBACK`.
macro_rules! ffi_boundary {
    (value $fallback:expr, $body:block) => {
        $crate::boundary::guard_value($fallback, move || $body)
    };
    ($body:block) => {
        $crate::boundary::guard(move || -> $crate::boundary::FfiResult { $body })
    };
}
pub(crate) use ffi_boundary;
