//! `v3::verify`: TrustStore and Verifier (responses and callbacks).

use pyo3::prelude::*;
use wechatpay_core::v3::verify;

use crate::clock::Clock;
use crate::convert::{header_pairs, raw_body};
use crate::errors::Res;
use crate::keys::{Certificate, PublicKey};

fn trusted(py: Python<'_>, key: verify::TrustedKey) -> PyResult<Option<Py<PyAny>>> {
    Ok(match key {
        verify::TrustedKey::Certificate(c) => Some(Py::new(py, Certificate(c))?.into_any()),
        verify::TrustedKey::PublicKey(k) => Some(Py::new(py, PublicKey(k))?.into_any()),
    })
}

/// Platform certificates and WeChat Pay public keys, looked up by the exact
/// `Wechatpay-Serial`. A shared handle: every Verifier built on it sees
/// certificates added or removed later (rotation).
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct TrustStore(pub(crate) verify::TrustStore);

#[pymethods]
impl TrustStore {
    #[new]
    fn new() -> Self {
        Self(verify::TrustStore::new())
    }

    /// Adds (or replaces) a platform certificate under its serial.
    fn add_certificate(&self, certificate: &Certificate) {
        self.0.add_certificate(certificate.0.clone());
    }

    /// Adds (or replaces) a WeChat Pay public key under its id (`PUB_KEY_ID_...`).
    fn add_public_key(&self, key_id: &str, public_key: &PublicKey) -> Res<()> {
        Ok(self.0.add_public_key(key_id, public_key.0.clone())?)
    }

    /// Removes a certificate or key; returns it, or `None` if it was absent.
    fn remove(&self, py: Python<'_>, serial: &str) -> PyResult<Option<Py<PyAny>>> {
        match self.0.remove(serial) {
            Some(key) => trusted(py, key),
            None => Ok(None),
        }
    }

    /// Removes the certificates expired at `now`; returns their serials.
    fn remove_expired_at(&self, now: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        Ok(self.0.remove_expired_at(crate::unix_seconds(now)?))
    }

    /// The certificate or public key stored under `serial` (exact match), or `None`.
    fn get(&self, py: Python<'_>, serial: &str) -> PyResult<Option<Py<PyAny>>> {
        match self.0.get(serial) {
            Some(key) => trusted(py, key),
            None => Ok(None),
        }
    }

    /// Every serial and key id, sorted.
    fn serials(&self) -> Vec<String> {
        self.0.serials()
    }

    /// The platform certificates.
    fn certificates(&self) -> Vec<Certificate> {
        self.0.certificates().into_iter().map(Certificate).collect()
    }

    /// The WeChat Pay public keys as `(key_id, key)`.
    fn public_keys(&self) -> Vec<(String, PublicKey)> {
        self.0.public_keys().into_iter().map(|(id, key)| (id, PublicKey(key))).collect()
    }

    /// The certificate to encrypt sensitive fields with at `now` (default: now).
    #[pyo3(signature = (now = None))]
    fn certificate_for_encryption(&self, now: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Certificate>> {
        Ok(match now {
            Some(now) => self.0.certificate_for_encryption_at(crate::unix_seconds(now)?),
            None => self.0.certificate_for_encryption(),
        }
        .map(Certificate))
    }

    /// An independent copy (later changes to either do not reach the other).
    fn detached_copy(&self) -> Self {
        Self(self.0.detached_copy())
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __contains__(&self, serial: &str) -> bool {
        self.0.contains(serial)
    }

    fn __repr__(&self) -> String {
        format!("TrustStore({:?})", self.0.serials())
    }
}

/// Verifies WeChat Pay responses and callbacks (signature, serial, certificate
/// validity, replay window). Share one between threads.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct Verifier(pub(crate) verify::Verifier);

#[pymethods]
impl Verifier {
    /// `replay_window`: seconds, inclusive. `clock`: where "now" comes from
    /// (default: the system clock).
    #[new]
    #[pyo3(signature = (trust_store, replay_window = 300, clock = None))]
    fn new(trust_store: &TrustStore, replay_window: u64, clock: Option<&Clock>) -> Self {
        let mut options = verify::VerifierOptions { replay_window, ..Default::default() };
        if let Some(clock) = clock {
            options.clock = clock.0.clone();
        }
        Self(verify::Verifier::new(trust_store.0.clone(), options))
    }

    #[getter]
    fn replay_window(&self) -> u64 {
        self.0.replay_window()
    }

    /// The trust store (the same shared handle).
    #[getter]
    fn trust_store(&self) -> TrustStore {
        TrustStore(self.0.trust_store().clone())
    }

    /// The clock.
    #[getter]
    fn clock(&self) -> Clock {
        Clock(self.0.options().clock.clone())
    }

    /// Verifies a response or callback; raises a `VerificationError` subclass.
    /// `headers`: any mapping or iterable of pairs; `body`: the raw bytes;
    /// `now`: Unix seconds or an aware datetime (default: the verifier's clock).
    #[pyo3(signature = (headers, body, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> Res<()> {
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
