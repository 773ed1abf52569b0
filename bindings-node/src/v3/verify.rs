//! `v3::verify`: TrustStore and Verifier (responses and callbacks).

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::clock::Clock as CoreClock;
use wechatpay_core::v3::verify as core;

use crate::clock::Clock;
use crate::error::{self, Failure, Result};
use crate::input;
use crate::keys::{Certificate, PublicKey};
use crate::task::{self, Async};

/// Platform certificates and WeChat Pay public keys, by `Wechatpay-Serial`.
/// A shared handle: every Verifier built on it sees later additions and
/// removals (certificate rotation needs no rebuild).
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

    /// An independent copy (later changes to either do not reach the other).
    #[napi(catch_unwind)]
    pub fn detached_copy(&self) -> TrustStore {
        TrustStore { inner: self.inner.detached_copy() }
    }

    /// Adds (or replaces) a platform certificate under its serial.
    #[napi(catch_unwind)]
    pub fn add_certificate(&self, certificate: &Certificate) {
        self.inner.add_certificate(certificate.inner.clone());
    }

    /// Adds a WeChat Pay public key under its id (`PUB_KEY_ID_…`).
    #[napi(catch_unwind)]
    pub fn add_public_key(&self, key_id: String, key: &PublicKey) -> Result<()> {
        self.inner.add_public_key(key_id, key.inner.clone()).map_err(error::core)
    }

    /// Removes a serial or key id; whether it was there.
    #[napi(catch_unwind)]
    pub fn remove(&self, serial_or_id: String) -> bool {
        self.inner.remove(&serial_or_id).is_some()
    }

    /// Removes the certificates expired at `now` (Unix seconds); their serials.
    #[napi(catch_unwind)]
    pub fn remove_expired_at(&self, now: i64) -> Vec<String> {
        self.inner.remove_expired_at(now)
    }

    /// Whether a serial or key id is present.
    #[napi(catch_unwind)]
    pub fn has(&self, serial_or_id: String) -> bool {
        self.inner.contains(&serial_or_id)
    }

    /// The certificate under a serial, if that entry is a certificate.
    #[napi(catch_unwind)]
    pub fn get_certificate(&self, serial: String) -> Option<Certificate> {
        match self.inner.get(&serial) {
            Some(core::TrustedKey::Certificate(inner)) => Some(Certificate { inner }),
            _ => None,
        }
    }

    /// The public key of an entry (a certificate's key or a WeChat Pay public key).
    #[napi(catch_unwind)]
    pub fn get_public_key(&self, serial_or_id: String) -> Option<PublicKey> {
        self.inner.get(&serial_or_id).map(|key| PublicKey { inner: key.public_key().clone() })
    }

    /// Number of entries.
    #[napi(getter, catch_unwind)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// Every serial and key id.
    #[napi(catch_unwind)]
    pub fn serials(&self) -> Vec<String> {
        self.inner.serials()
    }

    /// Every certificate.
    #[napi(catch_unwind)]
    pub fn certificates(&self) -> Vec<Certificate> {
        self.inner.certificates().into_iter().map(|inner| Certificate { inner }).collect()
    }

    /// The certificate to encrypt sensitive fields for at `now` (default: the clock).
    #[napi(catch_unwind)]
    pub fn certificate_for_encryption(&self, now: Option<i64>) -> Option<Certificate> {
        let now = now.unwrap_or_else(wechatpay_core::clock::now);
        self.inner.certificate_for_encryption_at(now).map(|inner| Certificate { inner })
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
    /// Replay window in seconds (default 300): `|now - Wechatpay-Timestamp| <= window`.
    pub replay_window: Option<u32>,
    /// A fixed "now" in Unix seconds (a manual clock, see `verifier.clock`): for tests.
    pub now: Option<i64>,
}

/// Verifies `Wechatpay-*` signatures with a replay window.
#[napi]
pub struct Verifier {
    pub(crate) inner: core::Verifier,
}

#[napi]
impl Verifier {
    /// `new Verifier(trustStore, { replayWindow?, now? })`; the store is shared, not copied.
    #[napi(constructor, catch_unwind)]
    pub fn new(store: &TrustStore, options: Option<VerifierOptions>) -> Self {
        let mut core_options = core::VerifierOptions::default();
        if let Some(options) = options {
            if let Some(window) = options.replay_window {
                core_options.replay_window = u64::from(window);
            }
            if let Some(now) = options.now {
                core_options.clock = CoreClock::manual(now);
            }
        }
        Self { inner: core::Verifier::new(store.inner.clone(), core_options) }
    }

    /// A verifier reading "now" from `clock` (e.g. `Clock.manual(t)`, moved with `advance`).
    #[napi(factory, catch_unwind)]
    pub fn with_clock(store: &TrustStore, clock: &Clock, replay_window: Option<u32>) -> Self {
        let mut options = core::VerifierOptions { clock: clock.inner.clone(), ..Default::default() };
        if let Some(window) = replay_window {
            options.replay_window = u64::from(window);
        }
        Self { inner: core::Verifier::new(store.inner.clone(), options) }
    }

    /// The replay window in seconds.
    #[napi(getter, catch_unwind)]
    pub fn replay_window(&self) -> f64 {
        self.inner.replay_window() as f64
    }

    /// The clock it reads "now" from (a manual one is shared: `advance` moves this verifier too).
    #[napi(getter, catch_unwind)]
    pub fn clock(&self) -> Clock {
        Clock { inner: self.inner.options().clock.clone() }
    }

    /// The trust store (shared).
    #[napi(getter, catch_unwind)]
    pub fn trust_store(&self) -> TrustStore {
        TrustStore { inner: self.inner.trust_store().clone() }
    }

    /// Verifies a response or callback: headers as received, the raw body.
    /// Throws (`SIGNATURE_INVALID`, `SIGNATURE_PROBE`, `SERIAL_UNKNOWN`, …) when it does not verify.
    #[napi(catch_unwind, ts_args_type = "headers: HeadersLike, body: Uint8Array | string")]
    pub fn verify(&self, env: Env, headers: Unknown, body: Either<String, Uint8Array>) -> Result<()> {
        let pairs = input::header_pairs(&env, headers)?;
        let body = input::body_bytes(body);
        verify_pairs(&self.inner, &pairs, &body).map_err(Into::into)
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
        let verifier = self.inner.clone();
        Ok(task::spawn(move || verify_pairs(&verifier, &pairs, &body), |()| ()))
    }
}

fn verify_pairs(
    verifier: &core::Verifier,
    pairs: &[(String, String)],
    body: &[u8],
) -> std::result::Result<(), Failure> {
    verifier.verify_pairs(pairs, body)?;
    Ok(())
}

/// `Wechatpay-*` headers as a plain object, in their canonical order and spelling.
fn headers_out<'e>(env: &'e Env, headers: &core::WechatpayHeaders) -> Result<Object<'e>> {
    let mut object = Object::new(env).map_err(error::napi_argument("headers"))?;
    for (name, value) in headers.to_pairs() {
        object.set(name, value).map_err(error::napi_argument("headers"))?;
    }
    Ok(object)
}

/// Signs responses and callbacks as WeChat Pay does (for test doubles of the
/// gateway and simulators): returns the `Wechatpay-*` headers for a body.
#[napi]
pub struct ResponseSigner {
    inner: core::ResponseSigner,
}

#[napi]
impl ResponseSigner {
    /// With the platform private key and its certificate (the serial is the certificate's).
    #[napi(factory, catch_unwind)]
    pub fn from_certificate(key: &crate::keys::PrivateKey, certificate: &Certificate) -> Result<Self> {
        Ok(Self {
            inner: core::ResponseSigner::from_certificate(key.inner.clone(), &certificate.inner)
                .map_err(error::core)?,
        })
    }

    /// With a "WeChat Pay public key" private half and its id (`PUB_KEY_ID_…`).
    #[napi(factory, catch_unwind)]
    pub fn from_public_key_id(key: &crate::keys::PrivateKey, key_id: String) -> Result<Self> {
        Ok(Self { inner: core::ResponseSigner::from_public_key_id(key.inner.clone(), key_id).map_err(error::core)? })
    }

    /// The `Wechatpay-Serial` it sends.
    #[napi(getter, catch_unwind)]
    pub fn serial(&self) -> String {
        self.inner.serial().to_owned()
    }

    /// Headers for `body`, now, with a fresh nonce.
    #[napi(catch_unwind, ts_return_type = "Record<string, string>")]
    pub fn sign<'e>(&self, env: &'e Env, body: Either<String, Uint8Array>) -> Result<Object<'e>> {
        let headers = self.inner.sign(&input::body_bytes(body)).map_err(error::core)?;
        headers_out(env, &headers)
    }

    /// Headers for `body` at `now` (Unix seconds), with a fresh nonce.
    #[napi(catch_unwind, ts_return_type = "Record<string, string>")]
    pub fn sign_at<'e>(&self, env: &'e Env, body: Either<String, Uint8Array>, now: i64) -> Result<Object<'e>> {
        let headers = self.inner.sign_at(&input::body_bytes(body), now).map_err(error::core)?;
        headers_out(env, &headers)
    }

    /// Headers for `body` with a given timestamp and nonce.
    #[napi(catch_unwind, ts_return_type = "Record<string, string>")]
    pub fn sign_with<'e>(
        &self,
        env: &'e Env,
        body: Either<String, Uint8Array>,
        timestamp: i64,
        nonce: String,
    ) -> Result<Object<'e>> {
        let headers = self.inner.sign_with(&input::body_bytes(body), timestamp, &nonce).map_err(error::core)?;
        headers_out(env, &headers)
    }

    /// Like `signAt`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<Record<string, string>>")]
    pub fn sign_at_async(
        &self,
        body: Either<String, Uint8Array>,
        now: i64,
    ) -> Async<Vec<(String, String)>, std::collections::HashMap<String, String>> {
        let (signer, body) = (self.inner.clone(), input::body_bytes(body));
        task::spawn(
            move || {
                let headers = signer.sign_at(&body, now)?;
                Ok(headers.to_pairs().into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            },
            |pairs| pairs.into_iter().collect(),
        )
    }

    /// The headers of a `WECHATPAY/SIGNTEST/` signature probe at `now`.
    #[napi(catch_unwind, ts_return_type = "Record<string, string>")]
    pub fn probe_at<'e>(&self, env: &'e Env, now: i64) -> Result<Object<'e>> {
        let headers = self.inner.probe_at(now).map_err(error::core)?;
        headers_out(env, &headers)
    }
}
