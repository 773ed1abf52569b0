//! `v3::verify`: the trust store (platform certificates and WeChat Pay public
//! keys), the `Wechatpay-*` headers, and the response/callback verifier.

use std::ffi::c_char;

use wechatpay_core::Error;
use wechatpay_core::v3::verify::{ResponseSigner, TrustStore, Verifier, VerifierOptions, WechatpayHeaders};

use crate::boundary::{FfiError, ffi_boundary};
use crate::io::{self, Out};
use crate::keys::{wechatpay_certificate, wechatpay_public_key};
use crate::result::wechatpay_result;

/// Platform certificates and WeChat Pay public keys, looked up by the exact
/// `Wechatpay-Serial`. Thread-safe: read and updated from any thread. Verifiers
/// built from it share it: a certificate added later (rotation) reaches them.
pub struct wechatpay_trust_store {
    pub(crate) inner: TrustStore,
}

/// The `Wechatpay-*` headers of one response or callback. Immutable, thread-safe.
pub struct wechatpay_headers {
    pub(crate) inner: WechatpayHeaders,
}

/// Verifies responses and callbacks against a (shared) trust store, with a
/// replay window. Thread-safe, immutable: share it.
pub struct wechatpay_verifier {
    pub(crate) inner: Verifier,
}

/// Which text `wechatpay_headers_text` returns.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_header_field {
    /// `Wechatpay-Timestamp` as received.
    Timestamp = 0,
    /// `Wechatpay-Nonce`.
    Nonce = 1,
    /// `Wechatpay-Serial`.
    Serial = 2,
    /// `Wechatpay-Signature`.
    Signature = 3,
    /// `Wechatpay-Signature-Type` (`HEADER_MISSING` when absent).
    SignatureType = 4,
    /// `Request-ID` (`HEADER_MISSING` when absent).
    RequestId = 5,
}

/// An empty trust store.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_trust_store_new(store_out: *mut *mut wechatpay_trust_store) -> wechatpay_result {
    ffi_boundary!({
        let out = unsafe { Out::new(store_out, "store_out") }?;
        out.set(io::into_handle(wechatpay_trust_store { inner: TrustStore::new() }));
        Ok(())
    })
}

/// Adds (or replaces) a platform certificate under its serial (the certificate is copied).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_trust_store_add_certificate(
    store: *const wechatpay_trust_store,
    cert: *const wechatpay_certificate,
) -> wechatpay_result {
    ffi_boundary!({
        let store = unsafe { io::handle(store, "store") }?;
        let cert = unsafe { io::handle(cert, "cert") }?;
        store.inner.add_certificate(cert.inner.clone());
        Ok(())
    })
}

/// Adds (or replaces) a WeChat Pay public key under its id (`PUB_KEY_ID_…`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_trust_store_add_public_key(
    store: *const wechatpay_trust_store,
    key_id: *const c_char,
    key_id_len: usize,
    key: *const wechatpay_public_key,
) -> wechatpay_result {
    ffi_boundary!({
        let store = unsafe { io::handle(store, "store") }?;
        let key_id = unsafe { io::text(key_id, key_id_len, "key_id") }?;
        let key = unsafe { io::handle(key, "key") }?;
        store.inner.add_public_key(key_id, key.inner.clone())?;
        Ok(())
    })
}

/// Removes a certificate or key; `removed_out` says whether it was present.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_trust_store_remove(
    store: *const wechatpay_trust_store,
    serial: *const c_char,
    serial_len: usize,
    removed_out: *mut bool,
) -> wechatpay_result {
    ffi_boundary!({
        let store = unsafe { io::handle(store, "store") }?;
        let serial = unsafe { io::text(serial, serial_len, "serial") }?;
        let out = unsafe { Out::new(removed_out, "removed_out") }?;
        out.set(store.inner.remove(serial).is_some());
        Ok(())
    })
}

/// Removes the certificates expired at `now` (Unix seconds); `removed_out` gets how many.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_trust_store_remove_expired_at(
    store: *const wechatpay_trust_store,
    now: i64,
    removed_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let store = unsafe { io::handle(store, "store") }?;
        let out = unsafe { Out::new(removed_out, "removed_out") }?;
        out.set(store.inner.remove_expired_at(now).len());
        Ok(())
    })
}

/// Number of certificates and keys.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_trust_store_len(
    store: *const wechatpay_trust_store,
    len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let store = unsafe { io::handle(store, "store") }?;
        unsafe { Out::new(len_out, "len_out") }?.set(store.inner.len());
        Ok(())
    })
}

/// The public key stored under `serial` (a certificate's key or a WeChat Pay
/// public key) as a new handle; `SERIAL_UNKNOWN` when absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_trust_store_get_public_key(
    store: *const wechatpay_trust_store,
    serial: *const c_char,
    serial_len: usize,
    key_out: *mut *mut wechatpay_public_key,
) -> wechatpay_result {
    ffi_boundary!({
        let store = unsafe { io::handle(store, "store") }?;
        let serial = unsafe { io::text(serial, serial_len, "serial") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        let key = store.inner.get(serial).ok_or_else(|| Error::SerialUnknown { serial: serial.to_owned() })?;
        out.set(io::into_handle(wechatpay_public_key { inner: key.public_key().clone() }));
        Ok(())
    })
}

/// Frees a trust store (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_trust_store_free(store: *mut wechatpay_trust_store) {
    ffi_boundary!(value(), { unsafe { io::free_handle(store) } })
}

/// Picks the `Wechatpay-*` headers out of `count` name/value pairs (parallel
/// arrays; names in any case, or the CGI form `HTTP_WECHATPAY_SIGNATURE`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_headers_from_pairs(
    names: *const *const c_char,
    name_lens: *const usize,
    values: *const *const c_char,
    value_lens: *const usize,
    count: usize,
    headers_out: *mut *mut wechatpay_headers,
) -> wechatpay_result {
    ffi_boundary!({
        let pairs = unsafe { io::header_pairs(names, name_lens, values, value_lens, count) }?;
        let out = unsafe { Out::new(headers_out, "headers_out") }?;
        out.set(io::into_handle(wechatpay_headers { inner: WechatpayHeaders::from_pairs(pairs)? }));
        Ok(())
    })
}

/// A header value; `field` is a `wechatpay_header_field` value (free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_headers_text(
    headers: *const wechatpay_headers,
    field: u32,
    text_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let headers = unsafe { io::handle(headers, "headers") }?;
        let out = unsafe { Out::new(text_out, "text_out") }?;
        let h = &headers.inner;
        let missing = |name| FfiError::Core(Error::HeaderMissing { name });
        let text = match field {
            0 => h.timestamp.as_str(),
            1 => h.nonce.as_str(),
            2 => h.serial.as_str(),
            3 => h.signature.as_str(),
            4 => h.signature_type.as_deref().ok_or_else(|| missing("Wechatpay-Signature-Type"))?,
            5 => h.request_id.as_deref().ok_or_else(|| missing("Request-ID"))?,
            _ => return Err(io::bad_field("field")),
        };
        out.set(io::c_string(text)?);
        Ok(())
    })
}

/// `Wechatpay-Timestamp` as Unix seconds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_headers_timestamp(
    headers: *const wechatpay_headers,
    timestamp_out: *mut i64,
) -> wechatpay_result {
    ffi_boundary!({
        let headers = unsafe { io::handle(headers, "headers") }?;
        let out = unsafe { Out::new(timestamp_out, "timestamp_out") }?;
        out.set(headers.inner.timestamp()?);
        Ok(())
    })
}

/// The signed message `TIMESTAMP\nNONCE\nBODY\n` over the raw body (free with `wechatpay_bytes_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_headers_message(
    headers: *const wechatpay_headers,
    body: *const c_char,
    body_len: usize,
    message_out: *mut *mut u8,
    message_len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let headers = unsafe { io::handle(headers, "headers") }?;
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        let out = unsafe { io::BytesOut::new(message_out, message_len_out, "message_out") }?;
        out.set(headers.inner.message(body));
        Ok(())
    })
}

/// Frees headers (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_headers_free(headers: *mut wechatpay_headers) {
    ffi_boundary!(value(), { unsafe { io::free_handle(headers) } })
}

/// A verifier over `store` (shared: later additions and removals are seen) with
/// a replay window of `replay_window_seconds` (300 is WeChat Pay's default) and
/// the system clock.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_verifier_new(
    store: *const wechatpay_trust_store,
    replay_window_seconds: u64,
    verifier_out: *mut *mut wechatpay_verifier,
) -> wechatpay_result {
    ffi_boundary!({
        let store = unsafe { io::handle(store, "store") }?;
        let out = unsafe { Out::new(verifier_out, "verifier_out") }?;
        let options = VerifierOptions { replay_window: replay_window_seconds, ..VerifierOptions::default() };
        let verifier = Verifier::new(store.inner.clone(), options);
        out.set(io::into_handle(wechatpay_verifier { inner: verifier }));
        Ok(())
    })
}

/// Verifies a response (or callback) against the system clock: `OK`, or the
/// reason (`SIGNATURE_INVALID`, `SERIAL_UNKNOWN`, `TIMESTAMP_OUT_OF_WINDOW`, …).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_verifier_verify(
    verifier: *const wechatpay_verifier,
    headers: *const wechatpay_headers,
    body: *const c_char,
    body_len: usize,
) -> wechatpay_result {
    ffi_boundary!({
        let verifier = unsafe { io::handle(verifier, "verifier") }?;
        let headers = unsafe { io::handle(headers, "headers") }?;
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        verifier.inner.verify(&headers.inner, body)?;
        Ok(())
    })
}

/// Like `wechatpay_verifier_verify` with `now` (Unix seconds) as the receiver's clock.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_verifier_verify_at(
    verifier: *const wechatpay_verifier,
    headers: *const wechatpay_headers,
    body: *const c_char,
    body_len: usize,
    now: i64,
) -> wechatpay_result {
    ffi_boundary!({
        let verifier = unsafe { io::handle(verifier, "verifier") }?;
        let headers = unsafe { io::handle(headers, "headers") }?;
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        verifier.inner.verify_at(&headers.inner, body, now)?;
        Ok(())
    })
}

/// Frees a verifier (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_verifier_free(verifier: *mut wechatpay_verifier) {
    ffi_boundary!(value(), { unsafe { io::free_handle(verifier) } })
}

/// WeChat Pay's side: signs responses and callbacks with a platform key (for
/// tests and local gateways). Thread-safe, immutable.
pub struct wechatpay_response_signer {
    pub(crate) inner: ResponseSigner,
}

/// A response signer for a platform certificate and its private key, or (with
/// `cert` NULL) for a WeChat Pay public key id `key_id` (`PUB_KEY_ID_…`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_response_signer_new(
    key: *const crate::keys::wechatpay_private_key,
    cert: *const wechatpay_certificate,
    key_id: *const c_char,
    key_id_len: usize,
    signer_out: *mut *mut wechatpay_response_signer,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { Out::new(signer_out, "signer_out") }?;
        // SAFETY: NULL or a live certificate, by contract.
        let signer = match unsafe { cert.as_ref() } {
            Some(cert) => ResponseSigner::from_certificate(key.inner.clone(), &cert.inner)?,
            None => {
                let id = unsafe { io::text(key_id, key_id_len, "key_id") }?;
                ResponseSigner::from_public_key_id(key.inner.clone(), id)?
            }
        };
        out.set(io::into_handle(wechatpay_response_signer { inner: signer }));
        Ok(())
    })
}

/// Signs `body` at `now` (a random nonce): the `Wechatpay-*` headers to send.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_response_signer_sign_at(
    signer: *const wechatpay_response_signer,
    body: *const c_char,
    body_len: usize,
    now: i64,
    headers_out: *mut *mut wechatpay_headers,
) -> wechatpay_result {
    ffi_boundary!({
        let signer = unsafe { io::handle(signer, "signer") }?;
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        let out = unsafe { Out::new(headers_out, "headers_out") }?;
        out.set(io::into_handle(wechatpay_headers { inner: signer.inner.sign_at(body, now)? }));
        Ok(())
    })
}

/// Frees a response signer (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_response_signer_free(signer: *mut wechatpay_response_signer) {
    ffi_boundary!(value(), { unsafe { io::free_handle(signer) } })
}
