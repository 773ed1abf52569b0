//! `bill`: downloaded bills (digest check, streaming, gunzip, CSV parse).

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
    let value = serde_json::to_value(&parsed).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok(json_to_py(py, &value)?)
}

/// Streams a download through the digest: `update(chunk)` as bytes arrive, then `finish()`.
#[pyclass(frozen, module = "wechatpay_core.bill")]
pub(crate) struct BillVerifier(core::BillVerifier);

#[pymethods]
impl BillVerifier {
    /// `gzip=True` (the default, as `/v3/billdownload` serves `.gz`) hashes the gunzipped stream.
    #[new]
    #[pyo3(signature = (hash_type, hash_value, *, gzip = true))]
    fn new(hash_type: &str, hash_value: &str, gzip: bool) -> Res<Self> {
        Ok(Self(core::BillVerifier::new(self::hash_type(hash_type)?, hash_value, gzip)?))
    }

    /// Feeds the next chunk.
    fn update(&self, py: Python<'_>, chunk: &Bound<'_, PyAny>) -> Res<()> {
        let chunk = bytes_like(chunk, "chunk")?;
        Ok(py.detach(|| self.0.update(&chunk))?)
    }

    /// Checks the digest; raises `BillHashMismatchError` (or `BillFormatError`).
    fn finish(&self, py: Python<'_>) -> Res<()> {
        Ok(py.detach(|| self.0.finish())?)
    }
}

/// Lowercase hex digest of `data` (`hash_type`: "SHA1" or "SHA256").
#[pyfunction]
fn digest(py: Python<'_>, data: &Bound<'_, PyAny>, hash_type: &str) -> Res<String> {
    let data = bytes_like(data, "data")?;
    let hash_type = self::hash_type(hash_type)?;
    Ok(py.detach(|| core::digest(&data, hash_type)))
}

/// Gzips `data` (as WeChat Pay serves bills; for tests and simulators).
#[pyfunction]
fn gzip<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> Res<Bound<'py, pyo3::types::PyBytes>> {
    let data = bytes_like(data, "data")?;
    let out = py.detach(|| core::gzip(&data))?;
    Ok(pyo3::types::PyBytes::new(py, &out))
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = crate::submodule(parent, "bill")?;
    m.add_class::<BillVerifier>()?;
    m.add_function(wrap_pyfunction!(verify_bill, &m)?)?;
    m.add_function(wrap_pyfunction!(gunzip, &m)?)?;
    m.add_function(wrap_pyfunction!(digest, &m)?)?;
    m.add_function(wrap_pyfunction!(gzip, &m)?)?;
    m.add_function(wrap_pyfunction!(parse_bill, &m)?)?;
    Ok(())
}
