//! The one error type of the crate.
//!
//! Every fallible function returns [`Error`]. Each variant has a stable,
//! machine-readable [`ErrorKind`] (`Error::kind().as_str()`, e.g.
//! `"SIGNATURE_INVALID"`) that the C status code, the Python exception class and
//! the JavaScript `code` are derived from, so callers in every language can branch
//! on the same names. Messages never contain key material: crypto failures say
//! *that* a check failed and the most likely cause, nothing secret-dependent.

use std::fmt;

use crate::v3::api_error::ApiError;

/// Every error the core can return.
///
/// Match on [`Error::kind`] rather than on the variants when you only need to
/// branch: the kinds are stable across releases and across languages.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A private key could not be read (bad PEM armour, bad DER, not RSA, wrong size).
    #[error("private or public key is not usable: {reason}")]
    KeyFormat {
        /// What was wrong, e.g. "PEM label `EC PRIVATE KEY` is not an RSA key".
        reason: &'static str,
    },
    /// An X.509 certificate could not be read.
    #[error("certificate is not usable: {reason}")]
    CertificateFormat {
        /// What was wrong.
        reason: &'static str,
    },
    /// A PKCS#12 (`.p12`) file could not be opened: wrong password or damaged file.
    #[error(
        "PKCS#12 file could not be opened: {reason} (the password of apiclient_cert.p12 defaults to the merchant id)"
    )]
    Pkcs12 {
        /// What was wrong.
        reason: &'static str,
    },
    /// A secret (APIv3 key, APIv2 key) has the wrong length.
    #[error("{what} must be {expected} bytes, got {actual}")]
    SecretLength {
        /// Which secret, e.g. "APIv3 key".
        what: &'static str,
        /// Required length in bytes.
        expected: usize,
        /// Length that was given.
        actual: usize,
    },
    /// A required header is absent.
    #[error("header `{name}` is missing")]
    HeaderMissing {
        /// The canonical header name, e.g. `Wechatpay-Signature`.
        name: &'static str,
    },
    /// A header is present but malformed (e.g. a non-numeric timestamp).
    #[error("header `{name}` is malformed: {reason}")]
    HeaderInvalid {
        /// The canonical header name.
        name: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// `Wechatpay-Signature-Type` names an algorithm this library does not verify.
    #[error("signature type is not WECHATPAY2-SHA256-RSA2048")]
    SignatureTypeUnsupported,
    /// The signature starts with `WECHATPAY/SIGNTEST/`: WeChat Pay is probing
    /// whether the merchant verifies signatures. Reject the message.
    #[error("signature is a WECHATPAY/SIGNTEST/ probe; the message must be rejected")]
    SignatureProbe,
    /// The signature is not canonical base64 or does not have the key's length.
    #[error("signature is malformed: {reason}")]
    SignatureMalformed {
        /// What was wrong.
        reason: &'static str,
    },
    /// The RSA signature does not verify. Either the message was altered
    /// (body re-serialised, a byte changed) or it was signed by another key.
    #[error("signature does not verify (message altered, or signed by another key)")]
    SignatureInvalid,
    /// `Wechatpay-Serial` names no certificate or public key of the trust store.
    /// Nothing is downloaded: refresh the store yourself and retry.
    #[error("serial `{serial}` is not in the trust store")]
    SerialUnknown {
        /// The serial (or `PUB_KEY_ID_…`) as received.
        serial: String,
    },
    /// The platform certificate that would verify the message is outside its validity period.
    #[error("platform certificate `{serial}` is not valid now ({reason})")]
    CertificateNotValid {
        /// Its serial.
        serial: String,
        /// `"expired"` or `"not yet valid"`.
        reason: &'static str,
    },
    /// `Wechatpay-Timestamp` is outside the replay window around now.
    #[error("timestamp {timestamp} is {skew} s away from now, beyond the {window} s replay window")]
    TimestampOutOfWindow {
        /// The timestamp received.
        timestamp: i64,
        /// `|now - timestamp|` in seconds.
        skew: u64,
        /// The configured window in seconds.
        window: u64,
    },
    /// A value that must be standard, canonical base64 is not.
    #[error("{what} is not canonical standard base64")]
    Base64 {
        /// Which value.
        what: &'static str,
    },
    /// A nonce / IV has the wrong length.
    #[error("{what} must be {expected} bytes, got {actual}")]
    NonceLength {
        /// Which value.
        what: &'static str,
        /// Required length.
        expected: usize,
        /// Given length.
        actual: usize,
    },
    /// A ciphertext is too short or not a multiple of the block size.
    #[error("{what} has an impossible length: {reason}")]
    CiphertextLength {
        /// Which value.
        what: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// Decryption failed: GCM tag mismatch, OAEP or PKCS#7 padding error. For
    /// callbacks the usual cause is a wrong APIv3 key.
    #[error("decryption failed: {hint}")]
    DecryptFailed {
        /// The most likely cause.
        hint: &'static str,
    },
    /// A plaintext is longer than the scheme allows.
    #[error("{what} is {actual} bytes, at most {max} are allowed")]
    PlaintextTooLong {
        /// Which value.
        what: &'static str,
        /// Maximum length in bytes.
        max: usize,
        /// Given length.
        actual: usize,
    },
    /// The algorithm named in a message is not supported.
    #[error("{what} `{found}` is not supported")]
    AlgorithmUnsupported {
        /// Which field, e.g. "resource.algorithm".
        what: &'static str,
        /// The value found.
        found: String,
    },
    /// Text that must be UTF-8 is not.
    #[error("{what} is not valid UTF-8")]
    NotUtf8 {
        /// Which value.
        what: &'static str,
    },
    /// JSON that must have a given shape does not.
    #[error("{what} is not valid JSON of the expected shape: {reason}")]
    Json {
        /// Which document, e.g. "callback body".
        what: &'static str,
        /// What was wrong (serde_json's message: position and expectation).
        reason: String,
    },
    /// APIv2 XML is malformed or not allowed (DOCTYPE, duplicate keys, nesting).
    #[error("XML is not acceptable: {reason}")]
    Xml {
        /// What was wrong.
        reason: String,
    },
    /// A downloaded bill does not match the digest WeChat Pay announced.
    #[error("bill {algorithm} digest does not match hash_value")]
    BillHashMismatch {
        /// `SHA1` or `SHA256`.
        algorithm: &'static str,
    },
    /// A bill could not be read (gzip damaged, CSV shape wrong).
    #[error("bill is not readable: {reason}")]
    BillFormat {
        /// What was wrong.
        reason: &'static str,
    },
    /// An argument is outside its documented domain (e.g. an empty merchant id).
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// WeChat Pay answered with an APIv3 error body.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// A file could not be read.
    #[error("I/O error: {0}")]
    Io(String),
    /// The crypto backend failed in a way that inputs cannot explain
    /// (e.g. the operating system's random generator).
    #[error("crypto backend failure: {0}")]
    Backend(&'static str),
}

/// The stable, machine-readable kind of an [`Error`].
///
/// `as_str()` gives the name used by every binding (C status name, Python
/// exception `.kind`, JavaScript `err.code`).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// See [`Error::KeyFormat`].
    KeyFormat,
    /// See [`Error::CertificateFormat`].
    CertificateFormat,
    /// See [`Error::Pkcs12`].
    Pkcs12,
    /// See [`Error::SecretLength`].
    SecretLength,
    /// See [`Error::HeaderMissing`].
    HeaderMissing,
    /// See [`Error::HeaderInvalid`].
    HeaderInvalid,
    /// See [`Error::SignatureTypeUnsupported`].
    SignatureTypeUnsupported,
    /// See [`Error::SignatureProbe`].
    SignatureProbe,
    /// See [`Error::SignatureMalformed`].
    SignatureMalformed,
    /// See [`Error::SignatureInvalid`].
    SignatureInvalid,
    /// See [`Error::SerialUnknown`].
    SerialUnknown,
    /// See [`Error::CertificateNotValid`].
    CertificateNotValid,
    /// See [`Error::TimestampOutOfWindow`].
    TimestampOutOfWindow,
    /// See [`Error::Base64`].
    Base64,
    /// See [`Error::NonceLength`].
    NonceLength,
    /// See [`Error::CiphertextLength`].
    CiphertextLength,
    /// See [`Error::DecryptFailed`].
    DecryptFailed,
    /// See [`Error::PlaintextTooLong`].
    PlaintextTooLong,
    /// See [`Error::AlgorithmUnsupported`].
    AlgorithmUnsupported,
    /// See [`Error::NotUtf8`].
    NotUtf8,
    /// See [`Error::Json`].
    Json,
    /// See [`Error::Xml`].
    Xml,
    /// See [`Error::BillHashMismatch`].
    BillHashMismatch,
    /// See [`Error::BillFormat`].
    BillFormat,
    /// See [`Error::InvalidArgument`].
    InvalidArgument,
    /// See [`Error::Api`].
    Api,
    /// See [`Error::Io`].
    Io,
    /// See [`Error::Backend`].
    Backend,
}

impl ErrorKind {
    /// Every kind, in declaration order (bindings generate their tables from this).
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::KeyFormat,
        ErrorKind::CertificateFormat,
        ErrorKind::Pkcs12,
        ErrorKind::SecretLength,
        ErrorKind::HeaderMissing,
        ErrorKind::HeaderInvalid,
        ErrorKind::SignatureTypeUnsupported,
        ErrorKind::SignatureProbe,
        ErrorKind::SignatureMalformed,
        ErrorKind::SignatureInvalid,
        ErrorKind::SerialUnknown,
        ErrorKind::CertificateNotValid,
        ErrorKind::TimestampOutOfWindow,
        ErrorKind::Base64,
        ErrorKind::NonceLength,
        ErrorKind::CiphertextLength,
        ErrorKind::DecryptFailed,
        ErrorKind::PlaintextTooLong,
        ErrorKind::AlgorithmUnsupported,
        ErrorKind::NotUtf8,
        ErrorKind::Json,
        ErrorKind::Xml,
        ErrorKind::BillHashMismatch,
        ErrorKind::BillFormat,
        ErrorKind::InvalidArgument,
        ErrorKind::Api,
        ErrorKind::Io,
        ErrorKind::Backend,
    ];

    /// The stable name, e.g. `"SIGNATURE_PROBE"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::KeyFormat => "KEY_FORMAT",
            ErrorKind::CertificateFormat => "CERTIFICATE_FORMAT",
            ErrorKind::Pkcs12 => "PKCS12",
            ErrorKind::SecretLength => "SECRET_LENGTH",
            ErrorKind::HeaderMissing => "HEADER_MISSING",
            ErrorKind::HeaderInvalid => "HEADER_INVALID",
            ErrorKind::SignatureTypeUnsupported => "SIGNATURE_TYPE_UNSUPPORTED",
            ErrorKind::SignatureProbe => "SIGNATURE_PROBE",
            ErrorKind::SignatureMalformed => "SIGNATURE_MALFORMED",
            ErrorKind::SignatureInvalid => "SIGNATURE_INVALID",
            ErrorKind::SerialUnknown => "SERIAL_UNKNOWN",
            ErrorKind::CertificateNotValid => "CERTIFICATE_NOT_VALID",
            ErrorKind::TimestampOutOfWindow => "TIMESTAMP_OUT_OF_WINDOW",
            ErrorKind::Base64 => "BASE64",
            ErrorKind::NonceLength => "NONCE_LENGTH",
            ErrorKind::CiphertextLength => "CIPHERTEXT_LENGTH",
            ErrorKind::DecryptFailed => "DECRYPT_FAILED",
            ErrorKind::PlaintextTooLong => "PLAINTEXT_TOO_LONG",
            ErrorKind::AlgorithmUnsupported => "ALGORITHM_UNSUPPORTED",
            ErrorKind::NotUtf8 => "NOT_UTF8",
            ErrorKind::Json => "JSON",
            ErrorKind::Xml => "XML",
            ErrorKind::BillHashMismatch => "BILL_HASH_MISMATCH",
            ErrorKind::BillFormat => "BILL_FORMAT",
            ErrorKind::InvalidArgument => "INVALID_ARGUMENT",
            ErrorKind::Api => "API_ERROR",
            ErrorKind::Io => "IO",
            ErrorKind::Backend => "BACKEND",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The stable kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::KeyFormat { .. } => ErrorKind::KeyFormat,
            Error::CertificateFormat { .. } => ErrorKind::CertificateFormat,
            Error::Pkcs12 { .. } => ErrorKind::Pkcs12,
            Error::SecretLength { .. } => ErrorKind::SecretLength,
            Error::HeaderMissing { .. } => ErrorKind::HeaderMissing,
            Error::HeaderInvalid { .. } => ErrorKind::HeaderInvalid,
            Error::SignatureTypeUnsupported => ErrorKind::SignatureTypeUnsupported,
            Error::SignatureProbe => ErrorKind::SignatureProbe,
            Error::SignatureMalformed { .. } => ErrorKind::SignatureMalformed,
            Error::SignatureInvalid => ErrorKind::SignatureInvalid,
            Error::SerialUnknown { .. } => ErrorKind::SerialUnknown,
            Error::CertificateNotValid { .. } => ErrorKind::CertificateNotValid,
            Error::TimestampOutOfWindow { .. } => ErrorKind::TimestampOutOfWindow,
            Error::Base64 { .. } => ErrorKind::Base64,
            Error::NonceLength { .. } => ErrorKind::NonceLength,
            Error::CiphertextLength { .. } => ErrorKind::CiphertextLength,
            Error::DecryptFailed { .. } => ErrorKind::DecryptFailed,
            Error::PlaintextTooLong { .. } => ErrorKind::PlaintextTooLong,
            Error::AlgorithmUnsupported { .. } => ErrorKind::AlgorithmUnsupported,
            Error::NotUtf8 { .. } => ErrorKind::NotUtf8,
            Error::Json { .. } => ErrorKind::Json,
            Error::Xml { .. } => ErrorKind::Xml,
            Error::BillHashMismatch { .. } => ErrorKind::BillHashMismatch,
            Error::BillFormat { .. } => ErrorKind::BillFormat,
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::Api(_) => ErrorKind::Api,
            Error::Io(_) => ErrorKind::Io,
            Error::Backend(_) => ErrorKind::Backend,
        }
    }

    pub(crate) fn json(what: &'static str, err: &serde_json::Error) -> Self {
        Error::Json { what, reason: err.to_string() }
    }
}

/// `Result<T, wechatpay_core::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_unique_and_screaming_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for kind in ErrorKind::ALL {
            let name = kind.as_str();
            assert!(seen.insert(name), "duplicate kind name {name}");
            assert!(name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit()));
        }
        assert_eq!(seen.len(), ErrorKind::ALL.len());
    }

    #[test]
    fn probe_has_its_own_kind() {
        assert_eq!(Error::SignatureProbe.kind().as_str(), "SIGNATURE_PROBE");
        assert_ne!(Error::SignatureProbe.kind(), Error::SignatureInvalid.kind());
    }
}
