#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod backend;
mod encoding;
pub mod error;
pub mod keys;
pub mod pay_params;
pub mod v2;
pub mod v3;

pub use error::{Error, ErrorKind, Result};
