//! Node.js binding of wechatpay-core (npm package `wechatpay-core`).
//!
//! Thin: every class and function mirrors a core module (`keys`, `v3::sign`,
//! `v3::verify`, `v3::notify`, ...). Every export is `#[napi(catch_unwind)]`;
//! errors carry the core's kind as `code` (see `error.rs`).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod error;
mod input;
mod keys;
mod task;
mod v3;
mod pay_params;
mod v2;
