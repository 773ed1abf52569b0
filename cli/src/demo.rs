//! `wechatpay demo`: a whole JSAPI payment on loopback, step by step.
//!
//! WeChat Pay is the simulator (`wechatpay-sim`, in-process on a free
//! 127.0.0.1 port, keys generated in a temporary directory). The merchant is a
//! small HTTP server whose notify endpoint is the core's `CallbackParser`; it
//! signs requests with `Signer` and verifies answers with `Verifier`. Every
//! step is a core call; the demo prints what went over the wire.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wechatpay_core::clock::{self, Clock};
use wechatpay_core::keys::ApiV3Key;
use wechatpay_core::pay_params::{self, OAuthScope};
use wechatpay_core::v3::notify::{Acknowledgement, CallbackParser};
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions};
use wechatpay_sim::Simulator;

use crate::DemoArgs;
use crate::http::{self, Request, Response, Server};
use crate::util::{CliError, CliResult, Context, EXIT_OK, EXIT_REFUSED, Message, visible_lines};

const STEPS: usize = 11;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What the merchant's notify endpoint saw.
enum Notice {
    Accepted { event_type: String, id: String, resource: Value },
    Refused { kind: String, message: String },
}

fn merchant_notify(
    parser: &CallbackParser,
    tx: &Mutex<Sender<Notice>>,
    seen: &Mutex<Option<Message>>,
    req: Request,
) -> Response {
    if req.method != "POST" || req.target != "/notify" {
        return Response::new(404, "");
    }
    let (notice, ack) = match parser.parse(&req.headers, &req.body) {
        Ok(event) => {
            lock(seen).get_or_insert_with(|| (req.headers.clone(), req.body.clone()));
            (
                Notice::Accepted {
                    event_type: event.event_type.clone(),
                    id: event.id.clone(),
                    resource: event.resource().unwrap_or(Value::Null),
                },
                Acknowledgement::success(),
            )
        }
        Err(e) => {
            (Notice::Refused { kind: e.kind().as_str().to_owned(), message: e.to_string() }, Acknowledgement::failure())
        }
    };
    let _ = lock(tx).send(notice);
    Response::new(ack.status, ack.body)
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

/// Waits for the next accepted callback, collecting the refusals before it (probes).
fn next_accepted(steps: &Steps, rx: &Receiver<Notice>, refused: &mut Vec<(String, String)>) -> CliResult<Notice> {
    loop {
        match steps.wait(rx)? {
            Notice::Refused { kind, message } => refused.push((kind, message)),
            accepted => return Ok(accepted),
        }
    }
}

fn answer_json(answer: &Response) -> Value {
    serde_json::from_slice(&answer.body).unwrap_or(Value::Null)
}

pub fn run(args: &DemoArgs, json: bool) -> CliResult<u8> {
    let started = Instant::now();
    // WeChat Pay: the simulator, keys generated in a temporary directory; every
    // callback is preceded by a WECHATPAY/SIGNTEST/ probe.
    let sim = Simulator::builder()
        .port(0)
        .probe_rate(1.0)
        .min_close_age(0)
        .retry_compression(1000)
        .start()
        .map_err(|e| CliError::network(format!("the simulator did not start: {e}"), "check loopback networking"))?;
    let keys = sim.keys();
    let info = sim.merchant();
    let (mchid, appid) = (info.mchid.clone(), info.appid.clone());

    // The merchant: trusts the platform certificate, reads the clock from a
    // clock it can move forward (to replay a callback later).
    let merchant_clock = Clock::manual(clock::now());
    let store = TrustStore::new();
    store.add_certificate(keys.platform_cert.clone());
    let verifier = Verifier::new(store, VerifierOptions { replay_window: 300, clock: merchant_clock.clone() });
    let parser = CallbackParser::new(verifier.clone(), ApiV3Key::new(&info.apiv3_key).context("APIv3 key")?);
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let seen = std::sync::Arc::new(Mutex::new(None::<Message>));
    let captured = seen.clone();
    let merchant = Server::start(move |req| merchant_notify(&parser, &tx, &captured, req))?;
    let signer = Signer::from_certificate(mchid.clone(), keys.merchant_key.clone(), &keys.merchant_cert)
        .context("merchant signer")?;
    let notify_url = format!("{}/notify", merchant.url());
    let wechatpay = sim.addr();

    let mut steps = Steps { json, quiet: args.quiet, n: 0, ok: 0, log: Vec::new() };
    if !json {
        println!("wechatpay demo: a JSAPI payment against the WeChat Pay simulator on {}", sim.base_url());
        println!("merchant {mchid} (certificate {}), notify endpoint {notify_url}", keys.merchant_cert.serial_no());
        println!("platform certificate {} signs every answer and callback", keys.platform_cert.serial_no());
    }

    // 1. OAuth: the payer's openid.
    steps.start("OAuth: get the payer's openid");
    let oauth =
        pay_params::oauth2_authorize_url(&appid, &format!("{}/pay", merchant.url()), OAuthScope::Base, Some("demo"))
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
        "appid": appid, "mchid": mchid, "description": "Image形象店-深圳腾大-QQ公仔",
        "out_trade_no": out_trade_no, "notify_url": notify_url,
        "amount": { "total": 100, "currency": "CNY" }, "payer": { "openid": openid },
    })
    .to_string();
    let signed = signer.sign("POST", "/v3/pay/transactions/jsapi", &order).context("order signature")?;
    steps.bytes("signed message", &signed.message);
    steps.say(&format!("Authorization: {}", signed.authorization));
    let answer = http::send(
        wechatpay,
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
    let prepay_id = answer_json(&answer)["prepay_id"].as_str().unwrap_or_default().to_owned();
    steps.done(
        verified.is_ok() && !prepay_id.is_empty(),
        &match &verified {
            Ok(h) => format!("answer signed by platform certificate {}; prepay_id {prepay_id}", h.serial),
            Err(e) => e.to_string(),
        },
    );

    // 4. JSAPI parameters.
    steps.start("JSAPI parameters for WeixinJSBridge.invoke('getBrandWCPayRequest', …)");
    let params = pay_params::jsapi(&keys.merchant_key, &appid, &prepay_id).context("JSAPI parameters")?;
    steps.say(&params.to_json());
    // WeChat (the payer's client) checks paySign with the merchant certificate.
    let pay_message = params.message();
    let pay_ok = params.verify(keys.merchant_cert.public_key()).is_ok();
    steps.bytes("paySign covers", &pay_message);
    steps.done(pay_ok, "paySign verifies with the merchant certificate");

    // 5. Payment.
    steps.start("Payment: the payer confirms (simulated); WeChat Pay POSTs TRANSACTION.SUCCESS");
    let paid = sim.pay(&out_trade_no).map_err(|e| CliError::network(format!("simulated payment: {e}"), "retry"))?;
    steps.say(&format!(
        "the order is {}; the callback goes to {notify_url} (its resource encrypted with the APIv3 key)",
        paid["trade_state"]
    ));
    steps.done(paid["trade_state"] == "SUCCESS", "order paid; callback queued");

    // 6. The callback.
    steps.start("Callback: received, verified, decrypted, acknowledged");
    let mut refused = Vec::new();
    let notice = next_accepted(&steps, &rx, &mut refused)?;
    let paid_ok = match &notice {
        Notice::Accepted { event_type, id, resource } => {
            if let Some((headers, body)) = lock(&seen).as_ref() {
                steps.say(&headers_text(headers));
                steps.say(&format!(
                    "body ({} bytes): {}…",
                    body.len(),
                    String::from_utf8_lossy(&body[..body.len().min(120)])
                ));
            }
            steps.say(&format!("{event_type} {id}: signature verified, resource decrypted:"));
            steps.say(&format!(
                "trade_state {}, transaction_id {}, amount {} fen",
                resource["trade_state"], resource["transaction_id"], resource["amount"]["total"]
            ));
            resource["trade_state"] == "SUCCESS"
        }
        Notice::Refused { .. } => false,
    };
    let ack = Acknowledgement::success();
    steps.say(&format!("acknowledged: HTTP {} {}", ack.status, ack.body));
    steps.done(paid_ok, "callback accepted");

    // 7. Query.
    steps.start("Query the order: the front end's `ok` is never trusted");
    let query_url = format!("/v3/pay/transactions/out-trade-no/{out_trade_no}?mchid={mchid}");
    let q = signer.sign("GET", &query_url, "").context("query signature")?;
    steps.say(&format!("GET {query_url}\nAuthorization: {}", q.authorization));
    let answer = http::send(wechatpay, "GET", &query_url, &[("Authorization".into(), q.authorization)], b"")?;
    let state = answer_json(&answer)["trade_state"].clone();
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
        wechatpay,
        "POST",
        "/v3/refund/domestic/refunds",
        &[("Authorization".into(), r.authorization)],
        refund.as_bytes(),
    )?;
    let verified = verifier.verify_pairs(&answer.headers, &answer.body);
    let status = answer_json(&answer)["status"].clone();
    steps.say(&format!("HTTP {}: {}", answer.status, answer.text()));
    steps.done(verified.is_ok() && answer.status == 200, &format!("answer verified; refund accepted ({status})"));

    // 9. Refund callback.
    steps.start("Refund callback: REFUND.SUCCESS received, verified, decrypted");
    sim.refund(&out_refund_no).map_err(|e| CliError::network(format!("simulated refund: {e}"), "retry"))?;
    let notice = next_accepted(&steps, &rx, &mut refused)?;
    let refunded = match &notice {
        Notice::Accepted { event_type, resource, .. } => {
            steps.say(&format!(
                "{event_type}: refund_status {}, refund {} fen",
                resource["refund_status"], resource["amount"]["refund"]
            ));
            resource["refund_status"] == "SUCCESS"
        }
        Notice::Refused { .. } => false,
    };
    steps.done(refunded, "refund callback accepted and acknowledged");

    // 10. The probes that came before each callback.
    steps.start("Probe: WeChat Pay sent a WECHATPAY/SIGNTEST/ signature before each callback");
    for (kind, message) in &refused {
        steps.say(&format!("merchant refused: {kind}: {message}"));
    }
    // The simulator's own count of what the merchant answered (bounded wait for deliveries to finish).
    let idle = sim.wait_idle(Duration::from_secs(5));
    let counted = sim.stats();
    let probes_ok = idle
        && !refused.is_empty()
        && refused.iter().all(|(kind, _)| kind == "SIGNATURE_PROBE")
        && counted.probes_accepted == 0
        && counted.probes_refused == refused.len() as u64
        && counted.acknowledged == 2;
    steps.done(
        probes_ok,
        &format!(
            "{} probe(s) refused, {} accepted; {} callbacks acknowledged",
            counted.probes_refused, counted.probes_accepted, counted.acknowledged
        ),
    );

    // 11. A replay.
    steps.start("Replay: the payment callback again, byte for byte, 10 minutes later");
    merchant_clock.advance(600).context("clock")?;
    let (headers, body) =
        lock(&seen).clone().ok_or_else(|| CliError::network("nothing to replay", "run the payment first"))?;
    let target = merchant.addr;
    let delivery = std::thread::spawn(move || http::send(target, "POST", "/notify", &headers, &body));
    let notice = steps.wait(&rx)?;
    let ack = delivery.join().map_err(|_| CliError::network("delivery thread failed", "retry"))??;
    let replay_refused = matches!(&notice, Notice::Refused { kind, .. } if kind == "TIMESTAMP_OUT_OF_WINDOW");
    if let Notice::Refused { kind, message } = &notice {
        steps.say(&format!("merchant refused: {kind}: {message}"));
    }
    steps.done(replay_refused && ack.status != 200, &format!("replay refused with HTTP {}", ack.status));

    let stats = sim.stats();
    let seconds = started.elapsed().as_secs_f64();
    let all = steps.ok == STEPS && steps.n == STEPS;
    let summary = format!(
        "demo: {}/{STEPS} steps verified in {seconds:.2} s: paid 100 fen, refunded 100 fen, probe and replay refused{}",
        steps.ok,
        if all { "" } else { " (SOME STEPS FAILED)" }
    );
    if json {
        let stats = serde_json::to_value(stats).unwrap_or(Value::Null);
        println!(
            "{}",
            json!({"ok": all, "verified": steps.ok, "steps": steps.log, "seconds": seconds, "simulator": stats, "summary": summary})
        );
    } else {
        println!("\n{summary}");
    }
    drop(merchant);
    sim.shutdown();
    Ok(if all { EXIT_OK } else { EXIT_REFUSED })
}
