//! `v3::notify`: callbacks (verify, replay window, decrypt) and the acknowledgement.

use std::ffi::c_char;

use wechatpay_core::v3::notify::{Acknowledgement, CallbackEnvelope, CallbackEvent, CallbackParser};

use crate::boundary::ffi_boundary;
use crate::io::{self, Out};
use crate::keys::wechatpay_apiv3_key;
use crate::result::wechatpay_result;
use crate::v3::verify::wechatpay_verifier;

/// Parses callbacks for one merchant (a verifier plus the APIv3 key).
/// Thread-safe, immutable: share one between request threads.
pub struct wechatpay_callback_parser {
    pub(crate) inner: CallbackParser,
}

/// A verified and decrypted callback. Immutable, thread-safe. Holds decrypted payer data:
/// free it as soon as it is handled (the memory is overwritten on free).
pub struct wechatpay_callback_event {
    pub(crate) inner: CallbackEvent,
}

/// Which part of an event `wechatpay_callback_event_field` returns.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_event_field {
    /// Notification id (the same id may be delivered more than once).
    Id = 0,
    /// RFC 3339 creation time.
    CreateTime = 1,
    /// e.g. `TRANSACTION.SUCCESS`.
    EventType = 2,
    /// e.g. `支付成功`.
    Summary = 3,
    /// `encrypt-resource`.
    ResourceType = 4,
    /// The resource's `original_type`, e.g. `transaction`.
    OriginalType = 5,
    /// The resource's `associated_data`.
    AssociatedData = 6,
    /// The decrypted resource, as received (JSON text).
    Plaintext = 7,
    /// The decrypted resource, parsed and re-serialised compactly.
    ResourceJson = 8,
    /// The whole event (metadata and parsed resource) as compact JSON.
    EventJson = 9,
}

/// A parser that verifies with `verifier` and decrypts with `apiv3_key` (both are copied).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_callback_parser_new(
    verifier: *const wechatpay_verifier,
    apiv3_key: *const wechatpay_apiv3_key,
    parser_out: *mut *mut wechatpay_callback_parser,
) -> wechatpay_result {
    ffi_boundary!({
        let verifier = unsafe { io::handle(verifier, "verifier") }?;
        let key = unsafe { io::handle(apiv3_key, "apiv3_key") }?;
        let out = unsafe { Out::new(parser_out, "parser_out") }?;
        let parser = CallbackParser::new(verifier.inner.clone(), key.inner.clone());
        out.set(io::into_handle(wechatpay_callback_parser { inner: parser }));
        Ok(())
    })
}

/// Verifies and decrypts a callback against the system clock. Headers are the
/// request's `count` name/value pairs (parallel arrays, any case or
/// `HTTP_WECHATPAY_*`); `body` the raw bytes as received.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_callback_parser_parse(
    parser: *const wechatpay_callback_parser,
    names: *const *const c_char,
    name_lens: *const usize,
    values: *const *const c_char,
    value_lens: *const usize,
    count: usize,
    body: *const c_char,
    body_len: usize,
    event_out: *mut *mut wechatpay_callback_event,
) -> wechatpay_result {
    ffi_boundary!({
        let parser = unsafe { io::handle(parser, "parser") }?;
        let pairs = unsafe { io::header_pairs(names, name_lens, values, value_lens, count) }?;
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        let out = unsafe { Out::new(event_out, "event_out") }?;
        out.set(io::into_handle(wechatpay_callback_event { inner: parser.inner.parse(pairs, body)? }));
        Ok(())
    })
}

/// Like `wechatpay_callback_parser_parse` with `now` (Unix seconds) as the receiver's clock.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_callback_parser_parse_at(
    parser: *const wechatpay_callback_parser,
    names: *const *const c_char,
    name_lens: *const usize,
    values: *const *const c_char,
    value_lens: *const usize,
    count: usize,
    body: *const c_char,
    body_len: usize,
    now: i64,
    event_out: *mut *mut wechatpay_callback_event,
) -> wechatpay_result {
    ffi_boundary!({
        let parser = unsafe { io::handle(parser, "parser") }?;
        let pairs = unsafe { io::header_pairs(names, name_lens, values, value_lens, count) }?;
        let body = unsafe { io::bytes(body, body_len, "body") }?;
        let out = unsafe { Out::new(event_out, "event_out") }?;
        out.set(io::into_handle(wechatpay_callback_event { inner: parser.inner.parse_at(pairs, body, now)? }));
        Ok(())
    })
}

/// Frees a parser (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_callback_parser_free(parser: *mut wechatpay_callback_parser) {
    ffi_boundary!(value(), { unsafe { io::free_handle(parser) } })
}

/// A part of the event; `field` is a `wechatpay_event_field` value. The bytes are
/// followed by a NUL (usable as a C string); free with `wechatpay_bytes_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_callback_event_field(
    event: *const wechatpay_callback_event,
    field: u32,
    data_out: *mut *mut u8,
    data_len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let event = unsafe { io::handle(event, "event") }?;
        let out = unsafe { io::BytesOut::new(data_out, data_len_out, "data_out") }?;
        let e = &event.inner;
        let data = match field {
            0 => e.id.clone(),
            1 => e.create_time.clone(),
            2 => e.event_type.clone(),
            3 => e.summary.clone(),
            4 => e.resource_type.clone(),
            5 => e.original_type.clone(),
            6 => e.associated_data.clone(),
            7 => e.plaintext().to_owned(),
            8 => e.resource()?.to_string(),
            9 => e.to_json(),
            _ => return Err(io::bad_field("field")),
        };
        out.set(data.into_bytes());
        Ok(())
    })
}

/// Frees an event (NULL is a no-op); its memory is overwritten.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_callback_event_free(event: *mut wechatpay_callback_event) {
    ffi_boundary!(value(), { unsafe { io::free_handle(event) } })
}

/// The answer to send WeChat Pay for a callback: HTTP status and JSON body
/// (`Content-Type: application/json`). `success` true: 200 `SUCCESS`; false:
/// 500 `FAIL` (the status makes WeChat Pay retry). `body_out` is static: never free it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_acknowledgement(
    success: bool,
    status_out: *mut u16,
    body_out: *mut *const c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let status = unsafe { Out::new(status_out, "status_out") }?;
        let body = unsafe { Out::new(body_out, "body_out") }?;
        let ack = if success { Acknowledgement::success() } else { Acknowledgement::failure() };
        status.set(ack.status);
        body.set(io::static_c_str(ack.body));
        Ok(())
    })
}

/// WeChat Pay's side (tests, local gateways): the body of a callback whose
/// `resource` (plaintext JSON) is sealed with `apiv3_key` and the 12-byte
/// `nonce`. `original_type` is also the associated data (`transaction`, `refund`).
/// Free the body with `wechatpay_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_callback_envelope_seal(
    id: *const c_char,
    id_len: usize,
    create_time: *const c_char,
    create_time_len: usize,
    event_type: *const c_char,
    event_type_len: usize,
    summary: *const c_char,
    summary_len: usize,
    original_type: *const c_char,
    original_type_len: usize,
    resource: *const c_char,
    resource_len: usize,
    apiv3_key: *const wechatpay_apiv3_key,
    nonce: *const c_char,
    nonce_len: usize,
    body_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let id = unsafe { io::text(id, id_len, "id") }?;
        let create_time = unsafe { io::text(create_time, create_time_len, "create_time") }?;
        let event_type = unsafe { io::text(event_type, event_type_len, "event_type") }?;
        let summary = unsafe { io::text(summary, summary_len, "summary") }?;
        let original_type = unsafe { io::text(original_type, original_type_len, "original_type") }?;
        let resource = unsafe { io::text(resource, resource_len, "resource") }?;
        let key = unsafe { io::handle(apiv3_key, "apiv3_key") }?;
        let nonce = unsafe { io::text(nonce, nonce_len, "nonce") }?;
        let out = unsafe { Out::new(body_out, "body_out") }?;
        let envelope = CallbackEnvelope::new(id, create_time, event_type, summary, original_type, resource);
        out.set(io::c_string(envelope.seal(&key.inner, nonce)?)?);
        Ok(())
    })
}
