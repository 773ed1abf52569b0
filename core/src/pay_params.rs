//! Parameters that the client (WeChat in-app browser, mini-program, app, H5
//! page) needs to start a payment, and the OAuth2 URL that yields the openid.
//!
//! ```
//! # let pem = std::fs::read_to_string(format!("{}/keys/apiclient_key.pem", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()))).unwrap();
//! use wechatpay_core::keys::PrivateKey;
//! use wechatpay_core::pay_params;
//! let key = PrivateKey::from_pem(&pem)?;
//! let params = pay_params::jsapi(&key, "wxd678efh567hg6787", "wx201410272009395522657a690389285100")?;
//! assert_eq!(params.package, "prepay_id=wx201410272009395522657a690389285100");
//! let json = params.to_json(); // hand this to WeixinJSBridge / wx.requestPayment
//! assert!(json.starts_with("{\"appId\":\"wxd678efh567hg6787\",\"timeStamp\":"));
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use serde::Serialize;

use crate::clock;
use crate::encoding;
use crate::error::{Error, Result};
use crate::keys::{ApiV2Key, PrivateKey, PublicKey};
use crate::nonce;
use crate::v2::{Params, SignType};

/// JSAPI / mini-program parameters (`getBrandWCPayRequest`, `wx.requestPayment`),
/// serialised with WeChat's exact field names and order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsapiParams {
    /// The appid the order was placed with (mini-programs sign it but do not pass it).
    #[serde(rename = "appId")]
    pub app_id: String,
    /// Unix seconds, as a string.
    #[serde(rename = "timeStamp")]
    pub time_stamp: String,
    /// Random string.
    #[serde(rename = "nonceStr")]
    pub nonce_str: String,
    /// `prepay_id=…`.
    pub package: String,
    /// `RSA` (APIv3), `MD5` or `HMAC-SHA256` (APIv2).
    #[serde(rename = "signType")]
    pub sign_type: String,
    /// The signature.
    #[serde(rename = "paySign")]
    pub pay_sign: String,
}

/// APP parameters (OpenSDK `PayReq`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppParams {
    /// Open-platform mobile app id.
    pub appid: String,
    /// The merchant id.
    pub partnerid: String,
    /// The bare prepay id.
    pub prepayid: String,
    /// Always `Sign=WXPay`.
    pub package: String,
    /// Random string.
    pub noncestr: String,
    /// Unix seconds, as a string.
    pub timestamp: String,
    /// The signature.
    pub sign: String,
}

impl JsapiParams {
    /// Compact JSON with the fields in WeChat's order.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The message an APIv3 `paySign` covers: `appId\ntimeStamp\nnonceStr\npackage\n`.
    pub fn message(&self) -> String {
        format!("{}\n{}\n{}\n{}\n", self.app_id, self.time_stamp, self.nonce_str, self.package)
    }

    /// Checks an APIv3 `paySign` (`signType` `RSA`) as WeChat's client does,
    /// with the merchant certificate's key. [`Error::AlgorithmUnsupported`]
    /// for APIv2 sign types (check those with `v2::sign::verify`).
    ///
    /// ```
    /// # let dir = format!("{}/keys/", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()));
    /// use wechatpay_core::keys::{Certificate, PrivateKey};
    /// use wechatpay_core::pay_params;
    /// let params = pay_params::jsapi(&PrivateKey::from_pem_file(format!("{dir}apiclient_key.pem"))?, "wx1", "wx2")?;
    /// params.verify(Certificate::from_pem_file(format!("{dir}apiclient_cert.pem"))?.public_key())?;
    /// # Ok::<(), wechatpay_core::Error>(())
    /// ```
    pub fn verify(&self, merchant_key: &PublicKey) -> Result<()> {
        if self.sign_type != "RSA" {
            return Err(Error::AlgorithmUnsupported {
                what: "signType",
                expected: "RSA",
                found: crate::error::echo(&self.sign_type),
            });
        }
        merchant_key.verify_sha256_base64(self.message().as_bytes(), &self.pay_sign)
    }
}

impl AppParams {
    /// Compact JSON with the fields in WeChat's order.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The message an APIv3 APP `sign` covers: `appid\ntimestamp\nnoncestr\nprepayid\n`.
    pub fn message(&self) -> String {
        format!("{}\n{}\n{}\n{}\n", self.appid, self.timestamp, self.noncestr, self.prepayid)
    }

    /// Checks an APIv3 APP `sign` with the merchant certificate's key.
    pub fn verify(&self, merchant_key: &PublicKey) -> Result<()> {
        merchant_key.verify_sha256_base64(self.message().as_bytes(), &self.sign)
    }
}

fn check(name: &'static str, value: &str) -> Result<()> {
    // Each value is one line of the signed message: a line break would let one field forge another.
    if value.is_empty() || value.chars().any(char::is_control) {
        return Err(Error::InvalidArgument {
            name,
            reason: "must be non-empty, without line breaks or control characters",
        });
    }
    Ok(())
}

/// The timestamp and nonce rules the request signer applies too: Unix seconds
/// (not negative), and a nonce of 1 to 32 printable ASCII characters without
/// quotes or commas (WeChat Pay's limit for `nonceStr` is 32).
fn check_time_and_nonce(timestamp: i64, nonce: &str) -> Result<()> {
    crate::v3::sign::check_timestamp(timestamp)?;
    crate::v3::sign::check_header_value("nonce", nonce)?;
    if nonce.len() > nonce::DEFAULT_LEN {
        return Err(Error::InvalidArgument { name: "nonce", reason: "must be at most 32 characters" });
    }
    Ok(())
}

fn now_and_nonce() -> Result<(i64, String)> {
    Ok((clock::now(), nonce::generate()?))
}

/// APIv3 JSAPI parameters, signed now with a fresh nonce.
pub fn jsapi(key: &PrivateKey, appid: &str, prepay_id: &str) -> Result<JsapiParams> {
    let (timestamp, nonce) = now_and_nonce()?;
    jsapi_with(key, appid, prepay_id, timestamp, &nonce)
}

/// APIv3 JSAPI parameters: `paySign` over `appId\ntimeStamp\nnonceStr\nprepay_id=…\n`.
pub fn jsapi_with(key: &PrivateKey, appid: &str, prepay_id: &str, timestamp: i64, nonce: &str) -> Result<JsapiParams> {
    check("appid", appid)?;
    check("prepay_id", prepay_id)?;
    check_time_and_nonce(timestamp, nonce)?;
    let mut params = JsapiParams {
        app_id: appid.to_owned(),
        time_stamp: timestamp.to_string(),
        nonce_str: nonce.to_owned(),
        package: format!("prepay_id={prepay_id}"),
        sign_type: "RSA".to_owned(),
        pay_sign: String::new(),
    };
    params.pay_sign = key.sign_sha256_base64(params.message().as_bytes())?;
    Ok(params)
}

/// Mini-program parameters: the same algorithm as JSAPI (the mini-program's
/// appid is signed; `wx.requestPayment` simply does not take `appId`).
pub fn miniprogram(key: &PrivateKey, appid: &str, prepay_id: &str) -> Result<JsapiParams> {
    jsapi(key, appid, prepay_id)
}

/// Mini-program parameters with a given timestamp and nonce.
pub fn miniprogram_with(
    key: &PrivateKey,
    appid: &str,
    prepay_id: &str,
    timestamp: i64,
    nonce: &str,
) -> Result<JsapiParams> {
    jsapi_with(key, appid, prepay_id, timestamp, nonce)
}

/// APIv3 APP parameters, signed now.
pub fn app(key: &PrivateKey, appid: &str, mchid: &str, prepay_id: &str) -> Result<AppParams> {
    let (timestamp, nonce) = now_and_nonce()?;
    app_with(key, appid, mchid, prepay_id, timestamp, &nonce)
}

/// APIv3 APP parameters: `sign` over `appid\ntimestamp\nnoncestr\nprepayid\n`
/// (the bare prepay id, unlike JSAPI).
pub fn app_with(
    key: &PrivateKey,
    appid: &str,
    mchid: &str,
    prepay_id: &str,
    timestamp: i64,
    nonce: &str,
) -> Result<AppParams> {
    check("appid", appid)?;
    check("mchid", mchid)?;
    check("prepay_id", prepay_id)?;
    check_time_and_nonce(timestamp, nonce)?;
    let mut params = AppParams {
        appid: appid.to_owned(),
        partnerid: mchid.to_owned(),
        prepayid: prepay_id.to_owned(),
        package: "Sign=WXPay".to_owned(),
        noncestr: nonce.to_owned(),
        timestamp: timestamp.to_string(),
        sign: String::new(),
    };
    params.sign = key.sign_sha256_base64(params.message().as_bytes())?;
    Ok(params)
}

/// APIv2 JSAPI / mini-program parameters: `appId, nonceStr, package, signType,
/// timeStamp` signed with the APIv2 key (the sign type must match the order's).
pub fn jsapi_v2_with(
    key: &ApiV2Key,
    sign_type: SignType,
    appid: &str,
    prepay_id: &str,
    timestamp: i64,
    nonce: &str,
) -> Result<JsapiParams> {
    check("appid", appid)?;
    check("prepay_id", prepay_id)?;
    check_time_and_nonce(timestamp, nonce)?;
    let package = format!("prepay_id={prepay_id}");
    let params = Params::from_pairs([
        ("appId", appid.to_owned()),
        ("nonceStr", nonce.to_owned()),
        ("package", package.clone()),
        ("signType", sign_type.as_str().to_owned()),
        ("timeStamp", timestamp.to_string()),
    ])?;
    Ok(JsapiParams {
        app_id: appid.to_owned(),
        time_stamp: timestamp.to_string(),
        nonce_str: nonce.to_owned(),
        package,
        sign_type: sign_type.as_str().to_owned(),
        pay_sign: crate::v2::sign::sign(&params, key, sign_type),
    })
}

/// APIv2 APP parameters: `appid, noncestr, package, partnerid, prepayid,
/// timestamp` signed with the APIv2 key.
pub fn app_v2_with(
    key: &ApiV2Key,
    sign_type: SignType,
    appid: &str,
    mchid: &str,
    prepay_id: &str,
    timestamp: i64,
    nonce: &str,
) -> Result<AppParams> {
    check("appid", appid)?;
    check("mchid", mchid)?;
    check("prepay_id", prepay_id)?;
    check_time_and_nonce(timestamp, nonce)?;
    let params = Params::from_pairs([
        ("appid", appid.to_owned()),
        ("noncestr", nonce.to_owned()),
        ("package", "Sign=WXPay".to_owned()),
        ("partnerid", mchid.to_owned()),
        ("prepayid", prepay_id.to_owned()),
        ("timestamp", timestamp.to_string()),
    ])?;
    Ok(AppParams {
        appid: appid.to_owned(),
        partnerid: mchid.to_owned(),
        prepayid: prepay_id.to_owned(),
        package: "Sign=WXPay".to_owned(),
        noncestr: nonce.to_owned(),
        timestamp: timestamp.to_string(),
        sign: crate::v2::sign::sign(&params, key, sign_type),
    })
}

/// Appends `&redirect_url=<percent-encoded target>` to an H5 payment URL
/// (`h5_url` / `mweb_url`), where the browser returns after paying.
///
/// ```
/// let url = wechatpay_core::pay_params::h5_redirect_url(
///     "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx20161110163838f231619da20804912345&package=1037687096",
///     "https://www.wechatpay.com.cn",
/// )?;
/// assert!(url.ends_with("&package=1037687096&redirect_url=https%3A%2F%2Fwww.wechatpay.com.cn"));
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn h5_redirect_url(h5_url: &str, redirect_url: &str) -> Result<String> {
    check("h5_url", h5_url)?;
    check("redirect_url", redirect_url)?;
    if h5_url.contains('#') {
        return Err(Error::InvalidArgument { name: "h5_url", reason: "must not contain a fragment" });
    }
    let separator = if h5_url.contains('?') { '&' } else { '?' };
    Ok(format!("{h5_url}{separator}redirect_url={}", encoding::percent_encode(redirect_url)))
}

/// Scope of an OAuth2 authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthScope {
    /// `snsapi_base`: silent, yields the openid only (enough for JSAPI payment).
    Base,
    /// `snsapi_userinfo`: consent page, yields profile data as well.
    UserInfo,
}

impl OAuthScope {
    /// The name WeChat uses: `snsapi_base` or `snsapi_userinfo`.
    pub const fn as_str(self) -> &'static str {
        match self {
            OAuthScope::Base => "snsapi_base",
            OAuthScope::UserInfo => "snsapi_userinfo",
        }
    }

    /// Reads `snsapi_base` or `snsapi_userinfo` (exact); anything else is
    /// [`Error::InvalidArgument`].
    ///
    /// ```
    /// use wechatpay_core::pay_params::OAuthScope;
    /// assert_eq!(OAuthScope::parse("snsapi_base")?, OAuthScope::Base);
    /// assert_eq!(OAuthScope::UserInfo.as_str(), "snsapi_userinfo");
    /// assert!(OAuthScope::parse("snsapi_login").is_err());
    /// # Ok::<(), wechatpay_core::Error>(())
    /// ```
    pub fn parse(scope: &str) -> Result<Self> {
        match scope {
            "snsapi_base" => Ok(OAuthScope::Base),
            "snsapi_userinfo" => Ok(OAuthScope::UserInfo),
            _ => Err(Error::InvalidArgument { name: "scope", reason: "must be snsapi_base or snsapi_userinfo" }),
        }
    }
}

impl std::str::FromStr for OAuthScope {
    type Err = Error;

    fn from_str(scope: &str) -> Result<Self> {
        OAuthScope::parse(scope)
    }
}

/// The official-account OAuth2 authorize URL that yields a `code` for the openid:
/// parameters in the order WeChat enforces, `redirect_uri` encoded, and the
/// mandatory `#wechat_redirect`.
///
/// ```
/// use wechatpay_core::pay_params::{oauth2_authorize_url, OAuthScope};
/// let url = oauth2_authorize_url("wx520c15f417810387", "https://chong.qq.com/php/index.php?d=&c=wxAdapter", OAuthScope::Base, Some("123"))?;
/// assert_eq!(url, "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387&redirect_uri=https%3A%2F%2Fchong.qq.com%2Fphp%2Findex.php%3Fd%3D%26c%3DwxAdapter&response_type=code&scope=snsapi_base&state=123#wechat_redirect");
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn oauth2_authorize_url(appid: &str, redirect_uri: &str, scope: OAuthScope, state: Option<&str>) -> Result<String> {
    check("appid", appid)?;
    check("redirect_uri", redirect_uri)?;
    if !appid.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::InvalidArgument { name: "appid", reason: "must be ASCII letters and digits" });
    }
    let state = state.unwrap_or("");
    if state.len() > 128 || !state.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::InvalidArgument { name: "state", reason: "must be at most 128 ASCII letters and digits" });
    }
    let scope = scope.as_str();
    Ok(format!(
        "https://open.weixin.qq.com/connect/oauth2/authorize?appid={appid}&redirect_uri={}&response_type=code&scope={scope}&state={state}#wechat_redirect",
        encoding::percent_encode(redirect_uri)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn official_oauth_example() {
        let url = oauth2_authorize_url(
            "wx520c15f417810387",
            "https://chong.qq.com/php/index.php?d=&c=wxAdapter&m=mobileDeal&showwxpaytitle=1&vb2ctag=4_2030_5_1194_60",
            OAuthScope::Base,
            Some("123"),
        )
        .unwrap();
        assert_eq!(
            url,
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387&redirect_uri=https%3A%2F%2Fchong.qq.com%2Fphp%2Findex.php%3Fd%3D%26c%3DwxAdapter%26m%3DmobileDeal%26showwxpaytitle%3D1%26vb2ctag%3D4_2030_5_1194_60&response_type=code&scope=snsapi_base&state=123#wechat_redirect"
        );
        assert_eq!(
            oauth2_authorize_url("wx1", "https://a", OAuthScope::UserInfo, Some("a b")).unwrap_err().kind(),
            ErrorKind::InvalidArgument
        );
    }

    #[test]
    fn official_apiv2_jsapi_examples() {
        let key = ApiV2Key::new("qazwsxedcrfvtgbyhnujmikolp111111").unwrap();
        let md5 = jsapi_v2_with(
            &key,
            SignType::Md5,
            "wx619a931576afe069",
            "wx2611334392677180ea59742b3744840000",
            1774495197,
            "RIPb5Upk3ku7knU6",
        )
        .unwrap();
        assert_eq!(md5.pay_sign, "1F2E9533D7D483FBCDBD0B9BCA76F97D");
        let hmac = jsapi_v2_with(
            &key,
            SignType::HmacSha256,
            "wx619a931576afe069",
            "wx2611334392677180ea59742b3744840000",
            1774495197,
            "RIPb5Upk3ku7knU6",
        )
        .unwrap();
        assert_eq!(hmac.pay_sign, "4A04CF5B979A4920409A9DEF2322C33C96DE8E9A96830E648719C60EF991700E");
        let mini = jsapi_v2_with(
            &key,
            SignType::Md5,
            "wxd678efh567hg6787",
            "wx2017033010242291fcfe0db70013231072",
            1490840662,
            "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
        )
        .unwrap();
        assert_eq!(mini.pay_sign, "22D9B4E54AB1950F51E0649E8810ACD6");
    }

    #[test]
    fn apiv2_app_example() {
        let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let md5 = app_v2_with(
            &key,
            SignType::Md5,
            "wx8888888888888888",
            "1900000109",
            "WX1217752501201407033233368018",
            1412000000,
            "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
        )
        .unwrap();
        assert_eq!(md5.sign, "FCA247F599C9DA7DC7D634CD2E493E17");
        let hmac = app_v2_with(
            &key,
            SignType::HmacSha256,
            "wx8888888888888888",
            "1900000109",
            "WX1217752501201407033233368018",
            1412000000,
            "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
        )
        .unwrap();
        assert_eq!(hmac.sign, "67614ABC5F1A094AC2EB61DB2B98D6291991EE70284D321EA0B51ACCA7C325D0");
    }

    #[test]
    fn h5_redirect_appends_with_the_right_separator() {
        assert_eq!(
            h5_redirect_url("https://h5/x", "https://a/?b=1").unwrap(),
            "https://h5/x?redirect_url=https%3A%2F%2Fa%2F%3Fb%3D1"
        );
        assert_eq!(h5_redirect_url("https://h5/x#f", "https://a").unwrap_err().kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn line_breaks_cannot_forge_fields() {
        let key = PrivateKey::from_pem(crate::test_support::read("keys/apiclient_key.pem")).unwrap();
        assert_eq!(jsapi_with(&key, "wx1\n2", "p", 1, "n").unwrap_err().kind(), ErrorKind::InvalidArgument);
        assert_eq!(app_with(&key, "wx1", "1", "p\n", 1, "n").unwrap_err().kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn signed_params_verify_and_altered_ones_do_not() {
        let key = PrivateKey::from_pem(crate::test_support::read("keys/apiclient_key.pem")).unwrap();
        let cert = crate::keys::Certificate::from_pem(crate::test_support::read("keys/apiclient_cert.pem")).unwrap();
        let mut jsapi = jsapi_with(
            &key,
            "wx8888888888888888",
            "wx201410272009395522657a690389285100",
            1414561699,
            "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
        )
        .unwrap();
        assert_eq!(
            jsapi.message(),
            "wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n"
        );
        jsapi.verify(cert.public_key()).unwrap();
        jsapi.package.push('0');
        assert_eq!(jsapi.verify(cert.public_key()).unwrap_err().kind(), ErrorKind::SignatureInvalid);
        jsapi.sign_type = "MD5".into();
        assert_eq!(jsapi.verify(cert.public_key()).unwrap_err().kind(), ErrorKind::AlgorithmUnsupported);
        let mut app = app_with(
            &key,
            "wx8888888888888888",
            "1900000109",
            "WX1217752501201407033233368018",
            1414561699,
            "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
        )
        .unwrap();
        app.verify(cert.public_key()).unwrap();
        app.prepayid.push('0');
        assert_eq!(app.verify(cert.public_key()).unwrap_err().kind(), ErrorKind::SignatureInvalid);
    }

    #[test]
    fn timestamps_and_nonces_follow_the_signers_rules() {
        let key = PrivateKey::from_pem(crate::test_support::read("keys/apiclient_key.pem")).unwrap();
        let v2 = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let long = "a".repeat(33);
        for (timestamp, nonce) in [(-1, "n"), (1, ""), (1, long.as_str()), (1, "a b"), (1, "a\"b")] {
            assert_eq!(jsapi_with(&key, "wx1", "p", timestamp, nonce).unwrap_err().kind(), ErrorKind::InvalidArgument);
            assert_eq!(
                app_with(&key, "wx1", "1", "p", timestamp, nonce).unwrap_err().kind(),
                ErrorKind::InvalidArgument
            );
            let err = jsapi_v2_with(&v2, SignType::Md5, "wx1", "p", timestamp, nonce).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument);
            let err = app_v2_with(&v2, SignType::Md5, "wx1", "1", "p", timestamp, nonce).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        }
        assert!(jsapi_with(&key, "wx1", "p", 0, &"a".repeat(32)).is_ok());
    }
}
