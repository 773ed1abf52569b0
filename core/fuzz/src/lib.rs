//! Shared pieces of the fuzz targets: the vector keys (embedded at build time
//! from `../../../shared/vectors/keys`), the HTTP-message input format, and the
//! error checks every target applies.

use std::sync::LazyLock;

use wechatpay_core::keys::{ApiV3Key, Certificate, PublicKey};
use wechatpay_core::keys::ApiV2Key;
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions};
use wechatpay_core::{Error, ErrorKind};

macro_rules! key_file {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/vectors/keys/", $name))
    };
}

/// `secrets.json` of the vectors.
pub const MCHID: &str = "1900000109";
/// The PKCS#12 password of `apiclient_cert.p12` (the merchant id).
pub const P12_PASSWORD: &str = "1900000109";
/// The APIv3 key of the vectors.
pub const APIV3_KEY: &str = "BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78";
/// The APIv2 key of the vectors.
pub const APIV2_KEY: &str = "dpzNxfZcc7qvSSskRCZcLzVAV9oHPVst";
/// The WeChat Pay public key id of the vectors.
pub const PUB_KEY_ID: &str = "PUB_KEY_ID_0119000001092025111800000000000001";
/// A receiver clock inside every vector certificate's validity (2026-11-23).
pub const NOW: i64 = 1_795_392_000;

/// The trust store of `trust_store.json`: three platform certificates (one
/// expired) and the WeChat Pay public key.
pub static TRUST_STORE: LazyLock<TrustStore> = LazyLock::new(|| {
    let store = TrustStore::new();
    for pem in [
        &key_file!("platform_cert.pem")[..],
        &key_file!("platform2_cert.pem")[..],
        &key_file!("platform_expired_cert.pem")[..],
    ] {
        store.add_certificate(Certificate::from_pem(pem).expect("vector certificate"));
    }
    let key = PublicKey::from_pem(key_file!("wechatpay_pub_key.pem")).expect("vector public key");
    store.add_public_key(PUB_KEY_ID, key).expect("vector key id");
    store
});

/// A verifier over [`TRUST_STORE`] with the default 300 s window.
pub static VERIFIER: LazyLock<Verifier> = LazyLock::new(|| Verifier::new(TRUST_STORE.clone(), VerifierOptions::default()));

/// The vectors' APIv3 key.
pub fn apiv3_key() -> ApiV3Key {
    ApiV3Key::new(APIV3_KEY).expect("32-byte key")
}

/// The vectors' APIv2 key.
pub fn apiv2_key() -> ApiV2Key {
    ApiV2Key::new(APIV2_KEY).expect("APIv2 key")
}

/// An HTTP message as the targets read it: header lines `Name: value`
/// (`\n` or `\r\n`), an empty line, then the body bytes as they are. Without
/// an empty line everything is headers and the body is empty. Header text is
/// read as lossy UTF-8 (the HTTP layer hands strings to the core).
pub struct Message<'a> {
    /// `(name, value)` in order; the value is what follows the first `:`,
    /// untrimmed. A line without `:` is a name with an empty value.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: &'a [u8],
}

impl<'a> Message<'a> {
    /// Splits `data` at the first empty line.
    pub fn parse(data: &'a [u8]) -> Self {
        let (head, body) = match blank_line(data) {
            Some((at, after)) => (&data[..at], &data[after..]),
            None => (data, &data[data.len()..]),
        };
        let head = String::from_utf8_lossy(head);
        let headers = head
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .filter(|line| !line.is_empty())
            .map(|line| match line.split_once(':') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => (line.to_owned(), String::new()),
            })
            .collect();
        Message { headers, body }
    }

    /// The receiver clock for this message: its `Wechatpay-Timestamp` when
    /// that is a number (so that checks past the replay window are reached),
    /// [`NOW`] otherwise.
    pub fn now(&self) -> i64 {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("Wechatpay-Timestamp"))
            .and_then(|(_, value)| value.trim().parse::<i64>().ok())
            .unwrap_or(NOW)
    }
}

/// The first empty line: `(end of the headers, start of the body)`.
fn blank_line(data: &[u8]) -> Option<(usize, usize)> {
    (0..data.len()).find_map(|at| match data[at..] {
        [b'\n', b'\n', ..] => Some((at, at + 2)),
        [b'\n', b'\r', b'\n', ..] => Some((at, at + 3)),
        _ => None,
    })
}

/// Every error must be one of the core's kinds, print without panicking, and
/// never be `Backend` or `Io`: bytes from outside explain those never (the
/// core documents `Backend` as "a failure that inputs cannot explain").
pub fn check_error(target: &str, err: &Error) {
    let kind = err.kind();
    assert!(ErrorKind::ALL.contains(&kind), "{target}: unknown kind {kind:?}");
    assert!(!kind.as_str().is_empty());
    let _ = err.to_string();
    let _ = format!("{err:?}");
    assert!(!matches!(kind, ErrorKind::Backend | ErrorKind::Io), "{target}: input bytes produced {kind} ({err})");
}

/// [`check_error`], and the kind must be one of `allowed`.
pub fn check_error_in(target: &str, err: &Error, allowed: &[ErrorKind]) {
    check_error(target, err);
    assert!(allowed.contains(&err.kind()), "{target}: unexpected kind {} ({err})", err.kind());
}

/// Kinds that verifying a response or callback may return.
pub const VERIFY_KINDS: &[ErrorKind] = &[
    ErrorKind::HeaderMissing,
    ErrorKind::HeaderInvalid,
    ErrorKind::SignatureTypeUnsupported,
    ErrorKind::SignatureProbe,
    ErrorKind::SignatureMalformed,
    ErrorKind::SignatureInvalid,
    ErrorKind::SerialUnknown,
    ErrorKind::CertificateNotValid,
    ErrorKind::TimestampOutOfWindow,
];

/// Kinds that decrypting an AEAD_AES_256_GCM resource inside a JSON body may return.
pub const RESOURCE_KINDS: &[ErrorKind] = &[
    ErrorKind::Json,
    ErrorKind::AlgorithmUnsupported,
    ErrorKind::NonceLength,
    ErrorKind::Base64,
    ErrorKind::CiphertextLength,
    ErrorKind::DecryptFailed,
    ErrorKind::NotUtf8,
];

/// The merchant certificate of the vectors: the key WeChat Pay checks a
/// merchant's request signatures with.
pub static MERCHANT_CERT: LazyLock<Certificate> =
    LazyLock::new(|| Certificate::from_pem(key_file!("apiclient_cert.pem")).expect("vector certificate"));

/// Kinds that checking a merchant's request (`Authorization`) may return.
pub const REQUEST_KINDS: &[ErrorKind] = &[
    ErrorKind::HeaderMissing,
    ErrorKind::HeaderInvalid,
    ErrorKind::SignatureTypeUnsupported,
    ErrorKind::SignatureMalformed,
    ErrorKind::SignatureInvalid,
    ErrorKind::TimestampOutOfWindow,
];
