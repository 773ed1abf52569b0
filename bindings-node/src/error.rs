//! One core `ErrorKind` -> one JavaScript `code`: every error thrown or
//! rejected by this module is an `Error` whose `code` is
//! `ErrorKind::as_str()` (e.g. `'SIGNATURE_PROBE'`) and whose message is the
//! core's message (which says the likely cause), never secret material.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::ErrorKind;

/// The `code` of a thrown error: always one of `ErrorKind::as_str()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(pub &'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

/// What every export returns: its error carries the core kind as `code`.
pub type Result<T> = std::result::Result<T, napi::Error<Code>>;

/// A core error, detached from any JS value so that it can cross threads
/// (the async variants compute on the libuv pool and reject on the JS thread).
#[derive(Debug, Clone)]
pub struct Failure {
    pub code: &'static str,
    pub message: String,
}

impl From<wechatpay_core::Error> for Failure {
    fn from(err: wechatpay_core::Error) -> Self {
        // The core's Display never contains secrets (tested in core/tests/secrets.rs).
        Failure { code: err.kind().as_str(), message: err.to_string() }
    }
}

impl From<Failure> for napi::Error<Code> {
    fn from(failure: Failure) -> Self {
        napi::Error::new(Code(failure.code), failure.message)
    }
}

/// Maps a core error to the thrown JS error.
pub fn core(err: wechatpay_core::Error) -> napi::Error<Code> {
    Failure::from(err).into()
}

/// A bad argument from JavaScript (wrong type, out of range): `INVALID_ARGUMENT`.
pub fn invalid_argument(name: &str, reason: &str) -> napi::Error<Code> {
    napi::Error::new(Code(ErrorKind::InvalidArgument.as_str()), format!("invalid argument `{name}`: {reason}"))
}

/// Maps a napi conversion error (a JS value of the wrong type) to `INVALID_ARGUMENT`.
pub fn napi_argument(name: &'static str) -> impl FnOnce(napi::Error) -> napi::Error<Code> {
    move |err| invalid_argument(name, &err.reason)
}

/// A panic caught in a worker thread: reported as `BACKEND`, never an abort.
pub fn panicked() -> Failure {
    Failure {
        code: ErrorKind::Backend.as_str(),
        message: "internal error: the native code panicked (please report this bug)".to_owned(),
    }
}

/// Builds the rejection value of an async task on the JS thread: an `Error`
/// with the core's `code`.
pub fn reject(env: &Env, failure: Failure) -> napi::Error {
    let err: napi::Error<Code> = failure.into();
    let value = JsError::from(err).into_unknown(*env);
    napi::Error::from(value)
}

/// Every error `code` this module can throw, in the core's order
/// (`ErrorKind::ALL`); the `ErrorCode` type of index.d.ts is generated from it.
#[napi(catch_unwind, ts_return_type = "Array<ErrorCode>")]
pub fn error_codes() -> Vec<&'static str> {
    ErrorKind::ALL.iter().map(|kind| kind.as_str()).collect()
}

/// What an error code means.
#[napi(object)]
pub struct ErrorInfo {
    /// The kind name (`err.code`).
    #[napi(ts_type = "ErrorCode")]
    pub code: String,
    /// Its stable number (the C ABI's status value).
    pub number: u32,
    /// Its group.
    #[napi(ts_type = "ErrorCategory")]
    pub category: String,
    /// What it means and the usual cause.
    pub description: String,
}

/// The meaning, number and category of an error code (`err.code`); null for an unknown one.
#[napi(catch_unwind, ts_args_type = "code: string")]
pub fn error_info(code: String) -> Option<ErrorInfo> {
    let kind: ErrorKind = code.parse().ok()?;
    Some(ErrorInfo {
        code: kind.as_str().to_owned(),
        number: kind.code(),
        category: kind.category().as_str().to_owned(),
        description: kind.description().to_owned(),
    })
}

/// Every error category, in the core's order (`ErrorCategory::ALL`).
#[napi(catch_unwind, ts_return_type = "Array<ErrorCategory>")]
pub fn error_categories() -> Vec<&'static str> {
    wechatpay_core::error::ErrorCategory::ALL.iter().map(|c| c.as_str()).collect()
}
