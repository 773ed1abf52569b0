//! `certificates`: the `/v3/certificates` download (decrypt, then verify).

use pyo3::prelude::*;
use wechatpay_core::v3::{certificates as core, verify};

use crate::convert::{header_pairs, raw_body};
use crate::errors::Res;
use crate::keys::{ApiV3Key, Certificate};
use crate::verify::TrustStore;

/// Decrypts every certificate of a `/v3/certificates` body WITHOUT verifying
/// the response signature (use `download_response` for that).
#[pyfunction]
fn decrypt_certificates(py: Python<'_>, body: &Bound<'_, PyAny>, apiv3_key: &ApiV3Key) -> Res<Vec<Certificate>> {
    let body = raw_body(body)?;
    let certs = py.detach(|| core::decrypt_certificates(&body, &apiv3_key.0))?;
    Ok(certs.into_iter().map(Certificate).collect())
}

/// Decrypts the certificates of a download response and verifies the
/// response's signature with them (or with `trust_store`); returns them.
#[pyfunction]
#[pyo3(signature = (headers, body, apiv3_key, trust_store = None, now = None))]
fn download_response(
    py: Python<'_>,
    headers: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    apiv3_key: &ApiV3Key,
    trust_store: Option<&TrustStore>,
    now: Option<&Bound<'_, PyAny>>,
) -> Res<Vec<Certificate>> {
    let pairs = header_pairs(headers)?;
    let body = raw_body(body)?;
    let now = match now {
        Some(now) => crate::unix_seconds(now)?,
        None => crate::compat::unix_now(),
    };
    let fallback = trust_store.map(TrustStore::snapshot).transpose()?;
    let certs = py.detach(|| {
        let headers = verify::WechatpayHeaders::from_pairs(&pairs)?;
        core::download_response(&headers, &body, &apiv3_key.0, fallback.as_ref(), now)
    })?;
    Ok(certs.into_iter().map(Certificate).collect())
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = crate::submodule(parent, "certificates")?;
    m.add_function(wrap_pyfunction!(decrypt_certificates, &m)?)?;
    m.add_function(wrap_pyfunction!(download_response, &m)?)?;
    Ok(())
}
