//! WeChat Pay's side of the protocol (simulators and tests): `v3::sign`
//! `parse_authorization` / `verify_request`, `v3::verify::ResponseSigner`,
//! `v3::notify::CallbackEnvelope`, `v3::certificates::certificates_body`.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyType};
use wechatpay_core::v3::{notify, sign, verify};

use crate::convert::{raw_body, str_or_utf8};
use crate::errors::Res;
use crate::keys::{ApiV3Key, Certificate, PrivateKey, PublicKey};

/// A parsed merchant `Authorization` header.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct Authorization(sign::Authorization);

#[pymethods]
impl Authorization {
    #[getter]
    fn mchid(&self) -> &str {
        &self.0.mchid
    }
    #[getter]
    fn serial_no(&self) -> &str {
        &self.0.serial_no
    }
    /// The timestamp as written in the header.
    #[getter]
    fn timestamp(&self) -> &str {
        &self.0.timestamp
    }
    #[getter]
    fn nonce_str(&self) -> &str {
        &self.0.nonce_str
    }
    #[getter]
    fn signature(&self) -> &str {
        &self.0.signature
    }
    /// The timestamp as Unix seconds; raises `HeaderInvalidError` unless decimal digits.
    fn unix_timestamp(&self) -> Res<i64> {
        Ok(self.0.timestamp()?)
    }
    /// The message this header claims to sign for a request.
    fn message<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        url: &str,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let body = raw_body(body)?;
        Ok(PyBytes::new(py, &self.0.message(method, url, &body)))
    }
    fn __repr__(&self) -> String {
        format!("Authorization(mchid='{}', serial_no='{}')", self.0.mchid, self.0.serial_no)
    }
}

/// Parses an `Authorization` header as WeChat Pay does.
#[pyfunction]
fn parse_authorization(header: &str) -> Res<Authorization> {
    Ok(Authorization(sign::parse_authorization(header)?))
}

/// Checks a merchant request as WeChat Pay does (timestamp window, then the
/// signature with the merchant certificate's key); returns the parsed header.
#[pyfunction]
#[pyo3(signature = (method, url, body, authorization, public_key, now = None, window = 300))]
#[allow(clippy::too_many_arguments)]
fn verify_request(
    py: Python<'_>,
    method: &str,
    url: &str,
    body: &Bound<'_, PyAny>,
    authorization: &str,
    public_key: &PublicKey,
    now: Option<&Bound<'_, PyAny>>,
    window: u64,
) -> Res<Authorization> {
    let body = raw_body(body)?;
    let now = match now {
        Some(now) => crate::unix_seconds(now)?,
        None => wechatpay_core::clock::now(),
    };
    let parsed = py.detach(|| sign::verify_request(method, url, &body, authorization, &public_key.0, now, window))?;
    Ok(Authorization(parsed))
}

fn headers_dict<'py>(py: Python<'py>, headers: &verify::WechatpayHeaders) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in headers.to_pairs() {
        dict.set_item(name, value)?;
    }
    Ok(dict)
}

/// Signs responses and callbacks as WeChat Pay does; each method returns the
/// `Wechatpay-*` headers as a `dict`.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct ResponseSigner(verify::ResponseSigner);

#[pymethods]
impl ResponseSigner {
    /// Signs as the platform certificate (its key must be `private_key`).
    #[classmethod]
    fn from_certificate(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        private_key: &PrivateKey,
        certificate: &Certificate,
    ) -> Res<Self> {
        let key = private_key.0.clone();
        Ok(Self(py.detach(|| verify::ResponseSigner::from_certificate(key, &certificate.0))?))
    }
    /// Signs in public-key mode under `key_id` (`PUB_KEY_ID_...`).
    #[classmethod]
    fn from_public_key_id(_cls: &Bound<'_, PyType>, private_key: &PrivateKey, key_id: &str) -> Res<Self> {
        Ok(Self(verify::ResponseSigner::from_public_key_id(private_key.0.clone(), key_id)?))
    }
    /// What goes in `Wechatpay-Serial`.
    #[getter]
    fn serial(&self) -> &str {
        self.0.serial()
    }
    /// Signs `body` now with a fresh nonce.
    fn sign<'py>(&self, py: Python<'py>, body: &Bound<'py, PyAny>) -> Res<Bound<'py, PyDict>> {
        let body = raw_body(body)?;
        let headers = py.detach(|| self.0.sign(&body))?;
        Ok(headers_dict(py, &headers)?)
    }
    /// Signs `body` at `now` (Unix seconds or an aware datetime) with a fresh nonce.
    fn sign_at<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> Res<Bound<'py, PyDict>> {
        let body = raw_body(body)?;
        let now = crate::unix_seconds(now)?;
        let headers = py.detach(|| self.0.sign_at(&body, now))?;
        Ok(headers_dict(py, &headers)?)
    }
    /// Signs `body` with a given timestamp and nonce.
    fn sign_with<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        timestamp: i64,
        nonce: &str,
    ) -> Res<Bound<'py, PyDict>> {
        let body = raw_body(body)?;
        let headers = py.detach(|| self.0.sign_with(&body, timestamp, nonce))?;
        Ok(headers_dict(py, &headers)?)
    }
    /// The headers of a `WECHATPAY/SIGNTEST/` probe at `now` (default: now).
    #[pyo3(signature = (now = None))]
    fn probe<'py>(&self, py: Python<'py>, now: Option<&Bound<'py, PyAny>>) -> Res<Bound<'py, PyDict>> {
        let now = match now {
            Some(now) => crate::unix_seconds(now)?,
            None => wechatpay_core::clock::now(),
        };
        Ok(headers_dict(py, &self.0.probe_at(now)?)?)
    }
    fn __repr__(&self) -> String {
        format!("ResponseSigner(serial='{}')", self.0.serial())
    }
}

/// A callback as WeChat Pay sends it, before sealing; `seal` gives the body.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct CallbackEnvelope(notify::CallbackEnvelope);

#[pymethods]
impl CallbackEnvelope {
    /// Any callback; `resource` is the JSON text to encrypt (`str`).
    #[new]
    fn new(
        id: &str,
        create_time: &str,
        event_type: &str,
        summary: &str,
        original_type: &str,
        resource: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let resource = str_or_utf8(resource, "resource")?;
        Ok(Self(notify::CallbackEnvelope::new(id, create_time, event_type, summary, original_type, resource)))
    }
    /// A payment callback (`TRANSACTION.SUCCESS`).
    #[classmethod]
    fn transaction(
        _cls: &Bound<'_, PyType>,
        id: &str,
        create_time: &str,
        resource: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let resource = str_or_utf8(resource, "resource")?;
        Ok(Self(notify::CallbackEnvelope::transaction(id, create_time, resource)))
    }
    /// A refund callback (`REFUND.SUCCESS`).
    #[classmethod]
    fn refund(_cls: &Bound<'_, PyType>, id: &str, create_time: &str, resource: &Bound<'_, PyAny>) -> PyResult<Self> {
        let resource = str_or_utf8(resource, "resource")?;
        Ok(Self(notify::CallbackEnvelope::refund(id, create_time, resource)))
    }
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn event_type(&self) -> &str {
        &self.0.event_type
    }
    #[getter]
    fn original_type(&self) -> &str {
        &self.0.original_type
    }
    /// The body WeChat Pay POSTs (JSON text), the resource encrypted under
    /// `apiv3_key` with `nonce` (12 characters; default: a fresh one).
    #[pyo3(signature = (apiv3_key, nonce = None))]
    fn seal(&self, py: Python<'_>, apiv3_key: &ApiV3Key, nonce: Option<&str>) -> Res<String> {
        let nonce = match nonce {
            Some(n) => n.to_owned(),
            None => wechatpay_core::nonce::generate_len(wechatpay_core::nonce::GCM_NONCE_LEN)?,
        };
        Ok(py.detach(|| self.0.seal(&apiv3_key.0, &nonce))?)
    }
    fn __repr__(&self) -> String {
        format!("CallbackEnvelope(id='{}', event_type='{}')", self.0.id, self.0.event_type)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Authorization>()?;
    m.add_class::<ResponseSigner>()?;
    m.add_class::<CallbackEnvelope>()?;
    m.add_function(wrap_pyfunction!(parse_authorization, m)?)?;
    m.add_function(wrap_pyfunction!(verify_request, m)?)?;
    Ok(())
}
