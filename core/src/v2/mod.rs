//! Legacy APIv2: XML messages signed with the 32-character APIv2 key.
//!
//! * [`sign`] — the `sign` field (MD5 or HMAC-SHA256 over the sorted parameters
//!   plus `&key=…`), for requests you send and for responses and notifications
//!   you receive.
//! * [`xml`] — the flat `<xml><k>v</k>…</xml>` format, parsed without DTDs or
//!   custom entities, and the notification acknowledgements.
//! * [`refund`] — the AES-256-ECB `req_info` of refund notifications.
//!
//! The APIv2 key (set under 账户中心 → API安全 → APIv2密钥) is a different secret
//! from the APIv3 key; both are 32 characters, so they are easy to mix up.
//!
//! ```
//! use std::collections::BTreeMap;
//! use wechatpay_core::v2::{ApiV2Key, SignType, sign, xml};
//!
//! let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
//! let body = b"<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id>\
//!     <device_info>1000</device_info><body>test</body><nonce_str>ibuaiVcKdpRxkhJA</nonce_str>\
//!     <sign><![CDATA[9A0A8659F005D6984697E2CA0A9CF3B7]]></sign></xml>";
//! let params: BTreeMap<String, String> = xml::decode(body)?;
//! sign::verify(&params, &key, SignType::Md5)?;
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub mod refund;
pub mod sign;
pub mod xml;

/// The APIv2 key (APIv2密钥): exactly 32 bytes, zeroized on drop, never printed.
///
/// ```
/// use wechatpay_core::v2::ApiV2Key;
///
/// let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
/// assert_eq!(format!("{key:?}"), "ApiV2Key([redacted])");
/// assert!(ApiV2Key::new("too short").is_err());
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Clone)]
pub struct ApiV2Key(Zeroizing<String>);

impl ApiV2Key {
    /// Wraps the key; fails with [`Error::SecretLength`] unless it is 32 bytes.
    pub fn new(key: impl Into<String>) -> Result<Self> {
        // Zeroizing from the start, so the rejected value is wiped too.
        let key = Zeroizing::new(key.into());
        if key.len() != 32 {
            return Err(Error::SecretLength { what: "APIv2 key", expected: 32, actual: key.len() });
        }
        Ok(ApiV2Key(key))
    }

    /// The key itself; only the signing and decryption code may see it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiV2Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiV2Key([redacted])")
    }
}

/// The APIv2 sign algorithm (`sign_type` / `signType`).
///
/// ```
/// use wechatpay_core::v2::SignType;
///
/// assert_eq!(SignType::parse("HMAC-SHA256")?, SignType::HmacSha256);
/// assert_eq!(SignType::Md5.as_str(), "MD5");
/// assert!(SignType::parse("SHA1").is_err());
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SignType {
    /// `MD5`: 32 uppercase hex characters. The default, and what a notification
    /// without a `sign_type` field is signed with.
    #[default]
    Md5,
    /// `HMAC-SHA256`: 64 uppercase hex characters.
    HmacSha256,
}

impl SignType {
    /// The name WeChat Pay uses in `sign_type`: `"MD5"` or `"HMAC-SHA256"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SignType::Md5 => "MD5",
            SignType::HmacSha256 => "HMAC-SHA256",
        }
    }

    /// Reads a `sign_type` value (exact, case-sensitive, as WeChat Pay sends it).
    ///
    /// Anything else is [`Error::AlgorithmUnsupported`].
    pub fn parse(s: &str) -> Result<SignType> {
        match s {
            "MD5" => Ok(SignType::Md5),
            "HMAC-SHA256" => Ok(SignType::HmacSha256),
            other => Err(Error::AlgorithmUnsupported { what: "sign_type", found: other.to_owned() }),
        }
    }
}

impl FromStr for SignType {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        SignType::parse(s)
    }
}

impl fmt::Display for SignType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One hex digit of the nibble `n` (0..16), without a branch or a table
/// lookup on it, since the nibbles of the refund AES key are secret.
fn hex_digit(n: u8, uppercase: bool) -> u8 {
    let n = n & 0x0f;
    // 0xff when n > 9, else 0.
    let letter = 0u8.wrapping_sub(9u8.wrapping_sub(n) >> 7);
    let gap = if uppercase { b'A' - b'9' - 1 } else { b'a' - b'9' - 1 };
    b'0' + n + (letter & gap)
}

/// Uppercase hex, the form APIv2 signs take.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(hex_digit(b >> 4, true)));
        out.push(char::from(hex_digit(*b, true)));
    }
    out
}

/// Lowercase hex of a 16-byte digest as 32 ASCII bytes (the refund AES key).
pub(crate) fn hex_lower_16(bytes: &[u8; 16]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        if let [hi, lo] = pair {
            *hi = hex_digit(b >> 4, false);
            *lo = hex_digit(*b, false);
        }
    }
    out
}

/// Reads one file of the shared conformance vectors (`WECHATPAY_VECTORS`).
#[cfg(test)]
pub(crate) fn test_vectors(file: &str) -> Vec<serde_json::Value> {
    let dir = std::env::var("WECHATPAY_VECTORS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned());
    let path = format!("{dir}/{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn key_length_is_checked() {
        assert!(ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").is_ok());
        let err = ApiV2Key::new("192006250b4c09247ec02edce69f6a2").unwrap_err();
        assert_eq!(err, Error::SecretLength { what: "APIv2 key", expected: 32, actual: 31 });
        assert_eq!(ApiV2Key::new("").unwrap_err().kind(), ErrorKind::SecretLength);
        // 11 CJK characters are 33 bytes: the rule counts bytes.
        assert_eq!(ApiV2Key::new("一二三四五六七八九十壹").unwrap_err().kind(), ErrorKind::SecretLength);
    }

    #[test]
    fn key_is_redacted() {
        let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let shown = format!("{key:?} {:#?}", key.clone());
        assert!(!shown.contains("1920"));
        assert_eq!(format!("{key:?}"), "ApiV2Key([redacted])");
        assert_eq!(key.expose(), "192006250b4c09247ec02edce69f6a2d");
    }

    #[test]
    fn sign_type_names() {
        for t in [SignType::Md5, SignType::HmacSha256] {
            assert_eq!(SignType::parse(t.as_str()).unwrap(), t);
            assert_eq!(t.as_str().parse::<SignType>().unwrap(), t);
            assert_eq!(t.to_string(), t.as_str());
        }
        assert_eq!(SignType::default(), SignType::Md5);
        for bad in ["md5", "HMAC_SHA256", "SHA256", ""] {
            let err = SignType::parse(bad).unwrap_err();
            assert_eq!(err, Error::AlgorithmUnsupported { what: "sign_type", found: bad.to_owned() });
        }
    }

    #[test]
    fn hex_helpers() {
        assert_eq!(hex_upper(&[0x00, 0x9a, 0xff]), "009AFF");
        let all: Vec<u8> = (0u8..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(hex_upper(&all), expected);
        let lower = hex_lower_16(&[
            0xd9, 0x6e, 0xb1, 0x6a, 0xfd, 0xd4, 0x91, 0xfa, 0x1e, 0x70, 0x50, 0x96, 0xed, 0xbc, 0x22, 0x05,
        ]);
        assert_eq!(&lower[..], b"d96eb16afdd491fa1e705096edbc2205");
    }
}
