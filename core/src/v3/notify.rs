//! Callbacks (notifications): verify, check the replay window, decrypt, and
//! answer.
//!
//! [`CallbackParser::parse`] takes the request headers and the raw body exactly
//! as received and returns a [`CallbackEvent`] only when every check passed;
//! [`Acknowledgement`] gives the exact answer to send back.
//!
//! ```
//! # let dir = format!("{}/", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()));
//! # let cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{dir}notification_full.json")).unwrap()).unwrap();
//! # let case = &cases[0];
//! # let request_headers: Vec<(String, String)> = case["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
//! # let raw_body = case["body"].as_str().unwrap().as_bytes();
//! # let now: i64 = case["now"].as_str().unwrap().parse().unwrap();
//! use wechatpay_core::keys::{ApiV3Key, Certificate};
//! use wechatpay_core::v3::notify::{Acknowledgement, CallbackParser};
//! use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions};
//!
//! let store = TrustStore::new();
//! store.add_certificate(Certificate::from_pem_file(format!("{dir}keys/platform_cert.pem"))?);
//! let verifier = Verifier::new(store, VerifierOptions::default());
//! let parser = CallbackParser::new(verifier, ApiV3Key::new("BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78")?);
//!
//! let answer = match parser.parse_at(&request_headers, raw_body, now) { // parse(..) uses the real clock
//!     Ok(event) => {
//!         let payment = event.transaction()?;
//!         assert_eq!(payment.trade_state.as_deref(), Some("SUCCESS"));
//!         Acknowledgement::success()
//!     }
//!     Err(_) => Acknowledgement::failure(),
//! };
//! assert_eq!(answer.status, 200);
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, echo};
use crate::keys::ApiV3Key;
use crate::v3::resource;
use crate::v3::verify::{HeaderPair, Verifier, WechatpayHeaders};

/// The answer to send to WeChat Pay for a callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    /// HTTP status.
    pub status: u16,
    /// JSON body (`Content-Type: application/json`).
    pub body: &'static str,
}

impl Acknowledgement {
    /// `200` with `{"code":"SUCCESS","message":"成功"}`: accepted by both the
    /// current rule (any 200/204) and the older one (code `SUCCESS` required).
    pub const fn success() -> Self {
        Self { status: 200, body: r#"{"code":"SUCCESS","message":"成功"}"# }
    }

    /// `500` with `{"code":"FAIL","message":"失败"}`. The status is what makes
    /// WeChat Pay retry: a 200 with `FAIL` counts as delivered.
    pub const fn failure() -> Self {
        Self { status: 500, body: r#"{"code":"FAIL","message":"失败"}"# }
    }
}

/// A verified and decrypted callback.
///
/// The decrypted resource is kept once, as the text WeChat Pay encrypted;
/// [`CallbackEvent::resource`] and the typed views parse it on demand. `Debug`
/// never shows it (it is the payer's data); [`CallbackEvent::to_json`] does,
/// for handing the event to another language.
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackEvent {
    /// Notification id (the same id may be delivered more than once).
    pub id: String,
    /// RFC 3339 creation time.
    pub create_time: String,
    /// e.g. `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`.
    pub event_type: String,
    /// e.g. `支付成功`.
    pub summary: String,
    /// `encrypt-resource`.
    pub resource_type: String,
    /// The resource's `original_type`, e.g. `transaction`, `refund`.
    pub original_type: String,
    /// The resource's `associated_data`.
    pub associated_data: String,
    plaintext: String,
}

/// Serialises as [`CallbackEvent::to_json`] describes, the resource embedded
/// as the JSON text WeChat Pay encrypted (not re-serialised).
impl Serialize for CallbackEvent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeStruct};
        let resource: &serde_json::value::RawValue =
            serde_json::from_str(&self.plaintext).map_err(|_| S::Error::custom("the resource is not JSON"))?;
        let mut event = serializer.serialize_struct("CallbackEvent", 8)?;
        event.serialize_field("id", &self.id)?;
        event.serialize_field("create_time", &self.create_time)?;
        event.serialize_field("event_type", &self.event_type)?;
        event.serialize_field("summary", &self.summary)?;
        event.serialize_field("resource_type", &self.resource_type)?;
        event.serialize_field("original_type", &self.original_type)?;
        event.serialize_field("associated_data", &self.associated_data)?;
        event.serialize_field("resource", resource)?;
        event.end()
    }
}

impl fmt::Debug for CallbackEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackEvent")
            .field("id", &self.id)
            .field("create_time", &self.create_time)
            .field("event_type", &self.event_type)
            .field("summary", &self.summary)
            .field("resource_type", &self.resource_type)
            .field("original_type", &self.original_type)
            .field("associated_data", &self.associated_data)
            .field("plaintext", &format_args!("[redacted: {} bytes]", self.plaintext.len()))
            .finish()
    }
}

#[derive(Deserialize)]
struct Envelope {
    id: String,
    create_time: String,
    resource_type: String,
    event_type: String,
    #[serde(default)]
    summary: String,
    resource: EncryptedResource,
}

#[derive(Deserialize)]
struct EncryptedResource {
    #[serde(default)]
    original_type: String,
    algorithm: String,
    ciphertext: String,
    #[serde(default)]
    associated_data: Option<String>,
    nonce: String,
}

/// Parses callbacks for one merchant: a [`Verifier`] plus the APIv3 key.
#[derive(Debug, Clone)]
pub struct CallbackParser {
    verifier: Verifier,
    apiv3_key: ApiV3Key,
}

impl CallbackParser {
    /// Builds a parser.
    pub fn new(verifier: Verifier, apiv3_key: ApiV3Key) -> Self {
        Self { verifier, apiv3_key }
    }

    /// The verifier.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Verifies and decrypts with the verifier's clock as now. `headers` are the
    /// request's `(name, value)` pairs in any case (or `HTTP_WECHATPAY_*`);
    /// `body` the raw bytes as received.
    pub fn parse<I>(&self, headers: I, body: &[u8]) -> Result<CallbackEvent>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        self.parse_at(headers, body, self.verifier.options().clock.now())
    }

    /// Like [`CallbackParser::parse`] with `now` as the receiver's clock.
    pub fn parse_at<I>(&self, headers: I, body: &[u8], now: i64) -> Result<CallbackEvent>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        let headers = WechatpayHeaders::from_pairs(headers)?;
        self.parse_headers_at(&headers, body, now)
    }

    /// Like [`CallbackParser::parse`] for headers already picked out of the request.
    pub fn parse_headers(&self, headers: &WechatpayHeaders, body: &[u8]) -> Result<CallbackEvent> {
        self.parse_headers_at(headers, body, self.verifier.options().clock.now())
    }

    /// Like [`CallbackParser::parse_at`] for headers already picked out of the request.
    pub fn parse_headers_at(&self, headers: &WechatpayHeaders, body: &[u8], now: i64) -> Result<CallbackEvent> {
        self.verifier.verify_at(headers, body, now)?;
        decrypt_event(body, &self.apiv3_key)
    }
}

/// The `resource_type` of every encrypted callback.
pub const RESOURCE_TYPE: &str = "encrypt-resource";

/// Decrypts a callback body *without* verifying its signature. Only for bodies
/// whose signature was already checked (or for tooling); never on raw input.
pub fn decrypt_event(body: &[u8], apiv3_key: &ApiV3Key) -> Result<CallbackEvent> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(|err| Error::json("callback body", &err))?;
    if envelope.resource_type != RESOURCE_TYPE {
        return Err(Error::AlgorithmUnsupported {
            what: "resource_type",
            expected: RESOURCE_TYPE,
            found: echo(&envelope.resource_type),
        });
    }
    let encrypted = envelope.resource;
    if encrypted.algorithm != resource::ALGORITHM {
        return Err(Error::AlgorithmUnsupported {
            what: "resource.algorithm",
            expected: resource::ALGORITHM,
            found: echo(&encrypted.algorithm),
        });
    }
    let associated_data = encrypted.associated_data.unwrap_or_default();
    let plaintext = resource::decrypt(apiv3_key, &encrypted.nonce, &associated_data, &encrypted.ciphertext)?;
    // Checked once here without building a tree; `resource()` parses on demand.
    serde_json::from_str::<serde::de::IgnoredAny>(&plaintext).map_err(|err| Error::json("decrypted resource", &err))?;
    Ok(CallbackEvent {
        id: envelope.id,
        create_time: envelope.create_time,
        event_type: envelope.event_type,
        summary: envelope.summary,
        resource_type: envelope.resource_type,
        original_type: encrypted.original_type,
        associated_data,
        plaintext,
    })
}

/// The decrypted resource of a payment callback (`original_type` = `transaction`).
/// Every field is optional: WeChat Pay adds fields, and products omit some.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Transaction {
    /// App id used for the order.
    pub appid: Option<String>,
    /// Merchant id.
    pub mchid: Option<String>,
    /// Merchant order number.
    pub out_trade_no: Option<String>,
    /// WeChat Pay order number.
    pub transaction_id: Option<String>,
    /// `JSAPI`, `NATIVE`, `APP`, `MWEB`, …
    pub trade_type: Option<String>,
    /// `SUCCESS`, `REFUND`, `NOTPAY`, `CLOSED`, `REVOKED`, `USERPAYING`, `PAYERROR`.
    pub trade_state: Option<String>,
    /// Human-readable state.
    pub trade_state_desc: Option<String>,
    /// Payer's bank.
    pub bank_type: Option<String>,
    /// Merchant data echoed back.
    pub attach: Option<String>,
    /// RFC 3339 time of payment.
    pub success_time: Option<String>,
    /// The payer.
    pub payer: Option<Payer>,
    /// Amounts in fen (分).
    pub amount: Option<TransactionAmount>,
}

/// The payer of a transaction. `Debug` does not show the openid (payer data).
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Payer {
    /// Openid under the order's appid.
    pub openid: Option<String>,
}

impl fmt::Debug for Payer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Payer").field("openid", &self.openid.as_ref().map(|_| "[redacted]")).finish()
    }
}

/// Transaction amounts, in fen (分).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TransactionAmount {
    /// Order total.
    pub total: Option<i64>,
    /// What the payer paid.
    pub payer_total: Option<i64>,
    /// `CNY`.
    pub currency: Option<String>,
    /// Payer's currency.
    pub payer_currency: Option<String>,
}

/// The decrypted resource of a refund callback (`original_type` = `refund`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Refund {
    /// Merchant id.
    pub mchid: Option<String>,
    /// Merchant order number.
    pub out_trade_no: Option<String>,
    /// WeChat Pay order number.
    pub transaction_id: Option<String>,
    /// Merchant refund number.
    pub out_refund_no: Option<String>,
    /// WeChat Pay refund number.
    pub refund_id: Option<String>,
    /// `SUCCESS`, `CLOSED`, `PROCESSING`, `ABNORMAL`.
    pub refund_status: Option<String>,
    /// RFC 3339 time of success.
    pub success_time: Option<String>,
    /// Where the money went.
    pub user_received_account: Option<String>,
    /// Amounts in fen (分).
    pub amount: Option<RefundAmount>,
}

/// Refund amounts, in fen (分).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RefundAmount {
    /// Order total.
    pub total: Option<i64>,
    /// Refunded amount.
    pub refund: Option<i64>,
    /// What the payer paid.
    pub payer_total: Option<i64>,
    /// What the payer gets back.
    pub payer_refund: Option<i64>,
}

impl CallbackEvent {
    /// The decrypted resource as text, exactly as WeChat Pay encrypted it.
    pub fn plaintext(&self) -> &str {
        &self.plaintext
    }

    /// The decrypted resource, parsed.
    pub fn resource(&self) -> Result<serde_json::Value> {
        serde_json::from_str(&self.plaintext).map_err(|err| Error::json("decrypted resource", &err))
    }

    /// The event as compact JSON: the envelope's fields (without the
    /// ciphertext) and `resource`, the decrypted resource as it was sent:
    /// `{"id","create_time","event_type","summary","resource_type","original_type","associated_data","resource"}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The resource as a payment; an error unless `original_type` is `transaction`.
    pub fn transaction(&self) -> Result<Transaction> {
        self.typed("transaction")
    }

    /// The resource as a refund; an error unless `original_type` is `refund`.
    pub fn refund(&self) -> Result<Refund> {
        self.typed("refund")
    }

    fn typed<T: serde::de::DeserializeOwned>(&self, original_type: &'static str) -> Result<T> {
        if self.original_type != original_type {
            return Err(Error::InvalidArgument {
                name: "original_type",
                reason: if original_type == "refund" {
                    "the event is not a refund"
                } else {
                    "the event is not a transaction"
                },
            });
        }
        serde_json::from_str(&self.plaintext).map_err(|err| Error::json("decrypted resource", &err))
    }
}

/// A callback as WeChat Pay builds it (for a simulator or a test): the
/// envelope's fields and the resource to encrypt. [`CallbackEnvelope::seal`]
/// gives the exact body to POST, which is then signed with
/// [`ResponseSigner`](crate::v3::verify::ResponseSigner).
///
/// ```
/// use wechatpay_core::keys::ApiV3Key;
/// use wechatpay_core::v3::notify::{CallbackEnvelope, decrypt_event};
/// let key = ApiV3Key::new("0123456789abcdefghijklmnopqrstuv")?;
/// let envelope = CallbackEnvelope::transaction("EV-1", "2026-11-23T10:34:57+08:00", r#"{"trade_state":"SUCCESS"}"#);
/// let body = envelope.seal(&key, "fdasflkja484")?;
/// assert!(body.starts_with(r#"{"id":"EV-1","create_time":"2026-11-23T10:34:57+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":""#));
/// assert_eq!(decrypt_event(body.as_bytes(), &key)?.transaction()?.trade_state.as_deref(), Some("SUCCESS"));
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackEnvelope {
    /// Notification id.
    pub id: String,
    /// RFC 3339 creation time (WeChat Pay writes `+08:00`).
    pub create_time: String,
    /// e.g. `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`.
    pub event_type: String,
    /// e.g. `支付成功`.
    pub summary: String,
    /// e.g. `transaction`, `refund`.
    pub original_type: String,
    /// The GCM associated data (WeChat Pay uses the original type).
    pub associated_data: String,
    /// The resource's JSON text, to be encrypted.
    pub resource: String,
}

impl fmt::Debug for CallbackEnvelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackEnvelope")
            .field("id", &self.id)
            .field("event_type", &self.event_type)
            .field("original_type", &self.original_type)
            .field("resource", &format_args!("[redacted: {} bytes]", self.resource.len()))
            .finish_non_exhaustive()
    }
}

impl CallbackEnvelope {
    /// A payment callback: `TRANSACTION.SUCCESS`, `支付成功`, `transaction`.
    pub fn transaction(id: impl Into<String>, create_time: impl Into<String>, resource: impl Into<String>) -> Self {
        Self::new(id, create_time, "TRANSACTION.SUCCESS", "支付成功", "transaction", resource)
    }

    /// A refund callback: `REFUND.SUCCESS`, `退款成功`, `refund`.
    pub fn refund(id: impl Into<String>, create_time: impl Into<String>, resource: impl Into<String>) -> Self {
        Self::new(id, create_time, "REFUND.SUCCESS", "退款成功", "refund", resource)
    }

    /// Any callback; the associated data is the original type, as WeChat Pay sends it.
    pub fn new(
        id: impl Into<String>,
        create_time: impl Into<String>,
        event_type: impl Into<String>,
        summary: impl Into<String>,
        original_type: impl Into<String>,
        resource: impl Into<String>,
    ) -> Self {
        let original_type = original_type.into();
        Self {
            id: id.into(),
            create_time: create_time.into(),
            event_type: event_type.into(),
            summary: summary.into(),
            associated_data: original_type.clone(),
            original_type,
            resource: resource.into(),
        }
    }

    /// The body WeChat Pay POSTs: the envelope with the resource encrypted
    /// under `apiv3_key` with `nonce` (12 characters, never reused under one
    /// key: `nonce::generate_len(nonce::GCM_NONCE_LEN)`).
    pub fn seal(&self, apiv3_key: &ApiV3Key, nonce: &str) -> Result<String> {
        let ciphertext = resource::encrypt(apiv3_key, nonce, &self.associated_data, &self.resource)?;
        let body = serde_json::json!({
            "id": self.id,
            "create_time": self.create_time,
            "resource_type": RESOURCE_TYPE,
            "event_type": self.event_type,
            "summary": self.summary,
            "resource": {
                "original_type": self.original_type,
                "algorithm": resource::ALGORITHM,
                "ciphertext": ciphertext,
                "associated_data": self.associated_data,
                "nonce": nonce,
            },
        });
        serde_json::to_string(&body).map_err(|err| Error::json("callback body", &err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn acknowledgements_are_exact() {
        assert_eq!(Acknowledgement::success().status, 200);
        assert_eq!(Acknowledgement::success().body, "{\"code\":\"SUCCESS\",\"message\":\"成功\"}");
        assert_eq!(Acknowledgement::failure().status, 500);
        assert_eq!(Acknowledgement::failure().body, "{\"code\":\"FAIL\",\"message\":\"失败\"}");
    }

    #[test]
    fn envelope_shape_errors_are_typed() {
        let key = ApiV3Key::new("0123456789abcdefghijklmnopqrstuv").unwrap();
        assert_eq!(decrypt_event(b"not json", &key).unwrap_err().kind(), ErrorKind::Json);
        assert_eq!(decrypt_event(b"{}", &key).unwrap_err().kind(), ErrorKind::Json);
        let body = br#"{"id":"1","create_time":"t","resource_type":"plain","event_type":"E","resource":{"algorithm":"AEAD_AES_256_GCM","ciphertext":"","nonce":""}}"#;
        assert_eq!(decrypt_event(body, &key).unwrap_err().kind(), ErrorKind::AlgorithmUnsupported);
        let body = br#"{"id":"1","create_time":"t","resource_type":"encrypt-resource","event_type":"E","resource":{"algorithm":"AEAD_SM4_GCM","ciphertext":"","nonce":""}}"#;
        assert_eq!(decrypt_event(body, &key).unwrap_err().kind(), ErrorKind::AlgorithmUnsupported);
    }

    #[test]
    fn typed_views_check_original_type() {
        let key = ApiV3Key::new("0123456789abcdefghijklmnopqrstuv").unwrap();
        let sealed =
            resource::encrypt(&key, "abcdefghijkl", "refund", r#"{"refund_status":"SUCCESS","amount":{"refund":1}}"#)
                .unwrap();
        let body = format!(
            r#"{{"id":"1","create_time":"t","resource_type":"encrypt-resource","event_type":"REFUND.SUCCESS","summary":"s","resource":{{"original_type":"refund","algorithm":"AEAD_AES_256_GCM","ciphertext":"{sealed}","associated_data":"refund","nonce":"abcdefghijkl"}}}}"#
        );
        let event = decrypt_event(body.as_bytes(), &key).unwrap();
        assert_eq!(event.refund().unwrap().refund_status.as_deref(), Some("SUCCESS"));
        assert_eq!(event.resource().unwrap()["amount"]["refund"], 1);
        assert!(!format!("{event:?}").contains("refund_status"));
        let json: serde_json::Value = serde_json::from_str(&event.to_json()).unwrap();
        assert_eq!(json["resource"]["refund_status"], "SUCCESS");
        assert_eq!(json["event_type"], "REFUND.SUCCESS");
        assert!(json.get("ciphertext").is_none());
        assert_eq!(event.transaction().unwrap_err().kind(), ErrorKind::InvalidArgument);
    }
}
