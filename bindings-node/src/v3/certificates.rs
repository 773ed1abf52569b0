//! `v3::certificates`: the `/v3/certificates` download.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v3::certificates as core;
use wechatpay_core::v3::verify::WechatpayHeaders;

use crate::error::{self, Result};
use crate::input;
use crate::keys::{ApiV3Key, Certificate};
use crate::v3::verify::TrustStore;

/// Decrypts the certificates of a `/v3/certificates` body WITHOUT checking its signature.
#[napi(catch_unwind)]
pub fn decrypt_certificates(body: Either<String, Uint8Array>, apiv3_key: &ApiV3Key) -> Result<Vec<Certificate>> {
    let certificates = core::decrypt_certificates(&input::body_bytes(body), &apiv3_key.inner).map_err(error::core)?;
    Ok(certificates.into_iter().map(|inner| Certificate { inner }).collect())
}

/// Decrypts a `/v3/certificates` response and verifies its signature with
/// the downloaded certificates (plus `fallback`), at `now` (Unix seconds, default: the clock).
#[napi(
    catch_unwind,
    ts_args_type = "headers: HeadersLike, body: Uint8Array | string, apiv3Key: ApiV3Key, fallback?: TrustStore | undefined | null, now?: number"
)]
pub fn download_response(
    env: Env,
    headers: Unknown,
    body: Either<String, Uint8Array>,
    apiv3_key: &ApiV3Key,
    fallback: Option<&TrustStore>,
    now: Option<f64>,
) -> Result<Vec<Certificate>> {
    let pairs = input::header_pairs(&env, headers)?;
    let headers = WechatpayHeaders::from_pairs(&pairs).map_err(error::core)?;
    let now = match now {
        Some(now) => input::unix_seconds("now", Either::A(now))?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default(),
    };
    let certificates = core::download_response(
        &headers,
        &input::body_bytes(body),
        &apiv3_key.inner,
        fallback.map(|store| &store.inner),
        now,
    )
    .map_err(error::core)?;
    Ok(certificates.into_iter().map(|inner| Certificate { inner }).collect())
}
