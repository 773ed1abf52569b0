//! `v3::bill`: downloaded bills (streamed digest check, parsing).

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v3::bill as core;

use crate::error::{self, Result};
use crate::input;

/// Checks a downloaded bill chunk by chunk against `hash_value`.
#[napi]
pub struct BillVerifier {
    inner: Option<core::BillVerifier>,
}

#[napi]
impl BillVerifier {
    /// `new BillVerifier('SHA1', hashValue, gzip)`; `gzip` when the download is `.gz`.
    #[napi(constructor, catch_unwind)]
    pub fn new(hash_type: String, hash_value: String, gzip: bool) -> Result<Self> {
        let hash_type = core::HashType::parse(&hash_type).map_err(error::core)?;
        Ok(Self { inner: Some(core::BillVerifier::new(hash_type, &hash_value, gzip).map_err(error::core)?) })
    }

    /// Feeds the next chunk.
    #[napi(catch_unwind)]
    pub fn update(&mut self, chunk: Uint8Array) -> Result<()> {
        match self.inner.as_mut() {
            Some(verifier) => verifier.update(&chunk).map_err(error::core),
            None => Err(error::invalid_argument("this", "finish() was already called")),
        }
    }

    /// Throws `BILL_HASH_MISMATCH` (or `BILL_FORMAT`) unless the whole bill matched.
    #[napi(catch_unwind)]
    pub fn finish(&mut self) -> Result<()> {
        match self.inner.take() {
            Some(verifier) => verifier.finish().map_err(error::core),
            None => Err(error::invalid_argument("this", "finish() was already called")),
        }
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
    let rows = serde_json::to_value(&bill.rows).map_err(|e| error::invalid_argument("bill", &e.to_string()))?;
    let summary = serde_json::to_value(&bill.summary).map_err(|e| error::invalid_argument("bill", &e.to_string()))?;
    Ok(Bill { rows, summary })
}
