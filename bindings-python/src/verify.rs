//! `v3::verify`: TrustStore and Verifier (responses and callbacks).

use std::sync::RwLock;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use wechatpay_core::v3::verify;

use crate::convert::{header_pairs, raw_body};
use crate::errors::Res;
use crate::keys::{Certificate, PublicKey};

/// Platform certificates and WeChat Pay public keys, looked up by `Wechatpay-Serial`.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct TrustStore(pub(crate) RwLock<verify::TrustStore>);

impl TrustStore {
    pub(crate) fn snapshot(&self) -> PyResult<verify::TrustStore> {
        self.0.read().map(|s| s.clone()).map_err(|_| PyRuntimeError::new_err("trust store lock poisoned"))
    }
}

#[pymethods]
impl TrustStore {
    #[new]
    fn new() -> Self {
        Self(RwLock::new(verify::TrustStore::new()))
    }

    /// Adds (or replaces) a platform certificate under its serial.
    fn add_certificate(&self, certificate: &Certificate) -> PyResult<()> {
        let mut store = self.0.write().map_err(|_| PyRuntimeError::new_err("trust store lock poisoned"))?;
        store.add_certificate(certificate.0.clone());
        Ok(())
    }

    /// Adds (or replaces) a WeChat Pay public key under its id (`PUB_KEY_ID_...`).
    fn add_public_key(&self, key_id: &str, public_key: &PublicKey) -> Res<()> {
        let mut store = self.0.write().map_err(|_| PyRuntimeError::new_err("trust store lock poisoned"))?;
        store.add_public_key(key_id, public_key.0.clone())?;
        Ok(())
    }

    /// The certificate or public key stored under `serial` (exact match), or `None`.
    fn get(&self, py: Python<'_>, serial: &str) -> PyResult<Option<Py<PyAny>>> {
        let store = self.snapshot()?;
        Ok(match store.get(serial) {
            Some(verify::TrustedKey::Certificate(c)) => Some(Py::new(py, Certificate(c.clone()))?.into_any()),
            Some(verify::TrustedKey::PublicKey(k)) => Some(Py::new(py, PublicKey(k.clone()))?.into_any()),
            _ => None,
        })
    }

    /// Every serial and key id, sorted.
    fn serials(&self) -> PyResult<Vec<String>> {
        Ok(self.snapshot()?.serials().into_iter().map(str::to_owned).collect())
    }

    fn __len__(&self) -> PyResult<usize> {
        Ok(self.snapshot()?.len())
    }

    fn __contains__(&self, serial: &str) -> PyResult<bool> {
        Ok(self.snapshot()?.get(serial).is_some())
    }
}

/// Verifies WeChat Pay responses and callbacks (signature, serial, certificate
/// validity, replay window). Share one between threads.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct Verifier(pub(crate) verify::Verifier);

#[pymethods]
impl Verifier {
    /// `replay_window`: seconds, inclusive (default 300).
    #[new]
    #[pyo3(signature = (trust_store, replay_window = 300))]
    fn new(trust_store: &TrustStore, replay_window: u64) -> PyResult<Self> {
        Ok(Self(verify::Verifier::new(trust_store.snapshot()?).with_replay_window(replay_window)))
    }

    #[getter]
    fn replay_window(&self) -> u64 {
        self.0.replay_window()
    }

    /// Verifies a response or callback; raises a `VerificationError` subclass.
    /// `headers`: any mapping or iterable of pairs; `body`: the raw bytes;
    /// `now`: Unix seconds or an aware datetime (default: the system clock).
    #[pyo3(signature = (headers, body, now = None))]
    fn verify(&self, py: Python<'_>, headers: &Bound<'_, PyAny>, body: &Bound<'_, PyAny>, now: Option<&Bound<'_, PyAny>>) -> Res<()> {
        let pairs = header_pairs(headers)?;
        let body = raw_body(body)?;
        let now = now.map(crate::unix_seconds).transpose()?;
        py.detach(|| {
            let headers = verify::WechatpayHeaders::from_pairs(&pairs)?;
            match now {
                Some(now) => self.0.verify_at(&headers, &body, now),
                None => self.0.verify(&headers, &body),
            }
        })?;
        Ok(())
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TrustStore>()?;
    m.add_class::<Verifier>()?;
    Ok(())
}
