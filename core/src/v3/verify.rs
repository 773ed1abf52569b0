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
//! # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors/");
//! # let cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{dir}response_verify.json")).unwrap()).unwrap();
//! # let case = &cases[0];
//! # let headers: Vec<(String, String)> = case["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
//! # let body = case["body"].as_str().unwrap();
//! use wechatpay_core::keys::Certificate;
//! use wechatpay_core::v3::verify::{TrustStore, Verifier, WechatpayHeaders};
//!
//! let mut store = TrustStore::new();
//! store.add_certificate(Certificate::from_pem_file(format!("{dir}keys/platform_cert.pem"))?);
//! let verifier = Verifier::new(store);
//! let headers = WechatpayHeaders::from_pairs(&headers)?; // any case, also HTTP_WECHATPAY_*
//! let now = headers.timestamp()?; // use verifier.verify(..) to check against the real clock
//! verifier.verify_at(&headers, body.as_bytes(), now)?;
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::collections::HashMap;

use crate::encoding;
use crate::error::{Error, Result};
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
        let invalid = Error::HeaderInvalid { name: TIMESTAMP, reason: "not a decimal number of seconds" };
        if self.timestamp.is_empty() || self.timestamp.len() > 12 || !self.timestamp.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(invalid);
        }
        self.timestamp.parse().map_err(|_| invalid)
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
    fn public_key(&self) -> &PublicKey {
        match self {
            TrustedKey::Certificate(cert) => cert.public_key(),
            TrustedKey::PublicKey(key) => key,
        }
    }
}

/// Platform certificates and WeChat Pay public keys, looked up by the exact
/// `Wechatpay-Serial` string.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    keys: HashMap<String, TrustedKey>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a platform certificate under its serial.
    pub fn add_certificate(&mut self, certificate: Certificate) {
        self.keys.insert(certificate.serial_no().to_owned(), TrustedKey::Certificate(certificate));
    }

    /// Adds (or replaces) a WeChat Pay public key under its id (`PUB_KEY_ID_…`).
    pub fn add_public_key(&mut self, key_id: impl Into<String>, key: PublicKey) -> Result<()> {
        let key_id = key_id.into();
        if !key_id.starts_with(PUBLIC_KEY_ID_PREFIX) || key_id.len() == PUBLIC_KEY_ID_PREFIX.len() {
            return Err(Error::InvalidArgument {
                name: "key_id",
                reason: "a WeChat Pay public key id starts with PUB_KEY_ID_",
            });
        }
        self.keys.insert(key_id, TrustedKey::PublicKey(key));
        Ok(())
    }

    /// Removes a certificate or key; returns it if it was present.
    pub fn remove(&mut self, serial_or_id: &str) -> Option<TrustedKey> {
        self.keys.remove(serial_or_id)
    }

    /// The key for a `Wechatpay-Serial` value (exact, case-sensitive match).
    pub fn get(&self, serial_or_id: &str) -> Option<&TrustedKey> {
        self.keys.get(serial_or_id)
    }

    /// Number of certificates and keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every serial and key id, sorted.
    pub fn serials(&self) -> Vec<&str> {
        let mut serials: Vec<&str> = self.keys.keys().map(String::as_str).collect();
        serials.sort_unstable();
        serials
    }

    /// The certificate to encrypt sensitive fields with: among the certificates
    /// valid at `now`, the one that stays valid longest (latest `not_after`, as
    /// WeChat Pay's "有效期较大" wording and the Java/Python SDKs read it; ties
    /// go to the latest `not_before`, then the greater serial, so the choice is
    /// deterministic).
    pub fn newest_certificate(&self, now: i64) -> Option<&Certificate> {
        self.keys
            .values()
            .filter_map(|key| match key {
                TrustedKey::Certificate(cert) if cert.is_valid_at(now) => Some(cert),
                _ => None,
            })
            .max_by(|a, b| {
                (a.not_after(), a.not_before(), a.serial_no()).cmp(&(b.not_after(), b.not_before(), b.serial_no()))
            })
    }
}

/// Verifies responses and callbacks against a [`TrustStore`] with a replay window.
/// Build once, share across threads.
#[derive(Debug, Clone)]
pub struct Verifier {
    store: TrustStore,
    replay_window: u64,
}

impl Verifier {
    /// A verifier with the default 300 s replay window.
    pub fn new(store: TrustStore) -> Self {
        Self { store, replay_window: DEFAULT_REPLAY_WINDOW }
    }

    /// Sets the replay window in seconds (inclusive). It applies to responses
    /// and callbacks alike.
    pub fn with_replay_window(mut self, seconds: u64) -> Self {
        self.replay_window = seconds;
        self
    }

    /// The replay window in seconds.
    pub fn replay_window(&self) -> u64 {
        self.replay_window
    }

    /// The trust store.
    pub fn trust_store(&self) -> &TrustStore {
        &self.store
    }

    /// Verifies against the system clock.
    pub fn verify(&self, headers: &WechatpayHeaders, body: &[u8]) -> Result<()> {
        self.verify_at(headers, body, encoding::unix_now())
    }

    /// Verifies with `now` as the receiver's clock (Unix seconds).
    pub fn verify_at(&self, headers: &WechatpayHeaders, body: &[u8], now: i64) -> Result<()> {
        if headers.signature_type.as_deref().is_some_and(|kind| kind != SCHEME) {
            return Err(Error::SignatureTypeUnsupported);
        }
        if headers.signature.starts_with(PROBE_PREFIX) {
            return Err(Error::SignatureProbe);
        }
        let timestamp = headers.timestamp()?;
        let skew = now.abs_diff(timestamp);
        if skew > self.replay_window {
            return Err(Error::TimestampOutOfWindow { timestamp, skew, window: self.replay_window });
        }
        let trusted =
            self.store.get(&headers.serial).ok_or_else(|| Error::SerialUnknown { serial: headers.serial.clone() })?;
        if let TrustedKey::Certificate(cert) = trusted
            && !cert.is_valid_at(now)
        {
            let reason = if now > cert.not_after() { "expired" } else { "not yet valid" };
            return Err(Error::CertificateNotValid { serial: cert.serial_no().to_owned(), reason });
        }
        let key = trusted.public_key();
        let signature = encoding::base64_decode(&headers.signature, "Wechatpay-Signature")
            .map_err(|_| Error::SignatureMalformed { reason: "not canonical standard base64" })?;
        if signature.len() != key.modulus_len() {
            return Err(Error::SignatureMalformed {
                reason: "length differs from the key's modulus (256 bytes for RSA-2048)",
            });
        }
        if key.verify_sha256(&headers.message(body), &signature) { Ok(()) } else { Err(Error::SignatureInvalid) }
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
        let verifier = Verifier::new(TrustStore::new());
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
        let narrow = Verifier::new(TrustStore::new()).with_replay_window(10);
        assert_eq!(narrow.verify_at(&h, b"", 1011).unwrap_err().kind(), ErrorKind::TimestampOutOfWindow);
    }

    #[test]
    fn public_key_ids_must_look_like_ids() {
        let dir = std::env::var("WECHATPAY_VECTORS")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").into());
        let key = PublicKey::from_pem_file(format!("{dir}/keys/wechatpay_pub_key.pem")).unwrap();
        let mut store = TrustStore::new();
        assert_eq!(store.add_public_key("1FFD9E", key.clone()).unwrap_err().kind(), ErrorKind::InvalidArgument);
        store.add_public_key("PUB_KEY_ID_0119000001092025111800000000000001", key).unwrap();
        assert_eq!(store.len(), 1);
        assert!(store.newest_certificate(0).is_none());
    }
}
