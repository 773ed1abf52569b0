//! `v3::sign`: the Authorization header of merchant requests.

use pyo3::prelude::*;
use pyo3::types::PyType;
use wechatpay_core::v3::sign;

use crate::convert::str_or_utf8;
use crate::errors::Res;
use crate::keys::{Certificate, PrivateKey};

/// A signed request: put `.authorization` in the `Authorization` header.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct SignedRequest(pub(crate) sign::SignedRequest);

#[pymethods]
impl SignedRequest {
    /// The `Authorization` header value.
    #[getter]
    fn authorization(&self) -> &str {
        &self.0.authorization
    }
    /// The signed timestamp (Unix seconds).
    #[getter]
    fn timestamp(&self) -> i64 {
        self.0.timestamp
    }
    /// The signed nonce.
    #[getter]
    fn nonce(&self) -> &str {
        &self.0.nonce
    }
    /// The base64 signature.
    #[getter]
    fn signature(&self) -> &str {
        &self.0.signature
    }
    /// The signed string `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }
    /// The signed request as JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }
    fn __repr__(&self) -> String {
        format!("SignedRequest(timestamp={}, nonce='{}')", self.0.timestamp, self.0.nonce)
    }
}

/// Signs merchant requests; build one per merchant and share it between threads.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct Signer(pub(crate) sign::Signer);

#[pymethods]
impl Signer {
    /// `serial_no`: the merchant API certificate's serial (uppercase hex).
    #[new]
    fn new(mchid: &str, serial_no: &str, private_key: &PrivateKey) -> Res<Self> {
        Ok(Self(sign::Signer::new(mchid, serial_no, private_key.0.clone())?))
    }

    /// Takes the serial from the merchant certificate (checked to belong to the key).
    #[classmethod]
    fn from_certificate(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        mchid: &str,
        private_key: &PrivateKey,
        certificate: &Certificate,
    ) -> Res<Self> {
        let key = private_key.0.clone();
        Ok(Self(py.detach(|| sign::Signer::from_certificate(mchid, key, &certificate.0))?))
    }

    #[getter]
    fn mchid(&self) -> &str {
        self.0.mchid()
    }

    #[getter]
    fn serial_no(&self) -> &str {
        self.0.serial_no()
    }

    #[getter]
    fn private_key(&self) -> PrivateKey {
        PrivateKey(self.0.private_key().clone())
    }

    /// Signs now with a fresh nonce. `body`: the exact body that will be sent
    /// (`str`, or UTF-8 `bytes`); empty for none.
    #[pyo3(signature = (method, url, body = None))]
    fn sign(&self, py: Python<'_>, method: &str, url: &str, body: Option<&Bound<'_, PyAny>>) -> Res<SignedRequest> {
        let body = body.map(|b| str_or_utf8(b, "request body")).transpose()?.unwrap_or_default();
        Ok(SignedRequest(py.detach(|| self.0.sign(method, url, &body))?))
    }

    /// Signs at `now` (Unix seconds or an aware datetime) with a fresh nonce.
    #[pyo3(signature = (method, url, body, now))]
    fn sign_at(
        &self,
        py: Python<'_>,
        method: &str,
        url: &str,
        body: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> Res<SignedRequest> {
        let body = str_or_utf8(body, "request body")?;
        let now = crate::unix_seconds(now)?;
        Ok(SignedRequest(py.detach(|| self.0.sign_at(method, url, &body, now))?))
    }

    /// Signs with a given timestamp and nonce (reproducible).
    fn sign_with(
        &self,
        py: Python<'_>,
        method: &str,
        url: &str,
        body: &Bound<'_, PyAny>,
        timestamp: i64,
        nonce: &str,
    ) -> Res<SignedRequest> {
        let body = str_or_utf8(body, "request body")?;
        Ok(SignedRequest(py.detach(|| self.0.sign_with(method, url, &body, timestamp, nonce))?))
    }

    fn __repr__(&self) -> String {
        format!("Signer(mchid='{}', serial_no='{}')", self.0.mchid(), self.0.serial_no())
    }
}
