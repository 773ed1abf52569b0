//! `v3::bill`: downloaded bills (streamed digest check, parsing).

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v3::bill as core;

use crate::error::{self, Result};
use crate::input;

/// Checks a downloaded bill chunk by chunk against `hash_value`.
#[napi]
pub struct BillVerifier {
    inner: core::BillVerifier,
}

#[napi]
impl BillVerifier {
    /// `new BillVerifier('SHA1', hashValue, gzip)`; `gzip` when the download is `.gz`.
    #[napi(constructor, catch_unwind)]
    pub fn new(hash_type: String, hash_value: String, gzip: bool) -> Result<Self> {
        let hash_type = core::HashType::parse(&hash_type).map_err(error::core)?;
        Ok(Self { inner: core::BillVerifier::new(hash_type, &hash_value, gzip).map_err(error::core)? })
    }

    /// Feeds the next chunk.
    #[napi(catch_unwind)]
    pub fn update(&self, chunk: Uint8Array) -> Result<()> {
        self.inner.update(&chunk).map_err(error::core)
    }

    /// Throws `BILL_HASH_MISMATCH` (or `BILL_FORMAT`) unless the whole bill matched.
    #[napi(catch_unwind)]
    pub fn finish(&self) -> Result<()> {
        self.inner.finish().map_err(error::core)
    }
}

/// One-shot digest check of a whole bill.
#[napi(catch_unwind)]
pub fn verify_bill(bytes: Either<String, Uint8Array>, hash_type: String, hash_value: String, gzip: bool) -> Result<()> {
    let hash_type = core::HashType::parse(&hash_type).map_err(error::core)?;
    core::verify_bill(&input::body_bytes(bytes), hash_type, &hash_value, gzip).map_err(error::core)
}

/// A parsed bill: one object per row (header name → cell) and the summary.
#[napi(object)]
pub struct Bill {
    #[napi(ts_type = "Array<Record<string, string>>")]
    pub rows: serde_json::Value,
    #[napi(ts_type = "Record<string, string>")]
    pub summary: serde_json::Value,
}

/// Parses bill text (BOM, CRLF, backtick-prefixed cells).
#[napi(catch_unwind)]
pub fn parse_bill(text: String) -> Result<Bill> {
    let bill = core::parse_bill(&text).map_err(error::core)?;
    let mut value: serde_json::Value =
        serde_json::from_str(&bill.to_json()).map_err(|e| error::invalid_argument("bill", &e.to_string()))?;
    Ok(Bill { rows: value["rows"].take(), summary: value["summary"].take() })
}

/// Lowercase hex digest (`SHA1` or `SHA256`) of bytes.
#[napi(catch_unwind, ts_args_type = "bytes: Uint8Array | string, hashType: 'SHA1' | 'SHA256'")]
pub fn bill_digest(bytes: Either<String, Uint8Array>, hash_type: String) -> Result<String> {
    let hash_type = core::HashType::parse(&hash_type).map_err(error::core)?;
    Ok(core::digest(&input::body_bytes(bytes), hash_type))
}

/// Gzip of bytes (as WeChat Pay delivers `.gz` bills).
#[napi(catch_unwind)]
pub fn gzip(bytes: Either<String, Uint8Array>) -> Result<Buffer> {
    Ok(core::gzip(&input::body_bytes(bytes)).map_err(error::core)?.into())
}

/// Gunzip of a bill, at most `maxLen` bytes (default 256 MiB).
#[napi(catch_unwind)]
pub fn gunzip(bytes: Uint8Array, max_len: Option<u32>) -> Result<Buffer> {
    let max = max_len.map_or(core::DEFAULT_MAX_BILL_LEN, |n| n as usize);
    Ok(core::gunzip(&bytes, max).map_err(error::core)?.into())
}
