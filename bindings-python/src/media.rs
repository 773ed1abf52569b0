//! `v3::media`: image/video upload requests (multipart with a signed `meta`).

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use wechatpay_core::v3::media as core;

use crate::convert::bytes_like;
use crate::errors::Res;
use crate::sign::{SignedRequest, Signer};

/// A media upload: send `.body` with `Content-Type: .content_type` and the
/// `Authorization` of `.sign(signer, url)`.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct MediaUpload(core::MediaUpload);

#[pymethods]
impl MediaUpload {
    #[new]
    #[pyo3(signature = (filename, file, *, boundary = None))]
    fn new(py: Python<'_>, filename: &str, file: &Bound<'_, PyAny>, boundary: Option<&str>) -> Res<Self> {
        let file = bytes_like(file, "file")?;
        let upload = py.detach(|| match boundary {
            Some(b) => core::MediaUpload::with_boundary(filename, &file, b),
            None => core::MediaUpload::new(filename, &file),
        })?;
        Ok(Self(upload))
    }
    /// The `meta` JSON (filename and sha256): what is signed.
    #[getter]
    fn meta(&self) -> &str {
        &self.0.meta
    }
    #[getter]
    fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// The multipart body to send.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.body)
    }
    /// Signs `POST url` over the meta JSON.
    fn sign(&self, py: Python<'_>, signer: &Signer, url: &str) -> Res<SignedRequest> {
        Ok(SignedRequest(py.detach(|| self.0.sign(&signer.0, url))?))
    }
}

/// A media upload as the receiving side reads it (`parse_upload`).
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct ReceivedUpload(core::ReceivedUpload);

#[pymethods]
impl ReceivedUpload {
    /// The `meta` JSON exactly as received (what was signed).
    #[getter]
    fn meta(&self) -> &str {
        &self.0.meta
    }
    #[getter]
    fn filename(&self) -> &str {
        &self.0.filename
    }
    #[getter]
    fn file_content_type(&self) -> Option<&str> {
        self.0.file_content_type.as_deref()
    }
    #[getter]
    fn file<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.file)
    }
    /// Checks the file against the `sha256` of `meta`.
    fn check_sha256(&self, py: Python<'_>) -> Res<()> {
        Ok(py.detach(|| self.0.check_sha256())?)
    }
}

/// Reads a `multipart/form-data` upload body (`meta` + `file` parts).
#[pyfunction]
fn parse_upload(py: Python<'_>, content_type: &str, body: &Bound<'_, PyAny>) -> Res<ReceivedUpload> {
    let body = bytes_like(body, "body")?;
    Ok(ReceivedUpload(py.detach(|| core::parse_upload(content_type, &body))?))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MediaUpload>()?;
    m.add_class::<ReceivedUpload>()?;
    m.add_function(wrap_pyfunction!(parse_upload, m)?)?;
    Ok(())
}
