//! The APIv2 `sign` field.
//!
//! Rule (PROTOCOL 9.2): drop `sign` and every empty value, sort the rest by
//! name in byte order (`Z` < `_` < `a`), join `k=v` with `&` using the raw
//! values (no URL encoding), append `&key=<APIv2 key>`, then take MD5, or
//! HMAC-SHA256 keyed with the APIv2 key, as uppercase hex. `sign_type`, when
//! present, is signed like any other parameter.
//!
//! ```
//! use wechatpay_core::keys::ApiV2Key;
//! use wechatpay_core::v2::{Params, SignType, sign};
//!
//! let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
//! let params = Params::from_pairs([
//!     ("appid", "wxd930ea5d5a258f4f"),
//!     ("mch_id", "10000100"),
//!     ("device_info", "1000"),
//!     ("body", "test"),
//!     ("nonce_str", "ibuaiVcKdpRxkhJA"),
//! ])?;
//! assert_eq!(sign::sign(&params, &key, SignType::Md5), "9A0A8659F005D6984697E2CA0A9CF3B7");
//! assert_eq!(
//!     sign::sign(&params, &key, SignType::HmacSha256),
//!     "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
//! );
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{Params, SignType};
use crate::backend::digest::{hmac_sha256, md5};
use crate::encoding::hex_upper;
use crate::error::{Error, Result};
use crate::keys::ApiV2Key;

/// The exact string that is hashed: `k1=v1&k2=v2…&key=<APIv2 key>`.
///
/// It **contains the APIv2 key**: use it to compare with another
/// implementation while debugging, never log it or put it in an error.
///
/// ```
/// use wechatpay_core::keys::ApiV2Key;
/// use wechatpay_core::v2::{Params, sign::string_to_sign};
///
/// let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
/// let params = Params::from_pairs([("b", "2"), ("a", "1"), ("empty", ""), ("sign", "IGNORED")])?;
/// assert_eq!(string_to_sign(&params, &key), "a=1&b=2&key=192006250b4c09247ec02edce69f6a2d");
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[must_use]
pub fn string_to_sign(params: &Params, key: &ApiV2Key) -> String {
    let mut out = String::new();
    write_string_to_sign(params, key, &mut out);
    out
}

/// Builds the string to sign into `out`; callers that only hash it keep `out`
/// in a `Zeroizing` buffer because it ends with the key.
fn write_string_to_sign(params: &Params, key: &ApiV2Key, out: &mut String) {
    for (k, v) in params.sorted() {
        if k == "sign" || v.is_empty() {
            continue;
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
        out.push('&');
    }
    out.push_str("key=");
    out.push_str(key.expose());
}

/// The `sign` of `params` (any `sign` entry in `params` is ignored), as
/// uppercase hex: 32 characters for MD5, 64 for HMAC-SHA256.
///
/// See the [module example](self).
#[must_use]
pub fn sign(params: &Params, key: &ApiV2Key, sign_type: SignType) -> String {
    let mut message = Zeroizing::new(String::new());
    write_string_to_sign(params, key, &mut message);
    match sign_type {
        SignType::Md5 => hex_upper(&md5(message.as_bytes())),
        // The key is both the HMAC key and the tail of the message (PROTOCOL 9.2).
        SignType::HmacSha256 => hex_upper(&hmac_sha256(key.expose().as_bytes(), message.as_bytes())),
    }
}

/// Checks the `sign` entry of received `params` (a response or a notification)
/// against the other entries, in constant time. Hex case is ignored.
///
/// `sign_type` is the algorithm you ordered with; a notification without a
/// `sign_type` field is signed with [`SignType::Md5`].
///
/// Errors: [`Error::InvalidArgument`] when `sign` is absent or empty,
/// [`Error::SignatureInvalid`] when it does not match (message altered, wrong
/// APIv2 key, or the other sign type).
///
/// ```
/// use wechatpay_core::{ErrorKind, keys::ApiV2Key, v2::{Params, SignType, sign}};
///
/// let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
/// let mut params = Params::from_pairs([("return_code", "SUCCESS")])?;
/// let s = sign::sign(&params, &key, SignType::HmacSha256);
/// params.set("sign", s.to_lowercase());
/// sign::verify(&params, &key, SignType::HmacSha256)?;
///
/// params.set("return_code", "FAIL");
/// let err = sign::verify(&params, &key, SignType::HmacSha256).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::SignatureInvalid);
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn verify(params: &Params, key: &ApiV2Key, sign_type: SignType) -> Result<()> {
    let received = match params.get("sign") {
        Some(s) if !s.is_empty() => s.to_ascii_uppercase(),
        // An empty value is "absent" everywhere else in APIv2, so here too.
        _ => return Err(Error::InvalidArgument { name: "sign", reason: "missing" }),
    };
    let expected = sign(params, key, sign_type);
    // ct_eq on slices of different lengths is false without comparing bytes;
    // the lengths (32 or 64) are public anyway.
    if bool::from(expected.as_bytes().ct_eq(received.as_bytes())) { Ok(()) } else { Err(Error::SignatureInvalid) }
}

/// [`verify`] with the algorithm the message names itself: its `sign_type`
/// (`MD5` or `HMAC-SHA256`), MD5 when absent or empty, as WeChat Pay signs
/// notifications. An unknown `sign_type` is [`Error::AlgorithmUnsupported`].
///
/// Prefer [`verify`] with the type you ordered with where you know it: a
/// message that names its own algorithm could name the weaker one.
///
/// ```
/// use wechatpay_core::{keys::ApiV2Key, v2::{Params, SignType, sign}};
/// let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
/// let mut params = Params::from_pairs([("return_code", "SUCCESS"), ("sign_type", "HMAC-SHA256")])?;
/// params.set("sign", sign::sign(&params, &key, SignType::HmacSha256));
/// assert_eq!(sign::verify_as_signed(&params, &key)?, SignType::HmacSha256);
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn verify_as_signed(params: &Params, key: &ApiV2Key) -> Result<SignType> {
    let sign_type = match params.get("sign_type") {
        None | Some("") => SignType::Md5,
        Some(named) => SignType::parse(named)?,
    };
    verify(params, key, sign_type)?;
    Ok(sign_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::test_support::cases as vectors;
    use serde_json::Value;

    fn params_of(case: &Value) -> Params {
        Params::from_pairs(case["params"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap())))
            .unwrap()
    }

    fn official() -> Params {
        Params::from_pairs([
            ("appid", "wxd930ea5d5a258f4f"),
            ("mch_id", "10000100"),
            ("device_info", "1000"),
            ("body", "test"),
            ("nonce_str", "ibuaiVcKdpRxkhJA"),
        ])
        .unwrap()
    }

    #[test]
    fn official_example() {
        let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let params = official();
        assert_eq!(
            string_to_sign(&params, &key),
            "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA\
             &key=192006250b4c09247ec02edce69f6a2d"
        );
        assert_eq!(sign(&params, &key, SignType::Md5), "9A0A8659F005D6984697E2CA0A9CF3B7");
        assert_eq!(
            sign(&params, &key, SignType::HmacSha256),
            "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
        );
    }

    #[test]
    fn shared_vectors() {
        let cases = vectors("v2_sign.json");
        assert!(cases.len() >= 12, "v2_sign.json has {} cases", cases.len());
        for case in &cases {
            let name = case["name"].as_str().unwrap();
            let key = ApiV2Key::new(case["key"].as_str().unwrap()).unwrap();
            let sign_type = SignType::parse(case["sign_type"].as_str().unwrap()).unwrap();
            let params = params_of(case);
            assert_eq!(string_to_sign(&params, &key), case["string_to_sign"].as_str().unwrap(), "{name}");
            assert_eq!(sign(&params, &key, sign_type), case["expected_sign"].as_str().unwrap(), "{name}");

            let result = verify(&params, &key, sign_type);
            match (params.get("sign").is_some(), case["valid"].as_bool().unwrap()) {
                (true, true) => assert_eq!(result, Ok(()), "{name}"),
                (true, false) => assert_eq!(result.unwrap_err().kind(), ErrorKind::SignatureInvalid, "{name}"),
                (false, _) => {
                    assert_eq!(result, Err(Error::InvalidArgument { name: "sign", reason: "missing" }), "{name}");
                    // Attach the expected sign: it must verify.
                    let mut signed = params.clone();
                    signed.set("sign", case["expected_sign"].as_str().unwrap());
                    assert_eq!(verify(&signed, &key, sign_type), Ok(()), "{name}");
                }
            }
        }
    }

    #[test]
    fn verify_rejects_changes_and_the_other_type() {
        let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let mut params = official();
        params.set("sign", "9a0a8659f005d6984697e2ca0a9cf3b7");
        assert_eq!(verify(&params, &key, SignType::Md5), Ok(()));
        assert_eq!(verify(&params, &key, SignType::HmacSha256), Err(Error::SignatureInvalid));

        let other = ApiV2Key::new("192006250b4c09247ec02edce69f6a2e").unwrap();
        assert_eq!(verify(&params, &other, SignType::Md5), Err(Error::SignatureInvalid));

        let mut altered = params.clone();
        altered.set("body", "test2");
        assert_eq!(verify(&altered, &key, SignType::Md5), Err(Error::SignatureInvalid));

        // An added empty field is not signed, so it does not break the sign.
        let mut with_empty = params.clone();
        with_empty.set("attach", "");
        assert_eq!(verify(&with_empty, &key, SignType::Md5), Ok(()));

        let mut truncated = params.clone();
        truncated.set("sign", "9A0A8659F005D6984697E2CA0A9CF3B");
        assert_eq!(verify(&truncated, &key, SignType::Md5), Err(Error::SignatureInvalid));

        let mut empty = params;
        empty.set("sign", "");
        assert_eq!(verify(&empty, &key, SignType::Md5).unwrap_err().kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn errors_never_show_the_key() {
        let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let mut params = official();
        params.set("sign", "00");
        let err = verify(&params, &key, SignType::Md5).unwrap_err();
        assert!(!format!("{err} {err:?}").contains("192006250b4c"));
    }

    #[test]
    fn verify_as_signed_reads_sign_type() {
        let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let mut params = official();
        params.set("sign", "9A0A8659F005D6984697E2CA0A9CF3B7");
        assert_eq!(verify_as_signed(&params, &key), Ok(SignType::Md5));
        params.set("sign_type", "");
        assert_eq!(verify_as_signed(&params, &key), Ok(SignType::Md5));
        params.set("sign_type", "HMAC-SHA256");
        // sign_type is signed too, so the MD5 sign of the other fields no longer fits.
        assert_eq!(verify_as_signed(&params, &key).unwrap_err().kind(), ErrorKind::SignatureInvalid);
        let hmac = sign(&params, &key, SignType::HmacSha256);
        params.set("sign", hmac);
        assert_eq!(verify_as_signed(&params, &key), Ok(SignType::HmacSha256));
        params.set("sign_type", "SHA1");
        assert_eq!(verify_as_signed(&params, &key).unwrap_err().kind(), ErrorKind::AlgorithmUnsupported);
    }
}
