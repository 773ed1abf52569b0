//! `explain`: where a failure comes from, in words.
//!
//! Every check is the core's (`ApiError::sign_information`,
//! `parse_authorization`, `Authorization::message`, `Verifier::verify_at`,
//! `decrypt_event`, `PublicKey::verify_sha256_base64`); this module only
//! compares their results and names the likely cause.

use std::path::PathBuf;

use serde_json::{Value, json};
use wechatpay_core::ErrorKind;
use wechatpay_core::api_error::{ApiError, SignInformation};
use wechatpay_core::keys::{ApiV3Key, Certificate};
use wechatpay_core::v3::notify::decrypt_event;
use wechatpay_core::v3::sign::{Authorization, build_message, parse_authorization};
use wechatpay_core::v3::verify::{
    PROBE_PREFIX, PUBLIC_KEY_ID_PREFIX, TrustedKey, Verifier, VerifierOptions, WechatpayHeaders,
};

use crate::util::{self, CliResult, Context, EXIT_OK, EXIT_REFUSED, TrustArgs, inline_or_file, visible};
use crate::{MessageInput, cmds};

#[derive(clap::Args, Debug)]
pub struct SignErrorArgs {
    /// WeChat Pay's answer: the SIGN_ERROR body (JSON), or the whole HTTP response
    #[arg(long, value_name = "FILE")]
    pub response: PathBuf,
    /// The exact message you signed (file), instead of --method/--url/--body/--authorization
    #[arg(long, value_name = "FILE", conflicts_with_all = ["method", "url"])]
    pub message: Option<PathBuf>,
    /// The method you signed
    #[arg(long, short = 'X', requires = "url")]
    pub method: Option<String>,
    /// The URL (path and query) you signed
    #[arg(long)]
    pub url: Option<String>,
    /// The body you signed: text, @FILE or -
    #[arg(long, short = 'd')]
    pub body: Option<String>,
    /// The Authorization header you sent: text or @FILE (gives your timestamp, nonce, serial, signature)
    #[arg(long)]
    pub authorization: Option<String>,
    /// Your merchant certificate apiclient_cert.pem (checks the serial and the key)
    #[arg(long, value_name = "FILE", env = "WECHATPAY_CERT_FILE")]
    pub cert: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct CallbackArgs {
    #[command(flatten)]
    pub input: MessageInput,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// APIv3 key: @FILE or - (default: WECHATPAY_APIV3_KEY); without it decryption is not checked
    #[arg(long, value_name = "@FILE|-")]
    pub apiv3_key: Option<String>,
    /// APIv2 key: @FILE or - (default: WECHATPAY_APIV2_KEY); lets explain spot swapped keys
    #[arg(long, value_name = "@FILE|-")]
    pub apiv2_key: Option<String>,
}

/// One line of a difference: where, and both sides made visible.
#[derive(Debug)]
struct Difference {
    offset: usize,
    line: usize,
    column: usize,
    theirs_line: String,
    yours_line: String,
    theirs_byte: String,
    yours_byte: String,
}

const PARTS: [&str; 5] = ["method", "url", "timestamp", "nonce", "body"];

fn part_of(line: usize) -> &'static str {
    PARTS.get(line).copied().unwrap_or("body")
}

fn describe_byte(byte: Option<u8>) -> String {
    match byte {
        None => "end of message".into(),
        Some(b'\n') => "\\n (line end)".into(),
        Some(b'\r') => "\\r (carriage return)".into(),
        Some(b' ') => "␠ (space, 0x20)".into(),
        Some(b'\t') => "\\t (tab)".into(),
        Some(b) if b.is_ascii_graphic() => format!("'{}' (0x{b:02X})", b as char),
        Some(b) => format!("0x{b:02X}"),
    }
}

/// The line of `text` holding byte `at`, as (line number, start, end).
fn line_at(text: &[u8], at: usize) -> (usize, usize, usize) {
    let at = at.min(text.len());
    let line = text[..at].iter().filter(|&&b| b == b'\n').count();
    let start = text[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let end = text[at..].iter().position(|&b| b == b'\n').map_or(text.len(), |p| at + p);
    (line, start, end)
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn first_difference(theirs: &[u8], total: u64, yours: &[u8]) -> Option<Difference> {
    let common = theirs.iter().zip(yours).position(|(a, b)| a != b);
    let at = match common {
        Some(at) => at,
        None if yours.len() == theirs.len() && total == theirs.len() as u64 => return None,
        None if yours.len() < theirs.len() => yours.len(),
        // WeChat Pay echoed only a prefix: equal lengths mean nothing visible differs.
        None if (theirs.len() as u64) < total && yours.len() as u64 == total => return None,
        None => theirs.len(),
    };
    let (line, t_start, t_end) = line_at(theirs, at);
    let (_, y_start, y_end) = line_at(yours, at);
    Some(Difference {
        offset: at,
        line: line + 1,
        column: at - t_start + 1,
        theirs_line: lossy(&theirs[t_start..t_end]),
        yours_line: lossy(&yours[y_start.min(yours.len())..y_end.min(yours.len())]),
        theirs_byte: if at < theirs.len() {
            describe_byte(theirs.get(at).copied())
        } else if (theirs.len() as u64) < total {
            "(not echoed: WeChat Pay cut its echo here)".into()
        } else {
            describe_byte(None)
        },
        yours_byte: describe_byte(yours.get(at).copied()),
    })
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn lines_of(message: &str) -> Vec<&str> {
    message.split('\n').collect()
}

/// The body part of a message: everything after the fourth line break,
/// without the final one (when the message is complete).
fn body_of(message: &str, complete: bool) -> String {
    let mut rest = message;
    for _ in 0..4 {
        match rest.find('\n') {
            Some(at) => rest = &rest[at + 1..],
            None => return String::new(),
        }
    }
    let body = if complete { rest.strip_suffix('\n').unwrap_or(rest) } else { rest };
    body.to_owned()
}

fn strip_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Names the cause of a difference in `part`.
fn cause_of(part: &str, theirs: &str, yours: &str, complete: bool, diff: &Difference) -> (String, String) {
    let t_lines = lines_of(theirs);
    let y_lines = lines_of(yours);
    let t = t_lines.get(diff.line - 1).copied().unwrap_or("");
    let y = y_lines.get(diff.line - 1).copied().unwrap_or("");
    match part {
        "method" if t.eq_ignore_ascii_case(y) => (
            format!("wrong method case: you signed `{y}`, WeChat Pay verifies the method as sent, `{t}`"),
            "sign the HTTP method in upper case, exactly as the request line carries it".into(),
        ),
        "method" => {
            (format!("wrong method: you signed `{y}` but sent `{t}`"), "sign the method of the request you send".into())
        }
        "url" if y.starts_with("http://") || y.starts_with("https://") => (
            "you signed the full URL; WeChat Pay signs only the path and query".into(),
            "sign `/v3/...?query` without scheme and host".into(),
        ),
        "url" if percent_decode(t) == percent_decode(y) => {
            let at = diff.column.saturating_sub(1);
            let snippet = |s: &str| s.get(at..).unwrap_or("").chars().take(3).collect::<String>();
            (
                format!(
                    "query re-encoded: the same URL with another percent-encoding (WeChat Pay saw `{}`, you signed `{}`, e.g. `%2B` vs `+`)",
                    snippet(t),
                    snippet(y)
                ),
                "sign the path and query byte for byte as they go on the wire: encode once, and sign the encoded string".into(),
            )
        }
        "url" => {
            let sorted = |s: &str| {
                let (path, query) = s.split_once('?').unwrap_or((s, ""));
                let mut q: Vec<&str> = query.split('&').collect();
                q.sort_unstable();
                (path.to_owned(), q.join("&"))
            };
            if sorted(t) == sorted(y) {
                (
                    "query parameters in another order than sent".into(),
                    "sign the query string exactly as sent (same order)".into(),
                )
            } else {
                (
                    format!("you signed another URL: `{}` instead of `{}`", visible(y), visible(t)),
                    "sign the path and query of the request you send".into(),
                )
            }
        }
        "timestamp" | "nonce" => (
            format!("the {part} in your Authorization header is not the one you signed"),
            format!(
                "put the same {part} in the message and in the Authorization header (sign once, send what you signed)"
            ),
        ),
        _ => {
            let tb = body_of(theirs, complete);
            let yb = body_of(yours, true);
            let reserialised = match (serde_json::from_str::<Value>(&tb), serde_json::from_str::<Value>(&yb)) {
                (Ok(a), Ok(b)) => a == b,
                _ => !complete && strip_whitespace(&yb).starts_with(&strip_whitespace(&tb)) && !tb.is_empty(),
            };
            if tb.is_empty() && !yb.is_empty() {
                (
                    "you signed a body, but the request WeChat Pay received had none".into(),
                    "sign an empty body for GET/DELETE without body, or send the body you signed".into(),
                )
            } else if yb.is_empty() && !tb.is_empty() {
                (
                    "the request carried a body you did not sign (you signed an empty body)".into(),
                    "sign the exact body bytes you send".into(),
                )
            } else if reserialised {
                (
                    "body re-serialised: the same JSON as other bytes (whitespace, key order or escaping differ)"
                        .into(),
                    "serialise the body once, sign those bytes and send those same bytes".into(),
                )
            } else if tb.trim_end() == yb.trim_end() || tb.replace("\r\n", "\n") == yb.replace("\r\n", "\n") {
                (
                    "the body differs only in line ends or trailing whitespace".into(),
                    "sign the exact body bytes you send (no added newline, no CRLF conversion)".into(),
                )
            } else {
                ("you signed other body bytes than WeChat Pay received".into(), "sign the exact body you send".into())
            }
        }
    }
}

fn read_response(path: &std::path::Path) -> CliResult<Vec<u8>> {
    let bytes = util::read_bytes(path)?;
    if bytes.starts_with(b"HTTP/") {
        return Ok(util::http_message(path)?.1);
    }
    Ok(bytes)
}

fn merchant_like(cert: &Certificate) -> bool {
    cert.subject()
        .split(',')
        .filter_map(|part| part.trim().strip_prefix("CN="))
        .any(|cn| !cn.is_empty() && cn.bytes().all(|b| b.is_ascii_digit()))
}

pub fn sign_error(args: &SignErrorArgs, json: bool) -> CliResult<u8> {
    let body = read_response(&args.response)?;
    let err = ApiError::parse(Some(401), &body).context("WeChat Pay's answer")?;
    if err.code != "SIGN_ERROR" {
        let info = err.info();
        let cause = format!("this answer is {}, not SIGN_ERROR: the signature was accepted", err.code);
        if json {
            println!("{}", json!({"code": err.code, "cause": cause, "catalogue": info.map(|i| i.meaning)}));
        } else {
            println!("{cause}");
            if let Some(info) = info {
                println!("meaning: {}\naction: {}", info.meaning, info.action);
            }
        }
        return Ok(EXIT_REFUSED);
    }
    let auth: Option<Authorization> = match &args.authorization {
        Some(a) => Some(parse_authorization(inline_or_file(a)?.trim()).context("your Authorization header")?),
        None => None,
    };
    let info: Option<SignInformation> = err.sign_information();
    let yours: Option<String> = if let Some(path) = &args.message {
        Some(util::read_text(path)?)
    } else if let (Some(method), Some(url)) = (&args.method, &args.url) {
        let body = match &args.body {
            Some(b) => inline_or_file(b)?,
            None => String::new(),
        };
        match (&auth, &info) {
            (Some(auth), _) => Some(lossy(&auth.message(method, url, body.as_bytes()))),
            (None, Some(info)) => {
                // Without your header, take timestamp and nonce from WeChat Pay's echo.
                let lines = lines_of(&info.truncated_sign_message);
                let ts = lines.get(2).and_then(|t| t.parse::<i64>().ok()).unwrap_or(0);
                Some(build_message(method, url, ts, lines.get(3).copied().unwrap_or(""), &body))
            }
            (None, None) => None,
        }
    } else {
        None
    };

    let mut out = Report::new(json);
    out.title("SIGN_ERROR: WeChat Pay could not verify your request's signature");
    let Some(info) = info else {
        out.line("the answer has no detail.sign_information: WeChat Pay did not echo its message");
        out.cause(
            "unknown: compare your message with the one WeChat Pay builds (method, path+query, timestamp, nonce, body)",
            "run `wechatpay sign` on the same request and compare",
        );
        out.finish(None);
        return Ok(EXIT_REFUSED);
    };
    let complete = info.sign_message_length == info.truncated_sign_message.len() as u64;
    out.line(&format!(
        "WeChat Pay verified {} {} ({} bytes{}):",
        info.method,
        info.url,
        info.sign_message_length,
        if complete { "" } else { ", echo cut short" }
    ));
    out.message("theirs", &info.truncated_sign_message);
    let Some(yours) = yours else {
        out.cause(
            "cannot compare: pass what you signed",
            "pass --message FILE, or --method --url --body and --authorization",
        );
        out.finish(None);
        return Ok(EXIT_REFUSED);
    };
    out.message("yours", &yours);
    let diff = first_difference(info.truncated_sign_message.as_bytes(), info.sign_message_length, yours.as_bytes());
    if let Some(diff) = &diff {
        let part = part_of(diff.line - 1);
        out.difference(diff, part);
        let (cause, advice) = cause_of(part, &info.truncated_sign_message, &yours, complete, diff);
        out.part = Some(part);
        out.cause(&cause, &advice);
        out.finish(Some(diff));
        return Ok(EXIT_REFUSED);
    }
    out.line("the messages are identical: the signature, the key or the serial is wrong");
    out.part = Some("signature");
    match (&auth, &args.cert) {
        (Some(auth), Some(cert_path)) => {
            let cert = util::certificate(cert_path)?;
            if auth.serial_no != cert.serial_no() {
                out.cause(
                    &format!(
                        "wrong serial: your Authorization says serial_no=\"{}\", but your merchant certificate's serial is {}",
                        auth.serial_no,
                        cert.serial_no()
                    ),
                    "send the serial of the merchant certificate of the key you sign with (`wechatpay cert apiclient_cert.pem`)",
                );
            } else if cert.public_key().verify_sha256_base64(yours.as_bytes(), &auth.signature).is_err() {
                out.cause(
                    &format!(
                        "wrong key: the signature does not verify with merchant certificate {}: it was made with another private key",
                        cert.serial_no()
                    ),
                    "sign with apiclient_key.pem, the private key of the certificate whose serial you send (not the platform key, not an old key)",
                );
            } else {
                out.cause(
                    &format!(
                        "your side is consistent (serial {} matches, the signature verifies): WeChat Pay knows another certificate for this serial or merchant id",
                        cert.serial_no()
                    ),
                    "check mchid and that this certificate is the one active in the merchant platform (API security)",
                );
            }
        }
        (Some(auth), None) => out.cause(
            &format!("the message is right; the key or the serial ({}) is wrong", auth.serial_no),
            "pass --cert apiclient_cert.pem to tell which",
        ),
        (None, _) => out.cause(
            "the message is right; the key or the serial is wrong",
            "pass --authorization (the header you sent) and --cert apiclient_cert.pem to tell which",
        ),
    }
    out.finish(None);
    Ok(EXIT_REFUSED)
}

/// Collects a report, prints it as text as it goes, or as one JSON object.
struct Report {
    json: bool,
    lines: Vec<String>,
    messages: serde_json::Map<String, Value>,
    checks: Vec<Value>,
    part: Option<&'static str>,
    cause: Option<(String, String)>,
}

impl Report {
    fn new(json: bool) -> Self {
        Report { json, lines: Vec::new(), messages: Default::default(), checks: Vec::new(), part: None, cause: None }
    }

    fn title(&mut self, text: &str) {
        if !self.json {
            println!("{text}");
        }
    }

    fn line(&mut self, text: &str) {
        if !self.json {
            println!("{text}");
        }
        self.lines.push(text.to_owned());
    }

    fn message(&mut self, name: &str, message: &str) {
        if !self.json {
            println!("  {name}:");
            print!("{}", util::visible_lines(message, "    | "));
        }
        self.messages.insert(name.to_owned(), message.into());
    }

    fn check(&mut self, name: &str, ok: Option<bool>, detail: &str) {
        if !self.json {
            let mark = match ok {
                Some(true) => "ok  ",
                Some(false) => "FAIL",
                None => "skip",
            };
            println!("  [{mark}] {name:<12} {detail}");
        }
        self.checks.push(json!({"check": name, "ok": ok, "detail": detail}));
    }

    fn difference(&mut self, diff: &Difference, part: &str) {
        if self.json {
            return;
        }
        println!(
            "first difference: byte {} (line {}, the {part}, column {}): WeChat Pay has {}, you have {}",
            diff.offset, diff.line, diff.column, diff.theirs_byte, diff.yours_byte
        );
        let caret = |line: &str| {
            let prefix: String = line.as_bytes().get(..diff.column - 1).map(lossy).unwrap_or_else(|| line.to_owned());
            " ".repeat(visible(&prefix).chars().count())
        };
        println!("    theirs | {}", visible(&diff.theirs_line));
        println!("    yours  | {}", visible(&diff.yours_line));
        println!("             {}^", caret(&diff.theirs_line));
    }

    fn cause(&mut self, cause: &str, advice: &str) {
        if !self.json {
            println!("cause: {cause}");
            println!("fix: {advice}");
        }
        self.cause = Some((cause.to_owned(), advice.to_owned()));
    }

    fn finish(self, diff: Option<&Difference>) {
        if !self.json {
            return;
        }
        let (cause, advice) = self.cause.clone().unwrap_or_default();
        let mut out = json!({
            "part": self.part,
            "cause": cause,
            "fix": advice,
            "identical": diff.is_none() && self.messages.len() == 2,
            "messages": self.messages,
        });
        if let Some(d) = diff {
            out["first_difference"] = json!({
                "offset": d.offset, "line": d.line, "column": d.column,
                "theirs_line": d.theirs_line, "yours_line": d.yours_line,
                "theirs_byte": d.theirs_byte, "yours_byte": d.yours_byte,
            });
        }
        if !self.checks.is_empty() {
            out["checks"] = Value::Array(self.checks);
        }
        println!("{out}");
    }
}

pub fn callback(args: &CallbackArgs, json: bool) -> CliResult<u8> {
    let (pairs, body) = cmds::message_of(&args.input)?;
    let now = args.trust.now()?;
    let window = args.trust.window;
    let mut out = Report::new(json);
    out.title(&format!("callback checks (now {}, replay window {window} s):", util::rfc3339(now)));
    let verdict = callback_checks(args, &pairs, &body, now, window, &mut out)?;
    if !json {
        println!("verdict: {}", if verdict { "ACCEPTED: every check passed" } else { "REFUSED" });
    }
    let accepted = verdict;
    if json {
        let (cause, fix) = out.cause.clone().unwrap_or_default();
        println!(
            "{}",
            json!({"verdict": if accepted {"accepted"} else {"refused"}, "part": out.part, "cause": cause, "fix": fix, "checks": out.checks})
        );
    }
    Ok(if accepted { EXIT_OK } else { EXIT_REFUSED })
}

/// Runs the checks in WeChat Pay's order; returns whether the callback is accepted.
fn callback_checks(
    args: &CallbackArgs,
    pairs: &[(String, String)],
    body: &[u8],
    now: i64,
    window: u64,
    out: &mut Report,
) -> CliResult<bool> {
    let headers = match WechatpayHeaders::from_pairs(pairs) {
        Ok(h) => {
            out.check(
                "headers",
                Some(true),
                &format!("Wechatpay-Serial {}, Wechatpay-Timestamp {}", h.serial, h.timestamp),
            );
            h
        }
        Err(e) => {
            out.check("headers", Some(false), &e.to_string());
            out.part = Some("headers");
            out.cause(
                &format!("{e}: the headers did not reach your handler as sent"),
                "read the Wechatpay-* request headers (PHP: $_SERVER['HTTP_WECHATPAY_SIGNATURE']); check that no proxy strips them",
            );
            return Ok(false);
        }
    };
    if headers.signature.starts_with(PROBE_PREFIX) {
        out.check("probe", Some(false), "the signature is a WECHATPAY/SIGNTEST/ probe");
        out.part = Some("probe");
        out.cause(
            "this is WeChat Pay's signature probe: it checks that you refuse unverified callbacks",
            "refusing it is correct: answer with a non-2xx status (the core does)",
        );
        return Ok(false);
    }
    out.check("probe", Some(true), "not a signature probe");
    let mut accepted = true;
    let mut clock_cause: Option<(String, String)> = None;
    match headers.timestamp() {
        Ok(ts) => {
            let offset = now - ts;
            let ok = offset.unsigned_abs() <= window;
            let direction = if offset >= 0 { "ahead of" } else { "behind" };
            out.check(
                "clock",
                Some(ok),
                &format!("measured offset {offset:+} s: your clock is {} s {direction} Wechatpay-Timestamp (window {window} s)", offset.abs()),
            );
            if !ok {
                accepted = false;
                clock_cause = Some((
                    format!(
                        "clock skew: the receiver's clock is {} s {direction} the callback's timestamp ({offset:+} s, beyond the {window} s window)",
                        offset.abs()
                    ),
                    "fix the server clock (NTP); a callback saved long ago is a replay: pass --now with the time it was received".into(),
                ));
            }
        }
        Err(e) => {
            out.check("clock", Some(false), &e.to_string());
            out.cause(&e.to_string(), "pass Wechatpay-Timestamp as received");
            return Ok(false);
        }
    }
    let store = args.trust.store()?;
    let merchant_certs: Vec<Certificate> = store.certificates().into_iter().filter(merchant_like).collect();
    let trusted = store.get(&headers.serial);
    let signed_at = headers.timestamp().unwrap_or(now);
    match &trusted {
        None => {
            out.check(
                "serial",
                Some(false),
                &format!("{} is not among your keys ({})", headers.serial, store.serials().join(", ")),
            );
            out.part = Some("serial");
            if let Some(m) = merchant_certs.first() {
                out.cause(
                    &format!(
                        "merchant certificate instead of platform certificate: you configured your own certificate {} (subject {}) where WeChat Pay's platform certificate {} belongs",
                        m.serial_no(),
                        m.subject(),
                        headers.serial
                    ),
                    "configure the WeChat Pay platform certificate (`wechatpay cert download`) or the WeChat Pay public key, not apiclient_cert.pem",
                );
            } else if headers.serial.starts_with(PUBLIC_KEY_ID_PREFIX) {
                out.cause(
                    &format!("WeChat Pay signs with its public key {}, which you have not configured", headers.serial),
                    "pass --public-key pub_key.pem --public-key-id with that id (merchant platform: API security)",
                );
            } else {
                out.cause(
                    &format!("platform certificate {} is not configured (new or rotated certificate)", headers.serial),
                    "download the current platform certificates (`wechatpay cert download`) and add them",
                );
            }
            return Ok(false);
        }
        Some(TrustedKey::Certificate(cert)) => {
            let valid = cert.is_valid_at(now);
            out.check("serial", Some(true), &format!("certificate {} ({})", cert.serial_no(), cert.subject()));
            out.check(
                "validity",
                Some(valid),
                &format!("valid {} .. {}", util::rfc3339(cert.not_before()), util::rfc3339(cert.not_after())),
            );
            if !valid {
                accepted = false;
                out.part = Some("validity");
                out.cause(
                    &format!("platform certificate {} is expired or not yet valid", cert.serial_no()),
                    "download the current platform certificates (`wechatpay cert download`)",
                );
            }
        }
        Some(TrustedKey::PublicKey(_)) => {
            out.check("serial", Some(true), &format!("WeChat Pay public key {}", headers.serial));
        }
    }
    // The signature alone: verified with the clock set to the signed timestamp.
    let verifier = Verifier::new(store.clone(), VerifierOptions { replay_window: window, ..Default::default() });
    match verifier.verify_at(&headers, body, signed_at) {
        Ok(()) => out.check("signature", Some(true), "RSA-SHA256 over timestamp\\nnonce\\nbody\\n verifies"),
        Err(e) if e.kind() == ErrorKind::CertificateNotValid => {
            out.check("signature", None, "not checked: the certificate was not valid when it was signed");
            accepted = false;
        }
        Err(e) => {
            out.check("signature", Some(false), &e.to_string());
            out.part = Some("signature");
            let trusted_is_merchant = matches!(&trusted, Some(TrustedKey::Certificate(c)) if merchant_like(c));
            if trusted_is_merchant {
                out.cause(
                    "merchant certificate instead of platform certificate: the key configured for this serial is a merchant certificate",
                    "configure the WeChat Pay platform certificate (`wechatpay cert download`), not apiclient_cert.pem",
                );
            } else if e.kind() == ErrorKind::SignatureMalformed {
                out.cause(&e.to_string(), "pass Wechatpay-Signature exactly as received");
            } else {
                let pretty = serde_json::from_slice::<Value>(body).is_ok() && body.contains(&b'\n');
                out.cause(
                    if pretty {
                        "the body bytes are not the ones WeChat Pay signed: it looks re-serialised (pretty-printed), or a byte changed"
                    } else {
                        "the body bytes are not the ones WeChat Pay signed (re-serialised or re-encoded JSON, a changed byte), or another key signed it"
                    },
                    "verify the raw request body exactly as received (read it before any JSON parsing), with the platform certificate of Wechatpay-Serial",
                );
            }
            return Ok(false);
        }
    }
    if let Some((cause, fix)) = clock_cause {
        out.part = Some("clock");
        out.cause(&cause, &fix);
    }
    // Decryption.
    let v3 = util::secret(args.apiv3_key.as_deref(), "WECHATPAY_APIV3_KEY", "APIv3 key")?;
    let v2 = util::secret(args.apiv2_key.as_deref(), "WECHATPAY_APIV2_KEY", "APIv2 key")?;
    let Some(v3) = v3 else {
        out.check("decrypt", None, "not checked: no APIv3 key (--apiv3-key @FILE or WECHATPAY_APIV3_KEY)");
        return Ok(accepted);
    };
    let key = match ApiV3Key::new(v3.as_bytes()) {
        Ok(key) => key,
        Err(e) => {
            out.check("decrypt", Some(false), &e.to_string());
            out.part = Some("decrypt");
            out.cause(
                &format!("the APIv3 key is {} bytes, not 32: it is not an APIv3 key", v3.len()),
                "use the 32-character APIv3 key set in the merchant platform (API security), not the APIv2 key or a hex digest",
            );
            return Ok(false);
        }
    };
    match decrypt_event(body, &key) {
        Ok(event) => {
            out.check(
                "decrypt",
                Some(true),
                &format!("{} ({}) decrypted: {} bytes", event.event_type, event.original_type, event.plaintext().len()),
            );
            Ok(accepted)
        }
        Err(e) => {
            out.check("decrypt", Some(false), &e.to_string());
            out.part = Some("decrypt");
            if e.kind() == ErrorKind::DecryptFailed {
                let swapped = v2
                    .as_deref()
                    .and_then(|v2| ApiV3Key::new(v2.as_bytes()).ok())
                    .is_some_and(|k| decrypt_event(body, &k).is_ok());
                if v2.as_deref() == Some(v3.as_str()) {
                    out.cause(
                        "APIv2 key used as APIv3 key: the key you pass as APIv3 key is your APIv2 key (GCM tag failure)",
                        "use the APIv3 key (merchant platform: API security, APIv3 key), a different 32-character secret",
                    );
                } else if swapped {
                    out.cause(
                        "APIv2 key used as APIv3 key: the keys are swapped; what you call the APIv2 key decrypts this callback",
                        "swap WECHATPAY_APIV3_KEY and WECHATPAY_APIV2_KEY",
                    );
                } else {
                    out.cause(
                        "wrong APIv3 key: the GCM tag does not verify (the signature did, so the body is intact)",
                        "use the APIv3 key of this merchant (not the APIv2 key, not another merchant's); reset it in the merchant platform if unknown",
                    );
                }
            } else {
                out.cause(&e.to_string(), util::hint(e.kind()));
            }
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_located() {
        let d = first_difference(b"POST\n/v3/a\n", 11, b"post\n/v3/a\n").unwrap_or_else(|| unreachable!());
        assert_eq!((d.offset, d.line, d.column), (0, 1, 1));
        let d = first_difference(b"GET\n/a?x=%2B\n", 13, b"GET\n/a?x=+\n").unwrap_or_else(|| unreachable!());
        assert_eq!((d.line, d.column), (2, 6));
        assert!(first_difference(b"abc", 3, b"abc").is_none());
        assert!(first_difference(b"ab", 3, b"abc").is_none());
        assert!(first_difference(b"ab", 3, b"abcd").is_some());
        assert_eq!(percent_decode("a%2Bb"), b"a+b");
    }
}
