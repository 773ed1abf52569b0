//! The one place for "now", and the RFC 3339 times WeChat Pay writes.
//!
//! Every function of the crate that needs the current time reads it through
//! [`Clock::now`] (the system clock by default); the `_at` variants of the
//! protocol functions take `now` explicitly instead. A [`Clock::manual`]
//! clock lets a test or a simulator move time by hand.
//!
//! WeChat Pay writes times as RFC 3339 with the China offset
//! (`2015-05-20T13:29:35+08:00`); [`format_rfc3339`] and [`parse_rfc3339`]
//! convert them to and from Unix seconds.
//!
//! ```
//! use wechatpay_core::clock::{self, Clock};
//!
//! let clock = Clock::manual(1_432_099_775);
//! assert_eq!(clock::format_rfc3339(clock.now(), 8 * 60)?, "2015-05-20T13:29:35+08:00");
//! clock.advance(60);
//! assert_eq!(clock::parse_rfc3339("2015-05-20T13:30:35+08:00")?, clock.now());
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::error::{Error, Result};

/// The offset WeChat Pay writes its times in: China Standard Time, `+08:00`.
pub const CHINA_OFFSET_MINUTES: i32 = 8 * 60;

/// A source of Unix seconds: the system clock, or a manual one for tests.
/// Clones of a manual clock share its time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock that stands at `unix_time` until it is moved.
    pub fn manual(unix_time: i64) -> Self {
        Self { manual: Some(Arc::new(AtomicI64::new(unix_time))) }
    }

    /// Whether this is a manual clock.
    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }

    /// Seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        match &self.manual {
            Some(time) => time.load(Ordering::Relaxed),
            None => system_now(),
        }
    }

    /// Sets a manual clock; [`Error::InvalidArgument`] for the system clock.
    pub fn set(&self, unix_time: i64) -> Result<()> {
        self.manual_time()?.store(unix_time, Ordering::Relaxed);
        Ok(())
    }

    /// Moves a manual clock by `seconds` (negative goes back); errors for the
    /// system clock.
    pub fn advance(&self, seconds: i64) -> Result<()> {
        let time = self.manual_time()?;
        let _ = time.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| Some(t.saturating_add(seconds)));
        Ok(())
    }

    fn manual_time(&self) -> Result<&AtomicI64> {
        self.manual
            .as_deref()
            .ok_or(Error::InvalidArgument { name: "clock", reason: "only a manual clock can be set (Clock::manual)" })
    }
}

/// Seconds since the Unix epoch from the system clock (0 before 1970).
pub fn now() -> i64 {
    system_now()
}

fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Years 0000 to 9999 only: what four digits can carry.
const MIN_UNIX: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const MAX_UNIX: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

/// Formats Unix seconds as RFC 3339 at a UTC offset in minutes: `Z` for 0,
/// else `±HH:MM` (`+08:00` is [`CHINA_OFFSET_MINUTES`]). The local time is
/// shifted by the offset, so the instant is the same.
///
/// Errors: [`Error::InvalidArgument`] for an offset beyond ±23:59 or a time
/// outside the years 0000–9999.
pub fn format_rfc3339(unix_time: i64, offset_minutes: i32) -> Result<String> {
    if offset_minutes.unsigned_abs() >= 24 * 60 {
        return Err(Error::InvalidArgument { name: "offset_minutes", reason: "must be within ±23:59" });
    }
    let local = unix_time
        .checked_add(i64::from(offset_minutes) * 60)
        .filter(|t| (MIN_UNIX..=MAX_UNIX).contains(t))
        .ok_or(Error::InvalidArgument { name: "unix_time", reason: "outside the years 0000 to 9999" })?;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    let mut out = format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60);
    if offset_minutes == 0 {
        out.push('Z');
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let abs = offset_minutes.unsigned_abs();
        out.push_str(&format!("{sign}{:02}:{:02}", abs / 60, abs % 60));
    }
    Ok(out)
}

/// Formats Unix seconds as WeChat Pay writes times: `…+08:00`.
pub fn format_china(unix_time: i64) -> Result<String> {
    format_rfc3339(unix_time, CHINA_OFFSET_MINUTES)
}

/// Parses an RFC 3339 time (`YYYY-MM-DDTHH:MM:SS`, optional `.fraction`
/// which is dropped, then `Z` or `±HH:MM`) to Unix seconds.
///
/// Strict: a `T` separator (`t` too), two digits everywhere, a real calendar
/// date, seconds up to 59 (a leap second `60` is read as `59`).
/// [`Error::InvalidArgument`] otherwise.
pub fn parse_rfc3339(text: &str) -> Result<i64> {
    let bad = Error::InvalidArgument { name: "time", reason: "not an RFC 3339 time (YYYY-MM-DDTHH:MM:SS+08:00)" };
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return Err(bad);
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter().try_fold(0i64, |acc, d| Some(acc * 10 + i64::from(d - b'0')))
    };
    let fields =
        (|| Some((digits(0..4)?, digits(5..7)?, digits(8..10)?, digits(11..13)?, digits(14..16)?, digits(17..19)?)))();
    let Some((year, month, day, hour, minute, second)) = fields else { return Err(bad) };
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return Err(bad);
        }
        rest = &fraction[len..];
    }
    let offset = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()) => {
            let hours = i64::from((h1 - b'0') * 10 + (h2 - b'0'));
            let minutes = i64::from((m1 - b'0') * 10 + (m2 - b'0'));
            if hours > 23 || minutes > 59 {
                return Err(bad);
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' { -total } else { total }
        }
        _ => return Err(bad),
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return Err(bad);
    }
    let days = days_from_civil(year, month, day);
    Ok(days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset * 60)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `YYYY-MM-DDTHH:MM:SSZ`, for `Debug` output of certificates; never fails
/// (out-of-range times print as their Unix seconds).
pub(crate) fn utc_or_seconds(unix_time: i64) -> String {
    format_rfc3339(unix_time, 0).unwrap_or_else(|_| unix_time.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn formats_utc_and_china_time() {
        assert_eq!(format_rfc3339(0, 0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(1_795_392_000, 0).unwrap(), "2026-11-23T00:00:00Z");
        assert_eq!(format_rfc3339(951_782_400, 0).unwrap(), "2000-02-29T00:00:00Z");
        assert_eq!(format_china(1_432_099_775).unwrap(), "2015-05-20T13:29:35+08:00");
        assert_eq!(format_rfc3339(0, -(5 * 60 + 30)).unwrap(), "1969-12-31T18:30:00-05:30");
        assert_eq!(format_rfc3339(MAX_UNIX, 0).unwrap(), "9999-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(MIN_UNIX, 0).unwrap(), "0000-01-01T00:00:00Z");
        for (t, offset) in [(MAX_UNIX + 1, 0), (MIN_UNIX - 1, 0), (0, 24 * 60), (i64::MAX, 60), (i64::MIN, 0)] {
            assert_eq!(format_rfc3339(t, offset).unwrap_err().kind(), ErrorKind::InvalidArgument, "{t} {offset}");
        }
    }

    #[test]
    fn parses_what_wechat_pay_writes() {
        assert_eq!(parse_rfc3339("2015-05-20T13:29:35+08:00").unwrap(), 1_432_099_775);
        assert_eq!(parse_rfc3339("2015-05-20T05:29:35Z").unwrap(), 1_432_099_775);
        assert_eq!(parse_rfc3339("2015-05-20T05:29:35.123456z").unwrap(), 1_432_099_775);
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00-00:30").unwrap(), 951_784_200);
        for bad in [
            "",
            "2015-05-20 13:29:35+08:00",
            "2015-05-20T13:29:35",
            "2015-05-20T13:29:35+0800",
            "2015-02-30T00:00:00Z",
            "2015-13-01T00:00:00Z",
            "2015-05-20T24:00:00Z",
            "2015-05-20T13:29:35+24:00",
            "2015-05-20T13:29:35.Z",
            "+015-05-20T13:29:35Z",
            "2015-05-20T13:29:35Z trailing",
            "２０１５-05-20T13:29:35Z",
        ] {
            assert_eq!(parse_rfc3339(bad).unwrap_err().kind(), ErrorKind::InvalidArgument, "{bad:?}");
        }
    }

    #[test]
    fn round_trips() {
        for t in [0, 1, 59, 86_399, 951_782_400, 1_795_392_000, -1, -86_401, MAX_UNIX - 8 * 3600] {
            for offset in [0, CHINA_OFFSET_MINUTES, -330] {
                let text = format_rfc3339(t, offset).unwrap();
                assert_eq!(parse_rfc3339(&text).unwrap(), t, "{text}");
            }
        }
    }

    #[test]
    fn manual_clocks_move_and_the_system_clock_does_not_take_orders() {
        let clock = Clock::manual(100);
        let shared = clock.clone();
        clock.advance(5).unwrap();
        assert_eq!(shared.now(), 105);
        shared.set(7).unwrap();
        assert_eq!(clock.now(), 7);
        clock.set(i64::MAX).unwrap();
        clock.advance(1).unwrap();
        assert_eq!(clock.now(), i64::MAX);
        let system = Clock::system();
        assert!(!system.is_manual() && clock.is_manual());
        assert!(system.now() > 1_700_000_000);
        assert_eq!(system.set(1).unwrap_err().kind(), ErrorKind::InvalidArgument);
        assert_eq!(Clock::default().now() / 1000, now() / 1000);
    }
}
