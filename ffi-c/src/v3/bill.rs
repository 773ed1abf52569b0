//! `v3::bill`: downloaded bills: streaming digest check and CSV parsing.

use std::ffi::c_char;

use wechatpay_core::v3::bill::{self, BillVerifier, HashType};

use crate::boundary::ffi_boundary;
use crate::io::{self, Out};
use crate::result::wechatpay_result;

/// Checks a bill against the digest WeChat Pay announced, chunk by chunk.
/// Thread-safe, but the chunks must arrive in order.
pub struct wechatpay_bill_verifier {
    pub(crate) inner: BillVerifier,
}

/// A verifier for `hash_type` (`"SHA1"` or `"SHA256"`) and `expected_hex`
/// (`hash_value`). With `gzip` the chunks are the gzip file and the digest is
/// checked over the uncompressed bill, as WeChat Pay computes it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_bill_verifier_new(
    hash_type: *const c_char,
    hash_type_len: usize,
    expected_hex: *const c_char,
    expected_hex_len: usize,
    gzip: bool,
    verifier_out: *mut *mut wechatpay_bill_verifier,
) -> wechatpay_result {
    ffi_boundary!({
        let hash_type = HashType::parse(unsafe { io::text(hash_type, hash_type_len, "hash_type") }?)?;
        let expected = unsafe { io::text(expected_hex, expected_hex_len, "expected_hex") }?;
        let out = unsafe { Out::new(verifier_out, "verifier_out") }?;
        let verifier = BillVerifier::new(hash_type, expected, gzip)?;
        out.set(io::into_handle(wechatpay_bill_verifier { inner: verifier }));
        Ok(())
    })
}

/// Feeds the next chunk.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_bill_verifier_update(
    verifier: *const wechatpay_bill_verifier,
    chunk: *const c_char,
    chunk_len: usize,
) -> wechatpay_result {
    ffi_boundary!({
        let verifier = unsafe { io::handle(verifier, "verifier") }?;
        let chunk = unsafe { io::bytes(chunk, chunk_len, "chunk") }?;
        verifier.inner.update(chunk)?;
        Ok(())
    })
}

/// Ends the stream: `OK` when the digest matches (`BILL_HASH_MISMATCH` when
/// not). Free the verifier as usual afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_bill_verifier_finish(verifier: *const wechatpay_bill_verifier) -> wechatpay_result {
    ffi_boundary!({
        let verifier = unsafe { io::handle(verifier, "verifier") }?;
        verifier.inner.finish()?;
        Ok(())
    })
}

/// Frees a bill verifier (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_bill_verifier_free(verifier: *mut wechatpay_bill_verifier) {
    ffi_boundary!(value(), { unsafe { io::free_handle(verifier) } })
}

/// One-shot check of a whole bill (see `wechatpay_bill_verifier_new`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_bill_verify(
    data: *const c_char,
    data_len: usize,
    hash_type: *const c_char,
    hash_type_len: usize,
    expected_hex: *const c_char,
    expected_hex_len: usize,
    gzip: bool,
) -> wechatpay_result {
    ffi_boundary!({
        let data = unsafe { io::bytes(data, data_len, "data") }?;
        let hash_type = HashType::parse(unsafe { io::text(hash_type, hash_type_len, "hash_type") }?)?;
        let expected = unsafe { io::text(expected_hex, expected_hex_len, "expected_hex") }?;
        bill::verify_bill(data, hash_type, expected, gzip)?;
        Ok(())
    })
}

/// Parses the CSV text of a bill into JSON `{"rows":[{header: cell,…},…],"summary":{…}}`
/// (free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_bill_parse(
    text: *const c_char,
    text_len: usize,
    json_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let text = unsafe { io::text(text, text_len, "text") }?;
        let out = unsafe { Out::new(json_out, "json_out") }?;
        let parsed = bill::parse_bill(text)?;
        out.set(io::c_string(parsed.to_json())?);
        Ok(())
    })
}
