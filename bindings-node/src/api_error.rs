//! `api_error`: WeChat Pay's APIv3 error bodies and the code catalogue.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::api_error as core;

use crate::error::{self, Result};
use crate::input;

/// What a catalogued error code means and what to do.
#[napi(object)]
pub struct CodeInfo {
    pub code: String,
    /// The HTTP status APIv3 answers it with (none for APIv2-only codes).
    pub status: Option<u16>,
    pub meaning: String,
    /// Whether sending the very same request again (after a pause) is safe and can succeed.
    pub safe_to_resend: bool,
    pub action: String,
}

impl From<&core::CodeInfo> for CodeInfo {
    fn from(info: &core::CodeInfo) -> Self {
        CodeInfo {
            code: info.code.to_owned(),
            status: info.status,
            meaning: info.meaning.to_owned(),
            safe_to_resend: info.safe_to_resend,
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
    /// Whether sending the very same request again is safe and can succeed.
    pub safe_to_resend: bool,
    /// The catalogue entry, when the code is known.
    pub info: Option<CodeInfo>,
    /// For `SIGN_ERROR`: the message WeChat Pay reconstructed (compare it with yours).
    pub sign_information: Option<SignInformation>,
}

/// `detail.sign_information` of a `SIGN_ERROR`.
#[napi(object)]
pub struct SignInformation {
    pub method: String,
    pub url: String,
    pub sign_message_length: f64,
    pub truncated_sign_message: String,
}

/// Parses an error response body (`status` = HTTP status when known).
#[napi(catch_unwind)]
pub fn parse_api_error(status: Option<u16>, body: Either<String, Uint8Array>) -> Result<ApiError> {
    let parsed = core::ApiError::parse(status, &input::body_bytes(body)).map_err(error::core)?;
    Ok(ApiError {
        safe_to_resend: parsed.is_safe_to_resend(),
        info: parsed.info().map(CodeInfo::from),
        sign_information: parsed.sign_information().map(|s| SignInformation {
            method: s.method,
            url: s.url,
            sign_message_length: s.sign_message_length as f64,
            truncated_sign_message: s.truncated_sign_message,
        }),
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
