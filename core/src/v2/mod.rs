//! Legacy APIv2: XML messages signed with the 32-character APIv2 key
//! ([`ApiV2Key`](crate::keys::ApiV2Key)).
//!
//! * [`Params`] — the name/value pairs of one message, in order, names unique.
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
//! use wechatpay_core::keys::ApiV2Key;
//! use wechatpay_core::v2::{SignType, sign, xml};
//!
//! let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
//! let body = b"<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id>\
//!     <device_info>1000</device_info><body>test</body><nonce_str>ibuaiVcKdpRxkhJA</nonce_str>\
//!     <sign><![CDATA[9A0A8659F005D6984697E2CA0A9CF3B7]]></sign></xml>";
//! let params = xml::decode(body)?;
//! sign::verify(&params, &key, SignType::Md5)?;
//! assert_eq!(params.get("mch_id"), Some("10000100"));
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::{Error, Result, echo};

pub mod refund;
pub mod sign;
pub mod xml;

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
            other => Err(Error::AlgorithmUnsupported {
                what: "sign_type",
                expected: "MD5 or HMAC-SHA256",
                found: echo(other),
            }),
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

/// The parameters of one APIv2 message: name/value pairs in the order they
/// were given (or appeared in the XML), each name at most once.
///
/// Signing sorts them itself (byte order of the names), so the order here is
/// only the order XML is written in. `Debug` shows names and value lengths,
/// not values (a decrypted `req_info` holds payer data).
///
/// ```
/// use wechatpay_core::v2::Params;
/// let mut params = Params::from_pairs([("appid", "wxd930ea5d5a258f4f"), ("total_fee", "1")])?;
/// params.set("body", "test");
/// assert_eq!(params.get("total_fee"), Some("1"));
/// assert_eq!(params.to_json(), r#"{"appid":"wxd930ea5d5a258f4f","total_fee":"1","body":"test"}"#);
/// assert_eq!(Params::from_json(r#"{"a":"1","a":"2"}"#).unwrap_err().kind().as_str(), "INVALID_ARGUMENT");
/// assert_eq!(Params::from_json(r#"{"total_fee":1}"#)?.get("total_fee"), Some("1"));
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params {
    entries: Vec<(String, String)>,
}

const DUPLICATE: Error = Error::InvalidArgument { name: "params", reason: "a parameter name appears more than once" };

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parameters from `(name, value)` pairs; [`Error::InvalidArgument`] if a
    /// name repeats (which value was signed would be ambiguous).
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<Self>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut params = Params::new();
        for (name, value) in pairs {
            params.insert(name, value)?;
        }
        Ok(params)
    }

    /// Appends a parameter; [`Error::InvalidArgument`] if the name is present.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) -> Result<()> {
        let name = name.into();
        if self.get(&name).is_some() {
            return Err(DUPLICATE);
        }
        self.entries.push((name, value.into()));
        Ok(())
    }

    /// Sets a parameter: replaces its value in place, or appends it.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Removes `name`; returns its value if it was present.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let at = self.entries.iter().position(|(n, _)| n == name)?;
        Some(self.entries.remove(at).1)
    }

    /// `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The pairs sorted by name in byte order, the order APIv2 signs in.
    pub(crate) fn sorted(&self) -> Vec<(&str, &str)> {
        let mut sorted: Vec<(&str, &str)> = self.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        sorted
    }

    /// Reads a JSON object whose values are strings or integers (written as
    /// their decimal text, e.g. `total_fee: 1`), keeping its order.
    /// [`Error::Json`] for anything else; [`Error::InvalidArgument`] for a
    /// repeated name.
    pub fn from_json(text: &str) -> Result<Self> {
        use serde::Deserializer as _;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let params = deserializer.deserialize_map(ParamsVisitor).map_err(|err| {
            if err.to_string().starts_with(DUPLICATE_MARK) { DUPLICATE } else { Error::json("params", &err) }
        })?;
        deserializer.end().map_err(|err| Error::json("params", &err))?;
        Ok(params)
    }

    /// A JSON object of the parameters, in order, every value a string.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.iter() {
            map.entry(&name, &format_args!("[{} bytes]", value.len()));
        }
        map.finish()
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// A map's names are unique already; its (sorted) order becomes the order.
impl From<std::collections::BTreeMap<String, String>> for Params {
    fn from(map: std::collections::BTreeMap<String, String>) -> Self {
        Params { entries: map.into_iter().collect() }
    }
}

impl<'a> IntoIterator for &'a Params {
    type Item = (&'a str, &'a str);
    type IntoIter = Box<dyn Iterator<Item = (&'a str, &'a str)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

const DUPLICATE_MARK: &str = "duplicate parameter name";

struct ParamsVisitor;

impl<'de> serde::de::Visitor<'de> for ParamsVisitor {
    type Value = Params;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object of strings or integers")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Params, A::Error> {
        use serde::de::Error as _;
        let mut params = Params::new();
        while let Some((name, value)) = map.next_entry::<String, serde_json::Value>()? {
            let value = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Number(number) if number.is_i64() || number.is_u64() => number.to_string(),
                _ => return Err(A::Error::custom("a value is not a string or an integer")),
            };
            params.insert(name, value).map_err(|_| A::Error::custom(DUPLICATE_MARK))?;
        }
        Ok(params)
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

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
            assert_eq!(err.kind(), ErrorKind::AlgorithmUnsupported);
        }
    }

    #[test]
    fn params_keep_order_and_refuse_duplicates() {
        let mut p = Params::from_pairs([("b", "2"), ("a", "1")]).unwrap();
        assert_eq!(p.iter().collect::<Vec<_>>(), [("b", "2"), ("a", "1")]);
        assert_eq!(p.sorted(), [("a", "1"), ("b", "2")]);
        assert_eq!(p.insert("a", "3").unwrap_err().kind(), ErrorKind::InvalidArgument);
        p.set("a", "3");
        assert_eq!(p.get("a"), Some("3"));
        assert_eq!(p.remove("b").as_deref(), Some("2"));
        assert_eq!(p.len(), 1);
        assert_eq!(format!("{p:?}"), r#"{"a": [1 bytes]}"#);
        assert_eq!(Params::from_pairs([("x", "1"), ("x", "1")]).unwrap_err().kind(), ErrorKind::InvalidArgument);
        let back = Params::from_json(&p.to_json()).unwrap();
        assert_eq!(back, p);
        for bad in ["[]", "{\"a\":null}", "{\"a\":1.5}", "{\"a\":{}}", "{\"a\":\"1\"} x", ""] {
            assert_eq!(Params::from_json(bad).unwrap_err().kind(), ErrorKind::Json, "{bad}");
        }
        assert_eq!(Params::from_json("{\"a\":\"1\",\"a\":\"1\"}").unwrap_err().kind(), ErrorKind::InvalidArgument);
        assert_eq!(Params::from_json("{\"n\":-3}").unwrap().get("n"), Some("-3"));
    }
}
