//! The one error type of the crate, and its stable ABI.
//!
//! Every fallible function returns [`Error`]. Each variant has a stable
//! [`ErrorKind`] with three faces that never change once released:
//!
//! * a name, `kind.as_str()` (`"SIGNATURE_PROBE"`): the Python exception's
//!   `.kind`, the JavaScript `err.code`, the C `wechatpay_result_name()`;
//! * a number, `kind.code()` (never renumbered; retired numbers stay reserved):
//!   the C `wechatpay_result` value;
//! * a [`ErrorCategory`], from which bindings build their exception groups
//!   (Python's `VerificationError`, …).
//!
//! [`Error::fields`] gives the structured details of one error (header name,
//! serial, skew and window, …) as name/value pairs, so that no binding has to
//! match the variants. Neither messages nor fields ever contain key material,
//! decrypted plaintext or body text: crypto failures say *that* a check failed
//! and the most likely cause.
//!
//! ```
//! use wechatpay_core::{ErrorCategory, ErrorKind};
//!
//! let kind: ErrorKind = "SIGNATURE_PROBE".parse()?;
//! assert_eq!(kind.code(), 8);
//! assert_eq!(kind.category(), ErrorCategory::Verification);
//! assert_eq!(kind.description(), "the signature is a WECHATPAY/SIGNTEST/ probe");
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use crate::api_error::ApiError;

/// Every error the core can return.
///
/// Match on [`Error::kind`] rather than on the variants when you only need to
/// branch: the kinds are stable across releases and across languages.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A private or public key could not be read (bad PEM armour, bad DER, not RSA, wrong size).
    #[error("private or public key is not usable: {reason}")]
    KeyFormat {
        /// What was wrong, e.g. "this is a certificate, not a private key".
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
    /// A secret (APIv3 key, APIv2 key) has the wrong length or form.
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
    /// `Wechatpay-Signature-Type` (or the `Authorization` scheme) names an
    /// algorithm this library does not verify.
    #[error("signature type `{found}` is not WECHATPAY2-SHA256-RSA2048")]
    SignatureTypeUnsupported {
        /// The value received (at most 64 bytes of it).
        found: String,
    },
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
        /// The serial (or `PUB_KEY_ID_…`) as received (at most 64 bytes of it).
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
    #[error("{what} `{found}` is not supported (expected {expected})")]
    AlgorithmUnsupported {
        /// Which field, e.g. "resource.algorithm".
        what: &'static str,
        /// What is supported, e.g. "AEAD_AES_256_GCM".
        expected: &'static str,
        /// The value found (at most 64 bytes of it).
        found: String,
    },
    /// Text that must be UTF-8 is not.
    #[error("{what} is not valid UTF-8")]
    NotUtf8 {
        /// Which value.
        what: &'static str,
    },
    /// JSON that must have a given shape does not. The reason never quotes the
    /// document (which may be decrypted payer data): only where and what kind.
    #[error("{what} is not valid JSON of the expected shape: {reason}{}", at_line(*line, *column))]
    Json {
        /// Which document, e.g. "callback body".
        what: &'static str,
        /// What was wrong, e.g. "syntax error" or "`code` is missing".
        reason: &'static str,
        /// 1-based line of the problem, 0 when not known.
        line: usize,
        /// 1-based column of the problem, 0 when not known.
        column: usize,
    },
    /// APIv2 XML is malformed or not allowed (DOCTYPE, duplicate keys, nesting).
    #[error("XML is not acceptable: {reason} (at byte {position})")]
    Xml {
        /// What was wrong.
        reason: &'static str,
        /// Byte offset of the problem in the document.
        position: usize,
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
    /// A `multipart/form-data` body (a media upload) is malformed.
    #[error("multipart body is malformed: {reason}")]
    MultipartFormat {
        /// What was wrong.
        reason: &'static str,
    },
}

fn at_line(line: usize, column: usize) -> String {
    if line == 0 { String::new() } else { format!(" (line {line}, column {column})") }
}

/// The groups that bindings build exception hierarchies from.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCategory {
    /// Do not trust this message: a header, signature, probe, serial,
    /// certificate validity, timestamp or digest check failed.
    Verification,
    /// A ciphertext could not be decrypted (wrong key, altered, malformed).
    Decryption,
    /// A key, certificate, PKCS#12 file or secret could not be used.
    KeyMaterial,
    /// An argument or a document is malformed (JSON, XML, CSV, UTF-8, …).
    Input,
    /// WeChat Pay answered with an error body.
    ProtocolResponse,
    /// The environment failed: a file, the random generator.
    Environment,
}

impl ErrorCategory {
    /// Every category, in declaration order.
    pub const ALL: &'static [ErrorCategory] = &[
        ErrorCategory::Verification,
        ErrorCategory::Decryption,
        ErrorCategory::KeyMaterial,
        ErrorCategory::Input,
        ErrorCategory::ProtocolResponse,
        ErrorCategory::Environment,
    ];

    /// The stable name, e.g. `"VERIFICATION"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCategory::Verification => "VERIFICATION",
            ErrorCategory::Decryption => "DECRYPTION",
            ErrorCategory::KeyMaterial => "KEY_MATERIAL",
            ErrorCategory::Input => "INPUT",
            ErrorCategory::ProtocolResponse => "PROTOCOL_RESPONSE",
            ErrorCategory::Environment => "ENVIRONMENT",
        }
    }

    /// A one-line description.
    pub const fn description(self) -> &'static str {
        match self {
            ErrorCategory::Verification => "the message must not be trusted: a verification check failed",
            ErrorCategory::Decryption => "the ciphertext could not be decrypted",
            ErrorCategory::KeyMaterial => "a key, certificate or secret is not usable",
            ErrorCategory::Input => "an argument or document is malformed",
            ErrorCategory::ProtocolResponse => "WeChat Pay answered with an error",
            ErrorCategory::Environment => "the environment failed (file system, random generator)",
        }
    }
}

impl fmt::Display for ErrorCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares the kinds once: variant, name, never-renumbered code, category, description.
macro_rules! kinds {
    ($($variant:ident = $code:literal, $name:literal, $category:ident, $description:literal;)+) => {
        /// The stable, machine-readable kind of an [`Error`].
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorKind {
            $(
                #[doc = concat!("`", $name, "` (", stringify!($code), "): ", $description, ".")]
                $variant,
            )+
        }

        impl ErrorKind {
            /// Every kind, in code order (bindings generate their tables from this).
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),+];

            /// The stable name, e.g. `"SIGNATURE_PROBE"`.
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorKind::$variant => $name),+ }
            }

            /// The stable number (the C `wechatpay_result` value). Never
            /// renumbered; a retired kind's number stays reserved.
            pub const fn code(self) -> u32 {
                match self { $(ErrorKind::$variant => $code),+ }
            }

            /// The group this kind belongs to.
            pub const fn category(self) -> ErrorCategory {
                match self { $(ErrorKind::$variant => ErrorCategory::$category),+ }
            }

            /// A fixed one-line description.
            pub const fn description(self) -> &'static str {
                match self { $(ErrorKind::$variant => $description),+ }
            }

            /// The kind with this number, if any.
            pub fn from_code(code: u32) -> Option<ErrorKind> {
                match code { $($code => Some(ErrorKind::$variant),)+ _ => None }
            }
        }

        impl FromStr for ErrorKind {
            type Err = Error;

            /// Parses a kind name such as `"SIGNATURE_PROBE"` (exact, upper case).
            fn from_str(name: &str) -> Result<ErrorKind> {
                match name {
                    $($name => Ok(ErrorKind::$variant),)+
                    _ => Err(Error::InvalidArgument { name: "kind", reason: "not the name of an error kind" }),
                }
            }
        }
    };
}

kinds! {
    KeyFormat = 1, "KEY_FORMAT", KeyMaterial, "a private or public key is not usable";
    CertificateFormat = 2, "CERTIFICATE_FORMAT", KeyMaterial, "a certificate is not usable";
    Pkcs12 = 3, "PKCS12", KeyMaterial, "a PKCS#12 file could not be opened (wrong password or damaged)";
    SecretLength = 4, "SECRET_LENGTH", KeyMaterial, "an APIv3 or APIv2 key has the wrong length";
    HeaderMissing = 5, "HEADER_MISSING", Verification, "a required header is missing";
    HeaderInvalid = 6, "HEADER_INVALID", Verification, "a header is malformed";
    SignatureTypeUnsupported = 7, "SIGNATURE_TYPE_UNSUPPORTED", Verification, "the signature type is not WECHATPAY2-SHA256-RSA2048";
    SignatureProbe = 8, "SIGNATURE_PROBE", Verification, "the signature is a WECHATPAY/SIGNTEST/ probe";
    SignatureMalformed = 9, "SIGNATURE_MALFORMED", Verification, "the signature is not canonical base64 of the key's length";
    SignatureInvalid = 10, "SIGNATURE_INVALID", Verification, "the signature does not verify";
    SerialUnknown = 11, "SERIAL_UNKNOWN", Verification, "the serial or public key id is not in the trust store";
    CertificateNotValid = 12, "CERTIFICATE_NOT_VALID", Verification, "the platform certificate is expired or not yet valid";
    TimestampOutOfWindow = 13, "TIMESTAMP_OUT_OF_WINDOW", Verification, "the timestamp is outside the replay window";
    Base64 = 14, "BASE64", Decryption, "a value is not canonical standard base64";
    NonceLength = 15, "NONCE_LENGTH", Decryption, "a nonce has the wrong length";
    CiphertextLength = 16, "CIPHERTEXT_LENGTH", Decryption, "a ciphertext has an impossible length";
    DecryptFailed = 17, "DECRYPT_FAILED", Decryption, "decryption failed (wrong key, or the ciphertext was altered)";
    PlaintextTooLong = 18, "PLAINTEXT_TOO_LONG", Input, "a plaintext is longer than the scheme allows";
    AlgorithmUnsupported = 19, "ALGORITHM_UNSUPPORTED", Input, "the algorithm named in a message is not supported";
    NotUtf8 = 20, "NOT_UTF8", Input, "text that must be UTF-8 is not";
    Json = 21, "JSON", Input, "a JSON document does not have the expected shape";
    Xml = 22, "XML", Input, "an APIv2 XML document is malformed or not allowed";
    BillHashMismatch = 23, "BILL_HASH_MISMATCH", Verification, "a bill does not match its hash_value";
    BillFormat = 24, "BILL_FORMAT", Input, "a bill could not be read";
    InvalidArgument = 25, "INVALID_ARGUMENT", Input, "an argument is outside its documented domain";
    Api = 26, "API_ERROR", ProtocolResponse, "WeChat Pay answered with an error body";
    Io = 27, "IO", Environment, "a file could not be read or written";
    Backend = 28, "BACKEND", Environment, "the crypto backend failed (e.g. the random generator)";
    MultipartFormat = 29, "MULTIPART_FORMAT", Input, "a multipart/form-data body is malformed";
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
            Error::SignatureTypeUnsupported { .. } => ErrorKind::SignatureTypeUnsupported,
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
            Error::MultipartFormat { .. } => ErrorKind::MultipartFormat,
        }
    }

    /// The structured details a handler needs, as `(name, value)` pairs:
    /// `header`, `serial`, `timestamp`/`skew`/`window`, `field`/`expected`/
    /// `found`, `code`/`status` of an API error, … Never a secret, never
    /// decrypted plaintext or body text. Names are stable.
    ///
    /// ```
    /// use wechatpay_core::Error;
    /// let err = Error::TimestampOutOfWindow { timestamp: 1000, skew: 400, window: 300 };
    /// assert_eq!(err.fields(), [("timestamp", "1000".to_owned()), ("skew", "400".into()), ("window", "300".into())]);
    /// ```
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let s = |v: &str| v.to_owned();
        match self {
            Error::KeyFormat { reason }
            | Error::CertificateFormat { reason }
            | Error::Pkcs12 { reason }
            | Error::SignatureMalformed { reason }
            | Error::BillFormat { reason }
            | Error::MultipartFormat { reason } => vec![("reason", s(reason))],
            Error::SecretLength { what, expected, actual } | Error::NonceLength { what, expected, actual } => {
                vec![("what", s(what)), ("expected", expected.to_string()), ("actual", actual.to_string())]
            }
            Error::HeaderMissing { name } => vec![("header", s(name))],
            Error::HeaderInvalid { name, reason } => vec![("header", s(name)), ("reason", s(reason))],
            Error::SignatureTypeUnsupported { found } => {
                vec![("expected", s(crate::v3::sign::SCHEME)), ("found", found.clone())]
            }
            Error::SignatureProbe | Error::SignatureInvalid => Vec::new(),
            Error::SerialUnknown { serial } => vec![("serial", serial.clone())],
            Error::CertificateNotValid { serial, reason } => vec![("serial", serial.clone()), ("reason", s(reason))],
            Error::TimestampOutOfWindow { timestamp, skew, window } => {
                vec![("timestamp", timestamp.to_string()), ("skew", skew.to_string()), ("window", window.to_string())]
            }
            Error::Base64 { what } | Error::NotUtf8 { what } => vec![("what", s(what))],
            Error::CiphertextLength { what, reason } => vec![("what", s(what)), ("reason", s(reason))],
            Error::DecryptFailed { hint } => vec![("hint", s(hint))],
            Error::PlaintextTooLong { what, max, actual } => {
                vec![("what", s(what)), ("max", max.to_string()), ("actual", actual.to_string())]
            }
            Error::AlgorithmUnsupported { what, expected, found } => {
                vec![("field", s(what)), ("expected", s(expected)), ("found", found.clone())]
            }
            Error::Json { what, reason, line, column } => vec![
                ("document", s(what)),
                ("reason", s(reason)),
                ("line", line.to_string()),
                ("column", column.to_string()),
            ],
            Error::Xml { reason, position } => vec![("reason", s(reason)), ("position", position.to_string())],
            Error::BillHashMismatch { algorithm } => vec![("algorithm", s(algorithm))],
            Error::InvalidArgument { name, reason } => vec![("argument", s(name)), ("reason", s(reason))],
            Error::Api(api) => {
                let mut fields = vec![("code", api.code.clone())];
                if let Some(status) = api.status {
                    fields.push(("status", status.to_string()));
                }
                fields
            }
            Error::Io(reason) => vec![("reason", reason.clone())],
            Error::Backend(reason) => vec![("reason", s(reason))],
        }
    }

    /// A `Json` error from serde's, keeping only its position and class:
    /// serde's own message quotes the offending value (e.g. a payer's name).
    pub(crate) fn json(what: &'static str, err: &serde_json::Error) -> Self {
        let reason = match err.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "a value has the wrong type or a required field is missing",
            serde_json::error::Category::Eof => "unexpected end of input",
        };
        Error::Json { what, reason, line: err.line(), column: err.column() }
    }

    /// A `Json` error about the shape of an already parsed document.
    pub(crate) fn json_shape(what: &'static str, reason: &'static str) -> Self {
        Error::Json { what, reason, line: 0, column: 0 }
    }
}

/// Cuts network-supplied text that is echoed in an error to at most 64 bytes
/// (on a character boundary), so that a hostile header cannot bloat logs.
pub(crate) fn echo(text: &str) -> String {
    let mut end = text.len().min(64);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// The hints of decryption failures, shared by both backends so that they
/// report the same error.
pub(crate) mod hints {
    use super::Error;

    pub(crate) const GCM_FAILED: Error = Error::DecryptFailed {
        hint: "GCM tag mismatch: wrong APIv3 key, nonce or associated_data, or the ciphertext was altered",
    };

    pub(crate) const OAEP_FAILED: Error = Error::DecryptFailed {
        hint: "RSA-OAEP(SHA-1) decryption failed: wrong private key, another padding, or the ciphertext was altered",
    };
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
            assert_eq!(name.parse::<ErrorKind>().unwrap(), *kind);
            assert_eq!(ErrorKind::from_code(kind.code()), Some(*kind));
            assert!(!kind.description().is_empty() && !kind.description().contains('\n'));
        }
        assert_eq!(seen.len(), ErrorKind::ALL.len());
        assert_eq!("signature_probe".parse::<ErrorKind>().unwrap_err().kind(), ErrorKind::InvalidArgument);
        assert_eq!(ErrorKind::from_code(0), None);
    }

    /// The numbers are an ABI (the C `wechatpay_result`): they never change.
    /// A new kind takes the next free number; a retired one keeps its number
    /// reserved here as a comment.
    #[test]
    fn codes_are_pinned() {
        let pinned: Vec<(u32, &str)> = ErrorKind::ALL.iter().map(|k| (k.code(), k.as_str())).collect();
        assert_eq!(
            pinned,
            [
                (1, "KEY_FORMAT"),
                (2, "CERTIFICATE_FORMAT"),
                (3, "PKCS12"),
                (4, "SECRET_LENGTH"),
                (5, "HEADER_MISSING"),
                (6, "HEADER_INVALID"),
                (7, "SIGNATURE_TYPE_UNSUPPORTED"),
                (8, "SIGNATURE_PROBE"),
                (9, "SIGNATURE_MALFORMED"),
                (10, "SIGNATURE_INVALID"),
                (11, "SERIAL_UNKNOWN"),
                (12, "CERTIFICATE_NOT_VALID"),
                (13, "TIMESTAMP_OUT_OF_WINDOW"),
                (14, "BASE64"),
                (15, "NONCE_LENGTH"),
                (16, "CIPHERTEXT_LENGTH"),
                (17, "DECRYPT_FAILED"),
                (18, "PLAINTEXT_TOO_LONG"),
                (19, "ALGORITHM_UNSUPPORTED"),
                (20, "NOT_UTF8"),
                (21, "JSON"),
                (22, "XML"),
                (23, "BILL_HASH_MISMATCH"),
                (24, "BILL_FORMAT"),
                (25, "INVALID_ARGUMENT"),
                (26, "API_ERROR"),
                (27, "IO"),
                (28, "BACKEND"),
                (29, "MULTIPART_FORMAT"),
            ]
        );
    }

    #[test]
    fn categories_group_the_kinds() {
        use ErrorCategory::*;
        let of = |c: ErrorCategory| -> Vec<&str> {
            ErrorKind::ALL.iter().filter(|k| k.category() == c).map(|k| k.as_str()).collect()
        };
        assert_eq!(
            of(Verification),
            [
                "HEADER_MISSING",
                "HEADER_INVALID",
                "SIGNATURE_TYPE_UNSUPPORTED",
                "SIGNATURE_PROBE",
                "SIGNATURE_MALFORMED",
                "SIGNATURE_INVALID",
                "SERIAL_UNKNOWN",
                "CERTIFICATE_NOT_VALID",
                "TIMESTAMP_OUT_OF_WINDOW",
                "BILL_HASH_MISMATCH"
            ]
        );
        assert_eq!(of(Decryption), ["BASE64", "NONCE_LENGTH", "CIPHERTEXT_LENGTH", "DECRYPT_FAILED"]);
        assert_eq!(of(KeyMaterial), ["KEY_FORMAT", "CERTIFICATE_FORMAT", "PKCS12", "SECRET_LENGTH"]);
        assert_eq!(of(ProtocolResponse), ["API_ERROR"]);
        assert_eq!(of(Environment), ["IO", "BACKEND"]);
        let total: usize = ErrorCategory::ALL.iter().map(|c| of(*c).len()).sum();
        assert_eq!(total, ErrorKind::ALL.len());
    }

    #[test]
    fn probe_has_its_own_kind() {
        assert_eq!(Error::SignatureProbe.kind().as_str(), "SIGNATURE_PROBE");
        assert_ne!(Error::SignatureProbe.kind(), Error::SignatureInvalid.kind());
    }

    #[test]
    fn serde_messages_never_reach_the_error() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Shape {
            amount: u64,
        }
        let err = serde_json::from_str::<Shape>(r#"{"amount":"张三的银行卡 6222020000000000"}"#).unwrap_err();
        let ours = Error::json("decrypted resource", &err);
        let shown = format!("{ours} {ours:?} {:?}", ours.fields());
        assert!(!shown.contains("张三") && !shown.contains("6222"), "{shown}");
        assert_eq!(ours.kind(), ErrorKind::Json);
        assert!(shown.contains("line 1"), "{shown}");
    }

    #[test]
    fn echoed_text_is_bounded() {
        assert_eq!(echo("short"), "short");
        assert_eq!(echo(&"a".repeat(100)).len(), 64);
        let cjk = "张".repeat(30); // 90 bytes, 3 per char: cut at 63
        assert_eq!(echo(&cjk).len(), 63);
    }
}
