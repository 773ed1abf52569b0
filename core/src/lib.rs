#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod api_error;
pub mod backend;
pub mod clock;
pub mod crypto;
mod encoding;
pub mod error;
pub mod keys;
pub mod nonce;
pub mod pay_params;
pub mod v2;
pub mod v3;

pub use error::{Error, ErrorCategory, ErrorKind, Result};

/// The crate's version, e.g. `"0.1.0"`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The shared vectors, for the unit tests: one place that reads
/// `WECHATPAY_VECTORS` (default `../shared/vectors` beside the repository).
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    pub(crate) fn vectors_dir() -> PathBuf {
        std::env::var_os("WECHATPAY_VECTORS")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors")))
    }

    /// A file of the vectors directory, e.g. `keys/apiclient_key.pem`.
    pub(crate) fn read(name: &str) -> Vec<u8> {
        let path = vectors_dir().join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// A file of the vectors directory as text.
    pub(crate) fn read_string(name: &str) -> String {
        String::from_utf8(read(name)).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
    }

    /// The path of a key file, e.g. `key_path("platform_cert.pem")`.
    pub(crate) fn key_path(name: &str) -> PathBuf {
        vectors_dir().join("keys").join(name)
    }

    /// The cases of one vector file.
    pub(crate) fn cases(file: &str) -> Vec<serde_json::Value> {
        serde_json::from_slice(&read(file)).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
    }
}
