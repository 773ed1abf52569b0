//! Hostile requests: malformed Authorization headers, JSON bodies and
//! multipart uploads, random mutations of a valid request, raw garbage on the
//! socket. The server answers each with a WeChat Pay error (never a panic,
//! never a hang) and stays up.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use wechatpay_core::v3::media::MediaUpload;
use wechatpay_core::v3::sign::Signer;
use wechatpay_sim::{SimHandle, Simulator};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .new_agent()
}

/// Sends a request; returns (status, body).
fn send(sim: &SimHandle, method: &str, path: &str, auth: Option<&str>, ct: &str, body: &[u8]) -> (u16, String) {
    let mut request = ureq::http::Request::builder().method(method).uri(format!("{}{path}", sim.base_url()));
    if let Some(auth) = auth {
        request = request.header("Authorization", auth);
    }
    let request = request.header("Content-Type", ct).body(body.to_vec()).unwrap();
    match agent().run(request) {
        Ok(mut response) => {
            let status = response.status().as_u16();
            (status, response.body_mut().read_to_string().unwrap_or_default())
        }
        // ureq refuses to send some malformed headers: write the request by hand.
        Err(ureq::Error::Protocol(_)) => raw_send(sim, method, path, auth, ct, body),
        Err(e) => panic!("{e}"),
    }
}

fn raw_send(sim: &SimHandle, method: &str, path: &str, auth: Option<&str>, ct: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(sim.addr()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n",
        sim.addr(),
        body.len()
    );
    if let Some(auth) = auth {
        head.push_str(&format!("Authorization: {auth}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn alive(sim: &SimHandle) {
    let (status, body) = send(sim, "GET", "/sim/health", None, "application/json", b"");
    assert_eq!(status, 200, "{body}");
}

fn signer(sim: &SimHandle) -> Signer {
    let k = sim.keys();
    Signer::from_certificate(&k.info.mchid, k.merchant_key.clone(), &k.merchant_cert).unwrap()
}

#[test]
fn malformed_authorization_headers_give_sign_error() {
    let sim = Simulator::builder().start().unwrap();
    let path = "/v3/pay/transactions/native";
    let valid = signer(&sim).sign("POST", path, "{}").unwrap().authorization;
    let cases: Vec<String> = vec![
        String::new(),
        "WECHATPAY2-SHA256-RSA2048".into(),
        "Bearer abc".into(),
        "WECHATPAY2-SHA256-RSA2048 mchid=".into(),
        "WECHATPAY2-SHA256-RSA2048 mchid=\"1\",mchid=\"1\"".into(),
        "WECHATPAY2-SHA256-RSA2048 ,,,,,".into(),
        format!("{valid},extra=\"1\""),
        valid.replace("signature=\"", "signature=\"AAAA"),
        valid.replace("timestamp=\"", "timestamp=\"9"),
        valid.replace("timestamp=\"", "timestamp=\"-"),
        valid.replace("serial_no=\"", "serial_no=\"00"),
        valid.replace("mchid=\"", "mchid=\"9"),
        "WECHATPAY2-SHA256-RSA2048 ".to_owned() + &"a=\"b\",".repeat(2000),
        "WECHATPAY2-SHA256-RSA2048 mchid=\"\u{4e2d}\"".into(),
    ];
    for auth in &cases {
        let (status, body) = send(&sim, "POST", path, Some(auth), "application/json", b"{}");
        assert_eq!(status, 401, "{auth:?}: {body}");
        assert!(body.contains("\"SIGN_ERROR\""), "{body}");
    }
    let (status, _) = send(&sim, "POST", path, None, "application/json", b"{}");
    assert_eq!(status, 401);
    alive(&sim);
}

#[test]
fn malformed_json_bodies_give_param_error() {
    let sim = Simulator::builder().start().unwrap();
    let s = signer(&sim);
    let path = "/v3/pay/transactions/jsapi";
    let deep = "[".repeat(10_000);
    let bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"{".to_vec(),
        b"null".to_vec(),
        b"[1,2]".to_vec(),
        b"{\"amount\":{\"total\":1e309}}".to_vec(),
        b"{\"amount\":{\"total\":-1}}".to_vec(),
        b"{\"amount\":{\"total\":9223372036854775807}}".to_vec(),
        b"{\"appid\":{\"x\":1}}".to_vec(),
        b"{\"appid\":\"\xff\xfe\"}".to_vec(),
        deep.into_bytes(),
        vec![0u8; 4096],
    ];
    for body in &bodies {
        // Signed over the exact bytes when they are text; otherwise the signature fails first (401).
        let text = String::from_utf8_lossy(body).into_owned();
        let auth = s.sign("POST", path, &text).unwrap().authorization;
        let (status, answer) = send(&sim, "POST", path, Some(&auth), "application/json", body);
        assert!(status == 400 || status == 401, "{status} {answer}");
        assert!(answer.contains("PARAM_ERROR") || answer.contains("SIGN_ERROR"), "{answer}");
    }
    // A body over the limit.
    let big = vec![b' '; 5 * 1024 * 1024];
    let (status, _) = send(&sim, "POST", path, Some("x"), "application/json", &big);
    assert_eq!(status, 400);
    alive(&sim);
}

#[test]
fn malformed_multipart_uploads_are_refused() {
    let sim = Simulator::builder().start().unwrap();
    let s = signer(&sim);
    let path = "/v3/merchant/media/upload";
    let upload = MediaUpload::with_boundary("a.png", b"hello", "B0UND").unwrap();
    let auth = upload.sign(&s, path).unwrap().authorization;
    // The valid upload works.
    let (status, body) = send(&sim, "POST", path, Some(&auth), &upload.content_type, &upload.body);
    assert_eq!(status, 200, "{body}");
    let truncated = upload.body[..upload.body.len() / 2].to_vec();
    let tampered_file = String::from_utf8_lossy(&upload.body).replace("hello", "HELLO").into_bytes();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (upload.content_type.as_str(), truncated),
        ("multipart/form-data", upload.body.clone()),
        ("multipart/form-data; boundary=", upload.body.clone()),
        ("multipart/form-data; boundary=OTHER", upload.body.clone()),
        ("application/json", upload.body.clone()),
        (upload.content_type.as_str(), b"--B0UND--\r\n".to_vec()),
        (upload.content_type.as_str(), vec![0xff; 1000]),
        (upload.content_type.as_str(), tampered_file),
    ];
    for (ct, body) in &cases {
        let (status, answer) = send(&sim, "POST", path, Some(&auth), ct, body);
        assert_eq!(status, 400, "{ct}: {answer}");
        assert!(answer.contains("PARAM_ERROR"), "{answer}");
    }
    alive(&sim);
}

/// Small deterministic generator (no extra dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn random_mutations_and_raw_garbage_never_break_the_server() {
    let sim = Simulator::builder().start().unwrap();
    let s = signer(&sim);
    let path = "/v3/pay/transactions/native";
    let body = format!(
        r#"{{"appid":"{}","mchid":"{}","description":"x","out_trade_no":"FUZZ-0001","notify_url":"http://127.0.0.1:9/n","amount":{{"total":1}}}}"#,
        sim.merchant().appid,
        sim.merchant().mchid
    );
    let auth = s.sign("POST", path, &body).unwrap().authorization;
    let mut rng = Lcg(0x5eed);
    for _ in 0..300 {
        let mut a = auth.clone().into_bytes();
        let mut b = body.clone().into_bytes();
        for _ in 0..1 + rng.next() % 4 {
            let target = if rng.next().is_multiple_of(2) { &mut a } else { &mut b };
            if target.is_empty() {
                continue;
            }
            let at = (rng.next() as usize) % target.len();
            match rng.next() % 3 {
                0 => target[at] = (rng.next() % 128) as u8,
                1 => {
                    target.remove(at);
                }
                _ => target.insert(at, b"\",={}[]\\"[(rng.next() % 8) as usize]),
            }
        }
        let header = String::from_utf8_lossy(&a).replace(['\r', '\n', '\0'], "");
        let header: String = header.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()).collect();
        let (status, answer) = send(&sim, "POST", path, Some(&header), "application/json", &b);
        assert!([200, 400, 401].contains(&status), "{status} {answer}");
    }
    // Raw bytes on the socket: the connection is answered or closed, the server stays up.
    for garbage in [
        &b"\x00\x01\x02\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /v3/x HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n",
    ] {
        let mut stream = TcpStream::connect(sim.addr()).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        stream.write_all(garbage).unwrap();
        let mut buf = [0u8; 512];
        let _ = stream.read(&mut buf);
    }
    alive(&sim);
    // Control endpoints with bad input answer 404/409, never panic.
    for (method, path) in [
        ("POST", "/sim/pay/%ZZ"),
        ("POST", "/sim/refund/x?status=NOPE"),
        ("GET", "/sim/orders/"),
        ("POST", "/sim/fail-next?count=-1"),
    ] {
        let (status, _) = send(&sim, method, path, None, "application/json", b"");
        assert!([200, 404, 409].contains(&status), "{method} {path}: {status}");
    }
    alive(&sim);
}
