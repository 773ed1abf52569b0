//! `v2`: the legacy APIv2 (MD5 / HMAC-SHA256 signs, XML, refund `req_info`).
//! Exported under the `v2` namespace: `require('wechatpay-core').v2.sign(...)`.

use std::collections::{BTreeMap, HashMap};

use napi_derive::napi;
use wechatpay_core::v2 as core;

use crate::error::{self, Result};

/// The APIv2 key (32 characters). Never printed.
#[napi(namespace = "v2")]
pub struct ApiV2Key {
    pub(crate) inner: core::ApiV2Key,
}

#[napi(namespace = "v2")]
impl ApiV2Key {
    /// `new v2.ApiV2Key(key)`.
    #[napi(constructor, catch_unwind)]
    pub fn new(key: String) -> Result<Self> {
        Ok(Self { inner: core::ApiV2Key::new(key).map_err(error::core)? })
    }

    /// Never the key material.
    #[napi(js_name = "toString", catch_unwind)]
    pub fn to_js_string(&self) -> String {
        "ApiV2Key([redacted])".to_owned()
    }
}

pub(crate) fn sign_type(name: &str) -> Result<core::SignType> {
    core::SignType::parse(name).map_err(error::core)
}

fn to_params(map: HashMap<String, String>) -> BTreeMap<String, String> {
    map.into_iter().collect()
}

/// The exact string hashed: sorted `k=v&…&key=KEY` (drops `sign` and empty values).
/// Contains the key: never log it.
#[napi(namespace = "v2", catch_unwind)]
pub fn string_to_sign(params: HashMap<String, String>, key: &ApiV2Key) -> String {
    core::sign::string_to_sign(&to_params(params), &key.inner)
}

/// Uppercase hex sign of `params` (`signType`: `MD5` or `HMAC-SHA256`).
#[napi(namespace = "v2", catch_unwind, ts_args_type = "params: Record<string, string>, key: ApiV2Key, signType: 'MD5' | 'HMAC-SHA256'")]
pub fn sign(params: HashMap<String, String>, key: &ApiV2Key, sign_type_name: String) -> Result<String> {
    Ok(core::sign::sign(&to_params(params), &key.inner, sign_type(&sign_type_name)?))
}

/// Checks `params.sign`; throws `SIGNATURE_INVALID` (or `HEADER_MISSING`-like kinds) when it does not match.
#[napi(namespace = "v2", catch_unwind, ts_args_type = "params: Record<string, string>, key: ApiV2Key, signType: 'MD5' | 'HMAC-SHA256'")]
pub fn verify(params: HashMap<String, String>, key: &ApiV2Key, sign_type_name: String) -> Result<()> {
    core::sign::verify(&to_params(params), &key.inner, sign_type(&sign_type_name)?).map_err(error::core)
}

/// APIv2 XML to an object of strings (rejects DOCTYPE, duplicates, nesting).
#[napi(namespace = "v2", catch_unwind)]
pub fn decode_xml(xml: napi::Either<String, napi::bindgen_prelude::Uint8Array>) -> Result<HashMap<String, String>> {
    Ok(core::xml::decode(&crate::input::body_bytes(xml)).map_err(error::core)?.into_iter().collect())
}

/// An object of strings to APIv2 XML (`<xml>…</xml>`, CDATA).
#[napi(namespace = "v2", catch_unwind)]
pub fn encode_xml(params: HashMap<String, String>) -> Result<String> {
    core::xml::encode(&to_params(params)).map_err(error::core)
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
#[napi(namespace = "v2", catch_unwind)]
pub fn decrypt_req_info_map(req_info: String, key: &ApiV2Key) -> Result<HashMap<String, String>> {
    Ok(core::refund::decrypt_req_info_map(&req_info, &key.inner).map_err(error::core)?.into_iter().collect())
}

/// Encrypts `req_info` (tests and simulators).
#[napi(namespace = "v2", catch_unwind)]
pub fn encrypt_req_info(plaintext: String, key: &ApiV2Key) -> Result<String> {
    core::refund::encrypt_req_info(&plaintext, &key.inner).map_err(error::core)
}
