//! `pay_params`: what the client (WeixinJSBridge, wx.requestPayment, the APP SDK) needs.

use napi_derive::napi;
use wechatpay_core::pay_params as core;

use crate::error::{self, Result};
use crate::keys::ApiV2Key;
use crate::keys::PrivateKey;
use crate::v2::sign_type;

/// JSAPI / mini-program parameters, exactly the field names the client takes.
#[napi(object)]
pub struct JsapiParams {
    pub app_id: String,
    pub time_stamp: String,
    pub nonce_str: String,
    pub package: String,
    pub sign_type: String,
    pub pay_sign: String,
}

impl From<core::JsapiParams> for JsapiParams {
    fn from(p: core::JsapiParams) -> Self {
        JsapiParams {
            app_id: p.app_id,
            time_stamp: p.time_stamp,
            nonce_str: p.nonce_str,
            package: p.package,
            sign_type: p.sign_type,
            pay_sign: p.pay_sign,
        }
    }
}

/// APP parameters (all lowercase field names, as the APP SDK takes them).
#[napi(object)]
pub struct AppParams {
    pub appid: String,
    pub partnerid: String,
    pub prepayid: String,
    pub package: String,
    pub noncestr: String,
    pub timestamp: String,
    pub sign: String,
}

impl From<core::AppParams> for AppParams {
    fn from(p: core::AppParams) -> Self {
        AppParams {
            appid: p.appid,
            partnerid: p.partnerid,
            prepayid: p.prepayid,
            package: p.package,
            noncestr: p.noncestr,
            timestamp: p.timestamp,
            sign: p.sign,
        }
    }
}

/// A fixed timestamp (Unix seconds) and nonce instead of now and a fresh nonce.
#[napi(object)]
pub struct PayParamsOptions {
    pub timestamp: Option<i64>,
    pub nonce: Option<String>,
}

fn now_and_nonce(options: Option<PayParamsOptions>) -> Result<(i64, String)> {
    let options = options.unwrap_or(PayParamsOptions { timestamp: None, nonce: None });
    let timestamp = match options.timestamp {
        Some(timestamp) => timestamp,
        None => wechatpay_core::clock::now(),
    };
    let nonce = match options.nonce {
        Some(nonce) => nonce,
        None => wechatpay_core::nonce::generate().map_err(error::core)?,
    };
    Ok((timestamp, nonce))
}

/// `WeixinJSBridge.invoke('getBrandWCPayRequest', params)` parameters (APIv3, RSA).
#[napi(catch_unwind)]
pub fn jsapi(
    key: &PrivateKey,
    appid: String,
    prepay_id: String,
    options: Option<PayParamsOptions>,
) -> Result<JsapiParams> {
    let (timestamp, nonce) = now_and_nonce(options)?;
    Ok(core::jsapi_with(&key.inner, &appid, &prepay_id, timestamp, &nonce).map_err(error::core)?.into())
}

/// `wx.requestPayment(params)` parameters (mini-program; same algorithm as JSAPI).
#[napi(catch_unwind)]
pub fn miniprogram(
    key: &PrivateKey,
    appid: String,
    prepay_id: String,
    options: Option<PayParamsOptions>,
) -> Result<JsapiParams> {
    let (timestamp, nonce) = now_and_nonce(options)?;
    Ok(core::miniprogram_with(&key.inner, &appid, &prepay_id, timestamp, &nonce).map_err(error::core)?.into())
}

/// APP SDK parameters.
#[napi(catch_unwind)]
pub fn app(
    key: &PrivateKey,
    appid: String,
    mchid: String,
    prepay_id: String,
    options: Option<PayParamsOptions>,
) -> Result<AppParams> {
    let (timestamp, nonce) = now_and_nonce(options)?;
    Ok(core::app_with(&key.inner, &appid, &mchid, &prepay_id, timestamp, &nonce).map_err(error::core)?.into())
}

/// APIv2 JSAPI parameters (`signType` MD5 or HMAC-SHA256).
#[napi(catch_unwind)]
pub fn jsapi_v2(
    key: &ApiV2Key,
    sign_type_name: String,
    appid: String,
    prepay_id: String,
    options: Option<PayParamsOptions>,
) -> Result<JsapiParams> {
    let (timestamp, nonce) = now_and_nonce(options)?;
    let sign_type = sign_type(&sign_type_name)?;
    Ok(core::jsapi_v2_with(&key.inner, sign_type, &appid, &prepay_id, timestamp, &nonce).map_err(error::core)?.into())
}

/// APIv2 APP parameters.
#[napi(catch_unwind)]
pub fn app_v2(
    key: &ApiV2Key,
    sign_type_name: String,
    appid: String,
    mchid: String,
    prepay_id: String,
    options: Option<PayParamsOptions>,
) -> Result<AppParams> {
    let (timestamp, nonce) = now_and_nonce(options)?;
    let sign_type = sign_type(&sign_type_name)?;
    Ok(core::app_v2_with(&key.inner, sign_type, &appid, &mchid, &prepay_id, timestamp, &nonce)
        .map_err(error::core)?
        .into())
}

/// The H5 `h5_url` with `redirect_url` appended (URL-encoded).
#[napi(catch_unwind)]
pub fn h5_redirect_url(h5_url: String, redirect_url: String) -> Result<String> {
    core::h5_redirect_url(&h5_url, &redirect_url).map_err(error::core)
}

/// The OAuth2 authorize URL that yields the payer's openid (`scope`: `snsapi_base` or `snsapi_userinfo`).
#[napi(
    catch_unwind,
    ts_args_type = "appid: string, redirectUri: string, scope: 'snsapi_base' | 'snsapi_userinfo', state?: string"
)]
pub fn oauth2_authorize_url(
    appid: String,
    redirect_uri: String,
    scope: String,
    state: Option<String>,
) -> Result<String> {
    let scope = core::OAuthScope::parse(&scope).map_err(error::core)?;
    core::oauth2_authorize_url(&appid, &redirect_uri, scope, state.as_deref()).map_err(error::core)
}
