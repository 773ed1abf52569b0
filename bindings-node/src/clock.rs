//! `clock` and `nonce`: where "now" comes from, RFC 3339 times, nonces.

use napi_derive::napi;
use wechatpay_core::{clock as core, nonce};

use crate::error::{self, Result};

/// A source of Unix seconds: the system clock, or a manual one for tests
/// (copies of a manual clock share its time).
#[napi]
pub struct Clock {
    pub(crate) inner: core::Clock,
}

#[napi]
impl Clock {
    /// The system clock.
    #[napi(factory, catch_unwind)]
    pub fn system() -> Self {
        Self { inner: core::Clock::system() }
    }

    /// A manual clock standing at `unixTime` until `set`/`advance`.
    #[napi(factory, catch_unwind)]
    pub fn manual(unix_time: i64) -> Self {
        Self { inner: core::Clock::manual(unix_time) }
    }

    /// Whether this is a manual clock.
    #[napi(getter, catch_unwind)]
    pub fn is_manual(&self) -> bool {
        self.inner.is_manual()
    }

    /// Now, in Unix seconds.
    #[napi(getter, catch_unwind)]
    pub fn now(&self) -> i64 {
        self.inner.now()
    }

    /// Sets a manual clock (throws `INVALID_ARGUMENT` on the system clock).
    #[napi(catch_unwind)]
    pub fn set(&self, unix_time: i64) -> Result<()> {
        self.inner.set(unix_time).map_err(error::core)
    }

    /// Moves a manual clock by `seconds`.
    #[napi(catch_unwind)]
    pub fn advance(&self, seconds: i64) -> Result<()> {
        self.inner.advance(seconds).map_err(error::core)
    }
}

/// The system time in Unix seconds.
#[napi(js_name = "unixNow", catch_unwind)]
pub fn unix_now() -> i64 {
    core::now()
}

/// `YYYY-MM-DDTHH:MM:SS+HH:MM` at `offsetMinutes` east of UTC.
#[napi(catch_unwind)]
pub fn format_rfc3339(unix_time: i64, offset_minutes: i32) -> Result<String> {
    core::format_rfc3339(unix_time, offset_minutes).map_err(error::core)
}

/// RFC 3339 in China time (`+08:00`), as WeChat Pay writes times.
#[napi(catch_unwind)]
pub fn format_china(unix_time: i64) -> Result<String> {
    core::format_china(unix_time).map_err(error::core)
}

/// Unix seconds of an RFC 3339 time.
#[napi(catch_unwind)]
pub fn parse_rfc3339(text: String) -> Result<i64> {
    core::parse_rfc3339(&text).map_err(error::core)
}

/// A random nonce of `length` characters (default 32) from [0-9A-Za-z].
#[napi(catch_unwind)]
pub fn generate_nonce(length: Option<u32>) -> Result<String> {
    match length {
        None => nonce::generate(),
        Some(length) => nonce::generate_len(length as usize),
    }
    .map_err(error::core)
}
