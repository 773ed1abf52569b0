//! APIv3 request signing: the message, its signature and the `Authorization` header.
//!
//! ```
//! # let pem = std::fs::read_to_string(format!("{}/keys/apiclient_key.pem", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()))).unwrap();
//! use wechatpay_core::keys::PrivateKey;
//! use wechatpay_core::v3::sign::Signer;
//!
//! let signer = Signer::new("1900000109", "296D147D571B14F7E5D66631C45FC6E6DEEA77EC", PrivateKey::from_pem(&pem)?)?;
//! let signed = signer.sign("GET", "/v3/certificates", "")?; // fresh timestamp and nonce
//! assert!(signed.authorization.starts_with("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000109\","));
//! // Reproducible form, for tests and for replaying a request byte for byte:
//! let fixed = signer.sign_with("GET", "/v3/certificates", "", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242")?;
//! assert_eq!(fixed.message, "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n");
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use serde::Serialize;

use crate::clock;
use crate::error::{Error, Result};
use crate::keys::{Certificate, PrivateKey};
use crate::nonce;

/// The scheme token of the `Authorization` header and of `Wechatpay-Signature-Type`.
pub const SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`: the string WeChat Pay expects the
/// merchant to sign. `url` is the path and query exactly as sent.
pub fn build_message(method: &str, url: &str, timestamp: i64, nonce: &str, body: &str) -> String {
    format!("{method}\n{url}\n{timestamp}\n{nonce}\n{body}\n")
}

/// The result of signing one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedRequest {
    /// The signed message (`METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`).
    pub message: String,
    /// Base64 RSASSA-PKCS1-v1_5 SHA-256 signature of `message`.
    pub signature: String,
    /// The complete `Authorization` header value.
    pub authorization: String,
    /// The timestamp that was signed (Unix seconds).
    pub timestamp: i64,
    /// The nonce that was signed.
    pub nonce: String,
}

impl SignedRequest {
    /// Compact JSON: `{"message","signature","authorization","timestamp","nonce"}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Signs merchant requests: one per merchant, built once, shared by all threads.
#[derive(Debug, Clone)]
pub struct Signer {
    mchid: String,
    serial_no: String,
    key: PrivateKey,
}

impl Signer {
    /// `mchid`: the calling merchant id; `serial_no`: the serial of the merchant
    /// API certificate (uppercase hex, as `openssl x509 -serial` prints it).
    pub fn new(mchid: impl Into<String>, serial_no: impl Into<String>, key: PrivateKey) -> Result<Self> {
        let (mchid, serial_no) = (mchid.into(), serial_no.into());
        check_header_value("mchid", &mchid)?;
        check_header_value("serial_no", &serial_no)?;
        Ok(Self { mchid, serial_no, key })
    }

    /// Like [`Signer::new`], taking the serial from the merchant certificate and
    /// checking that the certificate belongs to the key.
    pub fn from_certificate(mchid: impl Into<String>, key: PrivateKey, certificate: &Certificate) -> Result<Self> {
        if !key.matches(certificate.public_key()) {
            return Err(Error::InvalidArgument {
                name: "certificate",
                reason: "the merchant certificate does not belong to the private key",
            });
        }
        Self::new(mchid, certificate.serial_no(), key)
    }

    /// The merchant id.
    pub fn mchid(&self) -> &str {
        &self.mchid
    }

    /// The merchant certificate serial.
    pub fn serial_no(&self) -> &str {
        &self.serial_no
    }

    /// The private key (for payment parameters and other signatures).
    pub fn private_key(&self) -> &PrivateKey {
        &self.key
    }

    /// Signs a request now (system clock), with a fresh nonce.
    ///
    /// `method` is the uppercase verb; `url` the path and query exactly as they
    /// go on the wire (a full `https://host/…` URL is accepted and its origin
    /// dropped; a non-ASCII path must be percent-encoded first, since that is
    /// what is sent and what WeChat Pay verifies); `body` the exact body bytes
    /// that will be sent (`""` for none).
    pub fn sign(&self, method: &str, url: &str, body: &str) -> Result<SignedRequest> {
        self.sign_at(method, url, body, clock::now())
    }

    /// Signs a request with `now` as the timestamp and a fresh nonce.
    pub fn sign_at(&self, method: &str, url: &str, body: &str, now: i64) -> Result<SignedRequest> {
        self.sign_with(method, url, body, now, &nonce::generate()?)
    }

    /// Signs a request with a given timestamp and nonce (reproducible).
    pub fn sign_with(&self, method: &str, url: &str, body: &str, timestamp: i64, nonce: &str) -> Result<SignedRequest> {
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::InvalidArgument {
                name: "method",
                reason: "must be an uppercase HTTP verb such as GET",
            });
        }
        let url = canonical_url(url)?;
        check_timestamp(timestamp)?;
        check_header_value("nonce", nonce)?;
        let message = build_message(method, &url, timestamp, nonce, body);
        let signature = self.key.sign_sha256_base64(message.as_bytes())?;
        let authorization = format!(
            "{SCHEME} mchid=\"{}\",serial_no=\"{}\",timestamp=\"{timestamp}\",nonce_str=\"{nonce}\",signature=\"{signature}\"",
            self.mchid, self.serial_no
        );
        Ok(SignedRequest { message, signature, authorization, timestamp, nonce: nonce.to_owned() })
    }
}

/// The path + query that is signed: as given, or with the origin of a full URL
/// removed (`https://host?x=1` is `/?x=1`, as an HTTP client sends it).
pub(crate) fn canonical_url(url: &str) -> Result<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let path: Cow<'_, str> = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") => {
            match rest.find(['/', '?']) {
                Some(at) if rest[at..].starts_with('?') => Cow::Owned(format!("/{}", &rest[at..])),
                Some(at) => Cow::Borrowed(&rest[at..]),
                None => Cow::Borrowed("/"),
            }
        }
        _ => Cow::Borrowed(url),
    };
    if !path.starts_with('/') {
        return Err(Error::InvalidArgument { name: "url", reason: "must be a path starting with '/' (plus query)" });
    }
    if !path.is_ascii() {
        return Err(Error::InvalidArgument {
            name: "url",
            reason: "contains non-ASCII characters: percent-encode them as they are sent (WeChat Pay verifies the encoded form)",
        });
    }
    if path.bytes().any(|b| b.is_ascii_control() || b == b' ') || path.contains('#') {
        return Err(Error::InvalidArgument {
            name: "url",
            reason: "contains spaces, control characters or a fragment",
        });
    }
    Ok(path)
}

/// The largest timestamp a receiver reads (12 digits): what is signed must be
/// what the other side can check.
pub(crate) const MAX_TIMESTAMP: i64 = 999_999_999_999;

/// Reads a timestamp as every receiver does: 1 to 12 decimal digits, no sign,
/// no spaces. The one reader for `Authorization` and `Wechatpay-Timestamp`.
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let digits = !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit());
    if digits { text.parse().ok() } else { None }
}

/// Unix seconds that every receiver can read: 0 to [`MAX_TIMESTAMP`].
pub(crate) fn check_timestamp(timestamp: i64) -> Result<()> {
    if !(0..=MAX_TIMESTAMP).contains(&timestamp) {
        return Err(Error::InvalidArgument {
            name: "timestamp",
            reason: "must be Unix seconds from 0 to 999999999999 (12 digits, what receivers read)",
        });
    }
    Ok(())
}

/// Values that go between double quotes in `Authorization` must not break out of them.
pub(crate) fn check_header_value(name: &'static str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::InvalidArgument { name, reason: "must not be empty" });
    }
    if !value.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\' && b != b',') {
        return Err(Error::InvalidArgument {
            name,
            reason: "must be printable ASCII without quotes, commas or spaces",
        });
    }
    Ok(())
}

/// The parsed `Authorization` header of a merchant request, as WeChat Pay
/// reads it: `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authorization {
    /// The calling merchant id.
    pub mchid: String,
    /// The serial of the merchant API certificate the request claims.
    pub serial_no: String,
    /// The signed timestamp, as written.
    pub timestamp: String,
    /// The signed nonce.
    pub nonce_str: String,
    /// The base64 signature.
    pub signature: String,
}

const AUTHORIZATION: &str = "Authorization";

fn authorization_invalid(reason: &'static str) -> Error {
    Error::HeaderInvalid { name: AUTHORIZATION, reason }
}

impl Authorization {
    /// The timestamp as Unix seconds (decimal digits only).
    pub fn timestamp(&self) -> Result<i64> {
        parse_timestamp(&self.timestamp).ok_or(authorization_invalid("timestamp is not a decimal number of seconds"))
    }

    /// The message this header claims to sign for a request: the string
    /// WeChat Pay verifies, and echoes in a `SIGN_ERROR`.
    pub fn message(&self, method: &str, url: &str, body: &[u8]) -> Vec<u8> {
        let mut message = Vec::with_capacity(method.len() + url.len() + body.len() + 80);
        for part in [method.as_bytes(), url.as_bytes(), self.timestamp.as_bytes(), self.nonce_str.as_bytes(), body] {
            message.extend_from_slice(part);
            message.push(b'\n');
        }
        message
    }
}

/// Parses an `Authorization` header as WeChat Pay does: the scheme
/// `WECHATPAY2-SHA256-RSA2048`, one space, then the five `key="value"` pairs
/// in any order, separated by commas.
///
/// Errors: [`Error::HeaderMissing`] for an empty header;
/// [`Error::SignatureTypeUnsupported`] for another scheme;
/// [`Error::HeaderInvalid`] (`Authorization`) for a pair that is not
/// `key="value"`, a key given twice, an unknown key or a missing one.
///
/// ```
/// use wechatpay_core::v3::sign::parse_authorization;
/// let header = r#"WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="c2ln",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C""#;
/// let parsed = parse_authorization(header)?;
/// assert_eq!((parsed.mchid.as_str(), parsed.timestamp()?), ("1900009191", 1554208460));
/// assert_eq!(parse_authorization(&header.replace("mchid", "appid")).unwrap_err().kind().as_str(), "HEADER_INVALID");
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn parse_authorization(header: &str) -> Result<Authorization> {
    let header = header.trim_matches(|c| c == ' ' || c == '\t');
    if header.is_empty() {
        return Err(Error::HeaderMissing { name: AUTHORIZATION });
    }
    let (scheme, pairs) = header.split_once(' ').unwrap_or((header, ""));
    if scheme != SCHEME {
        return Err(Error::SignatureTypeUnsupported { found: crate::error::echo(scheme) });
    }
    const KEYS: [&str; 5] = ["mchid", "serial_no", "timestamp", "nonce_str", "signature"];
    let mut found: [Option<String>; 5] = Default::default();
    for pair in pairs.split(',') {
        let (key, value) = pair.split_once('=').ok_or(authorization_invalid("a pair is not key=\"value\""))?;
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .filter(|v| !v.contains('"'))
            .ok_or(authorization_invalid("a value is not in double quotes"))?;
        let at = KEYS.iter().position(|k| *k == key).ok_or(authorization_invalid(
            "an unknown key (only mchid, serial_no, timestamp, nonce_str, signature are allowed; no spaces)",
        ))?;
        if found[at].replace(value.to_owned()).is_some() {
            return Err(authorization_invalid("a key is given twice"));
        }
    }
    let [mchid, serial_no, timestamp, nonce_str, signature] = found;
    let required = |value: Option<String>| {
        value.filter(|v| !v.is_empty()).ok_or(authorization_invalid(
            "mchid, serial_no, timestamp, nonce_str and signature are all required and non-empty",
        ))
    };
    Ok(Authorization {
        mchid: required(mchid)?,
        serial_no: required(serial_no)?,
        timestamp: required(timestamp)?,
        nonce_str: required(nonce_str)?,
        signature: required(signature)?,
    })
}

/// Checks a merchant's request as WeChat Pay does: parses `authorization`,
/// checks its timestamp against `now` (`|now - timestamp| <= window`), then
/// the signature over `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` with the
/// merchant certificate's key. `url` is the path and query as received,
/// `body` the raw bytes. Returns the parsed header (check its `mchid` and
/// `serial_no` against the merchant yourself).
///
/// Errors: those of [`parse_authorization`], [`Error::TimestampOutOfWindow`],
/// [`Error::SignatureMalformed`], [`Error::SignatureInvalid`]. On a signature
/// error, [`Authorization::message`] gives what was verified, for
/// `ApiError::sign_error`.
///
/// ```
/// # let dir = format!("{}/keys/", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()));
/// use wechatpay_core::keys::{Certificate, PrivateKey};
/// use wechatpay_core::v3::sign::{Signer, verify_request};
/// let cert = Certificate::from_pem_file(format!("{dir}apiclient_cert.pem"))?;
/// let signer = Signer::from_certificate("1900000109", PrivateKey::from_pem_file(format!("{dir}apiclient_key.pem"))?, &cert)?;
/// let signed = signer.sign_with("GET", "/v3/certificates", "", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242")?;
/// let seen = verify_request("GET", "/v3/certificates", b"", &signed.authorization, cert.public_key(), 1554208460, 300)?;
/// assert_eq!(seen.serial_no, cert.serial_no());
/// let err = verify_request("GET", "/v3/certificates?x=1", b"", &signed.authorization, cert.public_key(), 1554208460, 300);
/// assert_eq!(err.unwrap_err().kind().as_str(), "SIGNATURE_INVALID");
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn verify_request(
    method: &str,
    url: &str,
    body: &[u8],
    authorization: &str,
    key: &crate::keys::PublicKey,
    now: i64,
    window: u64,
) -> Result<Authorization> {
    let parsed = parse_authorization(authorization)?;
    let timestamp = parsed.timestamp()?;
    let skew = now.abs_diff(timestamp);
    if skew > window {
        return Err(Error::TimestampOutOfWindow { timestamp, skew, window });
    }
    key.verify_sha256_base64(&parsed.message(method, url, body), &parsed.signature)?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn signer() -> Signer {
        let key = PrivateKey::from_pem_file(crate::test_support::key_path("apiclient_key.pem")).unwrap();
        Signer::new("1900000109", "296D147D571B14F7E5D66631C45FC6E6DEEA77EC", key).unwrap()
    }

    #[test]
    fn full_url_is_reduced_to_path_and_query() {
        let s = signer();
        let a = s.sign_with("GET", "https://api.mch.weixin.qq.com/v3/x?a=1", "", 1, "n").unwrap();
        let b = s.sign_with("GET", "/v3/x?a=1", "", 1, "n").unwrap();
        assert_eq!(a, b);
        // No path: the query is kept and the path is "/", as a client sends it.
        let a = s.sign_with("GET", "https://api.mch.weixin.qq.com?x=1", "", 1, "n").unwrap();
        assert_eq!(a.message, "GET\n/?x=1\n1\nn\n\n");
        let a = s.sign_with("GET", "https://api.mch.weixin.qq.com", "", 1, "n").unwrap();
        assert_eq!(a.message, "GET\n/\n1\nn\n\n");
        assert_eq!(s.sign_at("GET", "/v3", "", 7).unwrap().timestamp, 7);
        let json: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
        assert_eq!(json["timestamp"], 1);
    }

    #[test]
    fn bad_arguments_are_typed() {
        let s = signer();
        for (method, url, nonce) in [
            ("get", "/v3", "n"),
            ("GET", "v3", "n"),
            ("GET", "/v3\n", "n"),
            ("GET", "/v3", "a\"b"),
            ("GET", "/v3", ""),
            ("GET", "/v3/商户", "n"),
        ] {
            let err = s.sign_with(method, url, "", 1, nonce).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{method} {url} {nonce}");
        }
        assert_eq!(s.sign_with("GET", "/v3", "", -1, "n").unwrap_err().kind(), ErrorKind::InvalidArgument);
        let key = s.private_key().clone();
        assert_eq!(Signer::new("19\"00", "AB", key).unwrap_err().kind(), ErrorKind::InvalidArgument);
    }
}

#[cfg(test)]
mod gateway_tests {
    use super::*;
    use crate::ErrorKind;
    use crate::test_support::{cases, key_path};

    #[test]
    fn every_signed_vector_request_verifies_as_wechat_pay_checks_it() {
        for case in cases("request_sign.json") {
            let cert = Certificate::from_pem_file(
                crate::test_support::vectors_dir().join(case["cert_file"].as_str().unwrap()),
            )
            .unwrap();
            let header = case["authorization"].as_str().unwrap();
            let (method, url, body) =
                (case["method"].as_str().unwrap(), case["url"].as_str().unwrap(), case["body"].as_str().unwrap());
            let timestamp: i64 = case["timestamp"].as_str().unwrap().parse().unwrap();
            let result = verify_request(method, url, body.as_bytes(), header, cert.public_key(), timestamp, 300);
            if case["valid"].as_bool().unwrap() {
                let seen = result.unwrap();
                assert_eq!(seen.message(method, url, body.as_bytes()), case["message"].as_str().unwrap().as_bytes());
                assert_eq!(seen.mchid, case["mchid"].as_str().unwrap());
            } else {
                let kind = result.unwrap_err().kind();
                assert!(matches!(kind, ErrorKind::SignatureInvalid | ErrorKind::SignatureMalformed), "{kind:?}");
            }
        }
    }

    #[test]
    fn pairs_in_any_order_and_hostile_headers() {
        let key = PrivateKey::from_pem_file(key_path("apiclient_key.pem")).unwrap();
        let cert = Certificate::from_pem_file(key_path("apiclient_cert.pem")).unwrap();
        let signer = Signer::from_certificate("1900000109", key, &cert).unwrap();
        let signed = signer.sign_with("POST", "/v3/pay/transactions/jsapi", "{}", 100, "n0nce").unwrap();
        let parsed = parse_authorization(&signed.authorization).unwrap();
        // The Python SDK's order: mchid, nonce_str, signature, timestamp, serial_no.
        let reordered = format!(
            "{SCHEME} mchid=\"{}\",nonce_str=\"{}\",signature=\"{}\",timestamp=\"{}\",serial_no=\"{}\"",
            parsed.mchid, parsed.nonce_str, parsed.signature, parsed.timestamp, parsed.serial_no
        );
        assert_eq!(parse_authorization(&reordered).unwrap(), parsed);
        verify_request("POST", "/v3/pay/transactions/jsapi", b"{}", &reordered, cert.public_key(), 400, 300).unwrap();
        let err = verify_request("POST", "/v3/pay/transactions/jsapi", b"{}", &reordered, cert.public_key(), 401, 300);
        assert_eq!(err.unwrap_err(), Error::TimestampOutOfWindow { timestamp: 100, skew: 301, window: 300 });
        let err = verify_request("POST", "/v3/pay/transactions/jsapi", b"{} ", &reordered, cert.public_key(), 100, 300);
        assert_eq!(err.unwrap_err().kind(), ErrorKind::SignatureInvalid);
        let sig = &signed.authorization;
        for (header, kind) in [
            (String::new(), ErrorKind::HeaderMissing),
            ("  ".to_owned(), ErrorKind::HeaderMissing),
            (sig.replace(SCHEME, "WECHATPAY2-SM2-WITH-SM3"), ErrorKind::SignatureTypeUnsupported),
            (sig.replacen("mchid=", "mchid = ", 1), ErrorKind::HeaderInvalid),
            (sig.replace(",nonce_str=", ", nonce_str="), ErrorKind::HeaderInvalid),
            (format!("{sig},mchid=\"1\""), ErrorKind::HeaderInvalid),
            (format!("{sig},appid=\"wx\""), ErrorKind::HeaderInvalid),
            (sig.replacen("mchid=\"1900000109\",", "", 1), ErrorKind::HeaderInvalid),
            (sig.replacen("\"1900000109\"", "1900000109", 1), ErrorKind::HeaderInvalid),
            (sig.replacen("\"1900000109\"", "\"\"", 1), ErrorKind::HeaderInvalid),
            (sig.replacen("timestamp=\"100\"", "timestamp=\"1e2\"", 1), ErrorKind::HeaderInvalid),
            (SCHEME.to_owned(), ErrorKind::HeaderInvalid),
        ] {
            let got = verify_request("POST", "/v3/pay/transactions/jsapi", b"{}", &header, cert.public_key(), 100, 300);
            assert_eq!(got.unwrap_err().kind(), kind, "{header}");
        }
    }
}
