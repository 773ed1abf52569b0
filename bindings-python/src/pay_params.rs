//! `pay_params`: client-side payment parameters, as `dict`s ready for `json.dumps`.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use wechatpay_core::pay_params as core;
use wechatpay_core::v2::SignType;

use crate::convert::json_to_py;
use crate::errors::Res;
use crate::keys::ApiV2Key;
use crate::keys::PrivateKey;

fn dict<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> Res<Bound<'py, PyDict>> {
    let value = serde_json::to_value(value).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok(json_to_py(py, &value)?.cast_into::<PyDict>().map_err(PyErr::from)?)
}

/// APIv3 JSAPI (WeChat in-app browser) parameters: `appId`, `timeStamp`, `nonceStr`,
/// `package`, `signType`, `paySign`. `timestamp`/`nonce_str` default to now / a fresh nonce.
#[pyfunction]
#[pyo3(signature = (private_key, appid, prepay_id, *, timestamp = None, nonce_str = None))]
fn jsapi<'py>(
    py: Python<'py>,
    private_key: &PrivateKey,
    appid: &str,
    prepay_id: &str,
    timestamp: Option<i64>,
    nonce_str: Option<&str>,
) -> Res<Bound<'py, PyDict>> {
    let params = py.detach(|| match (timestamp, nonce_str) {
        (None, None) => core::jsapi(&private_key.0, appid, prepay_id),
        _ => {
            let (ts, nonce) = fill(timestamp, nonce_str)?;
            core::jsapi_with(&private_key.0, appid, prepay_id, ts, &nonce)
        }
    })?;
    dict(py, &params)
}

/// Mini Program parameters (the JSAPI algorithm).
#[pyfunction]
#[pyo3(signature = (private_key, appid, prepay_id, *, timestamp = None, nonce_str = None))]
fn miniprogram<'py>(
    py: Python<'py>,
    private_key: &PrivateKey,
    appid: &str,
    prepay_id: &str,
    timestamp: Option<i64>,
    nonce_str: Option<&str>,
) -> Res<Bound<'py, PyDict>> {
    let params = py.detach(|| {
        let (ts, nonce) = fill(timestamp, nonce_str)?;
        core::miniprogram_with(&private_key.0, appid, prepay_id, ts, &nonce)
    })?;
    dict(py, &params)
}

/// APIv3 app parameters: `appid`, `partnerid`, `prepayid`, `package`, `noncestr`, `timestamp`, `sign`.
#[pyfunction]
#[pyo3(signature = (private_key, appid, mchid, prepay_id, *, timestamp = None, nonce_str = None))]
fn app<'py>(
    py: Python<'py>,
    private_key: &PrivateKey,
    appid: &str,
    mchid: &str,
    prepay_id: &str,
    timestamp: Option<i64>,
    nonce_str: Option<&str>,
) -> Res<Bound<'py, PyDict>> {
    let params = py.detach(|| {
        let (ts, nonce) = fill(timestamp, nonce_str)?;
        core::app_with(&private_key.0, appid, mchid, prepay_id, ts, &nonce)
    })?;
    dict(py, &params)
}

/// APIv2 JSAPI parameters signed with the APIv2 key (`sign_type`: "MD5" or "HMAC-SHA256").
#[pyfunction]
#[pyo3(signature = (apiv2_key, sign_type, appid, prepay_id, *, timestamp = None, nonce_str = None))]
fn jsapi_v2<'py>(
    py: Python<'py>,
    apiv2_key: &ApiV2Key,
    sign_type: &str,
    appid: &str,
    prepay_id: &str,
    timestamp: Option<i64>,
    nonce_str: Option<&str>,
) -> Res<Bound<'py, PyDict>> {
    let sign_type = SignType::parse(sign_type)?;
    let (ts, nonce) = fill(timestamp, nonce_str)?;
    let params = core::jsapi_v2_with(&apiv2_key.0, sign_type, appid, prepay_id, ts, &nonce)?;
    dict(py, &params)
}

/// APIv2 app parameters signed with the APIv2 key.
#[pyfunction]
#[pyo3(signature = (apiv2_key, sign_type, appid, mchid, prepay_id, *, timestamp = None, nonce_str = None))]
#[allow(clippy::too_many_arguments)]
fn app_v2<'py>(
    py: Python<'py>,
    apiv2_key: &ApiV2Key,
    sign_type: &str,
    appid: &str,
    mchid: &str,
    prepay_id: &str,
    timestamp: Option<i64>,
    nonce_str: Option<&str>,
) -> Res<Bound<'py, PyDict>> {
    let sign_type = SignType::parse(sign_type)?;
    let (ts, nonce) = fill(timestamp, nonce_str)?;
    let params = core::app_v2_with(&apiv2_key.0, sign_type, appid, mchid, prepay_id, ts, &nonce)?;
    dict(py, &params)
}

/// The H5 `h5_url` with `redirect_url` appended (percent-encoded).
#[pyfunction]
fn h5_redirect_url(h5_url: &str, redirect_url: &str) -> Res<String> {
    Ok(core::h5_redirect_url(h5_url, redirect_url)?)
}

/// The OAuth2 authorize URL (to get the payer's openid). `scope`: "snsapi_base" or "snsapi_userinfo".
#[pyfunction]
#[pyo3(signature = (appid, redirect_uri, scope = "snsapi_base", state = None))]
fn oauth2_authorize_url(appid: &str, redirect_uri: &str, scope: &str, state: Option<&str>) -> Res<String> {
    let scope = core::OAuthScope::parse(scope)?;
    Ok(core::oauth2_authorize_url(appid, redirect_uri, scope, state)?)
}

/// A given timestamp/nonce, or now / a fresh nonce for the one left out.
fn fill(timestamp: Option<i64>, nonce: Option<&str>) -> wechatpay_core::Result<(i64, String)> {
    let timestamp = match timestamp {
        Some(ts) => ts,
        None => wechatpay_core::clock::now(),
    };
    let nonce = match nonce {
        Some(n) => n.to_owned(),
        None => wechatpay_core::nonce::generate()?,
    };
    Ok((timestamp, nonce))
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = crate::submodule(parent, "pay_params")?;
    m.add_function(wrap_pyfunction!(jsapi, &m)?)?;
    m.add_function(wrap_pyfunction!(miniprogram, &m)?)?;
    m.add_function(wrap_pyfunction!(app, &m)?)?;
    m.add_function(wrap_pyfunction!(jsapi_v2, &m)?)?;
    m.add_function(wrap_pyfunction!(app_v2, &m)?)?;
    m.add_function(wrap_pyfunction!(h5_redirect_url, &m)?)?;
    m.add_function(wrap_pyfunction!(oauth2_authorize_url, &m)?)?;
    Ok(())
}
