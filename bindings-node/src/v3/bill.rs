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

fn record<'e>(env: &'e Env, record: &core::BillRecord) -> Result<Object<'e>> {
    let mut object = Object::new(env).map_err(error::napi_argument("bill"))?;
    for (name, cell) in record.iter() {
        object.set(name, cell).map_err(error::napi_argument("bill"))?;
    }
    Ok(object)
}

/// Parses bill text (BOM, CRLF, backtick-prefixed cells): one object per row
/// (header name → cell, in column order) and the summary.
#[napi(catch_unwind, ts_return_type = "{ rows: Array<Record<string, string>>; summary: Record<string, string> }")]
pub fn parse_bill<'e>(env: &'e Env, text: String) -> Result<Object<'e>> {
    let bill = core::parse_bill(&text).map_err(error::core)?;
    let rows = bill.rows.iter().map(|row| record(env, row)).collect::<Result<Vec<_>>>()?;
    let mut object = Object::new(env).map_err(error::napi_argument("bill"))?;
    object.set("rows", rows).map_err(error::napi_argument("bill"))?;
    object.set("summary", record(env, &bill.summary)?).map_err(error::napi_argument("bill"))?;
    Ok(object)
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
