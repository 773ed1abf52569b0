//! `v2`: the legacy APIv2 (MD5 / HMAC-SHA256 signs, XML, refund `req_info`).
//! Exported under the `v2` namespace: `require('wechatpay-core').v2.sign(...)`.
//! Parameters are plain objects of strings, in their insertion order (the
//! core's `v2::Params`: ordered, each name once).

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v2 as core;

use crate::error::{self, Result};
use crate::input;
use crate::keys::ApiV2Key;

pub(crate) fn sign_type(name: &str) -> Result<core::SignType> {
    core::SignType::parse(name).map_err(error::core)
}

/// A JS object of strings → `Params`, keeping the key order.
fn params_in(params: Unknown) -> Result<core::Params> {
    if params.get_type().map_err(error::napi_argument("params"))? != ValueType::Object
        || params.is_array().map_err(error::napi_argument("params"))?
    {
        return Err(error::invalid_argument("params", "expected an object of parameter names to string values"));
    }
    // SAFETY: checked to be a (non-array) object just above.
    let object = unsafe { params.cast::<Object>() }.map_err(error::napi_argument("params"))?;
    let names = Object::keys(&object).map_err(error::napi_argument("params"))?;
    let mut pairs = Vec::with_capacity(names.len());
    for name in names {
        let value: Unknown = object.get_named_property(&name).map_err(error::napi_argument("params"))?;
        if value.get_type().map_err(error::napi_argument("params"))? != ValueType::String {
            return Err(error::invalid_argument("params", "every parameter value must be a string"));
        }
        let value: String = object.get_named_property(&name).map_err(error::napi_argument("params"))?;
        pairs.push((name, value));
    }
    core::Params::from_pairs(pairs).map_err(error::core)
}

/// `Params` → a JS object of strings in the same order.
fn params_out<'e>(env: &'e Env, params: &core::Params) -> Result<Object<'e>> {
    let mut object = Object::new(env).map_err(error::napi_argument("params"))?;
    for (name, value) in params.iter() {
        object.set(name, value).map_err(error::napi_argument("params"))?;
    }
    Ok(object)
}

/// The exact string hashed: sorted `k=v&…&key=KEY` (drops `sign` and empty values).
/// It contains the key: never log it.
#[napi(namespace = "v2", catch_unwind, ts_args_type = "params: Record<string, string>, key: ApiV2Key")]
pub fn string_to_sign(params: Unknown, key: &ApiV2Key) -> Result<String> {
    Ok(core::sign::string_to_sign(&params_in(params)?, &key.inner))
}

/// Uppercase hex sign of `params` (`signType`: `MD5` or `HMAC-SHA256`).
#[napi(
    namespace = "v2",
    catch_unwind,
    ts_args_type = "params: Record<string, string>, key: ApiV2Key, signType: 'MD5' | 'HMAC-SHA256'"
)]
pub fn sign(params: Unknown, key: &ApiV2Key, sign_type_name: String) -> Result<String> {
    Ok(core::sign::sign(&params_in(params)?, &key.inner, sign_type(&sign_type_name)?))
}

/// Checks `params.sign` with the given sign type; throws `SIGNATURE_INVALID` when it does not match.
#[napi(
    namespace = "v2",
    catch_unwind,
    ts_args_type = "params: Record<string, string>, key: ApiV2Key, signType: 'MD5' | 'HMAC-SHA256'"
)]
pub fn verify(params: Unknown, key: &ApiV2Key, sign_type_name: String) -> Result<()> {
    core::sign::verify(&params_in(params)?, &key.inner, sign_type(&sign_type_name)?).map_err(error::core)
}

/// Checks `params.sign` with the sign type `params.sign_type` names (MD5 when absent); returns that type.
#[napi(
    namespace = "v2",
    catch_unwind,
    ts_args_type = "params: Record<string, string>, key: ApiV2Key",
    ts_return_type = "'MD5' | 'HMAC-SHA256'"
)]
pub fn verify_as_signed(params: Unknown, key: &ApiV2Key) -> Result<String> {
    Ok(core::sign::verify_as_signed(&params_in(params)?, &key.inner).map_err(error::core)?.as_str().to_owned())
}

/// APIv2 XML (bytes or text) to an object of strings (rejects DOCTYPE, duplicates, nesting).
#[napi(namespace = "v2", catch_unwind, ts_return_type = "Record<string, string>")]
pub fn decode_xml<'e>(env: &'e Env, xml: Either<String, Uint8Array>) -> Result<Object<'e>> {
    let params = core::xml::decode(&input::body_bytes(xml)).map_err(error::core)?;
    params_out(env, &params)
}

/// An object of strings to APIv2 XML (`<xml>…</xml>`), in the object's order.
#[napi(namespace = "v2", catch_unwind, ts_args_type = "params: Record<string, string>")]
pub fn encode_xml(params: Unknown) -> Result<String> {
    core::xml::encode(&params_in(params)?).map_err(error::core)
}

/// The XML answer that acknowledges an APIv2 notification.
#[napi(namespace = "v2", catch_unwind)]
pub fn success_ack() -> String {
    core::xml::success_ack().to_owned()
}

/// The XML answer that refuses an APIv2 notification.
#[napi(namespace = "v2", catch_unwind)]
pub fn fail_ack(message: String) -> String {
    core::xml::fail_ack(&message)
}

/// Decrypts a refund notification's `req_info` to its XML text.
#[napi(namespace = "v2", catch_unwind)]
pub fn decrypt_req_info(req_info: String, key: &ApiV2Key) -> Result<String> {
    core::refund::decrypt_req_info(&req_info, &key.inner).map_err(error::core)
}

/// Decrypts a refund notification's `req_info` to its fields.
#[napi(namespace = "v2", catch_unwind, ts_return_type = "Record<string, string>")]
pub fn decrypt_req_info_params<'e>(env: &'e Env, req_info: String, key: &ApiV2Key) -> Result<Object<'e>> {
    let params = core::refund::decrypt_req_info_params(&req_info, &key.inner).map_err(error::core)?;
    params_out(env, &params)
}

/// Encrypts `req_info` (tests and simulators).
#[napi(namespace = "v2", catch_unwind)]
pub fn encrypt_req_info(plaintext: String, key: &ApiV2Key) -> Result<String> {
    core::refund::encrypt_req_info(&plaintext, &key.inner).map_err(error::core)
}
