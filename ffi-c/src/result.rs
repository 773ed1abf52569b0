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
    /// Core kind `KEY_FORMAT`, category `KEY_MATERIAL`: a private or public key is not usable.
    KEY_FORMAT = 1,
    /// Core kind `CERTIFICATE_FORMAT`, category `KEY_MATERIAL`: a certificate is not usable.
    CERTIFICATE_FORMAT = 2,
    /// Core kind `PKCS12`, category `KEY_MATERIAL`: a PKCS#12 file could not be opened (wrong password or damaged).
    PKCS12 = 3,
    /// Core kind `SECRET_LENGTH`, category `KEY_MATERIAL`: an APIv3 or APIv2 key has the wrong length.
    SECRET_LENGTH = 4,
    /// Core kind `HEADER_MISSING`, category `VERIFICATION`: a required header is missing.
    HEADER_MISSING = 5,
    /// Core kind `HEADER_INVALID`, category `VERIFICATION`: a header is malformed.
    HEADER_INVALID = 6,
    /// Core kind `SIGNATURE_TYPE_UNSUPPORTED`, category `VERIFICATION`: the signature type is not WECHATPAY2-SHA256-RSA2048.
    SIGNATURE_TYPE_UNSUPPORTED = 7,
    /// Core kind `SIGNATURE_PROBE`, category `VERIFICATION`: the signature is a WECHATPAY/SIGNTEST/ probe.
    SIGNATURE_PROBE = 8,
    /// Core kind `SIGNATURE_MALFORMED`, category `VERIFICATION`: the signature is not canonical base64 of the key's length.
    SIGNATURE_MALFORMED = 9,
    /// Core kind `SIGNATURE_INVALID`, category `VERIFICATION`: the signature does not verify.
    SIGNATURE_INVALID = 10,
    /// Core kind `SERIAL_UNKNOWN`, category `VERIFICATION`: the serial or public key id is not in the trust store.
    SERIAL_UNKNOWN = 11,
    /// Core kind `CERTIFICATE_NOT_VALID`, category `VERIFICATION`: the platform certificate is expired or not yet valid.
    CERTIFICATE_NOT_VALID = 12,
    /// Core kind `TIMESTAMP_OUT_OF_WINDOW`, category `VERIFICATION`: the timestamp is outside the replay window.
    TIMESTAMP_OUT_OF_WINDOW = 13,
    /// Core kind `BASE64`, category `DECRYPTION`: a value is not canonical standard base64.
    BASE64 = 14,
    /// Core kind `NONCE_LENGTH`, category `DECRYPTION`: a nonce has the wrong length.
    NONCE_LENGTH = 15,
    /// Core kind `CIPHERTEXT_LENGTH`, category `DECRYPTION`: a ciphertext has an impossible length.
    CIPHERTEXT_LENGTH = 16,
    /// Core kind `DECRYPT_FAILED`, category `DECRYPTION`: decryption failed (wrong key, or the ciphertext was altered).
    DECRYPT_FAILED = 17,
    /// Core kind `PLAINTEXT_TOO_LONG`, category `INPUT`: a plaintext is longer than the scheme allows.
    PLAINTEXT_TOO_LONG = 18,
    /// Core kind `ALGORITHM_UNSUPPORTED`, category `INPUT`: the algorithm named in a message is not supported.
    ALGORITHM_UNSUPPORTED = 19,
    /// Core kind `NOT_UTF8`, category `INPUT`: text that must be UTF-8 is not.
    NOT_UTF8 = 20,
    /// Core kind `JSON`, category `INPUT`: a JSON document does not have the expected shape.
    JSON = 21,
    /// Core kind `XML`, category `INPUT`: an APIv2 XML document is malformed or not allowed.
    XML = 22,
    /// Core kind `BILL_HASH_MISMATCH`, category `VERIFICATION`: a bill does not match its hash_value.
    BILL_HASH_MISMATCH = 23,
    /// Core kind `BILL_FORMAT`, category `INPUT`: a bill could not be read.
    BILL_FORMAT = 24,
    /// Core kind `INVALID_ARGUMENT`, category `INPUT`: an argument is outside its documented domain.
    INVALID_ARGUMENT = 25,
    /// Core kind `API_ERROR`, category `PROTOCOL_RESPONSE`: WeChat Pay answered with an error body.
    API_ERROR = 26,
    /// Core kind `IO`, category `ENVIRONMENT`: a file could not be read or written.
    IO = 27,
    /// Core kind `BACKEND`, category `ENVIRONMENT`: the crypto backend failed (e.g. the random generator).
    BACKEND = 28,
    /// Core kind `MULTIPART_FORMAT`, category `INPUT`: a multipart/form-data body is malformed.
    MULTIPART_FORMAT = 29,
    /// C layer, category `INPUT`: a pointer argument was NULL.
    NULL_PARAMETER = 1000,
    /// C layer, category `INPUT`: a text argument is not valid UTF-8.
    INVALID_UTF8 = 1001,
    /// C layer, category `INPUT`: a caller-provided buffer is too small.
    BUFFER_TOO_SMALL = 1002,
    /// C layer, category `INTERNAL`: a bug, a panic was caught at the boundary (please report it).
    PANIC = 1003,
}

/// Every core kind's result and name, in `ErrorKind::ALL` order.
pub(crate) const KIND_RESULTS: [(wechatpay_result, &CStr); 29] = [
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
    (wechatpay_result::MULTIPART_FORMAT, c"MULTIPART_FORMAT"),
];

/// Every core error category and its name.
pub(crate) const CATEGORY_NAMES: [(wechatpay_core::ErrorCategory, &CStr); 6] = [
    (wechatpay_core::ErrorCategory::Verification, c"VERIFICATION"),
    (wechatpay_core::ErrorCategory::Decryption, c"DECRYPTION"),
    (wechatpay_core::ErrorCategory::KeyMaterial, c"KEY_MATERIAL"),
    (wechatpay_core::ErrorCategory::Input, c"INPUT"),
    (wechatpay_core::ErrorCategory::ProtocolResponse, c"PROTOCOL_RESPONSE"),
    (wechatpay_core::ErrorCategory::Environment, c"ENVIRONMENT"),
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
    KIND_RESULTS.iter().chain(FFI_RESULTS.iter()).find(|(result, _)| *result as u32 == code).map(|(_, name)| *name)
}

/// The category name of a code: the core kind's category, `INPUT` for the C
/// layer's argument errors, `INTERNAL` for `PANIC`; `None` for `OK` and unknown codes.
pub(crate) fn category_of(code: u32) -> Option<&'static CStr> {
    use wechatpay_core::ErrorCategory;
    if let Some(kind) = ErrorKind::from_code(code) {
        return CATEGORY_NAMES.iter().find(|(c, _)| *c == kind.category()).map(|(_, n)| *n);
    }
    match code {
        1000..=1002 => Some(c"INPUT"),
        1003 => Some(c"INTERNAL"),
        _ => {
            let _ = ErrorCategory::ALL;
            None
        }
    }
}

/// The code of a core kind: `ErrorKind::code()`.
pub(crate) fn kind_code(kind: ErrorKind) -> u32 {
    kind.code()
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
                "    /// Core kind `{}`, category `{}`: {}.\n    {} = {},\n",
                kind.as_str(),
                kind.category().as_str(),
                kind.description(),
                kind.as_str(),
                kind_code(*kind)
            ));
        }
        out.push_str("    /// C layer, category `INPUT`: a pointer argument was NULL.\n    NULL_PARAMETER = 1000,\n");
        out.push_str(
            "    /// C layer, category `INPUT`: a text argument is not valid UTF-8.\n    INVALID_UTF8 = 1001,\n",
        );
        out.push_str(
            "    /// C layer, category `INPUT`: a caller-provided buffer is too small.\n    BUFFER_TOO_SMALL = 1002,\n",
        );
        out.push_str(
            "    /// C layer, category `INTERNAL`: a bug, a panic was caught at the boundary (please report it).\n    PANIC = 1003,\n}\n\n",
        );
        out.push_str("/// Every core kind's result and name, in `ErrorKind::ALL` order.\n");
        out.push_str(&format!(
            "pub(crate) const KIND_RESULTS: [(wechatpay_result, &CStr); {}] = [\n",
            ErrorKind::ALL.len()
        ));
        for kind in ErrorKind::ALL {
            out.push_str(&format!("    (wechatpay_result::{0}, c\"{0}\"),\n", kind.as_str()));
        }
        out.push_str("];\n\n");
        out.push_str("/// Every core error category and its name.\n");
        out.push_str(&format!(
            "pub(crate) const CATEGORY_NAMES: [(wechatpay_core::ErrorCategory, &CStr); {}] = [\n",
            wechatpay_core::ErrorCategory::ALL.len()
        ));
        for category in wechatpay_core::ErrorCategory::ALL {
            out.push_str(&format!("    (wechatpay_core::ErrorCategory::{category:?}, c\"{}\"),\n", category.as_str()));
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn result_enum_is_generated() -> Result<(), Box<dyn std::error::Error>> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/result.rs");
        let source = std::fs::read_to_string(path)?;
        let begin = "// BEGIN GENERATED (from wechatpay_core::ErrorKind::ALL)\n";
        let end = "// END GENERATED";
        let start = source.find(begin).ok_or("no BEGIN GENERATED marker")? + begin.len();
        let stop = source.find(end).ok_or("no END GENERATED marker")?;
        let expected = generated_block();
        if source[start..stop] != expected {
            if std::env::var_os("WECHATPAY_REGENERATE").is_none() {
                return Err(
                    "src/result.rs is stale against ErrorKind::ALL: run WECHATPAY_REGENERATE=1 cargo test -p wechatpay-ffi --lib"
                        .into(),
                );
            }
            std::fs::write(path, format!("{}{}{}", &source[..start], expected, &source[stop..]))?;
        }
        Ok(())
    }

    #[test]
    fn every_category_has_a_name() {
        for category in wechatpay_core::ErrorCategory::ALL {
            let found = CATEGORY_NAMES.iter().find(|(c, _)| c == category).map(|(_, n)| n.to_str().unwrap());
            assert_eq!(found, Some(category.as_str()));
        }
        for kind in ErrorKind::ALL {
            assert_eq!(category_of(kind.code()).unwrap().to_str().unwrap(), kind.category().as_str());
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
