//! `explain` names the cause of each common mistake.
//!
//! SIGN_ERROR bodies are built the way WeChat Pay's side builds them: the
//! gateway parses the Authorization header it received (`parse_authorization`),
//! rebuilds the message from the request as received (`Authorization::message`)
//! and answers `ApiError::sign_error` (the simulator's code path).

mod common;

use common::*;
use serde_json::Value;
use wechatpay_core::api_error::ApiError;
use wechatpay_core::keys::PrivateKey;
use wechatpay_core::v3::sign::{SCHEME, Signer, parse_authorization, verify_request};

const MCHID: &str = "1900000109";
const TS: i64 = 1_795_392_123;
const NONCE: &str = "593BEC0C930BF1AFEB40B4A08C8FB242";

fn key(name: &str) -> PrivateKey {
    PrivateKey::from_pem_file(vector(&format!("keys/{name}"))).unwrap()
}

fn merchant_serial() -> String {
    cases("request_sign.json")[0]["serial_no"].as_str().unwrap().to_owned()
}

/// WeChat Pay's side: verify the request as received; on failure, the SIGN_ERROR body.
fn gateway(method: &str, url: &str, body: &str, authorization: &str) -> String {
    let cert = wechatpay_core::keys::Certificate::from_pem_file(vector("keys/apiclient_cert.pem")).unwrap();
    let verified = verify_request(method, url, body.as_bytes(), authorization, cert.public_key(), TS, 300);
    let serial_ok = verified.as_ref().is_ok_and(|a| a.serial_no == cert.serial_no());
    assert!(!serial_ok || verified.is_err(), "the mistake was accepted");
    let auth = parse_authorization(authorization).unwrap();
    let message = String::from_utf8(auth.message(method, url, body.as_bytes())).unwrap();
    ApiError::sign_error(method, url, &message).to_json()
}

struct Mistake {
    signed_method: &'static str,
    signed_url: &'static str,
    signed_body: &'static str,
    authorization: String,
}

fn explain(m: &Mistake, sent_method: &str, sent_url: &str, sent_body: &str) -> (Run, Value) {
    let dir = tmp();
    let response = write(&dir, "response.json", gateway(sent_method, sent_url, sent_body, &m.authorization));
    let body = write(&dir, "body", m.signed_body);
    let auth = write(&dir, "auth", &m.authorization);
    let args = |json: bool| {
        let mut a: Vec<String> = Vec::new();
        if json {
            a.push("--json".into());
        }
        a.extend(
            [
                "explain",
                "sign-error",
                "--response",
                response.to_str().unwrap(),
                "-X",
                m.signed_method,
                "--url",
                m.signed_url,
                "--body",
                &at(&body),
                "--authorization",
                &at(&auth),
                "--cert",
                vector("keys/apiclient_cert.pem").to_str().unwrap(),
            ]
            .map(str::to_owned),
        );
        a
    };
    let text = wechatpay(args(false));
    let json = wechatpay(args(true));
    assert_eq!(text.code, 1, "{}{}", text.stdout, text.stderr);
    assert_eq!(json.code, 1, "{}", json.stderr);
    (text, json.json())
}

fn signed(method: &str, url: &str, body: &str) -> String {
    Signer::new(MCHID, merchant_serial(), key("apiclient_key.pem"))
        .unwrap()
        .sign_with(method, url, body, TS, NONCE)
        .unwrap()
        .authorization
}

#[test]
fn body_re_serialised() {
    let pretty = "{\n  \"appid\": \"wxd678efh567hg6787\",\n  \"amount\": {\"total\": 100}\n}";
    let compact = r#"{"appid":"wxd678efh567hg6787","amount":{"total":100}}"#;
    let m = Mistake {
        signed_method: "POST",
        signed_url: "/v3/pay/transactions/jsapi",
        signed_body: pretty,
        authorization: signed("POST", "/v3/pay/transactions/jsapi", pretty),
    };
    let (text, json) = explain(&m, "POST", "/v3/pay/transactions/jsapi", compact);
    assert_eq!(json["part"], "body");
    assert!(json["cause"].as_str().unwrap().contains("body re-serialised"), "{json}");
    assert_eq!(json["first_difference"]["line"], 5);
    assert_eq!(json["first_difference"]["yours_byte"], "\\n (line end)");
    // The text report shows both lines visibly and a caret.
    assert!(text.stdout.contains("first difference: byte "), "{}", text.stdout);
    assert!(text.stdout.contains("    yours  | {\n"), "{}", text.stdout);
    assert!(text.stdout.contains("cause: body re-serialised"), "{}", text.stdout);
}

#[test]
fn wrong_method_case() {
    // A hand-made client that signed the method in lower case.
    let message = format!("post\n/v3/refund/domestic/refunds\n{TS}\n{NONCE}\n{{}}\n");
    let signature = key("apiclient_key.pem").sign_sha256_base64(message.as_bytes()).unwrap();
    let authorization = format!(
        "{SCHEME} mchid=\"{MCHID}\",serial_no=\"{}\",timestamp=\"{TS}\",nonce_str=\"{NONCE}\",signature=\"{signature}\"",
        merchant_serial()
    );
    let m =
        Mistake { signed_method: "post", signed_url: "/v3/refund/domestic/refunds", signed_body: "{}", authorization };
    let (text, json) = explain(&m, "POST", "/v3/refund/domestic/refunds", "{}");
    assert_eq!(json["part"], "method");
    assert!(json["cause"].as_str().unwrap().starts_with("wrong method case"), "{json}");
    assert_eq!(json["first_difference"]["offset"], 0);
    assert!(text.stdout.contains("WeChat Pay has 'P' (0x50), you have 'p' (0x70)"), "{}", text.stdout);
}

#[test]
fn query_re_encoded() {
    let signed_url = "/v3/marketing/favor/users/o1/coupons?stock_id=9&creator_mchid=1900000109&q=a%2Bb";
    let sent_url = "/v3/marketing/favor/users/o1/coupons?stock_id=9&creator_mchid=1900000109&q=a+b";
    let m = Mistake { signed_method: "GET", signed_url, signed_body: "", authorization: signed("GET", signed_url, "") };
    let (text, json) = explain(&m, "GET", sent_url, "");
    assert_eq!(json["part"], "url");
    let cause = json["cause"].as_str().unwrap();
    assert!(cause.starts_with("query re-encoded"), "{json}");
    assert!(cause.contains("saw `+b`") && cause.contains("signed `%2B`"), "{cause}");
    assert!(text.stdout.contains("WeChat Pay has '+' (0x2B), you have '%' (0x25)"), "{}", text.stdout);
}

#[test]
fn wrong_serial() {
    let platform_serial = "1FFD9ECF271B7477C83ED82F1AF813A54B87007C";
    let authorization = Signer::new(MCHID, platform_serial, key("apiclient_key.pem"))
        .unwrap()
        .sign_with("GET", "/v3/certificates", "", TS, NONCE)
        .unwrap()
        .authorization;
    let m = Mistake { signed_method: "GET", signed_url: "/v3/certificates", signed_body: "", authorization };
    let (_, json) = explain(&m, "GET", "/v3/certificates", "");
    assert_eq!(json["part"], "signature");
    assert_eq!(json["identical"], true);
    let cause = json["cause"].as_str().unwrap();
    assert!(cause.starts_with("wrong serial") && cause.contains(platform_serial), "{cause}");
}

#[test]
fn wrong_key() {
    let authorization = Signer::new(MCHID, merchant_serial(), key("other_key.pem"))
        .unwrap()
        .sign_with("GET", "/v3/certificates", "", TS, NONCE)
        .unwrap()
        .authorization;
    let m = Mistake { signed_method: "GET", signed_url: "/v3/certificates", signed_body: "", authorization };
    let (text, json) = explain(&m, "GET", "/v3/certificates", "");
    assert!(json["cause"].as_str().unwrap().starts_with("wrong key"), "{json}");
    assert!(text.stdout.contains("the messages are identical"), "{}", text.stdout);
}

#[test]
fn a_long_body_cut_short_by_the_echo() {
    let long: String = format!("{{\"description\":\"{}\",\"amount\":{{\"total\":1}}}}", "x".repeat(1500));
    let spaced = long.replace(",\"amount\"", ", \"amount\"");
    let m = Mistake {
        signed_method: "POST",
        signed_url: "/v3/pay/transactions/native",
        signed_body: Box::leak(spaced.clone().into_boxed_str()),
        authorization: signed("POST", "/v3/pay/transactions/native", &spaced),
    };
    let (_, json) = explain(&m, "POST", "/v3/pay/transactions/native", &long);
    // WeChat Pay echoes 1024 bytes only; the difference is past them.
    assert_eq!(json["part"], "body", "{json}");
    assert!(json["first_difference"]["theirs_byte"].as_str().unwrap().contains("not echoed"), "{json}");
}

#[test]
fn not_a_sign_error() {
    let dir = tmp();
    let response = write(&dir, "r.json", r#"{"code":"PARAM_ERROR","message":"参数错误"}"#);
    let run = wechatpay(["explain", "sign-error", "--response", response.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("not SIGN_ERROR"), "{}", run.stdout);
    let html = write(&dir, "h.html", "<html>502 Bad Gateway</html>");
    let run = wechatpay(["explain", "sign-error", "--response", html.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("error[JSON]"), "{}", run.stderr);
}

// ---- callbacks ----

struct Callback {
    dir: std::path::PathBuf,
    case: Value,
}

fn callback() -> Callback {
    let case = cases("notification_full.json").into_iter().find(|c| c["valid"] == true).unwrap();
    Callback { dir: tmp(), case }
}

impl Callback {
    fn explain(
        &self,
        body: &str,
        headers: &Value,
        trust: &[&str],
        now: i64,
        v3: Option<&str>,
        v2: Option<&str>,
    ) -> (Run, Value) {
        let h = write(&self.dir, "h.json", headers.to_string());
        let b = write(&self.dir, "b.json", body);
        let mut args: Vec<String> =
            ["explain", "callback", "--headers", h.to_str().unwrap(), "--body", b.to_str().unwrap()]
                .map(str::to_owned)
                .to_vec();
        args.extend(trust.iter().map(|s| s.to_string()));
        args.extend(["--now".into(), now.to_string()]);
        if let Some(v3) = v3 {
            args.extend(["--apiv3-key".into(), at(&write(&self.dir, "v3", v3))]);
        }
        if let Some(v2) = v2 {
            args.extend(["--apiv2-key".into(), at(&write(&self.dir, "v2", v2))]);
        }
        let text = wechatpay(&args);
        let mut json_args = vec!["--json".to_owned()];
        json_args.extend(args);
        let json = wechatpay(&json_args);
        (text, json.json())
    }

    fn body(&self) -> &str {
        s(&self.case, "body")
    }

    fn now(&self) -> i64 {
        s(&self.case, "now").parse().unwrap()
    }

    fn trust(&self) -> Vec<String> {
        vec!["--trust-store".into(), vector("keys/trust_store.json").display().to_string()]
    }
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn callback_wrong_apiv3_key() {
    let c = callback();
    let (text, json) = c.explain(
        c.body(),
        &c.case["headers"],
        &refs(&c.trust()),
        c.now(),
        Some("0123456789abcdefghijklmnopqrstuv"),
        None,
    );
    assert_eq!(text.code, 1);
    assert_eq!(json["part"], "decrypt");
    assert!(json["cause"].as_str().unwrap().starts_with("wrong APIv3 key"), "{json}");
    assert!(text.stdout.contains("[ok  ] signature"), "{}", text.stdout);
    assert!(!text.stdout.contains("0123456789abcdefghijklmnopqrstuv"), "a secret was printed");
}

#[test]
fn callback_apiv2_key_used_as_apiv3_key() {
    let c = callback();
    let v2 = secrets()["apiv2_key"].as_str().unwrap().to_owned();
    let v3 = s(&c.case, "apiv3_key").to_owned();
    let (_, json) = c.explain(c.body(), &c.case["headers"], &refs(&c.trust()), c.now(), Some(&v2), Some(&v2));
    assert!(json["cause"].as_str().unwrap().starts_with("APIv2 key used as APIv3 key"), "{json}");
    // Swapped keys: what is called the APIv2 key decrypts.
    let (text, json) = c.explain(c.body(), &c.case["headers"], &refs(&c.trust()), c.now(), Some(&v2), Some(&v3));
    let cause = json["cause"].as_str().unwrap();
    assert!(cause.starts_with("APIv2 key used as APIv3 key") && cause.contains("swapped"), "{json}");
    assert!(!text.stdout.contains(&v2) && !text.stdout.contains(&v3), "a secret was printed");
}

#[test]
fn callback_merchant_certificate_instead_of_platform() {
    let c = callback();
    let merchant = vector("keys/apiclient_cert.pem").display().to_string();
    let (text, json) = c.explain(c.body(), &c.case["headers"], &["--platform-cert", &merchant], c.now(), None, None);
    assert_eq!(text.code, 1);
    assert_eq!(json["part"], "serial");
    assert!(
        json["cause"].as_str().unwrap().starts_with("merchant certificate instead of platform certificate"),
        "{json}"
    );
}

#[test]
fn callback_clock_skew_with_measured_offset() {
    let c = callback();
    let ts: i64 = s(&c.case["headers"], "Wechatpay-Timestamp").parse().unwrap();
    let (text, json) =
        c.explain(c.body(), &c.case["headers"], &refs(&c.trust()), ts + 1000, Some(s(&c.case, "apiv3_key")), None);
    assert_eq!(text.code, 1);
    assert_eq!(json["part"], "clock");
    let cause = json["cause"].as_str().unwrap();
    assert!(cause.starts_with("clock skew") && cause.contains("+1000 s"), "{cause}");
    assert!(text.stdout.contains("measured offset +1000 s"), "{}", text.stdout);
    let (_, json) = c.explain(c.body(), &c.case["headers"], &refs(&c.trust()), ts - 400, None, None);
    assert!(json["cause"].as_str().unwrap().contains("-400 s"), "{json}");
}

#[test]
fn callback_body_re_serialised_and_probe() {
    let c = callback();
    let value: Value = serde_json::from_str(c.body()).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    let (_, json) = c.explain(&pretty, &c.case["headers"], &refs(&c.trust()), c.now(), None, None);
    assert_eq!(json["part"], "signature");
    assert!(json["cause"].as_str().unwrap().contains("re-serialised"), "{json}");
    let mut headers = c.case["headers"].clone();
    headers["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/abc".into();
    let (_, json) = c.explain(c.body(), &headers, &refs(&c.trust()), c.now(), None, None);
    assert_eq!(json["part"], "probe");
    let mut headers = c.case["headers"].clone();
    headers.as_object_mut().unwrap().remove("Wechatpay-Nonce");
    let (_, json) = c.explain(c.body(), &headers, &refs(&c.trust()), c.now(), None, None);
    assert_eq!(json["part"], "headers");
    assert!(json["cause"].as_str().unwrap().contains("Wechatpay-Nonce"), "{json}");
}
