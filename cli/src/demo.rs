//! `wechatpay demo`: a whole JSAPI payment on loopback, step by step.
//!
//! Two real HTTP servers on 127.0.0.1: an in-process stand-in for WeChat Pay
//! (it checks requests with `v3::sign::verify_request`, signs answers with
//! `ResponseSigner`, builds callbacks with `CallbackEnvelope::seal`) and a
//! small merchant server whose notify endpoint is `CallbackParser`. The
//! merchant side signs with `Signer` and verifies with `Verifier`. Every step
//! is a core call; the demo prints what went over the wire.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wechatpay_core::api_error::ApiError;
use wechatpay_core::clock::{self, Clock};
use wechatpay_core::keys::{ApiV3Key, Certificate, PrivateKey};
use wechatpay_core::nonce;
use wechatpay_core::pay_params::{self, OAuthScope};
use wechatpay_core::v3::notify::{Acknowledgement, CallbackEnvelope, CallbackParser};
use wechatpay_core::v3::sign::{Signer, parse_authorization, verify_request};
use wechatpay_core::v3::verify::{ResponseSigner, TrustStore, Verifier, VerifierOptions};

use crate::DemoArgs;
use crate::http::{self, Request, Response, Server};
use crate::util::{CliError, CliResult, Context, EXIT_OK, EXIT_REFUSED, Message, visible_lines};

const MERCHANT_KEY: &str = include_str!("../demo-keys/apiclient_key.pem");
const MERCHANT_CERT: &str = include_str!("../demo-keys/apiclient_cert.pem");
const PLATFORM_KEY: &str = include_str!("../demo-keys/platform_key.pem");
const PLATFORM_CERT: &str = include_str!("../demo-keys/platform_cert.pem");
const MCHID: &str = "1900000109";
const APPID: &str = "wxd678efh567hg6787";
const STEPS: usize = 11;

/// A callback to deliver: URL, headers, body.
type Delivery = (String, Vec<(String, String)>, Vec<u8>);

struct Order {
    appid: String,
    out_trade_no: String,
    transaction_id: String,
    total: i64,
    openid: String,
    state: &'static str,
    notify_url: String,
}

struct Refund {
    refund_id: String,
    out_refund_no: String,
    out_trade_no: String,
    transaction_id: String,
    refund: i64,
    total: i64,
    notify_url: String,
}

/// The stand-in for WeChat Pay.
struct Gateway {
    merchant_cert: Certificate,
    signer: ResponseSigner,
    apiv3: ApiV3Key,
    orders: Mutex<BTreeMap<String, Order>>,
    refunds: Mutex<BTreeMap<String, Refund>>,
    delivered: Mutex<Option<Message>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn id(prefix: &str) -> String {
    format!("{prefix}{}", nonce::generate_len(24).unwrap_or_default())
}

impl Gateway {
    fn answer(&self, status: u16, body: String) -> Response {
        match self.signer.sign(body.as_bytes()) {
            Ok(headers) => Response::new(status, body).with_headers(owned(headers.to_pairs())),
            Err(_) => Response::new(500, r#"{"code":"SYSTEM_ERROR","message":"系统错误"}"#),
        }
    }

    fn error(&self, error: ApiError) -> Response {
        let status = error.status.unwrap_or(400);
        self.answer(status, error.to_json())
    }

    fn handle(&self, req: Request) -> Response {
        let auth = req.header("Authorization").unwrap_or("").to_owned();
        let checked = verify_request(
            &req.method,
            &req.target,
            &req.body,
            &auth,
            self.merchant_cert.public_key(),
            clock::now(),
            300,
        );
        let serial_ok = checked.as_ref().is_ok_and(|a| a.serial_no == self.merchant_cert.serial_no());
        if checked.is_err() || !serial_ok {
            let message = parse_authorization(&auth)
                .map(|a| String::from_utf8_lossy(&a.message(&req.method, &req.target, &req.body)).into_owned())
                .unwrap_or_default();
            return self.error(ApiError::sign_error(&req.method, &req.target, &message));
        }
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let path = req.target.split('?').next().unwrap_or("");
        match (req.method.as_str(), path) {
            ("POST", "/v3/pay/transactions/jsapi") => self.jsapi(&body),
            ("GET", p) if p.starts_with("/v3/pay/transactions/out-trade-no/") => {
                self.query(p.trim_start_matches("/v3/pay/transactions/out-trade-no/"))
            }
            ("POST", "/v3/refund/domestic/refunds") => self.refund(&body),
            _ => self.error(ApiError::new(404, "NOT_FOUND", "请求的资源不存在")),
        }
    }

    fn jsapi(&self, body: &Value) -> Response {
        let s = |p: &str| body.pointer(p).and_then(Value::as_str).map(str::to_owned);
        let (Some(appid), Some(out_trade_no), Some(notify_url), Some(openid)) =
            (s("/appid"), s("/out_trade_no"), s("/notify_url"), s("/payer/openid"))
        else {
            return self.error(ApiError::param_error("out_trade_no", None, "a required field is missing", "body"));
        };
        let total = body.pointer("/amount/total").and_then(Value::as_i64).unwrap_or(0);
        let prepay_id = id("wx");
        lock(&self.orders).insert(
            out_trade_no.clone(),
            Order { appid, out_trade_no, transaction_id: id("42000"), total, openid, state: "NOTPAY", notify_url },
        );
        self.answer(200, json!({ "prepay_id": prepay_id }).to_string())
    }

    fn order_json(order: &Order) -> Value {
        json!({
            "appid": order.appid, "mchid": MCHID, "out_trade_no": order.out_trade_no,
            "transaction_id": order.transaction_id, "trade_type": "JSAPI", "trade_state": order.state,
            "trade_state_desc": if order.state == "SUCCESS" { "支付成功" } else { "订单未支付" },
            "success_time": "2026-12-01T10:00:00+08:00",
            "payer": { "openid": order.openid },
            "amount": { "total": order.total, "payer_total": order.total, "currency": "CNY", "payer_currency": "CNY" },
        })
    }

    fn query(&self, out_trade_no: &str) -> Response {
        match lock(&self.orders).get(out_trade_no) {
            Some(order) => self.answer(200, Self::order_json(order).to_string()),
            None => self.error(ApiError::new(404, "ORDER_NOT_EXIST", "订单不存在")),
        }
    }

    fn refund(&self, body: &Value) -> Response {
        let s = |p: &str| body.pointer(p).and_then(Value::as_str).map(str::to_owned);
        let (Some(out_trade_no), Some(out_refund_no)) = (s("/out_trade_no"), s("/out_refund_no")) else {
            return self.error(ApiError::param_error("out_refund_no", None, "a required field is missing", "body"));
        };
        let orders = lock(&self.orders);
        let Some(order) = orders.get(&out_trade_no).filter(|o| o.state == "SUCCESS") else {
            return self.error(ApiError::new(404, "RESOURCE_NOT_EXISTS", "订单不存在或未支付"));
        };
        let refund = Refund {
            refund_id: id("50300"),
            out_refund_no,
            out_trade_no,
            transaction_id: order.transaction_id.clone(),
            refund: body.pointer("/amount/refund").and_then(Value::as_i64).unwrap_or(0),
            total: order.total,
            notify_url: s("/notify_url").unwrap_or_else(|| order.notify_url.clone()),
        };
        let answer = json!({
            "refund_id": refund.refund_id, "out_refund_no": refund.out_refund_no,
            "transaction_id": refund.transaction_id, "out_trade_no": refund.out_trade_no,
            "channel": "ORIGINAL", "status": "PROCESSING",
            "amount": { "total": refund.total, "refund": refund.refund, "currency": "CNY" },
        });
        lock(&self.refunds).insert(refund.out_refund_no.clone(), refund);
        self.answer(200, answer.to_string())
    }

    /// The payer pays: the order succeeds and WeChat Pay POSTs the callback.
    fn pay(&self, out_trade_no: &str) -> CliResult<Delivery> {
        let (url, resource) = {
            let mut orders = lock(&self.orders);
            let order = orders
                .get_mut(out_trade_no)
                .ok_or_else(|| CliError::network("the order does not exist", "place it first"))?;
            order.state = "SUCCESS";
            (order.notify_url.clone(), Self::order_json(order).to_string())
        };
        let envelope = CallbackEnvelope::transaction(id("EV-"), "2026-12-01T10:00:00+08:00", resource);
        self.seal(&url, &envelope)
    }

    fn complete_refund(&self, out_refund_no: &str) -> CliResult<Delivery> {
        let refunds = lock(&self.refunds);
        let r = refunds.get(out_refund_no).ok_or_else(|| CliError::network("no such refund", "request it first"))?;
        let resource = json!({
            "mchid": MCHID, "out_trade_no": r.out_trade_no, "transaction_id": r.transaction_id,
            "out_refund_no": r.out_refund_no, "refund_id": r.refund_id, "refund_status": "SUCCESS",
            "success_time": "2026-12-01T10:05:00+08:00", "user_received_account": "支付用户零钱",
            "amount": { "total": r.total, "refund": r.refund, "payer_total": r.total, "payer_refund": r.refund },
        });
        let envelope = CallbackEnvelope::refund(id("EV-"), "2026-12-01T10:05:00+08:00", resource.to_string());
        self.seal(&r.notify_url, &envelope)
    }

    fn seal(&self, url: &str, envelope: &CallbackEnvelope) -> CliResult<Delivery> {
        let nonce = nonce::generate_len(nonce::GCM_NONCE_LEN).context("nonce")?;
        let body = envelope.seal(&self.apiv3, &nonce).context("callback")?;
        let headers = self.signer.sign(body.as_bytes()).context("callback signature")?;
        let pairs = owned(headers.to_pairs());
        *lock(&self.delivered) = Some((pairs.clone(), body.clone().into_bytes()));
        Ok((url.to_owned(), pairs, body.into_bytes()))
    }

    /// A signature probe, as WeChat Pay sends them to test merchants.
    fn probe(&self, url: &str) -> CliResult<Delivery> {
        let envelope =
            CallbackEnvelope::transaction(id("EV-"), "2026-12-01T10:06:00+08:00", r#"{"trade_state":"SUCCESS"}"#);
        let nonce = nonce::generate_len(nonce::GCM_NONCE_LEN).context("nonce")?;
        let body = envelope.seal(&self.apiv3, &nonce).context("callback")?;
        let headers = self.signer.probe_at(clock::now()).context("probe")?;
        Ok((url.to_owned(), owned(headers.to_pairs()), body.into_bytes()))
    }
}

fn owned(pairs: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    pairs.into_iter().map(|(n, v)| (n.to_owned(), v)).collect()
}

/// What the merchant's notify endpoint saw.
enum Notice {
    Accepted { event_type: String, id: String, resource: Value },
    Refused { kind: String, message: String },
}

fn merchant_notify(parser: &CallbackParser, tx: &Mutex<Sender<Notice>>, req: Request) -> Response {
    if req.method != "POST" || req.target != "/notify" {
        return Response::new(404, "");
    }
    let (notice, ack) = match parser.parse(&req.headers, &req.body) {
        Ok(event) => (
            Notice::Accepted {
                event_type: event.event_type.clone(),
                id: event.id.clone(),
                resource: event.resource().unwrap_or(Value::Null),
            },
            Acknowledgement::success(),
        ),
        Err(e) => {
            (Notice::Refused { kind: e.kind().as_str().to_owned(), message: e.to_string() }, Acknowledgement::failure())
        }
    };
    let _ = lock(tx).send(notice);
    Response::new(ack.status, ack.body)
}

fn addr_of(url: &str) -> CliResult<(SocketAddr, String)> {
    let rest =
        url.strip_prefix("http://").ok_or_else(|| CliError::network("notify_url is not http://", "use loopback"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let addr =
        host.parse().map_err(|_| CliError::network("notify_url host is not an address", "use 127.0.0.1:PORT"))?;
    Ok((addr, if path.is_empty() { "/".into() } else { path.to_owned() }))
}

/// Prints the steps (text) or collects them (JSON), with a counter while waiting.
struct Steps {
    json: bool,
    quiet: bool,
    n: usize,
    ok: usize,
    log: Vec<Value>,
}

impl Steps {
    fn start(&mut self, title: &str) {
        self.n += 1;
        if !self.json {
            println!("\n[{}/{STEPS}] {title}", self.n);
        }
    }

    fn say(&self, text: &str) {
        if !self.json {
            for line in text.lines() {
                println!("      {line}");
            }
        }
    }

    fn bytes(&self, label: &str, text: &str) {
        if !self.json {
            println!("      {label}:");
            print!("{}", visible_lines(text, "        | "));
        }
    }

    fn done(&mut self, ok: bool, detail: &str) {
        if ok {
            self.ok += 1;
        }
        if !self.json {
            println!("      {} {detail}", if ok { "✔ verified:" } else { "✘ FAILED:" });
        }
        self.log.push(json!({"step": self.n, "ok": ok, "detail": detail}));
    }

    /// Waits for the merchant endpoint's notice, showing a counter on a terminal.
    fn wait(&self, rx: &Receiver<Notice>) -> CliResult<Notice> {
        let tty = !self.json && !self.quiet && std::io::stderr().is_terminal();
        let spinner = ['|', '/', '-', '\\'];
        let started = Instant::now();
        let mut tick = 0usize;
        loop {
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(notice) => {
                    if tty {
                        eprint!("\r{:60}\r", "");
                    }
                    return Ok(notice);
                }
                Err(mpsc::RecvTimeoutError::Timeout) if started.elapsed() < Duration::from_secs(10) => {
                    if tty {
                        eprint!("\r[{}/{STEPS}] waiting for the callback {}", self.n, spinner[tick % 4]);
                        let _ = std::io::stderr().flush();
                    }
                    tick += 1;
                }
                Err(_) => return Err(CliError::network("no callback arrived within 10 s", "loopback delivery failed")),
            }
        }
    }
}

fn headers_text(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .filter(|(n, _)| n.to_ascii_lowercase().starts_with("wechatpay-") || n.eq_ignore_ascii_case("request-id"))
        .map(|(n, v)| {
            let v = if v.len() > 60 { format!("{}… ({} chars)", &v[..44], v.len()) } else { v.clone() };
            format!("{n}: {v}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn deliver(url: &str, headers: &[(String, String)], body: &[u8]) -> CliResult<Response> {
    let (addr, path) = addr_of(url)?;
    http::send(addr, "POST", &path, headers, body)
}

pub fn run(args: &DemoArgs, json: bool) -> CliResult<u8> {
    let started = Instant::now();
    let merchant_key = PrivateKey::from_pem(MERCHANT_KEY).context("demo merchant key")?;
    let merchant_cert = Certificate::from_pem(MERCHANT_CERT).context("demo merchant certificate")?;
    let platform_cert = Certificate::from_pem(PLATFORM_CERT).context("demo platform certificate")?;
    let platform_key = PrivateKey::from_pem(PLATFORM_KEY).context("demo platform key")?;
    // One APIv3 key per run, shared by both sides as the merchant platform would.
    let apiv3_raw = nonce::generate().context("APIv3 key")?;

    let gateway = Arc::new(Gateway {
        merchant_cert: merchant_cert.clone(),
        signer: ResponseSigner::from_certificate(platform_key, &platform_cert).context("platform signer")?,
        apiv3: ApiV3Key::new(&apiv3_raw).context("APIv3 key")?,
        orders: Mutex::new(BTreeMap::new()),
        refunds: Mutex::new(BTreeMap::new()),
        delivered: Mutex::new(None),
    });
    let gw = gateway.clone();
    let wechatpay = Server::start(move |req| gw.handle(req))?;

    // The merchant: trusts the platform certificate, reads the clock from a
    // clock it can move forward (to replay a callback later).
    let merchant_clock = Clock::manual(clock::now());
    let store = TrustStore::new();
    store.add_certificate(platform_cert.clone());
    let verifier = Verifier::new(store, VerifierOptions { replay_window: 300, clock: merchant_clock.clone() });
    let parser = CallbackParser::new(verifier.clone(), ApiV3Key::new(&apiv3_raw).context("APIv3 key")?);
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let merchant = Server::start(move |req| merchant_notify(&parser, &tx, req))?;
    let signer = Signer::from_certificate(MCHID, merchant_key.clone(), &merchant_cert).context("merchant signer")?;
    let notify_url = format!("{}/notify", merchant.url());

    let mut steps = Steps { json, quiet: args.quiet, n: 0, ok: 0, log: Vec::new() };
    if !json {
        println!("wechatpay demo: a JSAPI payment against an in-process WeChat Pay on {}", wechatpay.url());
        println!("merchant {MCHID} (certificate {}), notify endpoint {notify_url}", merchant_cert.serial_no());
        println!("platform certificate {} signs every answer and callback", platform_cert.serial_no());
    }

    // 1. OAuth: the payer's openid.
    steps.start("OAuth: get the payer's openid");
    let oauth =
        pay_params::oauth2_authorize_url(APPID, &format!("{}/pay", merchant.url()), OAuthScope::Base, Some("demo"))
            .context("OAuth URL")?;
    steps.say(&format!(
        "the payer's browser opens:\n{oauth}\nWeChat redirects back with ?code=…; the code gives the openid (simulated)"
    ));
    let openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    steps.done(
        oauth.contains("snsapi_base") && oauth.contains("%2Fpay"),
        &format!("authorize URL built; openid {openid}"),
    );

    // 2. The order.
    steps.start("Order: POST /v3/pay/transactions/jsapi, signed");
    let out_trade_no = format!("DEMO{}", clock::now());
    let order = json!({
        "appid": APPID, "mchid": MCHID, "description": "Image形象店-深圳腾大-QQ公仔",
        "out_trade_no": out_trade_no, "notify_url": notify_url,
        "amount": { "total": 100, "currency": "CNY" }, "payer": { "openid": openid },
    })
    .to_string();
    let signed = signer.sign("POST", "/v3/pay/transactions/jsapi", &order).context("order signature")?;
    steps.bytes("signed message", &signed.message);
    steps.say(&format!("Authorization: {}", signed.authorization));
    let answer = http::send(
        wechatpay.addr,
        "POST",
        "/v3/pay/transactions/jsapi",
        &[("Authorization".into(), signed.authorization.clone()), ("Accept".into(), "application/json".into())],
        order.as_bytes(),
    )?;
    steps.say(&format!("WeChat Pay answered HTTP {}: {}", answer.status, answer.text()));
    steps.done(answer.status == 200, "WeChat Pay verified the request signature");

    // 3. prepay_id, from a verified answer.
    steps.start("prepay_id: verify WeChat Pay's answer");
    steps.say(&headers_text(&answer.headers));
    let verified = verifier.verify_pairs(&answer.headers, &answer.body);
    let prepay_id = serde_json::from_slice::<Value>(&answer.body)
        .ok()
        .and_then(|v| v.get("prepay_id").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default();
    steps.done(
        verified.is_ok() && !prepay_id.is_empty(),
        &match &verified {
            Ok(h) => format!("answer signed by platform certificate {}; prepay_id {prepay_id}", h.serial),
            Err(e) => e.to_string(),
        },
    );

    // 4. JSAPI parameters.
    steps.start("JSAPI parameters for WeixinJSBridge.invoke('getBrandWCPayRequest', …)");
    let params = pay_params::jsapi(&merchant_key, APPID, &prepay_id).context("JSAPI parameters")?;
    steps.say(&params.to_json());
    // WeChat (the payer's client) checks paySign with the merchant certificate.
    let pay_message = format!("{}\n{}\n{}\n{}\n", params.app_id, params.time_stamp, params.nonce_str, params.package);
    let pay_ok = merchant_cert.public_key().verify_sha256_base64(pay_message.as_bytes(), &params.pay_sign).is_ok();
    steps.bytes("paySign covers", &pay_message);
    steps.done(pay_ok, "paySign verifies with the merchant certificate");

    // 5 + 6. Payment and callback.
    steps.start("Payment: the payer confirms (simulated); WeChat Pay POSTs TRANSACTION.SUCCESS");
    let (url, headers, body) = gateway.pay(&out_trade_no)?;
    steps.say(&format!("POST {url}\n{}", headers_text(&headers)));
    steps.say(&format!("body ({} bytes): {}…", body.len(), String::from_utf8_lossy(&body[..body.len().min(120)])));
    let delivery = std::thread::spawn(move || deliver(&url, &headers, &body));
    steps.done(true, "order paid; callback sent (its resource is encrypted with the APIv3 key)");

    steps.start("Callback: received, verified, decrypted, acknowledged");
    let notice = steps.wait(&rx)?;
    let ack = delivery.join().map_err(|_| CliError::network("delivery thread failed", "retry"))??;
    let paid = match &notice {
        Notice::Accepted { event_type, id, resource } => {
            steps.say(&format!("{event_type} {id}: signature verified, resource decrypted:"));
            steps.say(&format!(
                "trade_state {}, transaction_id {}, amount {} fen",
                resource["trade_state"], resource["transaction_id"], resource["amount"]["total"]
            ));
            resource["trade_state"] == "SUCCESS"
        }
        Notice::Refused { kind, message } => {
            steps.say(&format!("refused: {kind}: {message}"));
            false
        }
    };
    steps.say(&format!("acknowledged: HTTP {} {}", ack.status, ack.text()));
    steps.done(paid && ack.status == 200, "callback accepted");

    // 7. Query.
    steps.start("Query the order: the front end's `ok` is never trusted");
    let query_url = format!("/v3/pay/transactions/out-trade-no/{out_trade_no}?mchid={MCHID}");
    let q = signer.sign("GET", &query_url, "").context("query signature")?;
    steps.say(&format!("GET {query_url}\nAuthorization: {}", q.authorization));
    let answer = http::send(wechatpay.addr, "GET", &query_url, &[("Authorization".into(), q.authorization)], b"")?;
    let state =
        serde_json::from_slice::<Value>(&answer.body).ok().map(|v| v["trade_state"].clone()).unwrap_or_default();
    let verified = verifier.verify_pairs(&answer.headers, &answer.body);
    steps.say(&format!("HTTP {}: trade_state {state}", answer.status));
    steps.done(verified.is_ok() && state == "SUCCESS", "answer verified; WeChat Pay says SUCCESS");

    // 8. Refund.
    steps.start("Refund: POST /v3/refund/domestic/refunds, signed");
    let out_refund_no = format!("R{out_trade_no}");
    let refund = json!({
        "out_trade_no": out_trade_no, "out_refund_no": out_refund_no, "reason": "demo", "notify_url": notify_url,
        "amount": { "refund": 100, "total": 100, "currency": "CNY" },
    })
    .to_string();
    let r = signer.sign("POST", "/v3/refund/domestic/refunds", &refund).context("refund signature")?;
    let answer = http::send(
        wechatpay.addr,
        "POST",
        "/v3/refund/domestic/refunds",
        &[("Authorization".into(), r.authorization)],
        refund.as_bytes(),
    )?;
    let verified = verifier.verify_pairs(&answer.headers, &answer.body);
    let status = serde_json::from_slice::<Value>(&answer.body).ok().map(|v| v["status"].clone()).unwrap_or_default();
    steps.say(&format!("HTTP {}: {}", answer.status, answer.text()));
    steps.done(verified.is_ok() && status == "PROCESSING", "answer verified; refund accepted (PROCESSING)");

    // 9. Refund callback.
    steps.start("Refund callback: REFUND.SUCCESS received, verified, decrypted");
    let (url, headers, body) = gateway.complete_refund(&out_refund_no)?;
    let delivery = std::thread::spawn(move || deliver(&url, &headers, &body));
    let notice = steps.wait(&rx)?;
    let ack = delivery.join().map_err(|_| CliError::network("delivery thread failed", "retry"))??;
    let refunded = match &notice {
        Notice::Accepted { event_type, resource, .. } => {
            steps.say(&format!(
                "{event_type}: refund_status {}, refund {} fen",
                resource["refund_status"], resource["amount"]["refund"]
            ));
            resource["refund_status"] == "SUCCESS"
        }
        Notice::Refused { kind, message } => {
            steps.say(&format!("refused: {kind}: {message}"));
            false
        }
    };
    steps.done(refunded && ack.status == 200, &format!("acknowledged: HTTP {}", ack.status));

    // 10. A probe.
    steps.start("Probe: WeChat Pay sends a WECHATPAY/SIGNTEST/ signature");
    let (url, headers, body) = gateway.probe(&notify_url)?;
    steps.say(&headers_text(&headers));
    let delivery = std::thread::spawn(move || deliver(&url, &headers, &body));
    let notice = steps.wait(&rx)?;
    let ack = delivery.join().map_err(|_| CliError::network("delivery thread failed", "retry"))??;
    let probe_refused = matches!(&notice, Notice::Refused { kind, .. } if kind == "SIGNATURE_PROBE");
    if let Notice::Refused { kind, message } = &notice {
        steps.say(&format!("merchant refused: {kind}: {message}"));
    }
    steps.done(probe_refused && ack.status != 200, &format!("probe refused with HTTP {}", ack.status));

    // 11. A replay.
    steps.start("Replay: the payment callback again, byte for byte, 10 minutes later");
    merchant_clock.advance(600).context("clock")?;
    let (headers, body) = lock(&gateway.delivered)
        .clone()
        .ok_or_else(|| CliError::network("nothing to replay", "run the payment first"))?;
    let delivery = std::thread::spawn(move || deliver(&notify_url, &headers, &body));
    let notice = steps.wait(&rx)?;
    let ack = delivery.join().map_err(|_| CliError::network("delivery thread failed", "retry"))??;
    let replay_refused = matches!(&notice, Notice::Refused { kind, .. } if kind == "TIMESTAMP_OUT_OF_WINDOW");
    if let Notice::Refused { kind, message } = &notice {
        steps.say(&format!("merchant refused: {kind}: {message}"));
    }
    steps.done(replay_refused && ack.status != 200, &format!("replay refused with HTTP {}", ack.status));

    let seconds = started.elapsed().as_secs_f64();
    let all = steps.ok == STEPS && steps.n == STEPS;
    let summary = format!(
        "demo: {}/{STEPS} steps verified in {seconds:.2} s: paid 100 fen, refunded 100 fen, probe and replay refused{}",
        steps.ok,
        if all { "" } else { " (SOME STEPS FAILED)" }
    );
    if json {
        println!(
            "{}",
            json!({"ok": all, "verified": steps.ok, "steps": steps.log, "seconds": seconds, "summary": summary})
        );
    } else {
        println!("\n{summary}");
    }
    Ok(if all { EXIT_OK } else { EXIT_REFUSED })
}
