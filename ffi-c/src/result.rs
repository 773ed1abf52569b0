//! `wechatpay_result`: the status code of every fallible export.
//!
//! The part between the `BEGIN GENERATED` / `END GENERATED` markers is generated
//! from the core's `ErrorKind::ALL` by the test `result_enum_is_generated` (run
//! `WECHATPAY_REGENERATE=1 cargo test -p wechatpay-ffi --lib` after the core gains
//! a kind). Values are the core's `ErrorKind::code()` and are never renumbered.

use std::ffi::CStr;

use wechatpay_core::ErrorKind;

// BEGIN GENERATED (from wechatpay_core::ErrorKind::ALL)
/// Status of every fallible call. `WECHATPAY_RESULT_OK` (0) is success; the
/// values from 1 are the core's error kinds (`ErrorKind::code()`), the values
/// from 1000 belong to the C layer. Values are never renumbered. Functions that
/// take a code from C take `uint32_t` (see `wechatpay_result_name`).
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_result {
    /// Success.
    OK = 0,
    /// Core kind `KEY_FORMAT` (`ErrorKind::KeyFormat`).
    KEY_FORMAT = 1,
    /// Core kind `CERTIFICATE_FORMAT` (`ErrorKind::CertificateFormat`).
    CERTIFICATE_FORMAT = 2,
    /// Core kind `PKCS12` (`ErrorKind::Pkcs12`).
    PKCS12 = 3,
    /// Core kind `SECRET_LENGTH` (`ErrorKind::SecretLength`).
    SECRET_LENGTH = 4,
    /// Core kind `HEADER_MISSING` (`ErrorKind::HeaderMissing`).
    HEADER_MISSING = 5,
    /// Core kind `HEADER_INVALID` (`ErrorKind::HeaderInvalid`).
    HEADER_INVALID = 6,
    /// Core kind `SIGNATURE_TYPE_UNSUPPORTED` (`ErrorKind::SignatureTypeUnsupported`).
    SIGNATURE_TYPE_UNSUPPORTED = 7,
    /// Core kind `SIGNATURE_PROBE` (`ErrorKind::SignatureProbe`).
    SIGNATURE_PROBE = 8,
    /// Core kind `SIGNATURE_MALFORMED` (`ErrorKind::SignatureMalformed`).
    SIGNATURE_MALFORMED = 9,
    /// Core kind `SIGNATURE_INVALID` (`ErrorKind::SignatureInvalid`).
    SIGNATURE_INVALID = 10,
    /// Core kind `SERIAL_UNKNOWN` (`ErrorKind::SerialUnknown`).
    SERIAL_UNKNOWN = 11,
    /// Core kind `CERTIFICATE_NOT_VALID` (`ErrorKind::CertificateNotValid`).
    CERTIFICATE_NOT_VALID = 12,
    /// Core kind `TIMESTAMP_OUT_OF_WINDOW` (`ErrorKind::TimestampOutOfWindow`).
    TIMESTAMP_OUT_OF_WINDOW = 13,
    /// Core kind `BASE64` (`ErrorKind::Base64`).
    BASE64 = 14,
    /// Core kind `NONCE_LENGTH` (`ErrorKind::NonceLength`).
    NONCE_LENGTH = 15,
    /// Core kind `CIPHERTEXT_LENGTH` (`ErrorKind::CiphertextLength`).
    CIPHERTEXT_LENGTH = 16,
    /// Core kind `DECRYPT_FAILED` (`ErrorKind::DecryptFailed`).
    DECRYPT_FAILED = 17,
    /// Core kind `PLAINTEXT_TOO_LONG` (`ErrorKind::PlaintextTooLong`).
    PLAINTEXT_TOO_LONG = 18,
    /// Core kind `ALGORITHM_UNSUPPORTED` (`ErrorKind::AlgorithmUnsupported`).
    ALGORITHM_UNSUPPORTED = 19,
    /// Core kind `NOT_UTF8` (`ErrorKind::NotUtf8`).
    NOT_UTF8 = 20,
    /// Core kind `JSON` (`ErrorKind::Json`).
    JSON = 21,
    /// Core kind `XML` (`ErrorKind::Xml`).
    XML = 22,
    /// Core kind `BILL_HASH_MISMATCH` (`ErrorKind::BillHashMismatch`).
    BILL_HASH_MISMATCH = 23,
    /// Core kind `BILL_FORMAT` (`ErrorKind::BillFormat`).
    BILL_FORMAT = 24,
    /// Core kind `INVALID_ARGUMENT` (`ErrorKind::InvalidArgument`).
    INVALID_ARGUMENT = 25,
    /// Core kind `API_ERROR` (`ErrorKind::Api`).
    API_ERROR = 26,
    /// Core kind `IO` (`ErrorKind::Io`).
    IO = 27,
    /// Core kind `BACKEND` (`ErrorKind::Backend`).
    BACKEND = 28,
    /// A pointer argument was NULL.
    NULL_PARAMETER = 1000,
    /// A text argument is not valid UTF-8.
    INVALID_UTF8 = 1001,
    /// A caller-provided buffer is too small.
    BUFFER_TOO_SMALL = 1002,
    /// A bug: a panic was caught at the boundary (please report it).
    PANIC = 1003,
}

/// Every core kind's result and name, in `ErrorKind::ALL` order.
pub(crate) const KIND_RESULTS: [(wechatpay_result, &CStr); 28] = [
    (wechatpay_result::KEY_FORMAT, c"KEY_FORMAT"),
    (wechatpay_result::CERTIFICATE_FORMAT, c"CERTIFICATE_FORMAT"),
    (wechatpay_result::PKCS12, c"PKCS12"),
    (wechatpay_result::SECRET_LENGTH, c"SECRET_LENGTH"),
    (wechatpay_result::HEADER_MISSING, c"HEADER_MISSING"),
    (wechatpay_result::HEADER_INVALID, c"HEADER_INVALID"),
    (wechatpay_result::SIGNATURE_TYPE_UNSUPPORTED, c"SIGNATURE_TYPE_UNSUPPORTED"),
    (wechatpay_result::SIGNATURE_PROBE, c"SIGNATURE_PROBE"),
    (wechatpay_result::SIGNATURE_MALFORMED, c"SIGNATURE_MALFORMED"),
    (wechatpay_result::SIGNATURE_INVALID, c"SIGNATURE_INVALID"),
    (wechatpay_result::SERIAL_UNKNOWN, c"SERIAL_UNKNOWN"),
    (wechatpay_result::CERTIFICATE_NOT_VALID, c"CERTIFICATE_NOT_VALID"),
    (wechatpay_result::TIMESTAMP_OUT_OF_WINDOW, c"TIMESTAMP_OUT_OF_WINDOW"),
    (wechatpay_result::BASE64, c"BASE64"),
    (wechatpay_result::NONCE_LENGTH, c"NONCE_LENGTH"),
    (wechatpay_result::CIPHERTEXT_LENGTH, c"CIPHERTEXT_LENGTH"),
    (wechatpay_result::DECRYPT_FAILED, c"DECRYPT_FAILED"),
    (wechatpay_result::PLAINTEXT_TOO_LONG, c"PLAINTEXT_TOO_LONG"),
    (wechatpay_result::ALGORITHM_UNSUPPORTED, c"ALGORITHM_UNSUPPORTED"),
    (wechatpay_result::NOT_UTF8, c"NOT_UTF8"),
    (wechatpay_result::JSON, c"JSON"),
    (wechatpay_result::XML, c"XML"),
    (wechatpay_result::BILL_HASH_MISMATCH, c"BILL_HASH_MISMATCH"),
    (wechatpay_result::BILL_FORMAT, c"BILL_FORMAT"),
    (wechatpay_result::INVALID_ARGUMENT, c"INVALID_ARGUMENT"),
    (wechatpay_result::API_ERROR, c"API_ERROR"),
    (wechatpay_result::IO, c"IO"),
    (wechatpay_result::BACKEND, c"BACKEND"),
];
// END GENERATED

/// Status codes of the FFI layer itself (not core kinds); fixed forever.
pub(crate) const FFI_RESULTS: [(wechatpay_result, &CStr); 4] = [
    (wechatpay_result::NULL_PARAMETER, c"NULL_PARAMETER"),
    (wechatpay_result::INVALID_UTF8, c"INVALID_UTF8"),
    (wechatpay_result::BUFFER_TOO_SMALL, c"BUFFER_TOO_SMALL"),
    (wechatpay_result::PANIC, c"PANIC"),
];

/// The name of a code: `"OK"`, a core kind (`"SIGNATURE_PROBE"`), an FFI status, or `None`.
pub(crate) fn name_of(code: u32) -> Option<&'static CStr> {
    if code == wechatpay_result::OK as u32 {
        return Some(c"OK");
    }
    KIND_RESULTS
        .iter()
        .chain(FFI_RESULTS.iter())
        .find(|(result, _)| *result as u32 == code)
        .map(|(_, name)| *name)
}

/// The code of a core kind: `ErrorKind::code()`.
pub(crate) fn kind_code(kind: ErrorKind) -> u32 {
    // SCAFFOLD until CORE_V1: position in ErrorKind::ALL, from 1.
    ErrorKind::ALL.iter().position(|k| *k == kind).map_or(0, |i| i as u32 + 1)
}

impl wechatpay_result {
    /// The result for a core kind. A kind without a value (impossible while the
    /// generated block is current: the tests check totality) maps to `PANIC`.
    pub(crate) fn from_kind(kind: ErrorKind) -> wechatpay_result {
        let code = kind_code(kind);
        KIND_RESULTS.iter().find(|(result, _)| *result as u32 == code).map_or(wechatpay_result::PANIC, |(r, _)| *r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn generated_block() -> String {
        let mut out = String::new();
        out.push_str("/// Status of every fallible call. `WECHATPAY_RESULT_OK` (0) is success; the\n");
        out.push_str("/// values from 1 are the core's error kinds (`ErrorKind::code()`), the values\n");
        out.push_str("/// from 1000 belong to the C layer. Values are never renumbered. Functions that\n");
        out.push_str("/// take a code from C take `uint32_t` (see `wechatpay_result_name`).\n");
        out.push_str("#[repr(u32)]\n#[allow(non_camel_case_types)]\n#[derive(Debug, Clone, Copy, PartialEq, Eq)]\n");
        out.push_str("pub enum wechatpay_result {\n    /// Success.\n    OK = 0,\n");
        for kind in ErrorKind::ALL {
            out.push_str(&format!(
                "    /// Core kind `{}` (`ErrorKind::{kind:?}`).\n    {} = {},\n",
                kind.as_str(),
                kind.as_str(),
                kind_code(*kind)
            ));
        }
        out.push_str("    /// A pointer argument was NULL.\n    NULL_PARAMETER = 1000,\n");
        out.push_str("    /// A text argument is not valid UTF-8.\n    INVALID_UTF8 = 1001,\n");
        out.push_str("    /// A caller-provided buffer is too small.\n    BUFFER_TOO_SMALL = 1002,\n");
        out.push_str("    /// A bug: a panic was caught at the boundary (please report it).\n    PANIC = 1003,\n}\n\n");
        out.push_str("/// Every core kind's result and name, in `ErrorKind::ALL` order.\n");
        out.push_str(&format!(
            "pub(crate) const KIND_RESULTS: [(wechatpay_result, &CStr); {}] = [\n",
            ErrorKind::ALL.len()
        ));
        for kind in ErrorKind::ALL {
            out.push_str(&format!("    (wechatpay_result::{0}, c\"{0}\"),\n", kind.as_str()));
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn result_enum_is_generated() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/result.rs");
        let source = std::fs::read_to_string(path).unwrap();
        let begin = "// BEGIN GENERATED (from wechatpay_core::ErrorKind::ALL)\n";
        let end = "// END GENERATED";
        let start = source.find(begin).unwrap() + begin.len();
        let stop = source.find(end).unwrap();
        let expected = generated_block();
        if source[start..stop] != expected {
            if std::env::var_os("WECHATPAY_REGENERATE").is_some() {
                let updated = format!("{}{}{}", &source[..start], expected, &source[stop..]);
                std::fs::write(path, updated).unwrap();
            } else {
                panic!(
                    "src/result.rs is stale against ErrorKind::ALL: run WECHATPAY_REGENERATE=1 cargo test -p wechatpay-ffi --lib"
                );
            }
        }
    }

    #[test]
    fn mapping_is_total_and_injective() {
        let mut codes = BTreeSet::new();
        for kind in ErrorKind::ALL {
            let result = wechatpay_result::from_kind(*kind);
            assert_ne!(result, wechatpay_result::PANIC, "{kind:?} has no result value");
            assert_eq!(result as u32, kind_code(*kind), "{kind:?}");
            assert!(codes.insert(result as u32), "{kind:?} shares value {}", result as u32);
            assert_eq!(name_of(result as u32).unwrap().to_str().unwrap(), kind.as_str());
        }
        assert_eq!(KIND_RESULTS.len(), ErrorKind::ALL.len());
        for (result, _) in FFI_RESULTS {
            assert!(result as u32 >= 1000 && codes.insert(result as u32));
        }
        assert!(!codes.contains(&0));
        assert_eq!(name_of(0).unwrap().to_str().unwrap(), "OK");
        assert!(name_of(999).is_none());
    }
}
