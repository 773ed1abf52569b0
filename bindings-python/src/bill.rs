//! `bill`: downloaded bills (digest check, streaming, gunzip, CSV parse).

use std::sync::Mutex;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use wechatpay_core::v3::bill as core;

use crate::convert::{bytes_like, json_to_py};
use crate::errors::Res;

fn hash_type(name: &str) -> wechatpay_core::Result<core::HashType> {
    core::HashType::parse(name)
}

/// Checks a whole bill against `hash_value` (`hash_type`: "SHA1" or "SHA256");
/// `gzip=True` hashes the gunzipped bytes. Raises `BillHashMismatchError`.
#[pyfunction]
#[pyo3(signature = (data, hash_type, hash_value, *, gzip = false))]
fn verify_bill(py: Python<'_>, data: &Bound<'_, PyAny>, hash_type: &str, hash_value: &str, gzip: bool) -> Res<()> {
    let data = bytes_like(data, "data")?;
    let hash_type = self::hash_type(hash_type)?;
    Ok(py.detach(|| core::verify_bill(&data, hash_type, hash_value, gzip))?)
}

/// Gunzips a bill (at most `max_len` bytes out).
#[pyfunction]
#[pyo3(signature = (data, max_len = core::DEFAULT_MAX_BILL_LEN))]
fn gunzip<'py>(py: Python<'py>, data: &Bound<'py, PyAny>, max_len: usize) -> Res<Bound<'py, pyo3::types::PyBytes>> {
    let data = bytes_like(data, "data")?;
    let out = py.detach(|| core::gunzip(&data, max_len))?;
    Ok(pyo3::types::PyBytes::new(py, &out))
}

/// Parses a bill's CSV text to `{"rows": [{column: cell}], "summary": {column: cell}}`.
#[pyfunction]
fn parse_bill<'py>(py: Python<'py>, text: &str) -> Res<Bound<'py, PyAny>> {
    let parsed = core::parse_bill(text)?;
    let value = serde_json::to_value(&parsed)
        .map_err(|e| wechatpay_core::Error::Json { what: "bill", reason: e.to_string() })?;
    Ok(json_to_py(py, &value)?)
}

/// Streams a download through the digest: `update(chunk)` as bytes arrive, then `finish()`.
#[pyclass(frozen, module = "wechatpay_core.bill")]
pub(crate) struct BillVerifier(Mutex<Option<core::BillVerifier>>);

#[pymethods]
impl BillVerifier {
    /// `gzip=True` (the default, as `/v3/billdownload` serves `.gz`) hashes the gunzipped stream.
    #[new]
    #[pyo3(signature = (hash_type, hash_value, *, gzip = true))]
    fn new(hash_type: &str, hash_value: &str, gzip: bool) -> Res<Self> {
        let verifier = core::BillVerifier::new(self::hash_type(hash_type)?, hash_value, gzip)?;
        Ok(Self(Mutex::new(Some(verifier))))
    }

    /// Feeds the next chunk.
    fn update(&self, py: Python<'_>, chunk: &Bound<'_, PyAny>) -> Res<()> {
        let chunk = bytes_like(chunk, "chunk")?;
        py.detach(|| {
            let mut guard = self.0.lock().map_err(|_| PyRuntimeError::new_err("bill verifier lock poisoned"))?;
            let verifier = guard.as_mut().ok_or_else(|| PyRuntimeError::new_err("finish() was already called"))?;
            verifier.update(&chunk).map_err(crate::errors::Failure::from)?;
            Ok::<(), crate::errors::Failure>(())
        })
    }

    /// Checks the digest; raises `BillHashMismatchError` (or `BillFormatError`).
    fn finish(&self, py: Python<'_>) -> Res<()> {
        let verifier = {
            let mut guard = self.0.lock().map_err(|_| PyRuntimeError::new_err("bill verifier lock poisoned"))?;
            guard.take().ok_or_else(|| PyRuntimeError::new_err("finish() was already called"))?
        };
        Ok(py.detach(|| verifier.finish())?)
    }
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = crate::submodule(parent, "bill")?;
    m.add_class::<BillVerifier>()?;
    m.add_function(wrap_pyfunction!(verify_bill, &m)?)?;
    m.add_function(wrap_pyfunction!(gunzip, &m)?)?;
    m.add_function(wrap_pyfunction!(parse_bill, &m)?)?;
    Ok(())
}
