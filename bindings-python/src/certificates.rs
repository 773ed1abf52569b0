//! `certificates`: the `/v3/certificates` download (decrypt, then verify).

use pyo3::prelude::*;
use wechatpay_core::v3::{certificates as core, verify};

use crate::convert::{header_pairs, raw_body};
use crate::errors::Res;
use crate::keys::{ApiV3Key, Certificate};
use crate::verify::Verifier;

/// Decrypts every certificate of a `/v3/certificates` body WITHOUT verifying
/// the response signature (use `download_response` for that).
#[pyfunction]
fn decrypt_certificates(py: Python<'_>, body: &Bound<'_, PyAny>, apiv3_key: &ApiV3Key) -> Res<Vec<Certificate>> {
    let body = raw_body(body)?;
    let certs = py.detach(|| core::decrypt_certificates(&body, &apiv3_key.0))?;
    Ok(certs.into_iter().map(Certificate).collect())
}

/// Decrypts the certificates of a `/v3/certificates` response and verifies the
/// response's signature with them (or with the keys `verifier` already trusts);
/// returns them. Adding them to a trust store is up to the caller.
#[pyfunction]
#[pyo3(signature = (headers, body, apiv3_key, verifier, now = None))]
fn download_response(
    py: Python<'_>,
    headers: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    apiv3_key: &ApiV3Key,
    verifier: &Verifier,
    now: Option<&Bound<'_, PyAny>>,
) -> Res<Vec<Certificate>> {
    let pairs = header_pairs(headers)?;
    let body = raw_body(body)?;
    let now = now.map(crate::unix_seconds).transpose()?;
    let certs = py.detach(|| {
        let headers = verify::WechatpayHeaders::from_pairs(&pairs)?;
        match now {
            Some(now) => core::download_response_at(&headers, &body, &apiv3_key.0, &verifier.0, now),
            None => core::download_response(&headers, &body, &apiv3_key.0, &verifier.0),
        }
    })?;
    Ok(certs.into_iter().map(Certificate).collect())
}

/// The `/v3/certificates` body WeChat Pay sends for `certs` (each encrypted).
#[pyfunction]
fn certificates_body(py: Python<'_>, apiv3_key: &ApiV3Key, certs: Vec<PyRef<'_, Certificate>>) -> Res<String> {
    let certs: Vec<wechatpay_core::keys::Certificate> = certs.iter().map(|c| c.0.clone()).collect();
    Ok(py.detach(|| core::certificates_body(&apiv3_key.0, &certs))?)
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = crate::submodule(parent, "certificates")?;
    m.add_function(wrap_pyfunction!(decrypt_certificates, &m)?)?;
    m.add_function(wrap_pyfunction!(download_response, &m)?)?;
    m.add_function(wrap_pyfunction!(certificates_body, &m)?)?;
    Ok(())
}
