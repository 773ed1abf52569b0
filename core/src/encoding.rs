//! Byte-level encodings shared by the protocol modules: strict base64, hex,
//! the two DER wrappers that turn PKCS#1 keys into PKCS#8 / SPKI, percent
//! encoding and the clock.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::error::{Error, Result};

/// Standard base64 with padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Standard, padded, canonical base64: no whitespace, no URL-safe alphabet, no
/// non-zero trailing bits. Lenient decoders are how forged values slip through.
pub(crate) fn base64_decode(text: &str, what: &'static str) -> Result<Vec<u8>> {
    STANDARD.decode(text).map_err(|_| Error::Base64 { what })
}

pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    hex(bytes, b"0123456789ABCDEF")
}

pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    hex(bytes, b"0123456789abcdef")
}

fn hex(bytes: &[u8], digits: &[u8; 16]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(digits[usize::from(byte >> 4)]));
        out.push(char::from(digits[usize::from(byte & 0x0f)]));
    }
    out
}

/// DER header (tag + definite length) for `len` content bytes.
fn der_header(tag: u8, len: usize, out: &mut Vec<u8>) {
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let be = len.to_be_bytes();
        let skip = be.iter().take_while(|&&b| b == 0).count();
        let significant = &be[skip..];
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

fn der_wrap(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    der_header(tag, content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

/// `AlgorithmIdentifier { rsaEncryption, NULL }`.
const RSA_ALGORITHM_ID: &[u8] =
    &[0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

/// PKCS#1 `RSAPrivateKey` → PKCS#8 `PrivateKeyInfo`, so that both backends
/// need only one private-key parser. The result holds the key: zeroize it.
pub(crate) fn pkcs1_private_to_pkcs8(pkcs1: &[u8]) -> zeroize::Zeroizing<Vec<u8>> {
    let mut content = zeroize::Zeroizing::new(Vec::with_capacity(pkcs1.len() + 32));
    content.extend_from_slice(&[0x02, 0x01, 0x00]);
    content.extend_from_slice(RSA_ALGORITHM_ID);
    der_header(0x04, pkcs1.len(), &mut content);
    content.extend_from_slice(pkcs1);
    zeroize::Zeroizing::new(der_wrap(0x30, &content))
}

/// PKCS#1 `RSAPublicKey` → `SubjectPublicKeyInfo`.
pub(crate) fn pkcs1_public_to_spki(pkcs1: &[u8]) -> Vec<u8> {
    let mut bit_string = Vec::with_capacity(pkcs1.len() + 1);
    bit_string.push(0);
    bit_string.extend_from_slice(pkcs1);
    let mut content = RSA_ALGORITHM_ID.to_vec();
    content.extend_from_slice(&der_wrap(0x03, &bit_string));
    der_wrap(0x30, &content)
}

/// Percent-encodes everything but RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`), as `redirect_uri` / `redirect_url` require.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push_str(&hex_upper(&[byte]));
        }
    }
    out
}

/// Seconds since the Unix epoch (0 if the clock is before 1970).
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Formats Unix seconds as RFC 3339 UTC (`YYYY-MM-DDTHH:MM:SSZ`).
pub(crate) fn rfc3339_utc(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant), valid for the whole i64 day range we use.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_strict() {
        assert_eq!(base64_decode("aGVsbG8=", "x").unwrap(), b"hello");
        for bad in ["aGVsbG8", "aGVsbG9=", "aGVs bG8=", "aGVsbG8=\n", "a-_=", "aGVsbG8=="] {
            assert_eq!(base64_decode(bad, "x").unwrap_err().kind(), crate::ErrorKind::Base64, "{bad:?}");
        }
    }

    #[test]
    fn percent_encoding_matches_the_official_h5_example() {
        assert_eq!(percent_encode("https://www.wechatpay.com.cn"), "https%3A%2F%2Fwww.wechatpay.com.cn");
        assert_eq!(percent_encode("a b&c=中"), "a%20b%26c%3D%E4%B8%AD");
    }

    #[test]
    fn rfc3339_formatting() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_795_392_000), "2026-11-23T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn der_lengths() {
        let mut out = Vec::new();
        der_header(0x04, 0x7f, &mut out);
        assert_eq!(out, [0x04, 0x7f]);
        out.clear();
        der_header(0x04, 0x80, &mut out);
        assert_eq!(out, [0x04, 0x81, 0x80]);
        out.clear();
        der_header(0x30, 0x04a8, &mut out);
        assert_eq!(out, [0x30, 0x82, 0x04, 0xa8]);
    }
}
