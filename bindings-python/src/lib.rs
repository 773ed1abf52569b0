//! `wechatpay_core._native`: thin PyO3 wrappers over the wechatpay-core crate.
//!
//! Every class is `#[pyclass(frozen)]` around a core value; every failure is a
//! core error turned into its generated exception class (see `errors`). The GIL
//! is released around every RSA and AES call.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api_error;
mod bill;
mod certificates;
mod clock;
mod convert;
mod errors;
mod keys;
mod media;
mod notify;
mod pay_params;
mod resource;
mod server;
mod sign;
mod v2;
mod verify;
mod views;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyInt;

/// A submodule `wechatpay_core.<name>`, importable as such (`import wechatpay_core.v2`).
pub(crate) fn submodule<'py>(parent: &Bound<'py, PyModule>, name: &str) -> PyResult<Bound<'py, PyModule>> {
    let py = parent.py();
    let qualified = format!("wechatpay_core.{name}");
    let m = PyModule::new(py, &qualified)?;
    parent.add(name, &m)?;
    py.import("sys")?.getattr("modules")?.set_item(&qualified, &m)?;
    Ok(m)
}

/// An aware UTC `datetime` for Unix seconds.
pub(crate) fn utc_datetime(py: Python<'_>, unix: i64) -> PyResult<Bound<'_, PyAny>> {
    let datetime = py.import("datetime")?;
    let utc = datetime.getattr("timezone")?.getattr("utc")?;
    datetime.getattr("datetime")?.call_method1("fromtimestamp", (unix, utc))
}

/// Unix seconds from an `int` or an aware `datetime` (a naive one is refused:
/// its time zone would be a guess).
pub(crate) fn unix_seconds(value: &Bound<'_, PyAny>) -> PyResult<i64> {
    if value.is_instance_of::<PyInt>() {
        return value.extract();
    }
    let py = value.py();
    let datetime = py.import("datetime")?.getattr("datetime")?;
    if value.is_instance(&datetime)? {
        if value.call_method0("utcoffset")?.is_none() {
            return Err(PyValueError::new_err("a naive datetime has no time zone; pass an aware one"));
        }
        let seconds: f64 = value.call_method0("timestamp")?.extract()?;
        return Ok(seconds.floor() as i64);
    }
    Err(PyTypeError::new_err("time must be Unix seconds (int) or an aware datetime"))
}

pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Every core error kind with its category, in `ErrorKind::ALL` order.
#[pyfunction]
fn error_kinds() -> Vec<(&'static str, &'static str)> {
    wechatpay_core::ErrorKind::ALL.iter().map(|kind| (kind.as_str(), kind.category().as_str())).collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("CORE_VERSION", wechatpay_core::VERSION)?;
    m.add("BACKEND", wechatpay_core::backend::active_backend_name())?;
    errors::register(m)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    m.add_class::<keys::PrivateKey>()?;
    m.add_class::<keys::PublicKey>()?;
    m.add_class::<keys::Certificate>()?;
    m.add_class::<keys::ApiV3Key>()?;
    m.add_class::<keys::ApiV2Key>()?;
    m.add_class::<clock::Clock>()?;
    m.add_class::<sign::Signer>()?;
    m.add_class::<sign::SignedRequest>()?;
    verify::register(m)?;
    notify::register(m)?;
    views::register(m)?;
    media::register(m)?;
    resource::register(m)?;
    pay_params::register(m)?;
    bill::register(m)?;
    certificates::register(m)?;
    v2::register(m)?;
    api_error::register(m)?;
    server::register(m)?;
    Ok(())
}
