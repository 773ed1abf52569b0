//! `wechatpay sandbox` (the simulator in the foreground), `sandbox pay`, and
//! `explain` on real SIGN_ERROR answers of the simulator for each common mistake.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use serde_json::Value;
use wechatpay_core::clock;
use wechatpay_core::keys::PrivateKey;
use wechatpay_core::v3::sign::{SCHEME, Signer};

struct Sandbox {
    child: Child,
    url: String,
    info: Value,
    keys: PathBuf,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sandbox() -> Sandbox {
    let keys = tmp().join("keys");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wechatpay"))
        .args(["--json", "sandbox", "--port", "0", "--keys-dir", keys.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    // The first line says where it listens (printed once it is bound).
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(line.trim()).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    let url = info["url"].as_str().unwrap().to_owned();
    Sandbox { child, url, info, keys }
}

impl Sandbox {
    fn key(&self) -> PrivateKey {
        PrivateKey::from_pem_file(self.keys.join("apiclient_key.pem")).unwrap()
    }

    fn signer(&self, serial: &str, key: PrivateKey) -> Signer {
        Signer::new(self.info["mchid"].as_str().unwrap(), serial, key).unwrap()
    }

    fn serial(&self) -> String {
        self.info["merchant_serial_no"].as_str().unwrap().to_owned()
    }

    /// One raw HTTP request: the target and body go on the wire exactly as given.
    fn send(&self, method: &str, target: &str, authorization: &str, body: &str) -> (u16, String) {
        let addr = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let request = format!(
            "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {authorization}\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_owned())
    }

    /// Sends a request with a mistake; explains WeChat Pay's (the simulator's) SIGN_ERROR answer.
    fn explain(&self, sent: (&str, &str, &str), signed: (&str, &str, &str), authorization: &str) -> Value {
        let (status, answer) = self.send(sent.0, sent.1, authorization, sent.2);
        assert_eq!(status, 401, "{answer}");
        let dir = tmp();
        let response = write(&dir, "answer.json", &answer);
        let body = write(&dir, "body", signed.2);
        let auth = write(&dir, "auth", authorization);
        let run = wechatpay([
            "--json",
            "explain",
            "sign-error",
            "--response",
            response.to_str().unwrap(),
            "-X",
            signed.0,
            "--url",
            signed.1,
            "--body",
            &at(&body),
            "--authorization",
            &at(&auth),
            "--cert",
            self.keys.join("apiclient_cert.pem").to_str().unwrap(),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.json()
    }
}

#[test]
fn explain_names_the_cause_of_each_mistake_on_real_sign_errors() {
    let sim = sandbox();
    let now = clock::now();
    let signer = sim.signer(&sim.serial(), sim.key());
    let order = |no: &str, pretty: bool| {
        let v = serde_json::json!({
            "appid": sim.info["appid"], "mchid": sim.info["mchid"], "description": "demo", "out_trade_no": no,
            "notify_url": "http://127.0.0.1:9/notify", "amount": {"total": 1, "currency": "CNY"},
            "payer": {"openid": "o1"},
        });
        if pretty { serde_json::to_string_pretty(&v).unwrap() } else { v.to_string() }
    };
    let jsapi = "/v3/pay/transactions/jsapi";

    // Body re-serialised: signed pretty-printed, sent compact.
    let (pretty, compact) = (order("ORDER0001", true), order("ORDER0001", false));
    let a = signer.sign_at("POST", jsapi, &pretty, now).unwrap().authorization;
    let r = sim.explain(("POST", jsapi, &compact), ("POST", jsapi, &pretty), &a);
    assert_eq!(r["part"], "body", "{r}");
    assert!(r["cause"].as_str().unwrap().starts_with("body re-serialised"), "{r}");

    // Wrong method case.
    let message = format!("post\n{jsapi}\n{now}\nn0nce\n{compact}\n");
    let sig = sim.key().sign_sha256_base64(message.as_bytes()).unwrap();
    let a = format!(
        "{SCHEME} mchid=\"{}\",serial_no=\"{}\",timestamp=\"{now}\",nonce_str=\"n0nce\",signature=\"{sig}\"",
        sim.info["mchid"].as_str().unwrap(),
        sim.serial()
    );
    let r = sim.explain(("POST", jsapi, &compact), ("post", jsapi, &compact), &a);
    assert!(r["cause"].as_str().unwrap().starts_with("wrong method case"), "{r}");

    // Query re-encoded.
    let mchid = sim.info["mchid"].as_str().unwrap();
    let signed_url = format!("/v3/pay/transactions/out-trade-no/A%2BB?mchid={mchid}");
    let sent_url = format!("/v3/pay/transactions/out-trade-no/A+B?mchid={mchid}");
    let a = signer.sign_at("GET", &signed_url, "", now).unwrap().authorization;
    let r = sim.explain(("GET", &sent_url, ""), ("GET", &signed_url, ""), &a);
    assert!(r["cause"].as_str().unwrap().starts_with("query re-encoded"), "{r}");

    // Wrong serial: the platform serial in place of the merchant's.
    let platform = sim.info["platform_serial_no"].as_str().unwrap();
    let a = sim.signer(platform, sim.key()).sign_at("POST", jsapi, &compact, now).unwrap().authorization;
    let r = sim.explain(("POST", jsapi, &compact), ("POST", jsapi, &compact), &a);
    assert!(r["cause"].as_str().unwrap().starts_with("wrong serial"), "{r}");

    // Wrong key: another private key under the right serial.
    let other = PrivateKey::from_pem_file(vector("keys/other_key.pem")).unwrap();
    let a = sim.signer(&sim.serial(), other).sign_at("POST", jsapi, &compact, now).unwrap().authorization;
    let r = sim.explain(("POST", jsapi, &compact), ("POST", jsapi, &compact), &a);
    assert!(r["cause"].as_str().unwrap().starts_with("wrong key"), "{r}");

    // A correct order goes through; `sandbox pay` and `stats` drive the running simulator.
    let a = signer.sign_at("POST", jsapi, &compact, now).unwrap().authorization;
    let (status, answer) = sim.send("POST", jsapi, &a, &compact);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("prepay_id"));
    let run = wechatpay(["--json", "sandbox", "pay", "ORDER0001", "--url", &sim.url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["trade_state"], "SUCCESS", "{}", run.stdout);
    let run = wechatpay(["--json", "sandbox", "pay", "NO_SUCH_ORDER", "--url", &sim.url]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    // `cert download` through the client: the authenticated bootstrap against the simulator.
    let merchant: Value =
        serde_json::from_str(&std::fs::read_to_string(sim.keys.join("merchant.json")).unwrap()).unwrap();
    let out = tmp().join("certs");
    let key_file = sim.keys.join("apiclient_key.pem");
    let env = [
        ("WECHATPAY_MCHID", sim.info["mchid"].as_str().unwrap()),
        ("WECHATPAY_SERIAL", sim.info["merchant_serial_no"].as_str().unwrap()),
        ("WECHATPAY_KEY_FILE", key_file.to_str().unwrap()),
        ("WECHATPAY_APIV3_KEY", merchant["apiv3_key"].as_str().unwrap()),
    ];
    let run = run_with(["--json", "cert", "download", "--out", out.to_str().unwrap(), "--url", &sim.url], &env, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed = run.json();
    assert!(listed.as_array().unwrap().iter().any(|c| c["serial_no"] == sim.info["platform_serial_no"]), "{listed}");
    let file = out.join(format!("wechatpay_{}.pem", platform));
    let shown = wechatpay(["--json", "cert", file.to_str().unwrap()]).json();
    assert_eq!(shown["serial_no"], sim.info["platform_serial_no"]);
    // A wrong APIv3 key cannot decrypt the listing: refused (1).
    let wrong = [env[0], env[1], env[2], ("WECHATPAY_APIV3_KEY", "0123456789abcdefghijklmnopqrstuv")];
    let run = run_with(["cert", "download", "--out", tmp().to_str().unwrap(), "--url", &sim.url], &wrong, None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error[DECRYPT_FAILED]"), "{}", run.stderr);
    let stats = wechatpay(["--json", "sandbox", "stats", "--url", &sim.url]);
    assert_eq!(stats.code, 0);
    assert_eq!(stats.json()["sign_errors"], 5, "{}", stats.stdout);
}
