//! `v2`: the legacy APIv2 (MD5 / HMAC-SHA256 signs over a `dict`, XML, refund `req_info`).
//! Parameters are a `dict[str, str]` (order kept); the key is `wechatpay_core.ApiV2Key`.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use wechatpay_core::v2 as core;

use crate::convert::{bytes_or_str, str_map};
use crate::errors::Res;
use crate::keys::ApiV2Key;

fn to_params(value: &Bound<'_, PyAny>) -> Res<core::Params> {
    Ok(core::Params::from_pairs(str_map(value, "params")?)?)
}

fn to_dict<'py>(py: Python<'py>, params: &core::Params) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in params.iter() {
        dict.set_item(k, v)?;
    }
    Ok(dict)
}

/// The exact string that is hashed (`k=v&...&key=KEY`). Contains the key: never log it.
#[pyfunction]
fn string_to_sign(params: &Bound<'_, PyAny>, key: &ApiV2Key) -> Res<String> {
    Ok(core::sign::string_to_sign(&to_params(params)?, &key.0))
}

/// The uppercase hex sign of `params` (`sign` and empty values excluded);
/// `sign_type`: "MD5" or "HMAC-SHA256".
#[pyfunction]
#[pyo3(signature = (params, key, sign_type = "MD5"))]
fn sign(params: &Bound<'_, PyAny>, key: &ApiV2Key, sign_type: &str) -> Res<String> {
    let sign_type = core::SignType::parse(sign_type)?;
    Ok(core::sign::sign(&to_params(params)?, &key.0, sign_type))
}

/// Checks `params["sign"]`; raises a `WeChatPayError` subclass when it does not match.
#[pyfunction]
#[pyo3(signature = (params, key, sign_type = "MD5"))]
fn verify(params: &Bound<'_, PyAny>, key: &ApiV2Key, sign_type: &str) -> Res<()> {
    let sign_type = core::SignType::parse(sign_type)?;
    Ok(core::sign::verify(&to_params(params)?, &key.0, sign_type)?)
}

/// Checks `params["sign"]` with the algorithm its `sign_type` names (MD5 when
/// absent); returns that sign type.
#[pyfunction]
fn verify_as_signed(params: &Bound<'_, PyAny>, key: &ApiV2Key) -> Res<&'static str> {
    Ok(core::sign::verify_as_signed(&to_params(params)?, &key.0)?.as_str())
}

/// APIv2 XML (`bytes` or `str`) to a `dict[str, str]` in document order;
/// DOCTYPE, duplicate keys and nesting are refused.
#[pyfunction]
fn xml_decode<'py>(py: Python<'py>, xml: &Bound<'py, PyAny>) -> Res<Bound<'py, PyDict>> {
    let xml = bytes_or_str(xml, "xml")?;
    Ok(to_dict(py, &core::xml::decode(&xml)?)?)
}

/// A `dict[str, str]` as APIv2 XML.
#[pyfunction]
fn xml_encode(params: &Bound<'_, PyAny>) -> Res<String> {
    Ok(core::xml::encode(&to_params(params)?)?)
}

/// The XML answer that acknowledges an APIv2 notification.
#[pyfunction]
fn success_ack() -> &'static str {
    core::xml::success_ack()
}

/// The XML answer that refuses an APIv2 notification.
#[pyfunction]
fn fail_ack(message: &str) -> String {
    core::xml::fail_ack(message)
}

/// Decrypts a refund notification's `req_info` to its XML text.
#[pyfunction]
fn decrypt_req_info(py: Python<'_>, req_info: &str, key: &ApiV2Key) -> Res<String> {
    Ok(py.detach(|| core::refund::decrypt_req_info(req_info, &key.0))?)
}

/// Decrypts `req_info` and decodes its XML to a `dict[str, str]`.
#[pyfunction]
fn decrypt_req_info_params<'py>(py: Python<'py>, req_info: &str, key: &ApiV2Key) -> Res<Bound<'py, PyDict>> {
    let params = py.detach(|| core::refund::decrypt_req_info_params(req_info, &key.0))?;
    Ok(to_dict(py, &params)?)
}

/// Encrypts XML text to a `req_info` (for tests and simulators).
#[pyfunction]
fn encrypt_req_info(py: Python<'_>, plaintext: &str, key: &ApiV2Key) -> Res<String> {
    Ok(py.detach(|| core::refund::encrypt_req_info(plaintext, &key.0))?)
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = crate::submodule(parent, "v2")?;
    m.add_function(wrap_pyfunction!(string_to_sign, &m)?)?;
    m.add_function(wrap_pyfunction!(sign, &m)?)?;
    m.add_function(wrap_pyfunction!(verify, &m)?)?;
    m.add_function(wrap_pyfunction!(verify_as_signed, &m)?)?;
    m.add_function(wrap_pyfunction!(xml_decode, &m)?)?;
    m.add_function(wrap_pyfunction!(xml_encode, &m)?)?;
    m.add_function(wrap_pyfunction!(success_ack, &m)?)?;
    m.add_function(wrap_pyfunction!(fail_ack, &m)?)?;
    m.add_function(wrap_pyfunction!(decrypt_req_info, &m)?)?;
    m.add_function(wrap_pyfunction!(decrypt_req_info_params, &m)?)?;
    m.add_function(wrap_pyfunction!(encrypt_req_info, &m)?)?;
    Ok(())
}
