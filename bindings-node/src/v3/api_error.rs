//! `api_error`: WeChat Pay's APIv3 error bodies and the code catalogue.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v3::api_error as core;

use crate::error::{self, Result};
use crate::input;

/// What a catalogued error code means and what to do.
#[napi(object)]
pub struct CodeInfo {
    pub code: String,
    pub meaning: String,
    pub retryable: bool,
    pub action: String,
}

impl From<&core::CodeInfo> for CodeInfo {
    fn from(info: &core::CodeInfo) -> Self {
        CodeInfo {
            code: info.code.to_owned(),
            meaning: info.meaning.to_owned(),
            retryable: info.retryable,
            action: info.action.to_owned(),
        }
    }
}

/// A parsed APIv3 error body (`{"code","message","detail"}`).
#[napi(object)]
pub struct ApiError {
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
    #[napi(ts_type = "unknown")]
    pub detail: Option<serde_json::Value>,
    /// Whether retrying the same request may succeed.
    pub retryable: bool,
    /// The catalogue entry, when the code is known.
    pub info: Option<CodeInfo>,
}

/// Parses an error response body (`status` = HTTP status when known).
#[napi(catch_unwind)]
pub fn parse_api_error(status: Option<u16>, body: Either<String, Uint8Array>) -> Result<ApiError> {
    let parsed = core::ApiError::parse(status, &input::body_bytes(body)).map_err(error::core)?;
    Ok(ApiError {
        retryable: parsed.is_retryable(),
        info: parsed.info().map(CodeInfo::from),
        status: parsed.status,
        code: parsed.code,
        message: parsed.message,
        detail: parsed.detail,
    })
}

/// The catalogue entry of an error code.
#[napi(catch_unwind)]
pub fn lookup_api_error(code: String) -> Option<CodeInfo> {
    core::lookup(&code).map(CodeInfo::from)
}

/// Every catalogued error code.
#[napi(catch_unwind)]
pub fn api_error_catalogue() -> Vec<CodeInfo> {
    core::catalogue().iter().map(CodeInfo::from).collect()
}
