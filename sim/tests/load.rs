//! Load test: the simulator delivers N callbacks (default 1,000; set
//! `WECHATPAY_SIM_LOAD_CALLBACKS=10000` for the full run) to a merchant
//! handler with concurrency 32 while the handler injects faults (5xx
//! answers, dropped connections, slow answers past the timeout) and the
//! simulator sends `WECHATPAY/SIGNTEST/` probes. At the end every paid order
//! was acknowledged and processed exactly once in the merchant's idempotent
//! store, none was lost, and every probe was refused.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wechatpay_client::{Amount, Client, ClientConfig, OrderRequest, TradeKind};
use wechatpay_core::v3::notify::CallbackParser;
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions};
use wechatpay_sim::{SigningMode, Simulator};

#[derive(Default)]
struct Merchant {
    /// out_trade_no -> times its effect was applied (must end at 1).
    processed: Mutex<HashMap<String, u32>>,
    duplicates: AtomicU64,
    refused: AtomicU64,
    faults: AtomicU64,
    requests: AtomicU64,
}

const SLOW: Duration = Duration::from_millis(450);

/// One HTTP/1.1 request off a keep-alive connection: headers and body.
type Request = (Vec<(String, String)>, Vec<u8>);

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    let mut headers = Vec::new();
    reader.read_line(&mut line).ok().filter(|n| *n > 0)?; // request line
    for _ in 0..100 {
        line.clear();
        reader.read_line(&mut line).ok().filter(|n| *n > 0)?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            let length = headers
                .iter()
                .find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse::<usize>().ok())
                .unwrap_or(0);
            let mut body = vec![0; length.min(1 << 20)];
            reader.read_exact(&mut body).ok()?;
            return Some((headers, body));
        }
        let (k, v) = trimmed.split_once(':')?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    None
}

fn answer(stream: &mut TcpStream, status: &str, body: &str) -> bool {
    let text =
        format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    stream.write_all(text.as_bytes()).is_ok()
}

fn serve(stream: TcpStream, parser: &CallbackParser, merchant: &Merchant) {
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    while let Some((headers, body)) = read_request(&mut reader) {
        let n = merchant.requests.fetch_add(1, Ordering::Relaxed);
        // Faults by request number: 5% 500, 3% dropped connection, 2% slow (past the sim's timeout).
        match n % 100 {
            0..=4 => {
                merchant.faults.fetch_add(1, Ordering::Relaxed);
                if !answer(&mut stream, "500 Internal Server Error", r#"{"code":"FAIL","message":"injected"}"#) {
                    return;
                }
                continue;
            }
            5..=7 => {
                merchant.faults.fetch_add(1, Ordering::Relaxed);
                return; // drop the connection without an answer
            }
            _ => {}
        }
        let event = match parser.parse(headers.iter(), &body) {
            Ok(event) => event,
            Err(_) => {
                // Probes (and anything unverifiable) are refused.
                merchant.refused.fetch_add(1, Ordering::Relaxed);
                if !answer(&mut stream, "401 Unauthorized", r#"{"code":"FAIL","message":"signature"}"#) {
                    return;
                }
                continue;
            }
        };
        let Some(no) = event.transaction().ok().and_then(|t| t.out_trade_no) else {
            merchant.refused.fetch_add(1, Ordering::Relaxed);
            return;
        };
        {
            // The idempotent store: apply the payment once, acknowledge repeats.
            let mut processed = merchant.processed.lock().unwrap();
            let count = processed.entry(no).or_insert(0);
            if *count == 0 {
                *count = 1;
            } else {
                merchant.duplicates.fetch_add(1, Ordering::Relaxed);
            }
        }
        if (8..=9).contains(&(n % 100)) {
            merchant.faults.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(SLOW); // processed, but the answer comes too late
        }
        if !answer(&mut stream, "200 OK", "") {
            return;
        }
    }
}

#[test]
fn callbacks_under_load_with_faults_and_probes() {
    let total: usize = std::env::var("WECHATPAY_SIM_LOAD_CALLBACKS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let dir = std::env::temp_dir().join(format!("wechatpay-sim-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let sim = Simulator::builder()
        .keys_dir(&dir)
        .signing_mode(SigningMode::Migration)
        .callback_concurrency(32)
        .callback_timeout(Duration::from_millis(300))
        .retry_compression(1000)
        .probe_rate(0.05)
        .start()
        .unwrap();
    let keys = sim.keys().clone();

    // The merchant's callback handler: 96 threads on one loopback listener (keep-alive connections hold one each).
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let notify_url = format!("http://{}/wechatpay/notify", listener.local_addr().unwrap());
    let store = TrustStore::new();
    store.add_certificate(keys.platform_cert.clone());
    store.add_public_key(keys.info.pub_key_id.clone(), keys.pub_key.clone()).unwrap();
    let parser =
        Arc::new(CallbackParser::new(Verifier::new(store.clone(), VerifierOptions::default()), keys.apiv3_key.clone()));
    let merchant = Arc::new(Merchant::default());
    let stop = Arc::new(AtomicBool::new(false));
    listener.set_nonblocking(false).unwrap();
    let mut workers = Vec::new();
    for _ in 0..96 {
        let (listener, parser, merchant, stop) =
            (listener.try_clone().unwrap(), Arc::clone(&parser), Arc::clone(&merchant), Arc::clone(&stop));
        workers.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Ok((stream, _)) = listener.accept() {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                    let _ = stream.set_nodelay(true);
                    serve(stream, &parser, &merchant);
                }
            }
        }));
    }

    // Place the orders through the client (4 threads).
    let signer = Signer::from_certificate(&keys.info.mchid, keys.merchant_key.clone(), &keys.merchant_cert).unwrap();
    let client = Client::new(ClientConfig::new(signer, store, keys.apiv3_key.clone()).base_url(sim.base_url()));
    let started = Instant::now();
    std::thread::scope(|scope| {
        for part in 0..4 {
            let (client, notify_url, keys) = (&client, &notify_url, &keys);
            scope.spawn(move || {
                for i in (part..total).step_by(4) {
                    let order = OrderRequest {
                        appid: keys.info.appid.clone(),
                        mchid: keys.info.mchid.clone(),
                        description: "load".into(),
                        out_trade_no: format!("LOAD-{i:06}"),
                        notify_url: notify_url.clone(),
                        amount: Amount { total: 1 + i as i64, currency: None },
                        payer: None,
                        scene_info: None,
                        attach: None,
                    };
                    client.place_order(TradeKind::Native, &order).unwrap();
                }
            });
        }
    });
    let ordered = started.elapsed();

    let started = Instant::now();
    for i in 0..total {
        sim.pay(&format!("LOAD-{i:06}")).unwrap();
    }
    let bound = Duration::from_secs(60 + total as u64 / 50);
    assert!(sim.wait_idle(bound), "callbacks still in flight after {bound:?}: {:?}", sim.stats());
    let delivered = started.elapsed();
    let stats = sim.stats();
    sim.shutdown();
    stop.store(true, Ordering::Relaxed);
    // Wake the accepting workers so they see `stop` (bounded: one connection each).
    for _ in 0..workers.len() {
        let _ = TcpStream::connect_timeout(&listener.local_addr().unwrap(), Duration::from_secs(1));
    }
    for worker in workers {
        worker.join().unwrap();
    }

    let processed = merchant.processed.lock().unwrap();
    println!(
        "load: {total} orders placed in {ordered:.2?}; {total} callbacks delivered in {delivered:.2?} ({:.0} callbacks/s); \
         attempts {}, retries {}, merchant faults {}, duplicates absorbed {}, probes sent {} refused {}",
        total as f64 / delivered.as_secs_f64(),
        stats.attempts,
        stats.retries,
        merchant.faults.load(Ordering::Relaxed),
        merchant.duplicates.load(Ordering::Relaxed),
        stats.probes_sent,
        stats.probes_refused,
    );
    assert_eq!(stats.callbacks, total as u64);
    assert_eq!(stats.acknowledged, total as u64, "{stats:?}");
    assert_eq!((stats.gave_up, stats.refused_urls), (0, 0), "{stats:?}");
    assert_eq!(processed.len(), total, "every paid order reached the merchant");
    assert!(processed.values().all(|c| *c == 1), "each applied exactly once");
    for i in 0..total {
        assert!(processed.contains_key(&format!("LOAD-{i:06}")));
    }
    assert!(stats.retries > 0, "faults must have caused retries");
    assert!(stats.probes_sent >= (total / 20) as u64 - 1, "{stats:?}");
    assert_eq!(stats.probes_accepted, 0, "no probe may be accepted: {stats:?}");
    assert_eq!(stats.probes_refused, stats.probes_sent);
    drop(processed);
    let _ = std::fs::remove_dir_all(&dir);
}
