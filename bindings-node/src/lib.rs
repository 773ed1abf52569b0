//! Node.js binding of wechatpay-core (npm package `wechatpay-core`).
//!
//! Thin: every class and function mirrors a core module (`keys`, `v3::sign`,
//! `v3::verify`, `v3::notify`, ...). Every export is `#[napi(catch_unwind)]`;
//! errors carry the core's kind as `code` (see `error.rs`).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api_error;
mod clock;
mod crypto;
mod error;
mod input;
mod keys;
mod pay_params;
mod task;
mod v2;
mod v3;

/// The version of the Rust core inside this module.
#[napi_derive::napi(catch_unwind)]
pub fn core_version() -> String {
    wechatpay_core::VERSION.to_owned()
}

/// The crypto backend in use (e.g. `aws-lc-rs`).
#[napi_derive::napi(catch_unwind)]
pub fn crypto_backend() -> String {
    wechatpay_core::backend::active_backend_name().to_owned()
}
