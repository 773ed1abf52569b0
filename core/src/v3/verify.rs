//! Verifying WeChat Pay's signatures on responses and callbacks.
//!
//! A [`TrustStore`] holds platform certificates (by serial) and WeChat Pay
//! public keys (by `PUB_KEY_ID_…`) at the same time, as the migration from
//! certificates to public keys requires. A [`Verifier`] adds the replay window.
//!
//! Checks, in order: signature type; the `WECHATPAY/SIGNTEST/` probe prefix
//! ([`crate::ErrorKind::SignatureProbe`]); timestamp inside the replay window
//! (default 300 s, inclusive); exact serial match (an unknown serial is an
//! error and never triggers a download); certificate validity at now; strict
//! base64 of exactly the key's length; RSA-SHA256 over
//! `TIMESTAMP\nNONCE\nBODY\n` with the body bytes as received.
//!
//! ```
//! # let dir = format!("{}/", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()));
//! # let cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{dir}response_verify.json")).unwrap()).unwrap();
//! # let case = &cases[0];
//! # let headers: Vec<(String, String)> = case["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
//! # let body = case["body"].as_str().unwrap();
//! use wechatpay_core::keys::Certificate;
//! use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions, WechatpayHeaders};
//!
//! let store = TrustStore::new();
//! store.add_certificate(Certificate::from_pem_file(format!("{dir}keys/platform_cert.pem"))?);
//! let verifier = Verifier::new(store, VerifierOptions::default());
//! let headers = WechatpayHeaders::from_pairs(&headers)?; // any case, also HTTP_WECHATPAY_*
//! let now = headers.timestamp()?; // use verifier.verify(..) to check against the real clock
//! verifier.verify_at(&headers, body.as_bytes(), now)?;
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::clock::{self, Clock};
use crate::error::{Error, Result, echo};
use crate::keys::{Certificate, PublicKey};
use crate::v3::sign::SCHEME;

/// The prefix of WeChat Pay's deliberately wrong "probe" signatures.
pub const PROBE_PREFIX: &str = "WECHATPAY/SIGNTEST/";
/// Default replay window in seconds (inclusive): `|now - timestamp| <= 300`.
pub const DEFAULT_REPLAY_WINDOW: u64 = 300;
/// The prefix of WeChat Pay public key ids.
pub const PUBLIC_KEY_ID_PREFIX: &str = "PUB_KEY_ID_";

/// The `Wechatpay-*` headers of one response or callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WechatpayHeaders {
    /// `Wechatpay-Timestamp`.
    pub timestamp: String,
    /// `Wechatpay-Nonce`.
    pub nonce: String,
    /// `Wechatpay-Serial`.
    pub serial: String,
    /// `Wechatpay-Signature`.
    pub signature: String,
    /// `Wechatpay-Signature-Type`, when present (absent means RSA-SHA256).
    pub signature_type: Option<String>,
    /// `Request-ID`, when present (quote it to WeChat Pay support).
    pub request_id: Option<String>,
}

const TIMESTAMP: &str = "Wechatpay-Timestamp";
const NONCE: &str = "Wechatpay-Nonce";
const SERIAL: &str = "Wechatpay-Serial";
const SIGNATURE: &str = "Wechatpay-Signature";
const SIGNATURE_TYPE: &str = "Wechatpay-Signature-Type";
const REQUEST_ID: &str = "Request-ID";

impl WechatpayHeaders {
    /// Picks the headers out of `(name, value)` pairs. Names match
    /// case-insensitively, and the CGI/PHP form `HTTP_WECHATPAY_SIGNATURE`
    /// matches too. A header given twice with different values is rejected:
    /// which one was signed would be ambiguous.
    pub fn from_pairs<I>(pairs: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        const NAMES: [&str; 6] = [TIMESTAMP, NONCE, SERIAL, SIGNATURE, SIGNATURE_TYPE, REQUEST_ID];
        let mut found: [Option<String>; 6] = Default::default();
        for pair in pairs {
            let Some(at) = NAMES.iter().position(|canonical| header_name_matches(pair.name(), canonical)) else {
                continue;
            };
            let value = pair.value().trim_matches(|c| c == ' ' || c == '\t');
            match &found[at] {
                Some(previous) if previous != value => {
                    return Err(Error::HeaderInvalid { name: NAMES[at], reason: "given twice with different values" });
                }
                _ => found[at] = Some(value.to_owned()),
            }
        }
        let [timestamp, nonce, serial, signature, signature_type, request_id] = found;
        let required = |value: Option<String>, name| value.ok_or(Error::HeaderMissing { name });
        Ok(Self {
            timestamp: required(timestamp, TIMESTAMP)?,
            nonce: required(nonce, NONCE)?,
            serial: required(serial, SERIAL)?,
            signature: required(signature, SIGNATURE)?,
            signature_type,
            request_id,
        })
    }

    /// `Wechatpay-Timestamp` as Unix seconds (decimal digits only).
    pub fn timestamp(&self) -> Result<i64> {
        crate::v3::sign::parse_timestamp(&self.timestamp)
            .ok_or(Error::HeaderInvalid { name: TIMESTAMP, reason: "not a decimal number of seconds" })
    }

    /// The headers as `(canonical name, value)` pairs, ready to put on a
    /// response or a callback: the four signed ones, then
    /// `Wechatpay-Signature-Type` and `Request-ID` when present.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            (TIMESTAMP, self.timestamp.clone()),
            (NONCE, self.nonce.clone()),
            (SERIAL, self.serial.clone()),
            (SIGNATURE, self.signature.clone()),
        ];
        if let Some(kind) = &self.signature_type {
            pairs.push((SIGNATURE_TYPE, kind.clone()));
        }
        if let Some(id) = &self.request_id {
            pairs.push((REQUEST_ID, id.clone()));
        }
        pairs
    }

    /// `TIMESTAMP\nNONCE\nBODY\n` over the body bytes as received.
    pub fn message(&self, body: &[u8]) -> Vec<u8> {
        let mut message = Vec::with_capacity(self.timestamp.len() + self.nonce.len() + body.len() + 3);
        for part in [self.timestamp.as_bytes(), self.nonce.as_bytes(), body] {
            message.extend_from_slice(part);
            message.push(b'\n');
        }
        message
    }
}

/// One `(name, value)` header, owned or borrowed: `(&str, &str)`,
/// `(String, String)`, `&(String, String)` (iterating a `&Vec` of pairs), …
pub trait HeaderPair {
    /// The header name, in any case.
    fn name(&self) -> &str;
    /// The header value.
    fn value(&self) -> &str;
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderPair for (K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderPair for &(K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

fn header_name_matches(name: &str, canonical: &str) -> bool {
    if name.eq_ignore_ascii_case(canonical) {
        return true;
    }
    // CGI form: HTTP_ prefix, upper case, '-' written as '_'.
    let cgi = name.get(..5).is_some_and(|prefix| prefix.eq_ignore_ascii_case("HTTP_"));
    cgi && name.get(5..).is_some_and(|rest| {
        rest.len() == canonical.len()
            && rest.bytes().zip(canonical.bytes()).all(|(a, b)| {
                let b = if b == b'-' { b'_' } else { b.to_ascii_uppercase() };
                a.to_ascii_uppercase() == b
            })
    })
}

/// A key the trust store can verify with.
#[derive(Debug, Clone)]
pub enum TrustedKey {
    /// A platform certificate (checked for validity at "now").
    Certificate(Certificate),
    /// A WeChat Pay public key (`PUB_KEY_ID_…`; no expiry).
    PublicKey(PublicKey),
}

impl TrustedKey {
    /// The key that verifies.
    pub fn public_key(&self) -> &PublicKey {
        match self {
            TrustedKey::Certificate(cert) => cert.public_key(),
            TrustedKey::PublicKey(key) => key,
        }
    }
}

/// Platform certificates and WeChat Pay public keys, looked up by the exact
/// `Wechatpay-Serial` string.
///
/// A `TrustStore` is a shared handle: its clones, and every [`Verifier`] and
/// `CallbackParser` built from it, see the same keys. Adding a new platform
/// certificate or removing an expired one takes effect for all of them at
/// once, while other threads verify (a read lock per verification, which
/// costs well under 1% of one RSA verification). Use
/// [`TrustStore::detached_copy`] for an independent copy.
///
/// ```
/// # let dir = format!("{}/keys/", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()));
/// use wechatpay_core::keys::Certificate;
/// use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions};
/// let store = TrustStore::new();
/// let verifier = Verifier::new(store.clone(), VerifierOptions::default());
/// store.add_certificate(Certificate::from_pem_file(format!("{dir}platform2_cert.pem"))?); // rotation
/// assert_eq!(verifier.trust_store().serials(), ["76CC70354CFE7C3DCB75E9F754D4CEB61212062D"]);
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    keys: Arc<RwLock<HashMap<String, TrustedKey>>>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// An independent copy: later changes to either do not reach the other.
    pub fn detached_copy(&self) -> Self {
        Self { keys: Arc::new(RwLock::new(self.read().clone())) }
    }

    // A panic while a writer held the lock cannot leave the map half-updated
    // (every write is one insert or remove), so a poisoned lock is still usable.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, TrustedKey>> {
        self.keys.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, TrustedKey>> {
        self.keys.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds (or replaces) a platform certificate under its serial.
    pub fn add_certificate(&self, certificate: Certificate) {
        self.write().insert(certificate.serial_no().to_owned(), TrustedKey::Certificate(certificate));
    }

    /// Adds (or replaces) a WeChat Pay public key under its id (`PUB_KEY_ID_…`).
    pub fn add_public_key(&self, key_id: impl Into<String>, key: PublicKey) -> Result<()> {
        let key_id = key_id.into();
        check_public_key_id(&key_id)?;
        self.write().insert(key_id, TrustedKey::PublicKey(key));
        Ok(())
    }

    /// Removes a certificate or key; returns it if it was present.
    pub fn remove(&self, serial_or_id: &str) -> Option<TrustedKey> {
        self.write().remove(serial_or_id)
    }

    /// Removes every certificate that has expired at `now`; returns their serials, sorted.
    pub fn remove_expired_at(&self, now: i64) -> Vec<String> {
        let mut keys = self.write();
        let mut expired: Vec<String> = keys
            .iter()
            .filter_map(|(serial, key)| match key {
                TrustedKey::Certificate(cert) if cert.not_after() < now => Some(serial.clone()),
                _ => None,
            })
            .collect();
        for serial in &expired {
            keys.remove(serial);
        }
        expired.sort_unstable();
        expired
    }

    /// The key for a `Wechatpay-Serial` value (exact, case-sensitive match).
    pub fn get(&self, serial_or_id: &str) -> Option<TrustedKey> {
        self.read().get(serial_or_id).cloned()
    }

    /// Whether a serial or key id is present.
    pub fn contains(&self, serial_or_id: &str) -> bool {
        self.read().contains_key(serial_or_id)
    }

    /// Number of certificates and keys.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// Every serial and key id, sorted.
    pub fn serials(&self) -> Vec<String> {
        let mut serials: Vec<String> = self.read().keys().cloned().collect();
        serials.sort_unstable();
        serials
    }

    /// The platform certificates, sorted by serial.
    pub fn certificates(&self) -> Vec<Certificate> {
        let mut certificates: Vec<Certificate> = self
            .read()
            .values()
            .filter_map(|key| match key {
                TrustedKey::Certificate(cert) => Some(cert.clone()),
                TrustedKey::PublicKey(_) => None,
            })
            .collect();
        certificates.sort_by(|a, b| a.serial_no().cmp(b.serial_no()));
        certificates
    }

    /// The WeChat Pay public keys with their ids, sorted by id.
    pub fn public_keys(&self) -> Vec<(String, PublicKey)> {
        let mut keys: Vec<(String, PublicKey)> = self
            .read()
            .iter()
            .filter_map(|(id, key)| match key {
                TrustedKey::PublicKey(public) => Some((id.clone(), public.clone())),
                TrustedKey::Certificate(_) => None,
            })
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        keys
    }

    /// The platform certificate to encrypt sensitive fields with
    /// (`Wechatpay-Serial` then names it): among the certificates valid at
    /// `now`, the one that stays valid longest (latest `not_after`, as WeChat
    /// Pay's "有效期较大" wording and the Java/Python SDKs read it; ties go to
    /// the latest `not_before`, then the greater serial, so the choice is
    /// deterministic). Public keys are not considered: encrypt to one with
    /// `SensitiveEncryptor::from_public_key`.
    pub fn certificate_for_encryption_at(&self, now: i64) -> Option<Certificate> {
        self.read()
            .values()
            .filter_map(|key| match key {
                TrustedKey::Certificate(cert) if cert.is_valid_at(now) => Some(cert),
                _ => None,
            })
            .max_by(|a, b| {
                (a.not_after(), a.not_before(), a.serial_no()).cmp(&(b.not_after(), b.not_before(), b.serial_no()))
            })
            .cloned()
    }

    /// [`TrustStore::certificate_for_encryption_at`] the system clock's now.
    pub fn certificate_for_encryption(&self) -> Option<Certificate> {
        self.certificate_for_encryption_at(clock::now())
    }
}

/// A WeChat Pay public key id: `PUB_KEY_ID_` and at least one more character.
pub(crate) fn check_public_key_id(key_id: &str) -> Result<()> {
    if !key_id.starts_with(PUBLIC_KEY_ID_PREFIX) || key_id.len() == PUBLIC_KEY_ID_PREFIX.len() {
        return Err(Error::InvalidArgument {
            name: "key_id",
            reason: "a WeChat Pay public key id starts with PUB_KEY_ID_",
        });
    }
    Ok(())
}

/// How a [`Verifier`] checks messages.
#[derive(Debug, Clone)]
pub struct VerifierOptions {
    /// The replay window in seconds (inclusive): `|now - timestamp| <= window`.
    /// It applies to responses and callbacks alike. Default 300.
    pub replay_window: u64,
    /// Where "now" comes from for [`Verifier::verify`]. Default: the system clock.
    pub clock: Clock,
}

impl Default for VerifierOptions {
    fn default() -> Self {
        Self { replay_window: DEFAULT_REPLAY_WINDOW, clock: Clock::system() }
    }
}

/// Verifies responses and callbacks against a [`TrustStore`] with a replay window.
/// Build once, share across threads.
#[derive(Debug, Clone)]
pub struct Verifier {
    store: TrustStore,
    options: VerifierOptions,
}

impl Verifier {
    /// A verifier over `store` (shared: see [`TrustStore`]).
    pub fn new(store: TrustStore, options: VerifierOptions) -> Self {
        Self { store, options }
    }

    /// The replay window in seconds.
    pub fn replay_window(&self) -> u64 {
        self.options.replay_window
    }

    /// The options.
    pub fn options(&self) -> &VerifierOptions {
        &self.options
    }

    /// The trust store (the same shared store the verifier reads).
    pub fn trust_store(&self) -> &TrustStore {
        &self.store
    }

    /// Verifies with the options' clock as now.
    pub fn verify(&self, headers: &WechatpayHeaders, body: &[u8]) -> Result<()> {
        self.verify_at(headers, body, self.options.clock.now())
    }

    /// Verifies with `now` as the receiver's clock (Unix seconds).
    pub fn verify_at(&self, headers: &WechatpayHeaders, body: &[u8], now: i64) -> Result<()> {
        if let Some(kind) = headers.signature_type.as_deref()
            && kind != SCHEME
        {
            return Err(Error::SignatureTypeUnsupported { found: echo(kind) });
        }
        if headers.signature.starts_with(PROBE_PREFIX) {
            return Err(Error::SignatureProbe);
        }
        let timestamp = headers.timestamp()?;
        let skew = now.abs_diff(timestamp);
        let window = self.options.replay_window;
        if skew > window {
            return Err(Error::TimestampOutOfWindow { timestamp, skew, window });
        }
        let trusted =
            self.store.get(&headers.serial).ok_or_else(|| Error::SerialUnknown { serial: echo(&headers.serial) })?;
        if let TrustedKey::Certificate(cert) = &trusted
            && !cert.is_valid_at(now)
        {
            let reason = if now > cert.not_after() { "expired" } else { "not yet valid" };
            return Err(Error::CertificateNotValid { serial: cert.serial_no().to_owned(), reason });
        }
        trusted.public_key().verify_sha256_base64(&headers.message(body), &headers.signature)
    }

    /// Reads the headers from `(name, value)` pairs and verifies with the options' clock.
    pub fn verify_pairs<I>(&self, headers: I, body: &[u8]) -> Result<WechatpayHeaders>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        let headers = WechatpayHeaders::from_pairs(headers)?;
        self.verify(&headers, body)?;
        Ok(headers)
    }
}

/// Signs responses and callbacks as WeChat Pay does (for a simulator or a
/// test): `Wechatpay-Timestamp`, `-Nonce`, `-Serial`, `-Signature` and
/// `-Signature-Type` over `TIMESTAMP\nNONCE\nBODY\n`, with a platform
/// certificate's key or a WeChat Pay public key's private half.
///
/// ```
/// # let dir = format!("{}/keys/", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()));
/// use wechatpay_core::keys::{Certificate, PrivateKey};
/// use wechatpay_core::v3::verify::{ResponseSigner, TrustStore, Verifier, VerifierOptions};
/// let cert = Certificate::from_pem_file(format!("{dir}platform_cert.pem"))?;
/// let signer = ResponseSigner::from_certificate(PrivateKey::from_pem_file(format!("{dir}platform_key.pem"))?, &cert)?;
/// let body = br#"{"code_url":"weixin://wxpay/bizpayurl?pr=JyC91EIz1"}"#;
/// let headers = signer.sign_at(body, 1_795_392_000)?; // headers.to_pairs() go on the response
/// let store = TrustStore::new();
/// store.add_certificate(cert);
/// Verifier::new(store, VerifierOptions::default()).verify_at(&headers, body, 1_795_392_000)?;
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ResponseSigner {
    key: crate::keys::PrivateKey,
    serial: String,
}

impl ResponseSigner {
    /// Signs as the platform certificate `certificate` (its serial goes in
    /// `Wechatpay-Serial`); [`Error::InvalidArgument`] unless `key` is its key.
    pub fn from_certificate(key: crate::keys::PrivateKey, certificate: &Certificate) -> Result<Self> {
        if !key.matches(certificate.public_key()) {
            return Err(Error::InvalidArgument {
                name: "certificate",
                reason: "the platform certificate does not belong to the private key",
            });
        }
        Ok(Self { key, serial: certificate.serial_no().to_owned() })
    }

    /// Signs in public-key mode: `Wechatpay-Serial` is `key_id` (`PUB_KEY_ID_…`).
    pub fn from_public_key_id(key: crate::keys::PrivateKey, key_id: impl Into<String>) -> Result<Self> {
        let serial = key_id.into();
        check_public_key_id(&serial)?;
        Ok(Self { key, serial })
    }

    /// What goes in `Wechatpay-Serial`.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// Signs `body` now (system clock) with a fresh 32-character nonce.
    pub fn sign(&self, body: &[u8]) -> Result<WechatpayHeaders> {
        self.sign_at(body, clock::now())
    }

    /// Signs `body` with `now` as the timestamp and a fresh nonce.
    pub fn sign_at(&self, body: &[u8], now: i64) -> Result<WechatpayHeaders> {
        self.sign_with(body, now, &crate::nonce::generate()?)
    }

    /// Signs `body` with a given timestamp and nonce (reproducible).
    pub fn sign_with(&self, body: &[u8], timestamp: i64, nonce: &str) -> Result<WechatpayHeaders> {
        crate::v3::sign::check_timestamp(timestamp)?;
        crate::v3::sign::check_header_value("nonce", nonce)?;
        let mut headers = WechatpayHeaders {
            timestamp: timestamp.to_string(),
            nonce: nonce.to_owned(),
            serial: self.serial.clone(),
            signature: String::new(),
            signature_type: Some(SCHEME.to_owned()),
            request_id: None,
        };
        headers.signature = self.key.sign_sha256_base64(&headers.message(body))?;
        Ok(headers)
    }

    /// The headers of a signature probe: WeChat Pay's deliberately wrong
    /// `WECHATPAY/SIGNTEST/…` signature, which merchants must refuse.
    pub fn probe_at(&self, now: i64) -> Result<WechatpayHeaders> {
        let nonce = crate::nonce::generate()?;
        Ok(WechatpayHeaders {
            timestamp: now.max(0).to_string(),
            signature: format!("{PROBE_PREFIX}{}", crate::nonce::generate_len(64)?),
            nonce,
            serial: self.serial.clone(),
            signature_type: Some(SCHEME.to_owned()),
            request_id: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn headers(pairs: &[(&str, &str)]) -> Result<WechatpayHeaders> {
        WechatpayHeaders::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn header_lookup_is_case_insensitive_and_accepts_cgi_names() {
        let h = headers(&[
            ("wechatpay-timestamp", "1"),
            ("HTTP_WECHATPAY_NONCE", "n"),
            ("WECHATPAY-SERIAL", "S"),
            ("Wechatpay-Signature", "sig"),
            ("http_wechatpay_signature_type", SCHEME),
            ("Content-Type", "application/json"),
        ])
        .unwrap();
        assert_eq!((h.timestamp.as_str(), h.nonce.as_str(), h.serial.as_str()), ("1", "n", "S"));
        assert_eq!(h.signature_type.as_deref(), Some(SCHEME));
        assert!(!header_name_matches("HTTP_WECHATPAY-NONCE", "Wechatpay-Nonce"));
    }

    #[test]
    fn missing_and_conflicting_headers_are_typed() {
        let err =
            headers(&[("Wechatpay-Timestamp", "1"), ("Wechatpay-Nonce", "n"), ("Wechatpay-Serial", "S")]).unwrap_err();
        assert_eq!(err, Error::HeaderMissing { name: SIGNATURE });
        let err = headers(&[("Wechatpay-Serial", "A"), ("wechatpay-serial", "B")]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::HeaderInvalid);
    }

    #[test]
    fn timestamp_must_be_digits() {
        for bad in ["", "-1", "1.5", " 1", "99999999999999999999", "1e9"] {
            let h = WechatpayHeaders {
                timestamp: bad.into(),
                nonce: "n".into(),
                serial: "S".into(),
                signature: "x".into(),
                signature_type: None,
                request_id: None,
            };
            assert_eq!(h.timestamp().unwrap_err().kind(), ErrorKind::HeaderInvalid, "{bad:?}");
        }
    }

    #[test]
    fn checks_come_in_the_documented_order() {
        let verifier = Verifier::new(TrustStore::new(), VerifierOptions::default());
        let mut h = WechatpayHeaders {
            timestamp: "1000".into(),
            nonce: "n".into(),
            serial: "UNKNOWN".into(),
            signature: "WECHATPAY/SIGNTEST/abc".into(),
            signature_type: Some("WECHATPAY2-SM2-WITH-SM3".into()),
            request_id: None,
        };
        assert_eq!(verifier.verify_at(&h, b"", 1000).unwrap_err().kind(), ErrorKind::SignatureTypeUnsupported);
        h.signature_type = None;
        // A probe is reported as a probe even when its serial or timestamp is also wrong.
        assert_eq!(verifier.verify_at(&h, b"", 999_999).unwrap_err().kind(), ErrorKind::SignatureProbe);
        h.signature = "AAAA".into();
        assert_eq!(verifier.verify_at(&h, b"", 1301).unwrap_err().kind(), ErrorKind::TimestampOutOfWindow);
        assert_eq!(verifier.verify_at(&h, b"", 1300).unwrap_err().kind(), ErrorKind::SerialUnknown);
        assert_eq!(verifier.verify_at(&h, b"", 700).unwrap_err().kind(), ErrorKind::SerialUnknown);
        let narrow = Verifier::new(TrustStore::new(), VerifierOptions { replay_window: 10, ..Default::default() });
        assert_eq!(narrow.verify_at(&h, b"", 1011).unwrap_err().kind(), ErrorKind::TimestampOutOfWindow);
    }

    #[test]
    fn public_key_ids_must_look_like_ids() {
        let key = PublicKey::from_pem_file(crate::test_support::key_path("wechatpay_pub_key.pem")).unwrap();
        let store = TrustStore::new();
        assert_eq!(store.add_public_key("1FFD9E", key.clone()).unwrap_err().kind(), ErrorKind::InvalidArgument);
        store.add_public_key("PUB_KEY_ID_0119000001092025111800000000000001", key).unwrap();
        assert_eq!(store.len(), 1);
        assert!(store.certificate_for_encryption_at(0).is_none());
    }
}

#[cfg(test)]
mod shared_store_tests {
    use super::*;
    use crate::keys::PrivateKey;
    use crate::test_support::key_path;

    fn signed(key: &str, serial: &str, timestamp: i64, body: &[u8]) -> WechatpayHeaders {
        let key = PrivateKey::from_pem_file(key_path(key)).unwrap();
        let mut headers = WechatpayHeaders {
            timestamp: timestamp.to_string(),
            nonce: "n0nce".into(),
            serial: serial.into(),
            signature: String::new(),
            signature_type: Some(SCHEME.into()),
            request_id: None,
        };
        headers.signature = key.sign_sha256_base64(&headers.message(body)).unwrap();
        headers
    }

    const P1: &str = "1FFD9ECF271B7477C83ED82F1AF813A54B87007C";
    const P2: &str = "76CC70354CFE7C3DCB75E9F754D4CEB61212062D";
    const NOW: i64 = 1_795_392_000;

    #[test]
    fn rotation_reaches_every_verifier_sharing_the_store() {
        let store = TrustStore::new();
        store.add_certificate(Certificate::from_pem_file(key_path("platform_cert.pem")).unwrap());
        let verifier = Verifier::new(store.clone(), VerifierOptions::default());
        let other = verifier.clone();
        let headers = signed("platform2_key.pem", P2, NOW, b"{}");
        assert_eq!(verifier.verify_at(&headers, b"{}", NOW).unwrap_err().kind(), crate::ErrorKind::SerialUnknown);
        store.add_certificate(Certificate::from_pem_file(key_path("platform2_cert.pem")).unwrap());
        verifier.verify_at(&headers, b"{}", NOW).unwrap();
        other.verify_at(&headers, b"{}", NOW).unwrap();
        assert_eq!(store.certificate_for_encryption_at(NOW).map(|c| c.serial_no().to_owned()).as_deref(), Some(P2));
        assert!(store.remove(P2).is_some());
        assert_eq!(other.verify_at(&headers, b"{}", NOW).unwrap_err().kind(), crate::ErrorKind::SerialUnknown);
        // A detached copy does not follow.
        let copy = store.detached_copy();
        store.remove(P1);
        assert_eq!(copy.serials(), [P1]);
        assert!(store.is_empty());
    }

    #[test]
    fn expired_certificates_are_removed_by_date() {
        let store = TrustStore::new();
        for file in ["platform_cert.pem", "platform2_cert.pem", "platform_expired_cert.pem"] {
            store.add_certificate(Certificate::from_pem_file(key_path(file)).unwrap());
        }
        let removed = store.remove_expired_at(NOW);
        assert_eq!(removed.len(), 1);
        assert_eq!(store.serials(), [P1, P2]);
        assert_eq!(store.certificates().len(), 2);
        assert!(store.public_keys().is_empty());
    }

    #[test]
    fn the_options_clock_is_now() {
        let clock = Clock::manual(NOW);
        let store = TrustStore::new();
        store.add_certificate(Certificate::from_pem_file(key_path("platform_cert.pem")).unwrap());
        let verifier = Verifier::new(store, VerifierOptions { replay_window: 300, clock: clock.clone() });
        let headers = signed("platform_key.pem", P1, NOW, b"");
        verifier.verify(&headers, b"").unwrap();
        clock.advance(301).unwrap();
        let err = verifier.verify(&headers, b"").unwrap_err();
        assert_eq!(err, Error::TimestampOutOfWindow { timestamp: NOW, skew: 301, window: 300 });
        let pairs = headers.to_pairs();
        assert_eq!(pairs.len(), 5);
        clock.set(NOW).unwrap();
        assert_eq!(verifier.verify_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), b"").unwrap(), headers);
    }
}

#[cfg(test)]
mod response_signer_tests {
    use super::*;
    use crate::ErrorKind;
    use crate::keys::PrivateKey;
    use crate::test_support::{cases, key_path, vectors_dir};

    #[test]
    fn signs_what_the_vectors_verify() {
        // Every valid vector response, re-signed with its own timestamp and nonce, gives the same signature.
        let keys: std::collections::HashMap<&str, &str> = [
            ("keys/platform_cert.pem", "platform_key.pem"),
            ("keys/platform2_cert.pem", "platform2_key.pem"),
            ("keys/platform_expired_cert.pem", "platform_expired_key.pem"),
            ("keys/wechatpay_pub_key.pem", "wechatpay_pub_key_private.pem"),
        ]
        .into();
        let mut checked = 0;
        for case in cases("response_verify.json") {
            let (Some(true), Some(file)) = (case["valid"].as_bool(), case["key_file"].as_str()) else { continue };
            let key = PrivateKey::from_pem_file(key_path(keys[file])).unwrap();
            let headers = WechatpayHeaders::from_pairs(
                case["headers"].as_object().unwrap().iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())),
            )
            .unwrap();
            let signer = if headers.serial.starts_with(PUBLIC_KEY_ID_PREFIX) {
                ResponseSigner::from_public_key_id(key, headers.serial.clone()).unwrap()
            } else {
                let cert = Certificate::from_pem_file(vectors_dir().join(file)).unwrap();
                ResponseSigner::from_certificate(key, &cert).unwrap()
            };
            let ours = signer
                .sign_with(case["body"].as_str().unwrap().as_bytes(), headers.timestamp().unwrap(), &headers.nonce)
                .unwrap();
            assert_eq!(ours.signature, headers.signature, "{}", case["name"]);
            checked += 1;
        }
        assert!(checked >= 3, "only {checked} vectors checked");
    }

    #[test]
    fn probes_and_bad_arguments() {
        let cert = Certificate::from_pem_file(key_path("platform_cert.pem")).unwrap();
        let key = PrivateKey::from_pem_file(key_path("platform_key.pem")).unwrap();
        let other = PrivateKey::from_pem_file(key_path("other_key.pem")).unwrap();
        assert_eq!(
            ResponseSigner::from_certificate(other.clone(), &cert).unwrap_err().kind(),
            ErrorKind::InvalidArgument
        );
        assert_eq!(ResponseSigner::from_public_key_id(other, "123").unwrap_err().kind(), ErrorKind::InvalidArgument);
        let signer = ResponseSigner::from_certificate(key, &cert).unwrap();
        assert_eq!(signer.sign_with(b"", -1, "n").unwrap_err().kind(), ErrorKind::InvalidArgument);
        assert_eq!(signer.sign_with(b"", 1, "a b").unwrap_err().kind(), ErrorKind::InvalidArgument);
        let store = TrustStore::new();
        store.add_certificate(cert);
        let verifier = Verifier::new(store, VerifierOptions::default());
        let probe = signer.probe_at(1_795_392_000).unwrap();
        assert_eq!(verifier.verify_at(&probe, b"{}", 1_795_392_000).unwrap_err().kind(), ErrorKind::SignatureProbe);
        let now = signer.sign(b"{}").unwrap();
        verifier.verify(&now, b"{}").unwrap();
    }
}
