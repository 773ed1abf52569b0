//! APIv3 error bodies and the catalogue of WeChat Pay error codes.
//!
//! A failed APIv3 call answers with a 4xx/5xx status and a JSON body
//! `{"code": "...", "message": "...", "detail": {...}}`. [`ApiError::parse`]
//! reads that body strictly; [`lookup`] explains a `code` (including the APIv2
//! spellings such as `SYSTEMERROR` that merchants still meet) and says whether
//! it is safe to send the same request again. WeChat Pay's side (a simulator)
//! builds the same bodies with [`ApiError::new`] and [`ApiError::sign_error`].
//! The catalogue covers APIv2 codes too, so it lives at the crate root.
//!
//! ```
//! use wechatpay_core::api_error::ApiError;
//!
//! let body = r#"{"code":"SYSTEM_ERROR","message":"系统繁忙,请稍后重试"}"#;
//! let err = ApiError::parse(Some(500), body.as_bytes())?;
//! assert_eq!(err.code, "SYSTEM_ERROR");
//! assert!(err.is_safe_to_resend());
//! assert_eq!(err.to_string(), "SYSTEM_ERROR: 系统繁忙,请稍后重试 (HTTP 500)");
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

const WHAT: &str = "APIv3 error body";

/// An APIv3 error answer: the HTTP status (when known) and the parsed body.
///
/// Serialises as the body WeChat Pay sends (`code`, `message`, `detail` when
/// present; the status is not part of the body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// The HTTP status code of the response, if the caller passed it.
    #[serde(skip)]
    pub status: Option<u16>,
    /// The machine-readable code, e.g. `PARAM_ERROR`.
    pub code: String,
    /// The human-readable message, usually Chinese, e.g. `参数错误`.
    pub message: String,
    /// The optional `detail` object (`field`, `value`, `issue`, `location`, …)
    /// exactly as received. A `null` detail is stored as `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Value>,
}

/// What WeChat Pay reports about the message it reconstructed when a request's
/// signature did not verify (`detail.sign_information` of a `SIGN_ERROR`).
/// Compare `truncated_sign_message` with the message you signed to find the
/// first differing byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SignInformation {
    /// The method WeChat Pay saw.
    pub method: String,
    /// Length in bytes of the whole message WeChat Pay verified.
    pub sign_message_length: u64,
    /// The message WeChat Pay verified, possibly cut short.
    pub truncated_sign_message: String,
    /// The path and query WeChat Pay saw.
    pub url: String,
}

/// How many bytes of the reconstructed message a `SIGN_ERROR` echoes.
pub const SIGN_MESSAGE_ECHO_LIMIT: usize = 1024;

impl ApiError {
    /// An error answer, as WeChat Pay's side builds it.
    ///
    /// ```
    /// use wechatpay_core::api_error::ApiError;
    /// let err = ApiError::new(404, "ORDER_NOT_EXIST", "订单不存在");
    /// assert_eq!(err.to_json(), r#"{"code":"ORDER_NOT_EXIST","message":"订单不存在"}"#);
    /// ```
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError { status: Some(status), code: code.into(), message: message.into(), detail: None }
    }

    /// The same error with a `detail` object.
    #[must_use]
    pub fn with_detail(mut self, detail: Value) -> Self {
        self.detail = Some(detail);
        self
    }

    /// A `PARAM_ERROR` (400) about one field, in WeChat Pay's shape:
    /// `detail: {field, value, issue, location}`.
    pub fn param_error(field: &str, value: Option<&str>, issue: &str, location: &str) -> Self {
        let mut detail = serde_json::Map::new();
        detail.insert("field".into(), field.into());
        if let Some(value) = value {
            detail.insert("value".into(), value.into());
        }
        detail.insert("issue".into(), issue.into());
        detail.insert("location".into(), location.into());
        ApiError::new(400, "PARAM_ERROR", "参数错误").with_detail(Value::Object(detail))
    }

    /// The 401 `SIGN_ERROR` WeChat Pay answers when a request's signature does
    /// not verify, echoing the message it reconstructed (cut to
    /// [`SIGN_MESSAGE_ECHO_LIMIT`] bytes on a character boundary).
    ///
    /// ```
    /// use wechatpay_core::api_error::ApiError;
    /// let message = "GET\n/v3/certificates\n1680144553\nvDit3y4Fmv45dem0CSmKbBK4tUHRR8Dj\n\n";
    /// let err = ApiError::sign_error("GET", "/v3/certificates", message);
    /// assert_eq!(err.status, Some(401));
    /// let info = err.sign_information().unwrap();
    /// assert_eq!((info.sign_message_length, info.truncated_sign_message.as_str()), (66, message));
    /// ```
    pub fn sign_error(method: &str, url: &str, message: &str) -> Self {
        let mut end = message.len().min(SIGN_MESSAGE_ECHO_LIMIT);
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        let information = SignInformation {
            method: method.to_owned(),
            url: url.to_owned(),
            sign_message_length: message.len() as u64,
            truncated_sign_message: message[..end].to_owned(),
        };
        let detail = serde_json::json!({
            "detail": {"issue": "sign not match"},
            "field": "signature",
            "location": "authorization",
            "sign_information": information,
        });
        ApiError::new(401, "SIGN_ERROR", "错误的签名，验签失败").with_detail(detail)
    }

    /// The body, compact JSON: `{"code":…,"message":…[,"detail":…]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `detail.sign_information` of a `SIGN_ERROR`, when present and well formed.
    pub fn sign_information(&self) -> Option<SignInformation> {
        let value = self.detail.as_ref()?.get("sign_information")?;
        serde_json::from_value(value.clone()).ok()
    }

    /// Parses an APIv3 error body.
    ///
    /// The body must be a JSON object with a non-empty string `code` and a
    /// string `message`; `detail` may hold any JSON value and other members are
    /// ignored (WeChat Pay adds fields without notice). Anything else is
    /// [`Error::Json`]: an HTML page from a proxy, say, is not an APIv3 error
    /// and must not be reported as one.
    pub fn parse(status: Option<u16>, body: &[u8]) -> Result<ApiError> {
        let value: Value = serde_json::from_slice(body).map_err(|e| Error::json(WHAT, &e))?;
        let Value::Object(mut object) = value else {
            return Err(shape("the body is not a JSON object"));
        };
        let code = match object.remove("code") {
            Some(Value::String(code)) if !code.is_empty() => code,
            Some(Value::String(_)) => return Err(shape("`code` is empty")),
            Some(_) => return Err(shape("`code` is not a string")),
            None => return Err(shape("`code` is missing")),
        };
        let message = match object.remove("message") {
            Some(Value::String(message)) => message,
            Some(_) => return Err(shape("`message` is not a string")),
            None => return Err(shape("`message` is missing")),
        };
        let detail = match object.remove("detail") {
            None | Some(Value::Null) => None,
            Some(detail) => Some(detail),
        };
        Ok(ApiError { status, code, message, detail })
    }

    /// What the catalogue knows about [`code`](Self::code), if anything.
    pub fn info(&self) -> Option<&'static CodeInfo> {
        lookup(&self.code)
    }

    /// Whether sending the same request again (after a pause, with the same
    /// parameters and the same `out_trade_no` / `out_refund_no`) is safe and
    /// can succeed.
    ///
    /// Known codes answer from the catalogue ([`CodeInfo::safe_to_resend`]).
    /// For unknown codes the status decides: 5xx and 429 are, everything else
    /// (and no status) is not. `USER_PAYING` is not: query the order instead,
    /// or the payment is placed twice.
    pub fn is_safe_to_resend(&self) -> bool {
        match self.info() {
            Some(info) => info.safe_to_resend,
            None => matches!(self.status, Some(status) if status >= 500 || status == 429),
        }
    }

    /// A string member of `detail`, e.g. `detail_str("field")` gives
    /// `"/amount/currency"` for the documented `PARAM_ERROR` example.
    pub fn detail_str(&self, name: &str) -> Option<&str> {
        self.detail.as_ref()?.get(name)?.as_str()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

fn shape(reason: &'static str) -> Error {
    Error::json_shape(WHAT, reason)
}

/// What a WeChat Pay error code means and what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeInfo {
    /// The canonical spelling (the APIv3 one where both exist, e.g.
    /// `SYSTEM_ERROR` for `SYSTEMERROR`).
    pub code: &'static str,
    /// The HTTP status APIv3 answers it with; `None` for codes only APIv2
    /// sends (inside an HTTP 200 XML body).
    pub status: Option<u16>,
    /// What the code means, in English, with the Chinese original in parentheses.
    pub meaning: &'static str,
    /// `true` when sending the very same request again (same parameters, same
    /// `out_trade_no` / `out_refund_no`, after a pause) is safe and can
    /// succeed: system errors, rate limits, overload. `false` where the
    /// request must change, or where the order must be queried first
    /// (`USER_PAYING`): resending would fail again or place it twice.
    pub safe_to_resend: bool,
    /// What the merchant should do.
    pub action: &'static str,
}

impl CodeInfo {
    /// Compact JSON of the entry.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Looks up an APIv3 or APIv2 error code.
///
/// Underscores and ASCII case are ignored, because WeChat Pay spells the same
/// code both ways across API versions and documents: `ORDER_PAID` and
/// `ORDERPAID` give the same entry.
///
/// ```
/// use wechatpay_core::api_error::lookup;
///
/// assert_eq!(lookup("ORDERPAID"), lookup("ORDER_PAID"));
/// assert!(lookup("SYSTEMERROR").is_some_and(|info| info.safe_to_resend));
/// assert!(lookup("USER_PAYING").is_some_and(|info| !info.safe_to_resend));
/// assert!(lookup("NO_SUCH_CODE").is_none());
/// ```
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CATALOGUE.iter().find(|info| same_code(info.code, code))
}

/// Every entry of the catalogue, one per code (spelling variants share an entry).
pub fn catalogue() -> &'static [CodeInfo] {
    CATALOGUE
}

fn same_code(a: &str, b: &str) -> bool {
    let a = a.bytes().filter(|&c| c != b'_');
    let mut b = b.bytes().filter(|&c| c != b'_');
    for x in a {
        match b.next() {
            Some(y) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
    b.next().is_none()
}

const fn entry(
    code: &'static str,
    status: Option<u16>,
    meaning: &'static str,
    safe_to_resend: bool,
    action: &'static str,
) -> CodeInfo {
    CodeInfo { code, status, meaning, safe_to_resend, action }
}

const RATE_LIMIT_ACTION: &str = "Slow down and send the same request again with exponential back-off. For refunds \
                                 query the refund by out_refund_no first: its acceptance state is unknown.";

static CATALOGUE: &[CodeInfo] = &[
    // APIv3 codes (PROTOCOL.md section 11).
    entry(
        "PARAM_ERROR",
        Some(400),
        "Parameter error (参数错误)",
        false,
        "Fix the parameter named by detail.field as described by detail.issue, then send a corrected request.",
    ),
    entry(
        "INVALID_REQUEST",
        Some(400),
        "The HTTP request does not follow the API rules, or a business rule forbids it; also sent when the Accept \
         or User-Agent header is missing (无效请求)",
        false,
        "Read the message: add the missing headers or change the request; repeating it unchanged will fail again.",
    ),
    entry(
        "SIGN_ERROR",
        Some(401),
        "Signature verification failed (签名错误 / 验证不通过)",
        false,
        "Check the merchant certificate serial, that the private key belongs to it, and that the signed method, URL \
         and body are byte-identical to what is sent.",
    ),
    entry(
        "SYSTEM_ERROR",
        Some(500),
        "WeChat Pay system error or busy (系统错误 / 系统繁忙)",
        true,
        "Retry later with exactly the same parameters (for refunds the same out_refund_no), or query the order. If \
         it persists, check that the serial and key match: a mismatch has been seen to give this code.",
    ),
    entry(
        "USER_PAYING",
        Some(202),
        "The user is paying, e.g. entering the password (用户支付中)",
        false,
        "Do not send the order again (it would be placed twice): wait about 5 seconds, then query the order until it \
         leaves USERPAYING.",
    ),
    entry(
        "APPID_MCHID_NOT_MATCH",
        Some(400),
        "The appid is not bound to the merchant id (appid和mch_id不匹配)",
        false,
        "Use an appid bound to this mchid, or bind it in the merchant platform (AppID账号管理).",
    ),
    entry(
        "MCH_NOT_EXISTS",
        Some(400),
        "The merchant id does not exist (商户号不存在)",
        false,
        "Check the mchid (and sub_mchid for service providers).",
    ),
    entry(
        "ORDER_CLOSED",
        Some(400),
        "The order is already closed (订单已关闭)",
        false,
        "Place a new order with a new out_trade_no.",
    ),
    entry(
        "NO_AUTH",
        Some(403),
        "The merchant has no permission for this API or operation (商户无权限)",
        false,
        "Enable the product in the merchant platform (产品中心) or ask WeChat Pay to open the permission.",
    ),
    entry(
        "ORDER_NOT_EXIST",
        Some(404),
        "The order does not exist (订单不存在)",
        false,
        "Check out_trade_no / transaction_id and the mchid; an order created moments ago may need a later query.",
    ),
    entry(
        "RESOURCE_NOT_EXISTS",
        Some(404),
        "The requested resource does not exist (资源不存在); /v3/certificates answers this to merchants that use \
         the WeChat Pay public key",
        false,
        "Check the identifiers in the URL; for /v3/certificates, configure the WeChat Pay public key instead.",
    ),
    entry(
        "NOT_FOUND",
        Some(404),
        "The requested resource was not found (HTTP 404)",
        false,
        "Check the identifiers in the URL.",
    ),
    entry("RATELIMIT_EXCEEDED", Some(429), "Rate limit exceeded (请求超过频率限制)", true, RATE_LIMIT_ACTION),
    entry("RATE_LIMITED", Some(429), "Rate limited (频率限制)", true, RATE_LIMIT_ACTION),
    entry("FREQUENCY_LIMITED", Some(429), "Requests are too frequent (频率超限)", true, RATE_LIMIT_ACTION),
    entry(
        "SERVICE_UNAVAILABLE",
        Some(503),
        "Service unavailable or under overload protection (服务不可用)",
        true,
        "Retry later with back-off and the same parameters.",
    ),
    entry(
        "NOT_ENOUGH",
        Some(403),
        "Insufficient balance: the user's balance for a payment, the merchant's refundable balance for a refund \
         (余额不足)",
        false,
        "Payment: ask the user to pay with another card. Refund: top up the merchant's available balance, then \
         refund again with the same out_refund_no.",
    ),
    entry(
        "USER_ACCOUNT_ABNORMAL",
        Some(403),
        "Refund failed: the user's account is closed or abnormal (用户账户异常)",
        false,
        "Return the money to the user by another channel; this refund cannot succeed.",
    ),
    // Codes known from APIv2 and from older prepay documents; merchants still see them.
    entry(
        "OUT_TRADE_NO_USED",
        Some(400),
        "Duplicate merchant order number (商户订单号重复)",
        false,
        "Query the existing order; a new payment needs a new out_trade_no, and one out_trade_no must never be \
         submitted with different parameters.",
    ),
    entry(
        "ORDER_PAID",
        Some(400),
        "The order is already paid (订单已支付)",
        false,
        "Do not charge again: query the order and deliver.",
    ),
    entry(
        "RULE_LIMIT",
        Some(400),
        "A business rule limits this transaction (业务规则限制)",
        false,
        "Tell the user the payment is not allowed (e.g. a limit was reached) and offer another payment method.",
    ),
    entry(
        "TRADE_ERROR",
        Some(400),
        "Trade error: the user's account or the trade is restricted (交易错误)",
        false,
        "Ask the user to check their WeChat account or pay another way.",
    ),
    entry(
        "OPENID_MISMATCH",
        Some(400),
        "The openid does not belong to the appid (openid和appid不匹配)",
        false,
        "Obtain the openid with the same appid that places the order.",
    ),
    entry(
        "INVALID_TRANSACTIONID",
        Some(400),
        "Invalid transaction_id (无效transaction_id)",
        false,
        "Use the transaction_id exactly as WeChat Pay returned it.",
    ),
    entry(
        "BANK_ERROR",
        Some(500),
        "The bank's system is abnormal (银行系统异常)",
        true,
        "Retry later with the same parameters, or query the order before trying again.",
    ),
    entry(
        "ACCOUNT_ERROR",
        Some(403),
        "The account is abnormal (账号异常)",
        false,
        "The user should contact WeChat Pay support or use another payment method.",
    ),
    entry("APPID_NOT_EXIST", None, "The appid does not exist (APPID不存在)", false, "Check the appid parameter."),
    entry("MCHID_NOT_EXIST", None, "The mch_id does not exist (MCHID不存在)", false, "Check the mch_id parameter."),
    entry(
        "LACK_PARAMS",
        None,
        "A required parameter is missing (缺少参数)",
        false,
        "Add the missing parameter named in the message.",
    ),
    entry("POST_DATA_EMPTY", None, "The POST body is empty (post数据为空)", false, "Send the request body."),
    entry(
        "REQUIRE_POST_METHOD",
        None,
        "The API must be called with POST (请使用post方法)",
        false,
        "Call the API with the POST method.",
    ),
    entry(
        "NOT_UTF8",
        None,
        "The request is not UTF-8 encoded (编码格式错误)",
        false,
        "Send the request encoded as UTF-8.",
    ),
    entry(
        "XML_FORMAT_ERROR",
        None,
        "The XML is malformed (XML格式错误)",
        false,
        "Send well-formed XML with root <xml>.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const EXAMPLE: &str = r#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"/amount/currency","value":"XYZ","issue":"Currency code is invalid","location":"body"}}"#;

    fn parse_err(body: &str) -> Error {
        match ApiError::parse(Some(400), body.as_bytes()) {
            Ok(parsed) => panic!("{body} parsed as {parsed:?}"),
            Err(err) => err,
        }
    }

    #[test]
    fn parses_the_documented_example() {
        let err = ApiError::parse(Some(400), EXAMPLE.as_bytes()).unwrap();
        assert_eq!(err.status, Some(400));
        assert_eq!(err.code, "PARAM_ERROR");
        assert_eq!(err.message, "参数错误");
        assert_eq!(err.detail_str("field"), Some("/amount/currency"));
        assert_eq!(err.detail_str("issue"), Some("Currency code is invalid"));
        assert_eq!(err.detail_str("location"), Some("body"));
        assert_eq!(err.detail_str("missing"), None);
        assert_eq!(err.info().map(|i| i.code), Some("PARAM_ERROR"));
        assert!(!err.is_safe_to_resend());
        assert_eq!(err.to_string(), "PARAM_ERROR: 参数错误 (HTTP 400)");

        let wrapped = Error::Api(Box::new(err.clone()));
        assert_eq!(wrapped.kind(), ErrorKind::Api);
        assert_eq!(wrapped.to_string(), err.to_string());
    }

    #[test]
    fn detail_is_optional_and_status_may_be_unknown() {
        let err = ApiError::parse(None, br#"{"code":"SIGN_ERROR","message":"x","detail":null,"extra":1}"#).unwrap();
        assert_eq!(err.detail, None);
        assert_eq!(err.to_string(), "SIGN_ERROR: x");
        let err = ApiError::parse(None, br#"{"code":"SIGN_ERROR","message":"x","detail":[1]}"#).unwrap();
        assert_eq!(err.detail, Some(serde_json::json!([1])));
        assert_eq!(err.detail_str("field"), None);
    }

    #[test]
    fn rejects_bodies_of_the_wrong_shape() {
        for body in [
            "",
            "<html>502 Bad Gateway</html>",
            "[]",
            "\"PARAM_ERROR\"",
            "null",
            r#"{"message":"m"}"#,
            r#"{"code":"","message":"m"}"#,
            r#"{"code":1,"message":"m"}"#,
            r#"{"code":"PARAM_ERROR"}"#,
            r#"{"code":"PARAM_ERROR","message":null}"#,
            r#"{"code":"PARAM_ERROR","message":{"zh":"参数错误"}}"#,
            r#"{"code":"PARAM_ERROR","message":"m"} trailing"#,
        ] {
            let err = parse_err(body);
            assert_eq!(err.kind(), ErrorKind::Json, "{body}");
            assert!(matches!(err, Error::Json { what: "APIv3 error body", .. }), "{body}");
            assert!(!err.to_string().contains("502 Bad"), "{body}");
        }
    }

    #[test]
    fn both_spellings_resolve_to_the_same_entry() {
        for (a, b) in [
            ("ORDER_PAID", "ORDERPAID"),
            ("NOT_ENOUGH", "NOTENOUGH"),
            ("SIGN_ERROR", "SIGNERROR"),
            ("NO_AUTH", "NOAUTH"),
            ("RULE_LIMIT", "RULELIMIT"),
            ("ORDER_NOT_EXIST", "ORDERNOTEXIST"),
            ("ORDER_CLOSED", "ORDERCLOSED"),
            ("BANK_ERROR", "BANKERROR"),
            ("ACCOUNT_ERROR", "ACCOUNTERROR"),
            ("SYSTEM_ERROR", "SYSTEMERROR"),
            ("USER_PAYING", "USERPAYING"),
        ] {
            let (x, y) = (lookup(a), lookup(b));
            assert!(x.is_some(), "{a}");
            assert_eq!(x, y, "{a} / {b}");
        }
        assert_eq!(lookup("system_error"), lookup("SYSTEM_ERROR"));
    }

    #[test]
    fn catalogue_covers_the_documented_codes_without_collisions() {
        for code in [
            "PARAM_ERROR",
            "INVALID_REQUEST",
            "SIGN_ERROR",
            "SYSTEM_ERROR",
            "USER_PAYING",
            "APPID_MCHID_NOT_MATCH",
            "MCH_NOT_EXISTS",
            "ORDER_CLOSED",
            "NO_AUTH",
            "ORDER_NOT_EXIST",
            "RESOURCE_NOT_EXISTS",
            "RATELIMIT_EXCEEDED",
            "RATE_LIMITED",
            "FREQUENCY_LIMITED",
            "SERVICE_UNAVAILABLE",
            "NOT_ENOUGH",
            "USER_ACCOUNT_ABNORMAL",
            "OUT_TRADE_NO_USED",
            "XML_FORMAT_ERROR",
            "TRADE_ERROR",
            "OPENID_MISMATCH",
            "INVALID_TRANSACTIONID",
            "APPID_NOT_EXIST",
            "MCHID_NOT_EXIST",
            "LACK_PARAMS",
            "POST_DATA_EMPTY",
            "REQUIRE_POST_METHOD",
            "NOT_UTF8",
        ] {
            assert!(lookup(code).is_some(), "{code} missing");
        }
        for (i, a) in catalogue().iter().enumerate() {
            assert!(!a.meaning.is_empty() && !a.action.is_empty(), "{}", a.code);
            // Everything safe to resend is a server-side condition (5xx or 429).
            if a.safe_to_resend {
                assert!(matches!(a.status, Some(s) if s >= 500 || s == 429), "{}", a.code);
            }
            for b in &catalogue()[i + 1..] {
                assert!(!same_code(a.code, b.code), "{} and {} collide", a.code, b.code);
            }
        }
    }

    #[test]
    fn only_transient_codes_are_safe_to_resend() {
        let retryable: Vec<&str> = catalogue().iter().filter(|i| i.safe_to_resend).map(|i| i.code).collect();
        assert_eq!(
            retryable,
            [
                "SYSTEM_ERROR",
                "RATELIMIT_EXCEEDED",
                "RATE_LIMITED",
                "FREQUENCY_LIMITED",
                "SERVICE_UNAVAILABLE",
                "BANK_ERROR"
            ]
        );
        // The catalogue wins over the status.
        let err = ApiError::parse(Some(500), br#"{"code":"PARAM_ERROR","message":"m"}"#).unwrap();
        assert!(!err.is_safe_to_resend());
        // A user still paying must be queried, never re-ordered: resending would place it twice.
        let err = ApiError::parse(Some(202), br#"{"code":"USER_PAYING","message":"m"}"#).unwrap();
        assert!(!err.is_safe_to_resend());
    }

    #[test]
    fn unknown_codes_are_safe_to_resend_by_status() {
        let body = br#"{"code":"SOMETHING_NEW","message":"m"}"#;
        for (status, retryable) in
            [(None, false), (Some(400), false), (Some(429), true), (Some(500), true), (Some(503), true)]
        {
            let err = ApiError::parse(status, body).unwrap();
            assert_eq!(err.info(), None);
            assert_eq!(err.is_safe_to_resend(), retryable, "{status:?}");
        }
        assert!(!same_code("ORDER", "ORDER_PAID"));
        assert!(!same_code("ORDER_PAID", "ORDER"));
    }
}

#[cfg(test)]
mod construction_tests {
    use super::*;

    #[test]
    fn built_errors_parse_back() {
        let err = ApiError::param_error("/amount/currency", Some("XYZ"), "Currency code is invalid", "body");
        let again = ApiError::parse(err.status, err.to_json().as_bytes()).unwrap();
        assert_eq!(again, err);
        assert_eq!(again.detail_str("field"), Some("/amount/currency"));
        assert_eq!(
            err.to_json(),
            r#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"/amount/currency","value":"XYZ","issue":"Currency code is invalid","location":"body"}}"#
        );
    }

    #[test]
    fn sign_error_matches_the_documented_body() {
        // PROTOCOL.md 1.6: the body WeChat Pay answered for a GET /v3/certificates.
        let documented = r#"{"code":"SIGN_ERROR","detail":{"detail":{"issue":"sign not match"},"field":"signature","location":"authorization","sign_information":{"method":"GET","sign_message_length":85,"truncated_sign_message":"GET\n/v3/certificates?algorithm_type=RSA\n1680144553\nvDit3y4Fmv45dem0CSmKbBK4tUHRR8Dj\n\n","url":"/v3/certificates?algorithm_type=RSA"}},"message":"错误的签名，验签失败"}"#;
        let theirs = ApiError::parse(Some(401), documented.as_bytes()).unwrap();
        let message = "GET\n/v3/certificates?algorithm_type=RSA\n1680144553\nvDit3y4Fmv45dem0CSmKbBK4tUHRR8Dj\n\n";
        let ours = ApiError::sign_error("GET", "/v3/certificates?algorithm_type=RSA", message);
        assert_eq!(ours, theirs);
        assert_eq!(
            ours.to_json(),
            documented
                .replace(
                    r#"{"code":"SIGN_ERROR","detail""#,
                    r#"{"code":"SIGN_ERROR","message":"错误的签名，验签失败","detail""#
                )
                .replace(r#","message":"错误的签名，验签失败"}"#, "}")
        );
        let info = theirs.sign_information().unwrap();
        assert_eq!(info.sign_message_length, 85);
        assert_eq!(info.truncated_sign_message, message);
        assert_eq!(ApiError::new(400, "PARAM_ERROR", "m").sign_information(), None);
    }

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        let message = "张".repeat(SIGN_MESSAGE_ECHO_LIMIT);
        let info = ApiError::sign_error("POST", "/v3/x", &message).sign_information().unwrap();
        assert_eq!(info.sign_message_length, message.len() as u64);
        assert!(info.truncated_sign_message.len() <= SIGN_MESSAGE_ECHO_LIMIT);
        assert!(message.starts_with(&info.truncated_sign_message));
    }
}
