//! `v2`: the legacy APIv2 (MD5 / HMAC-SHA256 signs over a `dict`, XML, refund `req_info`).

use std::collections::BTreeMap;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use wechatpay_core::v2 as core;

use crate::convert::{bytes_or_str, str_map};
use crate::errors::Res;

/// The 32-character APIv2 key. Prints as `[redacted]`.
#[pyclass(frozen, module = "wechatpay_core.v2")]
pub(crate) struct ApiV2Key(pub(crate) core::ApiV2Key);

#[pymethods]
impl ApiV2Key {
    #[new]
    fn new(key: &str) -> Res<Self> {
        Ok(Self(core::ApiV2Key::new(key)?))
    }
    fn __repr__(&self) -> &'static str {
        "ApiV2Key([redacted])"
    }
}

fn to_params(value: &Bound<'_, PyAny>) -> PyResult<BTreeMap<String, String>> {
    Ok(str_map(value, "params")?.into_iter().collect())
}

fn to_dict<'py>(py: Python<'py>, map: &BTreeMap<String, String>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        dict.set_item(k, v)?;
    }
    Ok(dict)
}

/// The exact string that is hashed (`k=v&...&key=KEY`). Contains the key: never log it.
#[pyfunction]
fn string_to_sign(params: &Bound<'_, PyAny>, key: &ApiV2Key) -> PyResult<String> {
    Ok(core::sign::string_to_sign(&to_params(params)?, &key.0))
}

/// The uppercase hex sign of `params` (`sign` and empty values excluded).
#[pyfunction]
#[pyo3(signature = (params, key, sign_type = "MD5"))]
fn sign(params: &Bound<'_, PyAny>, key: &ApiV2Key, sign_type: &str) -> Res<String> {
    let sign_type = core::SignType::parse(sign_type)?;
    let map = to_params(params)?;
    Ok(core::sign::sign(&map, &key.0, sign_type))
}

/// Checks `params["sign"]`; raises a `WeChatPayError` subclass when it does not match.
#[pyfunction]
#[pyo3(signature = (params, key, sign_type = "MD5"))]
fn verify(params: &Bound<'_, PyAny>, key: &ApiV2Key, sign_type: &str) -> Res<()> {
    let sign_type = core::SignType::parse(sign_type)?;
    let map = to_params(params)?;
    Ok(core::sign::verify(&map, &key.0, sign_type)?)
}

/// APIv2 XML (`bytes` or `str`) to a `dict[str, str]`; DOCTYPE and duplicate keys are refused.
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
fn decrypt_req_info_map<'py>(py: Python<'py>, req_info: &str, key: &ApiV2Key) -> Res<Bound<'py, PyDict>> {
    let map = py.detach(|| core::refund::decrypt_req_info_map(req_info, &key.0))?;
    Ok(to_dict(py, &map)?)
}

/// Encrypts XML text to a `req_info` (for tests and simulators).
#[pyfunction]
fn encrypt_req_info(py: Python<'_>, plaintext: &str, key: &ApiV2Key) -> Res<String> {
    Ok(py.detach(|| core::refund::encrypt_req_info(plaintext, &key.0))?)
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = crate::submodule(parent, "v2")?;
    m.add_class::<ApiV2Key>()?;
    m.add_function(wrap_pyfunction!(string_to_sign, &m)?)?;
    m.add_function(wrap_pyfunction!(sign, &m)?)?;
    m.add_function(wrap_pyfunction!(verify, &m)?)?;
    m.add_function(wrap_pyfunction!(xml_decode, &m)?)?;
    m.add_function(wrap_pyfunction!(xml_encode, &m)?)?;
    m.add_function(wrap_pyfunction!(success_ack, &m)?)?;
    m.add_function(wrap_pyfunction!(fail_ack, &m)?)?;
    m.add_function(wrap_pyfunction!(decrypt_req_info, &m)?)?;
    m.add_function(wrap_pyfunction!(decrypt_req_info_map, &m)?)?;
    m.add_function(wrap_pyfunction!(encrypt_req_info, &m)?)?;
    Ok(())
}
