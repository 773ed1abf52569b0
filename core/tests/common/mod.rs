//! What every integration test shares: the one place that reads
//! `WECHATPAY_VECTORS` (default `../shared/vectors` beside the repository).

use std::path::{Path, PathBuf};

/// The shared vectors directory.
pub fn vectors_dir() -> PathBuf {
    std::env::var_os("WECHATPAY_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors"))
}
