//! `api_error`: WeChat Pay APIv3 error bodies.

use pyo3::prelude::*;
use wechatpay_core::Error;

/// Adds the structured fields of an API error to its exception instance.
pub(crate) fn decorate(_py: Python<'_>, error: &Error, instance: &Bound<'_, PyAny>) -> PyResult<()> {
    if let Error::Api(api) = error {
        instance.setattr("status", api.status)?;
        instance.setattr("code", api.code.as_str())?;
        instance.setattr("api_message", api.message.as_str())?;
    }
    Ok(())
}

pub(crate) fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
