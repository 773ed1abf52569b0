//! `v3::certificates`: the `/v3/certificates` download.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v3::certificates as core;
use wechatpay_core::v3::verify::WechatpayHeaders;

use crate::error::{self, Result};
use crate::input;
use crate::keys::{ApiV3Key, Certificate};
use crate::v3::verify::Verifier;

/// Decrypts the certificates of a `/v3/certificates` body WITHOUT checking its signature.
#[napi(catch_unwind)]
pub fn decrypt_certificates(body: Either<String, Uint8Array>, apiv3_key: &ApiV3Key) -> Result<Vec<Certificate>> {
    let certificates = core::decrypt_certificates(&input::body_bytes(body), &apiv3_key.inner).map_err(error::core)?;
    Ok(certificates.into_iter().map(|inner| Certificate { inner }).collect())
}

/// Decrypts a `/v3/certificates` response and verifies its signature with the
/// downloaded certificates plus what `verifier` trusts, at the verifier's clock
/// (or `now`, Unix seconds). The verifier's store is not changed: add the
/// certificates you accept yourself.
#[napi(
    catch_unwind,
    ts_args_type = "headers: HeadersLike, body: Uint8Array | string, apiv3Key: ApiV3Key, verifier: Verifier, now?: number"
)]
pub fn download_response(
    env: Env,
    headers: Unknown,
    body: Either<String, Uint8Array>,
    apiv3_key: &ApiV3Key,
    verifier: &Verifier,
    now: Option<i64>,
) -> Result<Vec<Certificate>> {
    let pairs = input::header_pairs(&env, headers)?;
    let headers = WechatpayHeaders::from_pairs(&pairs).map_err(error::core)?;
    let body = input::body_bytes(body);
    let certificates = match now {
        Some(now) => core::download_response_at(&headers, &body, &apiv3_key.inner, &verifier.inner, now),
        None => core::download_response(&headers, &body, &apiv3_key.inner, &verifier.inner),
    }
    .map_err(error::core)?;
    Ok(certificates.into_iter().map(|inner| Certificate { inner }).collect())
}

/// The `/v3/certificates` body WeChat Pay would send for `certificates` (for test doubles).
#[napi(catch_unwind)]
pub fn certificates_body(apiv3_key: &ApiV3Key, certificates: Vec<&Certificate>) -> Result<String> {
    let list: Vec<_> = certificates.iter().map(|c| c.inner.clone()).collect();
    core::certificates_body(&apiv3_key.inner, &list).map_err(error::core)
}
