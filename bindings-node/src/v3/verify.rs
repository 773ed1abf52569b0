//! `v3::verify`: TrustStore and Verifier (responses and callbacks).

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v3::verify as core;

use crate::error::{self, Failure, Result};
use crate::input;
use crate::keys::{Certificate, PublicKey};
use crate::task::{self, Async};

/// Platform certificates and WeChat Pay public keys, by `Wechatpay-Serial`.
#[napi]
pub struct TrustStore {
    pub(crate) inner: core::TrustStore,
}

#[napi]
impl TrustStore {
    /// An empty store.
    #[napi(constructor, catch_unwind)]
    pub fn new() -> Self {
        Self { inner: core::TrustStore::new() }
    }

    /// Adds (or replaces) a platform certificate under its serial.
    #[napi(catch_unwind)]
    pub fn add_certificate(&mut self, certificate: &Certificate) {
        self.inner.add_certificate(certificate.inner.clone());
    }

    /// Adds a WeChat Pay public key under its id (`PUB_KEY_ID_…`).
    #[napi(catch_unwind)]
    pub fn add_public_key(&mut self, key_id: String, key: &PublicKey) -> Result<()> {
        self.inner.add_public_key(key_id, key.inner.clone()).map_err(error::core)
    }

    /// Removes a serial or key id; whether it was there.
    #[napi(catch_unwind)]
    pub fn remove(&mut self, serial_or_id: String) -> bool {
        self.inner.remove(&serial_or_id).is_some()
    }

    /// Whether a serial or key id is present.
    #[napi(catch_unwind)]
    pub fn has(&self, serial_or_id: String) -> bool {
        self.inner.get(&serial_or_id).is_some()
    }

    /// Number of entries.
    #[napi(getter, catch_unwind)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// Every serial and key id.
    #[napi(catch_unwind)]
    pub fn serials(&self) -> Vec<String> {
        self.inner.serials().into_iter().map(str::to_owned).collect()
    }
}

impl Default for TrustStore {
    fn default() -> Self {
        Self::new()
    }
}

/// Options of a Verifier.
#[napi(object)]
pub struct VerifierOptions {
    /// Replay window in seconds (default 300).
    pub replay_window: Option<u32>,
    /// A fixed "now" in Unix seconds instead of the system clock: for tests.
    pub now: Option<f64>,
}

/// Verifies `Wechatpay-*` signatures with a replay window.
#[napi]
pub struct Verifier {
    pub(crate) inner: core::Verifier,
    pub(crate) now: Option<i64>,
}

#[napi]
impl Verifier {
    /// `new Verifier(trustStore, { replayWindow?, now? })`; the store is copied.
    #[napi(constructor, catch_unwind)]
    pub fn new(store: &TrustStore, options: Option<VerifierOptions>) -> Result<Self> {
        let mut inner = core::Verifier::new(store.inner.clone());
        let mut now = None;
        if let Some(options) = options {
            if let Some(window) = options.replay_window {
                inner = inner.with_replay_window(u64::from(window));
            }
            if let Some(at) = options.now {
                now = Some(input::unix_seconds("now", Either::A(at))?);
            }
        }
        Ok(Self { inner, now })
    }

    /// The replay window in seconds.
    #[napi(getter, catch_unwind)]
    pub fn replay_window(&self) -> f64 {
        self.inner.replay_window() as f64
    }

    /// Verifies a response or callback: headers as received, the raw body.
    /// Throws (`SIGNATURE_INVALID`, `SIGNATURE_PROBE`, `SERIAL_UNKNOWN`, …) when it does not verify.
    #[napi(catch_unwind, ts_args_type = "headers: HeadersLike, body: Uint8Array | string")]
    pub fn verify(&self, env: Env, headers: Unknown, body: Either<String, Uint8Array>) -> Result<()> {
        let pairs = input::header_pairs(&env, headers)?;
        let body = input::body_bytes(body);
        verify_pairs(&self.inner, self.now, &pairs, &body).map_err(Into::into)
    }

    /// Like `verify`, on the libuv thread pool.
    #[napi(
        catch_unwind,
        ts_args_type = "headers: HeadersLike, body: Uint8Array | string",
        ts_return_type = "Promise<void>"
    )]
    pub fn verify_async(&self, env: Env, headers: Unknown, body: Either<String, Uint8Array>) -> Result<Async<(), ()>> {
        let pairs = input::header_pairs(&env, headers)?;
        let body = input::body_bytes(body);
        let (verifier, now) = (self.inner.clone(), self.now);
        Ok(task::spawn(move || verify_pairs(&verifier, now, &pairs, &body), |()| ()))
    }
}

fn verify_pairs(
    verifier: &core::Verifier,
    now: Option<i64>,
    pairs: &[(String, String)],
    body: &[u8],
) -> std::result::Result<(), Failure> {
    let headers = core::WechatpayHeaders::from_pairs(pairs)?;
    match now {
        Some(now) => verifier.verify_at(&headers, body, now)?,
        None => verifier.verify(&headers, body)?,
    }
    Ok(())
}
