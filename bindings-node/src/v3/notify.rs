//! `v3::notify`: callbacks (verify, replay window, decrypt) and the answer.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v3::notify as core;

use crate::error::{self, Failure, Result};
use crate::input;
use crate::keys::ApiV3Key;
use crate::task::{self, Async};
use crate::v3::verify::Verifier;

/// A verified and decrypted callback.
#[napi(object, object_from_js = false)]
pub struct CallbackEvent {
    /// Notification id (the same id may be delivered more than once).
    pub id: String,
    /// RFC 3339 creation time.
    pub create_time: String,
    /// e.g. `TRANSACTION.SUCCESS`.
    pub event_type: String,
    /// e.g. `支付成功`.
    pub summary: String,
    /// `encrypt-resource`.
    pub resource_type: String,
    /// e.g. `transaction`, `refund`.
    pub original_type: String,
    /// The resource's `associated_data`.
    pub associated_data: String,
    /// The decrypted resource as text.
    pub plaintext: String,
    /// The decrypted resource, parsed.
    #[napi(ts_type = "Record<string, any>")]
    pub resource: ResourceJson,
}

/// The decrypted resource's JSON text, given to JavaScript as `JSON.parse(text)`: V8's parser
/// builds the object several times faster than a `serde_json::Value` converted one napi call per
/// field (bench/: the whole callback went from ~46 to ~32 µs), and it yields the same values (the
/// core checked the text is JSON when it parsed the callback).
pub struct ResourceJson(String);

impl ToNapiValue for ResourceJson {
    unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(raw_env);
        let json: Unknown = env.get_global()?.get_named_property("JSON")?;
        // SAFETY: the global `JSON` is an object.
        let json = unsafe { json.cast::<Object>() }?;
        let parse: Function<String, Unknown> = json.get_named_property("parse")?;
        Ok(parse.call(val.0)?.raw())
    }
}

impl CallbackEvent {
    fn from_core(event: core::CallbackEvent) -> std::result::Result<Self, Failure> {
        Ok(CallbackEvent {
            plaintext: event.plaintext().to_owned(),
            resource: ResourceJson(event.plaintext().to_owned()),
            id: event.id,
            create_time: event.create_time,
            event_type: event.event_type,
            summary: event.summary,
            resource_type: event.resource_type,
            original_type: event.original_type,
            associated_data: event.associated_data,
        })
    }
}

/// Parses callbacks for one merchant: a Verifier plus the APIv3 key.
#[napi]
pub struct CallbackParser {
    inner: core::CallbackParser,
}

#[napi]
impl CallbackParser {
    /// `new CallbackParser(verifier, apiv3Key)`; the verifier's clock, window and store apply.
    #[napi(constructor, catch_unwind)]
    pub fn new(verifier: &Verifier, apiv3_key: &ApiV3Key) -> Self {
        Self { inner: core::CallbackParser::new(verifier.inner.clone(), apiv3_key.inner.clone()) }
    }

    /// Verifies and decrypts a callback: the request headers and the raw body
    /// (never a re-serialised JSON object). Throws with the reason's `code`.
    #[napi(catch_unwind, ts_args_type = "headers: HeadersLike, body: Uint8Array | string")]
    pub fn parse(&self, env: Env, headers: Unknown, body: Either<String, Uint8Array>) -> Result<CallbackEvent> {
        let pairs = input::header_pairs(&env, headers)?;
        let body = input::body_bytes(body);
        Ok(parse(&self.inner, &pairs, &body)?)
    }

    /// Like `parse`, on the libuv thread pool.
    #[napi(
        catch_unwind,
        ts_args_type = "headers: HeadersLike, body: Uint8Array | string",
        ts_return_type = "Promise<CallbackEvent>"
    )]
    pub fn parse_async(
        &self,
        env: Env,
        headers: Unknown,
        body: Either<String, Uint8Array>,
    ) -> Result<Async<CallbackEvent, CallbackEvent>> {
        let pairs = input::header_pairs(&env, headers)?;
        let body = input::body_bytes(body);
        let parser = self.inner.clone();
        Ok(task::spawn(move || parse(&parser, &pairs, &body), |event| event))
    }
}

fn parse(
    parser: &core::CallbackParser,
    pairs: &[(String, String)],
    body: &[u8],
) -> std::result::Result<CallbackEvent, Failure> {
    CallbackEvent::from_core(parser.parse(pairs, body)?)
}

/// Decrypts a callback body WITHOUT verifying it (only for bodies already verified).
#[napi(catch_unwind)]
pub fn decrypt_event(body: Either<String, Uint8Array>, apiv3_key: &ApiV3Key) -> Result<CallbackEvent> {
    let event = core::decrypt_event(&input::body_bytes(body), &apiv3_key.inner).map_err(error::core)?;
    Ok(CallbackEvent::from_core(event)?)
}

/// The exact answer to send to WeChat Pay for a callback.
#[napi(object)]
pub struct AcknowledgementReply {
    /// HTTP status.
    pub status: u16,
    /// JSON body (`Content-Type: application/json`).
    pub body: String,
}

impl From<core::Acknowledgement> for AcknowledgementReply {
    fn from(ack: core::Acknowledgement) -> Self {
        AcknowledgementReply { status: ack.status, body: ack.body.to_owned() }
    }
}

/// The answers to a callback.
#[napi]
pub struct Acknowledgement {}

#[napi]
impl Acknowledgement {
    /// `200 {"code":"SUCCESS","message":"成功"}`.
    #[napi(catch_unwind)]
    pub fn success() -> AcknowledgementReply {
        core::Acknowledgement::success().into()
    }

    /// `500 {"code":"FAIL","message":"失败"}` (the status makes WeChat Pay retry).
    #[napi(catch_unwind)]
    pub fn failure() -> AcknowledgementReply {
        core::Acknowledgement::failure().into()
    }
}

/// A callback as WeChat Pay builds it (for test doubles of the gateway):
/// `seal` encrypts the resource and gives the exact body WeChat Pay POSTs.
#[napi]
pub struct CallbackEnvelope {
    inner: core::CallbackEnvelope,
}

#[napi]
impl CallbackEnvelope {
    /// Any callback; the associated data is the original type, as WeChat Pay sends it.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        id: String,
        create_time: String,
        event_type: String,
        summary: String,
        original_type: String,
        resource: String,
    ) -> Self {
        Self { inner: core::CallbackEnvelope::new(id, create_time, event_type, summary, original_type, resource) }
    }

    /// A payment callback (`TRANSACTION.SUCCESS`); `resource` is the resource's JSON text.
    #[napi(factory, catch_unwind)]
    pub fn transaction(id: String, create_time: String, resource: String) -> Self {
        Self { inner: core::CallbackEnvelope::transaction(id, create_time, resource) }
    }

    /// A refund callback (`REFUND.SUCCESS`).
    #[napi(factory, catch_unwind)]
    pub fn refund(id: String, create_time: String, resource: String) -> Self {
        Self { inner: core::CallbackEnvelope::refund(id, create_time, resource) }
    }

    /// The body: the resource encrypted with `apiv3Key` under `nonce`
    /// (12 characters, never reused under one key; default: a fresh one).
    #[napi(catch_unwind)]
    pub fn seal(&self, apiv3_key: &ApiV3Key, nonce: Option<String>) -> Result<String> {
        let nonce = match nonce {
            Some(nonce) => nonce,
            None => wechatpay_core::nonce::generate_len(wechatpay_core::nonce::GCM_NONCE_LEN).map_err(error::core)?,
        };
        self.inner.seal(&apiv3_key.inner, &nonce).map_err(error::core)
    }
}
