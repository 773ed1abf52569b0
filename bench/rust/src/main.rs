//! The Rust rows of `bench/run.sh`: the core's operations on the shared fixtures, and the
//! limit rows, where `openssl speed` (a child process) and the core alternate round by round.
//! Prints one JSON line per row (the protocol of bench/node/bench.js).
//!
//!     BENCH_FIXTURES=fixtures.json BENCH_ROUNDS=5 BENCH_SAMPLE_MS=300 wechatpay-bench

use std::collections::BTreeMap;
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wechatpay_core::keys::{ApiV3Key, Certificate, PrivateKey};
use wechatpay_core::pay_params;
use wechatpay_core::v3::bill::{BillVerifier, HashType};
use wechatpay_core::v3::notify::CallbackParser;
use wechatpay_core::v3::resource;
use wechatpay_core::v3::sensitive::{SensitiveDecryptor, SensitiveEncryptor};
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions, WechatpayHeaders};

type Failure = Box<dyn std::error::Error>;

struct Bench {
    rounds: usize,
    sample: Duration,
    only: Option<Vec<String>>,
}

impl Bench {
    fn wants(&self, op: &str) -> bool {
        let base = op.split(':').next().unwrap_or(op);
        self.only.as_ref().is_none_or(|only| only.iter().any(|o| o == base))
    }

    /// ops/s of `f` over one sample (batches of ~1 ms), median of 3 sub-samples, by the wall clock.
    fn measure(&self, f: &mut dyn FnMut()) -> f64 {
        self.measure_with(f, &|| Some(Instant::now().elapsed_since_start()))
    }

    /// Like `measure`, per second of this thread's CPU time: `openssl speed` divides by its CPU
    /// (user) time unless told `-elapsed`, so the limit rows compare like with like, and time this
    /// thread spends descheduled by the other builds on the machine counts on neither side.
    fn measure_cpu(&self, f: &mut dyn FnMut()) -> f64 {
        if thread_cpu().is_some() { self.measure_with(f, &thread_cpu) } else { self.measure(f) }
    }

    fn measure_with(&self, f: &mut dyn FnMut(), clock: &dyn Fn() -> Option<Duration>) -> f64 {
        let now = || clock().unwrap_or_default();
        let t = now();
        f();
        let batch = (1_000_000 / (now() - t).as_nanos().max(1)).clamp(1, 10_000) as u64;
        let mut subs: Vec<f64> = (0..3)
            .map(|_| {
                let start = now();
                let mut n = 0u64;
                while now() - start < self.sample / 3 {
                    for _ in 0..batch {
                        f();
                    }
                    n += batch;
                }
                n as f64 / (now() - start).as_secs_f64()
            })
            .collect();
        subs.sort_by(f64::total_cmp);
        subs[1]
    }

    /// A row of ours alone: no peer runs in this runtime (the C, PHP, Python and Node rows have them).
    fn ours(&self, op: &str, name: &str, bytes: Option<usize>, mut f: impl FnMut() -> Result<(), Failure>) {
        if !self.wants(op) {
            return;
        }
        if let Err(err) = f() {
            emit(
                json!({"op": op, "ours": name, "rounds": {}, "reasons": {name: format!("failed on the fixture: {err}")}, "peers": []}),
            );
            return;
        }
        let mut g = || {
            let _ = black_box(f());
        };
        let rounds: Vec<f64> = (0..self.rounds).map(|_| self.measure_cpu(&mut g)).collect();
        let mut row = json!({"op": op, "ours": name, "rounds": {name: rounds}, "reasons": {}, "peers": [],
            "clock": "CPU time of the thread"});
        if let Some(b) = bytes {
            row["bytes"] = json!(b);
        }
        emit(row);
    }
}

/// Time since the first call (a monotonic wall clock as a `Duration`).
trait SinceStart {
    fn elapsed_since_start(self) -> Duration;
}

impl SinceStart for Instant {
    fn elapsed_since_start(self) -> Duration {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        self.duration_since(*START.get_or_init(Instant::now))
    }
}

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`, nanosecond resolution; the
/// scheduler's /proc counters advance only at ticks, too coarse to size a batch with).
fn thread_cpu() -> Option<Duration> {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for clock_gettime to write.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    (rc == 0).then(|| Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
}

fn emit(mut row: Value) {
    row["runtime"] = json!("rust");
    println!("{row}");
}

fn pairs(headers: &Value) -> Vec<(String, String)> {
    headers
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// `openssl speed` sign/s and verify/s for rsa2048, and bytes/s of aes-256-gcm at each size.
fn openssl_speed(seconds: u64, sizes: &[usize]) -> Result<(f64, f64, Vec<f64>), Failure> {
    let run = |args: &[&str]| -> Result<String, Failure> {
        let out =
            Command::new("openssl").args(["speed", "-mr", "-seconds", &seconds.to_string()]).args(args).output()?;
        if !out.status.success() {
            return Err(format!("openssl speed {args:?} failed").into());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let rsa = run(&["rsa2048"])?;
    let line = rsa.lines().find(|l| l.starts_with("+F2:")).ok_or("no +F2 line from openssl speed rsa2048")?;
    let f: Vec<&str> = line.split(':').collect();
    let (sign, verify) = (f[f.len() - 2].parse::<f64>()?, f[f.len() - 1].parse::<f64>()?);
    let mut gcm = Vec::new();
    for size in sizes {
        let out = run(&["-bytes", &size.to_string(), "-evp", "aes-256-gcm"])?;
        let line = out.lines().find(|l| l.starts_with("+F:")).ok_or("no +F line from openssl speed -evp")?;
        gcm.push(line.rsplit(':').next().unwrap_or_default().parse::<f64>()?);
    }
    Ok((sign, verify, gcm))
}

fn openssl_version() -> String {
    Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "openssl".into())
}

fn main() -> Result<(), Failure> {
    let fx: Value = serde_json::from_slice(&std::fs::read(std::env::var("BENCH_FIXTURES")?)?)?;
    let bench = Bench {
        rounds: std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5),
        sample: Duration::from_secs_f64(
            std::env::var("BENCH_SAMPLE_MS").ok().and_then(|v| v.parse::<f64>().ok()).unwrap_or(300.0) / 1000.0,
        ),
        only: std::env::var("BENCH_ONLY")
            .ok()
            .filter(|v| !v.is_empty())
            .map(|v| v.split(',').map(String::from).collect()),
    };
    let keys = std::path::Path::new(s(&fx, "keys"));
    let key_pem = std::fs::read_to_string(keys.join("apiclient_key.pem"))?;
    let key = PrivateKey::from_pem(&key_pem)?;
    let platform = Certificate::from_pem_file(keys.join("platform_cert.pem"))?;
    let now = fx["now"].as_i64().unwrap_or_default();
    let signer = Signer::new(s(&fx, "mchid"), s(&fx, "merchant_serial"), key.clone())?;
    let store = TrustStore::new();
    store.add_certificate(platform.clone());
    let verifier = Verifier::new(store, VerifierOptions::default());
    let apiv3 = ApiV3Key::new(s(&fx, "apiv3_key"))?;
    let parser = CallbackParser::new(verifier.clone(), apiv3.clone());
    let encryptor = SensitiveEncryptor::from_certificate(&platform);
    let decryptor = SensitiveDecryptor::new(key.clone());
    let req = &fx["request"];
    let resp_pairs = pairs(&fx["response"]["headers"]);
    let resp_body = s(&fx["response"], "body").as_bytes().to_vec();

    bench.ours("sign", "wechatpay-core Signer::sign", None, || {
        signer.sign(s(req, "method"), s(req, "url"), s(req, "body")).map(|r| drop(black_box(r.authorization)))?;
        Ok(())
    });
    bench.ours("verify", "wechatpay-core Verifier::verify_at", None, || {
        let headers = WechatpayHeaders::from_pairs(&resp_pairs)?;
        verifier.verify_at(&headers, &resp_body, now)?;
        Ok(())
    });
    let callbacks = fx["callbacks"].as_object().cloned().unwrap_or_default();
    let callback = |size: &str| -> (Vec<(String, String)>, Vec<u8>, usize) {
        let cb = &callbacks[size];
        (pairs(&cb["headers"]), s(cb, "body").as_bytes().to_vec(), cb["plaintext_bytes"].as_u64().unwrap_or(0) as usize)
    };
    let (h, b, n) = callback("typical");
    bench.ours("callback", "wechatpay-core CallbackParser::parse_at", Some(n), || {
        let event = parser.parse_at(&h, &b, now)?;
        black_box(event.resource()?);
        Ok(())
    });
    bench.ours("jsapi", "wechatpay-core pay_params::jsapi", None, || {
        black_box(pay_params::jsapi(&key, s(&fx, "appid"), s(&fx, "prepay_id"))?.to_json());
        Ok(())
    });
    let oaep = &fx["oaep"];
    bench.ours("oaep_encrypt", "wechatpay-core SensitiveEncryptor::encrypt", None, || {
        black_box(encryptor.encrypt(s(oaep, "plaintext"))?);
        Ok(())
    });
    bench.ours("oaep_decrypt", "wechatpay-core SensitiveDecryptor::decrypt", None, || {
        black_box(decryptor.decrypt(s(oaep, "ciphertext_to_merchant"))?);
        Ok(())
    });
    let gcm = fx["gcm"].as_object().cloned().unwrap_or_default();
    for (size, g) in &gcm {
        bench.ours(&format!("gcm_decrypt:{size}"), "wechatpay-core resource::decrypt", size.parse().ok(), || {
            black_box(resource::decrypt(&apiv3, s(g, "nonce"), s(g, "associated_data"), s(g, "ciphertext"))?);
            Ok(())
        });
    }
    bench.ours("key_load", "wechatpay-core PrivateKey::from_pem", None, || {
        black_box(PrivateKey::from_pem(&key_pem)?);
        Ok(())
    });
    if bench.wants("bill") {
        let bill = &fx["bill"];
        let gz = std::fs::read(s(bill, "path"))?;
        let plain = bill["plain_bytes"].as_u64().map(|v| v as usize);
        bench.ours("bill", "wechatpay-core BillVerifier", plain, || {
            let v = BillVerifier::new(HashType::parse(s(bill, "hash_type"))?, s(bill, "hash_value"), true)?;
            for chunk in gz.chunks(1 << 20) {
                v.update(chunk)?;
            }
            v.finish()?;
            Ok(())
        });
    }
    for size in callbacks.keys().filter(|k| *k != "typical") {
        let (h, b, n) = callback(size);
        bench.ours(&format!("callback_scale:{size}"), "wechatpay-core CallbackParser::parse_at", Some(n), || {
            let event = parser.parse_at(&h, &b, now)?;
            black_box(event.resource()?);
            Ok(())
        });
    }

    // The limit: openssl speed and the raw operations of the core, alternating per round.
    if bench.wants("limit") {
        let sizes: Vec<usize> = gcm.keys().filter_map(|k| k.parse().ok()).collect();
        let message = b"POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{}\n";
        let signature = key.sign_sha256(message)?;
        let public = key.public_key()?;
        let speed_secs = (bench.sample.as_millis() as u64 / 300).max(1);
        let mut rows: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
        let mut failure = None;
        for r in 0..bench.rounds {
            let ours = |rows: &mut BTreeMap<String, (Vec<f64>, Vec<f64>)>| {
                rows.entry("limit:sign".into()).or_default().0.push(bench.measure_cpu(&mut || {
                    let _ = black_box(key.sign_sha256(black_box(message)));
                }));
                rows.entry("limit:verify".into()).or_default().0.push(bench.measure_cpu(&mut || {
                    let _ = black_box(public.verify_sha256(black_box(message), &signature));
                }));
                for size in &sizes {
                    let g = &gcm[&size.to_string()];
                    let ops = bench.measure_cpu(&mut || {
                        let _ = black_box(resource::decrypt_bytes(
                            &apiv3,
                            s(g, "nonce"),
                            s(g, "associated_data"),
                            s(g, "ciphertext"),
                        ));
                    });
                    rows.entry(format!("limit:gcm{size}")).or_default().0.push(ops * *size as f64);
                }
            };
            let mut theirs = |rows: &mut BTreeMap<String, (Vec<f64>, Vec<f64>)>| match openssl_speed(speed_secs, &sizes)
            {
                Ok((sign, verify, gcm)) => {
                    rows.entry("limit:sign".into()).or_default().1.push(sign);
                    rows.entry("limit:verify".into()).or_default().1.push(verify);
                    for (size, rate) in sizes.iter().zip(gcm) {
                        rows.entry(format!("limit:gcm{size}")).or_default().1.push(rate);
                    }
                }
                Err(err) => failure = Some(err.to_string()),
            };
            if r % 2 == 0 {
                ours(&mut rows);
                theirs(&mut rows);
            } else {
                theirs(&mut rows);
                ours(&mut rows);
            }
        }
        let version = openssl_version();
        for (op, (ours, theirs)) in rows {
            let (name, peer, unit) = match op.as_str() {
                "limit:sign" => (
                    "wechatpay-core PrivateKey::sign_sha256",
                    format!("openssl speed rsa2048 sign ({version})"),
                    "ops/s",
                ),
                "limit:verify" => (
                    "wechatpay-core PublicKey::verify_sha256",
                    format!("openssl speed rsa2048 verify ({version})"),
                    "ops/s",
                ),
                _ => (
                    "wechatpay-core resource::decrypt_bytes (base64 + AES-256-GCM)",
                    format!("openssl speed -evp aes-256-gcm ({version})"),
                    "B/s",
                ),
            };
            let mut reasons = serde_json::Map::new();
            if let Some(f) = &failure {
                reasons.insert(peer.clone(), json!(f));
            }
            let mut rounds = serde_json::Map::new();
            rounds.insert(name.into(), json!(ours));
            if failure.is_none() {
                rounds.insert(peer.clone(), json!(theirs));
            }
            emit(json!({"op": op, "ours": name, "peers": [peer], "rounds": rounds, "reasons": reasons, "unit": unit,
                "clock": "CPU time of one thread on both sides"}));
        }
    }
    Ok(())
}
