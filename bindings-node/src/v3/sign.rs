//! `v3::sign`: the `Authorization` header of merchant requests.

use napi_derive::napi;
use wechatpay_core::v3::sign as core;

use crate::error::{self, Result};
use napi::bindgen_prelude::*;

use crate::input;
use crate::keys::{Certificate, PrivateKey, PublicKey};
use crate::task::{self, Async};

/// A signed request: put `authorization` in the `Authorization` header.
#[napi(object)]
pub struct SignedRequest {
    /// `WECHATPAY2-SHA256-RSA2048 mchid="…",serial_no="…",timestamp="…",nonce_str="…",signature="…"`.
    pub authorization: String,
    /// Unix seconds used.
    pub timestamp: i64,
    /// Nonce used.
    pub nonce: String,
    /// The signed string `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
    pub message: String,
    /// Base64 signature.
    pub signature: String,
}

impl From<core::SignedRequest> for SignedRequest {
    fn from(signed: core::SignedRequest) -> Self {
        SignedRequest {
            authorization: signed.authorization,
            timestamp: signed.timestamp,
            nonce: signed.nonce,
            message: signed.message,
            signature: signed.signature,
        }
    }
}

/// Signs merchant requests with the merchant key and certificate serial.
#[napi]
pub struct Signer {
    pub(crate) inner: core::Signer,
}

#[napi]
impl Signer {
    /// `new Signer(mchid, serialNo, privateKey)`.
    #[napi(constructor, catch_unwind)]
    pub fn new(mchid: String, serial_no: String, private_key: &PrivateKey) -> Result<Self> {
        Ok(Self { inner: core::Signer::new(mchid, serial_no, private_key.inner.clone()).map_err(error::core)? })
    }

    /// Takes the serial from the merchant certificate (and checks it belongs to the key).
    #[napi(factory, catch_unwind)]
    pub fn from_certificate(mchid: String, private_key: &PrivateKey, certificate: &Certificate) -> Result<Self> {
        let inner = core::Signer::from_certificate(mchid, private_key.inner.clone(), &certificate.inner)
            .map_err(error::core)?;
        Ok(Self { inner })
    }

    /// The merchant id.
    #[napi(getter, catch_unwind)]
    pub fn mchid(&self) -> String {
        self.inner.mchid().to_owned()
    }

    /// The merchant certificate serial.
    #[napi(getter, catch_unwind)]
    pub fn serial_no(&self) -> String {
        self.inner.serial_no().to_owned()
    }

    /// Signs with the current time and a fresh nonce. `url` is the path and query as sent.
    #[napi(catch_unwind)]
    pub fn sign(&self, method: String, url: String, body: Option<String>) -> Result<SignedRequest> {
        let body = body.unwrap_or_default();
        Ok(self.inner.sign(&method, &url, &body).map_err(error::core)?.into())
    }

    /// Like `sign`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<SignedRequest>")]
    pub fn sign_async(
        &self,
        method: String,
        url: String,
        body: Option<String>,
    ) -> Async<core::SignedRequest, SignedRequest> {
        let signer = self.inner.clone();
        let body = body.unwrap_or_default();
        task::spawn(move || Ok(signer.sign(&method, &url, &body)?), SignedRequest::from)
    }

    /// Signs at `now` (Unix seconds) with a fresh nonce.
    #[napi(catch_unwind)]
    pub fn sign_at(&self, method: String, url: String, body: Option<String>, now: i64) -> Result<SignedRequest> {
        let body = body.unwrap_or_default();
        Ok(self.inner.sign_at(&method, &url, &body, now).map_err(error::core)?.into())
    }

    /// Signs with a given timestamp (Unix seconds) and nonce (tests, replays of vectors).
    #[napi(catch_unwind)]
    pub fn sign_with(
        &self,
        method: String,
        url: String,
        body: String,
        timestamp: i64,
        nonce: String,
    ) -> Result<SignedRequest> {
        Ok(self.inner.sign_with(&method, &url, &body, timestamp, &nonce).map_err(error::core)?.into())
    }

    /// Like `signWith`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<SignedRequest>")]
    pub fn sign_with_async(
        &self,
        method: String,
        url: String,
        body: String,
        timestamp: i64,
        nonce: String,
    ) -> Async<core::SignedRequest, SignedRequest> {
        let signer = self.inner.clone();
        task::spawn(move || Ok(signer.sign_with(&method, &url, &body, timestamp, &nonce)?), SignedRequest::from)
    }
}

/// `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
#[napi(catch_unwind)]
pub fn build_message(method: String, url: String, timestamp: i64, nonce: String, body: String) -> String {
    core::build_message(&method, &url, timestamp, &nonce, &body)
}

/// The parsed `Authorization` header of a merchant request (WeChat Pay's side).
#[napi(object)]
pub struct Authorization {
    pub mchid: String,
    pub serial_no: String,
    /// The signed timestamp, as written.
    pub timestamp: String,
    pub nonce_str: String,
    pub signature: String,
}

impl From<core::Authorization> for Authorization {
    fn from(a: core::Authorization) -> Self {
        Authorization {
            mchid: a.mchid,
            serial_no: a.serial_no,
            timestamp: a.timestamp,
            nonce_str: a.nonce_str,
            signature: a.signature,
        }
    }
}

/// Parses an `Authorization` header (any key order; duplicates and unknown keys refused).
#[napi(catch_unwind)]
pub fn parse_authorization(header: String) -> Result<Authorization> {
    Ok(core::parse_authorization(&header).map_err(error::core)?.into())
}

/// Verifies a merchant request as WeChat Pay does: the `Authorization` header
/// over `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` with the merchant's public key,
/// within `window` seconds (default 300) of `now` (default: the clock).
#[napi(catch_unwind)]
pub fn verify_request(
    method: String,
    url: String,
    body: Either<String, Uint8Array>,
    authorization: String,
    key: &PublicKey,
    now: Option<i64>,
    window: Option<u32>,
) -> Result<Authorization> {
    let now = now.unwrap_or_else(wechatpay_core::clock::now);
    let window = window.map_or(wechatpay_core::v3::verify::DEFAULT_REPLAY_WINDOW, u64::from);
    let body = input::body_bytes(body);
    Ok(core::verify_request(&method, &url, &body, &authorization, &key.inner, now, window).map_err(error::core)?.into())
}

/// Like `verifyRequest`, on the libuv thread pool.
#[napi(catch_unwind, ts_return_type = "Promise<Authorization>")]
pub fn verify_request_async(
    method: String,
    url: String,
    body: Either<String, Uint8Array>,
    authorization: String,
    key: &PublicKey,
    now: Option<i64>,
    window: Option<u32>,
) -> Async<Authorization, Authorization> {
    let now = now.unwrap_or_else(wechatpay_core::clock::now);
    let window = window.map_or(wechatpay_core::v3::verify::DEFAULT_REPLAY_WINDOW, u64::from);
    let (body, key) = (input::body_bytes(body), key.inner.clone());
    task::spawn(
        move || Ok(core::verify_request(&method, &url, &body, &authorization, &key, now, window)?.into()),
        |a| a,
    )
}
