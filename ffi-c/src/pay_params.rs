//! `pay_params`: what the front end needs to start a payment (JSAPI,
//! mini-program, APP with the APIv3 or APIv2 key; H5 redirect; OAuth2 URL).
//! The parameter sets come out as JSON objects, exactly as the front end passes
//! them to `WeixinJSBridge` / `wx.requestPayment` / the APP SDK.

use std::ffi::c_char;

use wechatpay_core::pay_params::{self, OAuthScope};

use crate::boundary::ffi_boundary;
use crate::io::{self, Out};
use crate::keys::{wechatpay_apiv2_key, wechatpay_private_key};
use crate::result::wechatpay_result;
use crate::v2::sign_type;

/// Which payment the parameters are for.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_pay_kind {
    /// JSAPI (`WeixinJSBridge.invoke('getBrandWCPayRequest', …)`): `{appId,timeStamp,nonceStr,package,signType,paySign}`.
    Jsapi = 0,
    /// Mini-program (`wx.requestPayment`): same fields and algorithm as JSAPI.
    Miniprogram = 1,
    /// APP SDK: `{appid,partnerid,prepayid,package,noncestr,timestamp,sign}`.
    App = 2,
}

/// The OAuth2 scope of `wechatpay_pay_params_oauth2_authorize_url`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_oauth_scope {
    /// `snsapi_base`: silent, gives the openid.
    Base = 0,
    /// `snsapi_userinfo`: asks the user, gives profile data.
    UserInfo = 1,
}

/// Signed APIv3 payment parameters as JSON (free with `wechatpay_string_free`).
/// `kind` is a `wechatpay_pay_kind`; `mchid` is used for `App` only (may be NULL
/// otherwise). With `nonce` NULL the current time and a random nonce are used;
/// otherwise `timestamp` and `nonce` are signed as given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_pay_params_v3(
    key: *const wechatpay_private_key,
    kind: u32,
    appid: *const c_char,
    appid_len: usize,
    mchid: *const c_char,
    mchid_len: usize,
    prepay_id: *const c_char,
    prepay_id_len: usize,
    timestamp: i64,
    nonce: *const c_char,
    nonce_len: usize,
    json_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let key = &unsafe { io::handle(key, "key") }?.inner;
        let appid = unsafe { io::text(appid, appid_len, "appid") }?;
        let mchid = unsafe { io::opt_text(mchid, mchid_len, "mchid") }?;
        let prepay_id = unsafe { io::text(prepay_id, prepay_id_len, "prepay_id") }?;
        let nonce = unsafe { io::opt_text(nonce, nonce_len, "nonce") }?;
        let out = unsafe { Out::new(json_out, "json_out") }?;
        let json = match (kind, nonce) {
            (0, None) => pay_params::jsapi(key, appid, prepay_id)?.to_json(),
            (0, Some(n)) => pay_params::jsapi_with(key, appid, prepay_id, timestamp, n)?.to_json(),
            (1, None) => pay_params::miniprogram(key, appid, prepay_id)?.to_json(),
            (1, Some(n)) => pay_params::miniprogram_with(key, appid, prepay_id, timestamp, n)?.to_json(),
            (2, nonce) => {
                let mchid = mchid.ok_or(crate::boundary::FfiError::Null("mchid"))?;
                match nonce {
                    None => pay_params::app(key, appid, mchid, prepay_id)?.to_json(),
                    Some(n) => pay_params::app_with(key, appid, mchid, prepay_id, timestamp, n)?.to_json(),
                }
            }
            _ => return Err(io::bad_field("kind")),
        };
        out.set(io::c_string(json)?);
        Ok(())
    })
}

/// Signed APIv2 payment parameters (MD5 or HMAC-SHA256 with the APIv2 key) as
/// JSON. `kind` is `Jsapi`/`Miniprogram` (same fields) or `App` (`mchid` required).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_pay_params_v2(
    key: *const wechatpay_apiv2_key,
    sign_type_name: *const c_char,
    sign_type_len: usize,
    kind: u32,
    appid: *const c_char,
    appid_len: usize,
    mchid: *const c_char,
    mchid_len: usize,
    prepay_id: *const c_char,
    prepay_id_len: usize,
    timestamp: i64,
    nonce: *const c_char,
    nonce_len: usize,
    json_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let key = &unsafe { io::handle(key, "key") }?.inner;
        let sign_type = unsafe { sign_type(sign_type_name, sign_type_len) }?;
        let appid = unsafe { io::text(appid, appid_len, "appid") }?;
        let mchid = unsafe { io::opt_text(mchid, mchid_len, "mchid") }?;
        let prepay_id = unsafe { io::text(prepay_id, prepay_id_len, "prepay_id") }?;
        let nonce = unsafe { io::text(nonce, nonce_len, "nonce") }?;
        let out = unsafe { Out::new(json_out, "json_out") }?;
        let json = match kind {
            0 | 1 => pay_params::jsapi_v2_with(key, sign_type, appid, prepay_id, timestamp, nonce)?.to_json(),
            2 => {
                let mchid = mchid.ok_or(crate::boundary::FfiError::Null("mchid"))?;
                pay_params::app_v2_with(key, sign_type, appid, mchid, prepay_id, timestamp, nonce)?.to_json()
            }
            _ => return Err(io::bad_field("kind")),
        };
        out.set(io::c_string(json)?);
        Ok(())
    })
}

/// The H5 payment URL with `redirect_url` appended (percent-encoded).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_pay_params_h5_redirect_url(
    h5_url: *const c_char,
    h5_url_len: usize,
    redirect_url: *const c_char,
    redirect_url_len: usize,
    url_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let h5_url = unsafe { io::text(h5_url, h5_url_len, "h5_url") }?;
        let redirect = unsafe { io::text(redirect_url, redirect_url_len, "redirect_url") }?;
        let out = unsafe { Out::new(url_out, "url_out") }?;
        out.set(io::c_string(pay_params::h5_redirect_url(h5_url, redirect)?)?);
        Ok(())
    })
}

/// The OAuth2 authorize URL that gives the payer's openid. `scope` is a
/// `wechatpay_oauth_scope`; `state` may be NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_pay_params_oauth2_authorize_url(
    appid: *const c_char,
    appid_len: usize,
    redirect_uri: *const c_char,
    redirect_uri_len: usize,
    scope: u32,
    state: *const c_char,
    state_len: usize,
    url_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let appid = unsafe { io::text(appid, appid_len, "appid") }?;
        let redirect = unsafe { io::text(redirect_uri, redirect_uri_len, "redirect_uri") }?;
        let state = unsafe { io::opt_text(state, state_len, "state") }?;
        let out = unsafe { Out::new(url_out, "url_out") }?;
        let scope = match scope {
            0 => OAuthScope::Base,
            1 => OAuthScope::UserInfo,
            _ => return Err(io::bad_field("scope")),
        };
        out.set(io::c_string(pay_params::oauth2_authorize_url(appid, redirect, scope, state)?)?);
        Ok(())
    })
}
