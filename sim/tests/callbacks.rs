//! Callbacks one by one: payment and refund callbacks verified and decrypted
//! by the core's `CallbackParser` in each signing mode, a retry after a 5xx,
//! and a non-loopback `notify_url` refused at delivery.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::json;
use wechatpay_client::{Client, ClientConfig};
use wechatpay_core::v3::notify::CallbackParser;
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions};
use wechatpay_sim::{SigningMode, SimHandle, Simulator};

type Received = (Vec<(String, String)>, Vec<u8>);

/// A merchant endpoint that answers 500 to the first `fail_first` requests, then 200.
fn receiver(fail_first: usize) -> (String, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/notify", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = 0;
        for stream in listener.incoming().take(50) {
            let Ok(stream) = stream else { continue };
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut stream = stream;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let mut headers = Vec::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    match line.trim_end().split_once(':') {
                        Some((k, v)) => headers.push((k.trim().to_owned(), v.trim().to_owned())),
                        None => break,
                    }
                }
                let len = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; len];
                if reader.read_exact(&mut body).is_err() {
                    break;
                }
                seen += 1;
                let status = if seen <= fail_first { "500 Internal Server Error" } else { "200 OK" };
                let _ = tx.send((headers, body));
                let _ = stream.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n").as_bytes());
            }
        }
    });
    (url, rx)
}

fn client(sim: &SimHandle) -> Client {
    let k = sim.keys();
    let signer = Signer::from_certificate(&k.info.mchid, k.merchant_key.clone(), &k.merchant_cert).unwrap();
    let store = TrustStore::new();
    store.add_public_key(k.info.pub_key_id.clone(), k.pub_key.clone()).unwrap();
    store.add_certificate(k.platform_cert.clone());
    Client::new(ClientConfig::new(signer, store, k.apiv3_key.clone()).base_url(sim.base_url()))
}

fn parser(sim: &SimHandle, client: &Client) -> CallbackParser {
    CallbackParser::new(
        Verifier::new(client.trust_store().clone(), VerifierOptions::default()),
        sim.keys().apiv3_key.clone(),
    )
}

fn next(rx: &mpsc::Receiver<Received>) -> Received {
    rx.recv_timeout(Duration::from_secs(20)).expect("a callback within 20 s")
}

#[test]
fn payment_and_refund_callbacks_in_every_mode() {
    let dir = std::env::temp_dir().join(format!("wechatpay-sim-callbacks-{}", std::process::id()));
    for mode in [SigningMode::Certificate, SigningMode::PublicKey, SigningMode::Migration] {
        let sim = Simulator::builder().keys_dir(&dir).signing_mode(mode).start().unwrap();
        let c = client(&sim);
        let (url, rx) = receiver(1);
        let m = sim.merchant().clone();
        let order = json!({"appid": m.appid, "mchid": m.mchid, "description": "cb", "out_trade_no": "CB-000001",
            "notify_url": url, "amount": {"total": 88}});
        c.request_idempotent("POST", "/v3/pay/transactions/native", Some(&order)).unwrap();
        sim.pay("CB-000001").unwrap();
        let p = parser(&sim, &c);
        // The first attempt is answered 500: the same notification comes again.
        let (h1, b1) = next(&rx);
        let (h2, b2) = next(&rx);
        let (e1, e2) = (p.parse(h1.iter(), &b1).unwrap(), p.parse(h2.iter(), &b2).unwrap());
        assert_eq!(e1.id, e2.id);
        assert_eq!(e1.event_type, "TRANSACTION.SUCCESS");
        let tx = e1.transaction().unwrap();
        assert_eq!((tx.out_trade_no.as_deref(), tx.trade_state.as_deref()), (Some("CB-000001"), Some("SUCCESS")));
        assert_eq!(tx.amount.and_then(|a| a.total), Some(88));

        let refund = json!({"out_trade_no": "CB-000001", "out_refund_no": "CBR-000001",
            "amount": {"refund": 88, "total": 88, "currency": "CNY"}});
        c.request_idempotent("POST", "/v3/refund/domestic/refunds", Some(&refund)).unwrap();
        sim.refund("CBR-000001").unwrap();
        let (h, b) = next(&rx);
        let event = p.parse(h.iter(), &b).unwrap();
        assert_eq!(event.event_type, "REFUND.SUCCESS");
        let r = event.refund().unwrap();
        assert_eq!((r.out_refund_no.as_deref(), r.refund_status.as_deref()), (Some("CBR-000001"), Some("SUCCESS")));
        assert!(sim.wait_idle(Duration::from_secs(20)));
        let stats = sim.stats();
        assert_eq!((stats.callbacks, stats.acknowledged, stats.retries), (2, 2, 1), "{mode:?}: {stats:?}");
        if mode == SigningMode::PublicKey {
            let serial = h.iter().find(|(k, _)| k.eq_ignore_ascii_case("wechatpay-serial")).map(|(_, v)| v.clone());
            assert_eq!(serial.as_deref(), Some(m.pub_key_id.as_str()));
        }
        sim.shutdown();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn non_loopback_notify_urls_are_never_called() {
    let dir = std::env::temp_dir().join(format!("wechatpay-sim-remote-{}", std::process::id()));
    let state = dir.join("state.json");
    let sim = Simulator::builder().keys_dir(&dir).state_file(&state).start().unwrap();
    let c = client(&sim);
    let m = sim.merchant().clone();
    let (url, _rx) = receiver(0);
    let order = json!({"appid": m.appid, "mchid": m.mchid, "description": "x", "out_trade_no": "REMOTE-001",
        "notify_url": url, "amount": {"total": 1}});
    c.request_idempotent("POST", "/v3/pay/transactions/native", Some(&order)).unwrap();
    sim.shutdown();
    // Someone edits the state file to point the order elsewhere: delivery still refuses it.
    let text = std::fs::read_to_string(&state).unwrap().replace(&url, "http://example.com/notify");
    std::fs::write(&state, text).unwrap();
    let sim = Simulator::builder().keys_dir(&dir).state_file(&state).start().unwrap();
    sim.pay("REMOTE-001").unwrap();
    assert!(sim.wait_idle(Duration::from_secs(10)));
    let stats = sim.stats();
    assert_eq!((stats.callbacks, stats.refused_urls, stats.attempts), (1, 1, 0), "{stats:?}");
    sim.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}
