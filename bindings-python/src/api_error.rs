//! `api_error`: WeChat Pay APIv3 error bodies and the code catalogue.
//!
//! The exception class of the core kind `API_ERROR` is `ApiError`; it carries
//! `.status`, `.code`, `.api_message`, `.detail`, `.retryable` and `.info`, and
//! `ApiError.parse(status, body)` builds one (to raise or inspect).

use pyo3::prelude::*;
use wechatpay_core::Error;
use wechatpay_core::api_error as core;

use crate::convert::{bytes_like, json_to_py};
use crate::errors::Res;

/// What the catalogue knows about an error code.
#[pyclass(frozen, module = "wechatpay_core.api_error")]
pub(crate) struct CodeInfo(&'static core::CodeInfo);

#[pymethods]
impl CodeInfo {
    /// The canonical spelling, e.g. `SYSTEM_ERROR`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code
    }
    /// What the code means.
    #[getter]
    fn meaning(&self) -> &'static str {
        self.0.meaning
    }
    /// The HTTP status APIv3 answers it with (`None` for APIv2-only codes).
    #[getter]
    fn status(&self) -> Option<u16> {
        self.0.status
    }
    /// Whether sending the very same request again is safe and can succeed.
    #[getter]
    fn safe_to_resend(&self) -> bool {
        self.0.safe_to_resend
    }
    /// What the merchant should do.
    #[getter]
    fn action(&self) -> &'static str {
        self.0.action
    }
    fn __repr__(&self) -> String {
        format!(
            "CodeInfo(code='{}', safe_to_resend={})",
            self.0.code,
            if self.0.safe_to_resend { "True" } else { "False" }
        )
    }
}

/// Adds the structured fields of an API error to its exception instance.
pub(crate) fn decorate(py: Python<'_>, error: &Error, instance: &Bound<'_, PyAny>) -> PyResult<()> {
    if let Error::Api(api) = error {
        instance.setattr("status", api.status)?;
        instance.setattr("code", api.code.as_str())?;
        instance.setattr("api_message", api.message.as_str())?;
        let detail = match &api.detail {
            Some(detail) => json_to_py(py, detail)?,
            None => py.None().into_bound(py),
        };
        instance.setattr("detail", detail)?;
        instance.setattr("safe_to_resend", api.is_safe_to_resend())?;
        instance.setattr("info", api.info().map(CodeInfo))?;
    }
    Ok(())
}

/// Parses an APIv3 error body into an `ApiError` exception instance (returned,
/// not raised). A body that is not an APIv3 error (an HTML proxy page) raises `JsonError`.
#[pyfunction]
#[pyo3(signature = (status, body))]
fn parse(py: Python<'_>, status: Option<u16>, body: &Bound<'_, PyAny>) -> Res<Py<PyAny>> {
    let body = bytes_like(body, "body")?;
    let api = core::ApiError::parse(status, &body)?;
    let err = crate::errors::to_pyerr(py, &Error::Api(Box::new(api)));
    Ok(err.into_value(py).into_any())
}

/// Looks up an APIv3 or APIv2 error code (underscores and case ignored).
#[pyfunction]
fn lookup(code: &str) -> Option<CodeInfo> {
    core::lookup(code).map(CodeInfo)
}

/// Every entry of the catalogue.
#[pyfunction]
fn catalogue() -> Vec<CodeInfo> {
    core::catalogue().iter().map(CodeInfo).collect()
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = parent.py();
    let m = crate::submodule(parent, "api_error")?;
    m.add_class::<CodeInfo>()?;
    let parse_fn = wrap_pyfunction!(parse, &m)?;
    m.add_function(parse_fn.clone())?;
    m.add_function(wrap_pyfunction!(lookup, &m)?)?;
    m.add_function(wrap_pyfunction!(catalogue, &m)?)?;
    // `ApiError.parse(status, body)`.
    let class = crate::errors::class_of(py, wechatpay_core::ErrorKind::Api)?;
    let builtins = py.import("builtins")?;
    class.setattr("parse", builtins.getattr("staticmethod")?.call1((parse_fn,))?)?;
    m.add("ApiError", class)?;
    Ok(())
}
