//! `v3::notify`: CallbackParser, CallbackEvent, Acknowledgement.

use pyo3::prelude::*;
use pyo3::types::PyType;
use wechatpay_core::v3::notify;

use crate::convert::{header_pairs, json_to_py, raw_body};
use crate::errors::Res;
use crate::keys::ApiV3Key;
use crate::verify::Verifier;

/// Verifies, checks the replay window of, and decrypts callbacks.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct CallbackParser(notify::CallbackParser);

#[pymethods]
impl CallbackParser {
    #[new]
    fn new(verifier: &Verifier, apiv3_key: &ApiV3Key) -> Self {
        Self(notify::CallbackParser::new(verifier.0.clone(), apiv3_key.0.clone()))
    }

    /// `headers`: any mapping or iterable of pairs (Flask, Django `headers` or
    /// `META`, Starlette, dict); `body`: the raw request bytes.
    #[pyo3(signature = (headers, body, now = None))]
    fn parse(
        &self,
        py: Python<'_>,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> Res<CallbackEvent> {
        let pairs = header_pairs(headers)?;
        let body = raw_body(body)?;
        let now = now.map(crate::unix_seconds).transpose()?;
        let event = py.detach(|| match now {
            Some(now) => self.0.parse_at(&pairs, &body, now),
            None => self.0.parse(&pairs, &body),
        })?;
        Ok(CallbackEvent(event))
    }
}

/// A verified, decrypted callback.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct CallbackEvent(notify::CallbackEvent);

#[pymethods]
impl CallbackEvent {
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn create_time(&self) -> &str {
        &self.0.create_time
    }
    #[getter]
    fn event_type(&self) -> &str {
        &self.0.event_type
    }
    #[getter]
    fn summary(&self) -> &str {
        &self.0.summary
    }
    #[getter]
    fn resource_type(&self) -> &str {
        &self.0.resource_type
    }
    #[getter]
    fn original_type(&self) -> &str {
        &self.0.original_type
    }
    #[getter]
    fn associated_data(&self) -> &str {
        &self.0.associated_data
    }
    /// The decrypted resource text.
    #[getter]
    fn plaintext(&self) -> &str {
        self.0.plaintext()
    }
    /// The decrypted resource as a `dict` (a new one on each access).
    #[getter]
    fn resource<'py>(&self, py: Python<'py>) -> Res<Bound<'py, PyAny>> {
        Ok(json_to_py(py, &self.0.resource()?)?)
    }
    /// The event as JSON (with the decrypted resource).
    fn to_json(&self) -> String {
        self.0.to_json()
    }
    /// The resource as a payment (`original_type` must be `transaction`).
    fn transaction(&self) -> Res<crate::views::Transaction> {
        Ok(crate::views::Transaction(self.0.transaction()?))
    }
    /// The resource as a refund (`original_type` must be `refund`).
    fn refund(&self) -> Res<crate::views::Refund> {
        Ok(crate::views::Refund(self.0.refund()?))
    }
    fn __repr__(&self) -> String {
        format!("CallbackEvent(id='{}', event_type='{}')", self.0.id, self.0.event_type)
    }
}

/// The answer to send back to WeChat Pay.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct Acknowledgement(notify::Acknowledgement);

#[pymethods]
impl Acknowledgement {
    /// 200 `{"code":"SUCCESS",...}`.
    #[classmethod]
    fn success(_cls: &Bound<'_, PyType>) -> Self {
        Self(notify::Acknowledgement::success())
    }
    /// 500 `{"code":"FAIL",...}` (makes WeChat Pay retry).
    #[classmethod]
    fn failure(_cls: &Bound<'_, PyType>) -> Self {
        Self(notify::Acknowledgement::failure())
    }
    #[getter]
    fn status(&self) -> u16 {
        self.0.status
    }
    #[getter]
    fn body(&self) -> &'static str {
        self.0.body
    }
    /// `{"Content-Type": "application/json"}`.
    #[getter]
    fn content_type(&self) -> &'static str {
        "application/json"
    }
    fn __repr__(&self) -> String {
        format!("Acknowledgement(status={})", self.0.status)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CallbackParser>()?;
    m.add_class::<CallbackEvent>()?;
    m.add_class::<Acknowledgement>()?;
    Ok(())
}
