//! One `Signer`, one `TrustStore` and one `CallbackParser`, built once and
//! shared by 8 threads for 100,000 operations in total, give exactly the
//! results a single thread gets. Responses are verified with the parser's own
//! `Verifier` (`CallbackParser::verifier`), so that verification and callback
//! parsing go through the same trust store.
//!
//! The inputs are the shared vectors (`WECHATPAY_VECTORS`): every
//! `request_sign.json` case is signed, every `response_verify.json` case is
//! verified and every `notification_full.json` callback is parsed, positive
//! and negative cases alike. The expected results are computed first on one
//! thread; then the threads walk the same inputs round-robin, all starting at
//! the same moment, and every single result is compared with the expected one
//! (whole values: signatures, `Authorization` headers, decrypted events, and
//! errors with their fields).
//!
//! Operation mix: RSA signing is the slow operation. Measured per core in a
//! debug build (dependencies at the workspace's `opt-level = 2`): aws-lc signs
//! ~3,800 times a second, verifies ~40,000 and parses ~18,000 callbacks; the
//! pure-Rust backend signs only ~570 times a second (verifies ~13,000, parses
//! ~3,600). So with aws-lc signing is a third of the operations (33,333
//! signatures), and with `rustcrypto` alone one operation in 20 (5,000
//! signatures), verification and callback parsing making up the rest; the
//! total is 100,000 either way.

mod common;
use common::vectors_dir;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::Instant;

use serde_json::Value;
use wechatpay_core::api_error::{ApiError, CodeInfo};
use wechatpay_core::keys::ApiV2Key;
use wechatpay_core::keys::{ApiV3Key, Certificate, PrivateKey, PublicKey};
use wechatpay_core::v2::SignType;
use wechatpay_core::v3::bill::{Bill, BillRecord, BillVerifier, HashType};
use wechatpay_core::v3::media::MediaUpload;
use wechatpay_core::v3::notify::{
    Acknowledgement, CallbackEvent, CallbackParser, Payer, Refund, RefundAmount, Transaction, TransactionAmount,
};
use wechatpay_core::v3::sensitive::{SensitiveDecryptor, SensitiveEncryptor};
use wechatpay_core::v3::sign::{SignedRequest, Signer};
use wechatpay_core::v3::verify::{TrustStore, TrustedKey, Verifier, VerifierOptions, WechatpayHeaders};
use wechatpay_core::{Error, ErrorKind, pay_params};

const THREADS: usize = 8;
const TOTAL_OPERATIONS: usize = 100_000;

/// Out of every `PLAN_LEN` operations, how many sign (the rest verify or parse).
#[cfg(feature = "aws-lc")]
const SIGN_PER_PLAN: usize = 1_000;
#[cfg(not(feature = "aws-lc"))]
const SIGN_PER_PLAN: usize = 150;
const PLAN_LEN: usize = 3_000;

fn assert_send_sync<T: Send + Sync>() {}

/// Compile-time check: every public type can be shared between threads.
const _: fn() = || {
    assert_send_sync::<PrivateKey>();
    assert_send_sync::<PublicKey>();
    assert_send_sync::<Certificate>();
    assert_send_sync::<ApiV3Key>();
    assert_send_sync::<ApiV2Key>();
    assert_send_sync::<SignType>();
    assert_send_sync::<Signer>();
    assert_send_sync::<SignedRequest>();
    assert_send_sync::<TrustStore>();
    assert_send_sync::<TrustedKey>();
    assert_send_sync::<Verifier>();
    assert_send_sync::<WechatpayHeaders>();
    assert_send_sync::<CallbackParser>();
    assert_send_sync::<CallbackEvent>();
    assert_send_sync::<Acknowledgement>();
    assert_send_sync::<Transaction>();
    assert_send_sync::<Payer>();
    assert_send_sync::<TransactionAmount>();
    assert_send_sync::<Refund>();
    assert_send_sync::<RefundAmount>();
    assert_send_sync::<SensitiveEncryptor>();
    assert_send_sync::<SensitiveDecryptor>();
    assert_send_sync::<MediaUpload>();
    assert_send_sync::<BillVerifier>();
    assert_send_sync::<Bill>();
    assert_send_sync::<BillRecord>();
    assert_send_sync::<HashType>();
    assert_send_sync::<ApiError>();
    assert_send_sync::<CodeInfo>();
    assert_send_sync::<pay_params::JsapiParams>();
    assert_send_sync::<pay_params::AppParams>();
    assert_send_sync::<pay_params::OAuthScope>();
    assert_send_sync::<Error>();
    assert_send_sync::<ErrorKind>();
};

#[test]
fn public_types_are_send_and_sync() {
    // The real check is the `const` above (it fails to compile otherwise);
    // this also checks that the shared objects are `'static` and clonable.
    fn shareable<T: Send + Sync + Clone + 'static>(_: &T) {}
    let fixture = Fixture::load();
    shareable(&fixture.signer);
    shareable(fixture.parser.verifier());
    shareable(&fixture.parser);
}

fn read_cases(file: &str) -> Vec<Value> {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(!cases.is_empty(), "{file} is empty");
    cases
}

fn text<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field].as_str().unwrap_or_else(|| panic!("{field} missing in {}", case["name"]))
}

fn headers(case: &Value) -> Vec<(String, String)> {
    case["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect()
}

struct SignInput {
    name: String,
    method: String,
    url: String,
    body: String,
    timestamp: i64,
    nonce: String,
}

struct VerifyInput {
    name: String,
    headers: WechatpayHeaders,
    body: Vec<u8>,
    now: i64,
}

struct ParseInput {
    name: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    now: i64,
}

struct Fixture {
    signer: Signer,
    parser: CallbackParser,
    signs: Vec<SignInput>,
    verifies: Vec<VerifyInput>,
    parses: Vec<ParseInput>,
}

impl Fixture {
    fn load() -> Self {
        let dir = vectors_dir();
        let secrets: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("keys/secrets.json")).unwrap()).unwrap();
        let key = PrivateKey::from_pem_file(dir.join("keys/apiclient_key.pem")).unwrap();
        let cert = Certificate::from_pem_file(dir.join("keys/apiclient_cert.pem")).unwrap();
        let signer = Signer::from_certificate(text(&secrets, "mchid"), key, &cert).unwrap();

        let store_file: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("keys/trust_store.json")).unwrap()).unwrap();
        let store = TrustStore::new();
        for entry in store_file["certificates"].as_array().unwrap() {
            store.add_certificate(Certificate::from_pem_file(dir.join(text(entry, "file"))).unwrap());
        }
        for entry in store_file["public_keys"].as_array().unwrap() {
            let public = PublicKey::from_pem_file(dir.join(text(entry, "file"))).unwrap();
            store.add_public_key(text(entry, "id"), public).unwrap();
        }
        assert_eq!(store.len(), 4);
        // One trust store: responses are verified with the parser's own verifier.
        let parser = CallbackParser::new(
            Verifier::new(store, VerifierOptions::default()),
            ApiV3Key::new(text(&secrets, "apiv3_key")).unwrap(),
        );

        let mut signs: Vec<SignInput> = read_cases("request_sign.json")
            .iter()
            .map(|case| SignInput {
                name: text(case, "name").to_owned(),
                method: text(case, "method").to_owned(),
                url: text(case, "url").to_owned(),
                body: text(case, "body").to_owned(),
                timestamp: text(case, "timestamp").parse().unwrap(),
                nonce: text(case, "nonce_str").to_owned(),
            })
            .collect();
        // Rejected arguments must be rejected the same way under contention too.
        signs.push(SignInput {
            name: "bad_lowercase_method".into(),
            method: "post".into(),
            url: "/v3/x".into(),
            body: String::new(),
            timestamp: 1,
            nonce: "n".into(),
        });
        signs.push(SignInput {
            name: "bad_quote_in_nonce".into(),
            method: "GET".into(),
            url: "/v3/x".into(),
            body: String::new(),
            timestamp: 1,
            nonce: "a\"b".into(),
        });

        let verifies = read_cases("response_verify.json")
            .iter()
            .map(|case| {
                let headers = WechatpayHeaders::from_pairs(headers(case)).unwrap();
                // As in response_verify.json: no clock check, "now" is the signed timestamp.
                let now = headers.timestamp().unwrap_or(0);
                VerifyInput {
                    name: text(case, "name").to_owned(),
                    headers,
                    body: text(case, "body").as_bytes().to_vec(),
                    now,
                }
            })
            .collect();

        let parses = read_cases("notification_full.json")
            .iter()
            .map(|case| {
                assert_eq!(case["max_clock_skew_seconds"].as_u64(), Some(300), "{}", case["name"]);
                ParseInput {
                    name: text(case, "name").to_owned(),
                    headers: headers(case),
                    body: text(case, "body").as_bytes().to_vec(),
                    now: text(case, "now").parse().unwrap(),
                }
            })
            .collect();

        Fixture { signer, parser, signs, verifies, parses }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Signed(Result<SignedRequest, Error>),
    Verified(Result<(), Error>),
    Parsed(Result<CallbackEvent, Error>),
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Sign(usize),
    Verify(usize),
    Parse(usize),
}

impl Fixture {
    /// One operation on the shared objects.
    fn run(&self, op: Op) -> Outcome {
        match op {
            Op::Sign(i) => {
                let input = &self.signs[i];
                Outcome::Signed(self.signer.sign_with(
                    &input.method,
                    &input.url,
                    &input.body,
                    input.timestamp,
                    &input.nonce,
                ))
            }
            Op::Verify(i) => {
                let input = &self.verifies[i];
                Outcome::Verified(self.parser.verifier().verify_at(&input.headers, &input.body, input.now))
            }
            Op::Parse(i) => {
                let input = &self.parses[i];
                Outcome::Parsed(self.parser.parse_at(&input.headers, &input.body, input.now))
            }
        }
    }

    fn name(&self, op: Op) -> &str {
        match op {
            Op::Sign(i) => &self.signs[i].name,
            Op::Verify(i) => &self.verifies[i].name,
            Op::Parse(i) => &self.parses[i].name,
        }
    }

    /// The repeating sequence of operations: `SIGN_PER_PLAN` signatures spread
    /// evenly, the other slots alternating verification and callback parsing;
    /// each kind cycles through its inputs.
    fn plan(&self) -> Vec<Op> {
        let (mut s, mut v, mut p) = (0, 0, 0);
        (0..PLAN_LEN)
            .map(|slot| {
                if slot * SIGN_PER_PLAN / PLAN_LEN != (slot + 1) * SIGN_PER_PLAN / PLAN_LEN {
                    s += 1;
                    Op::Sign((s - 1) % self.signs.len())
                } else if slot % 2 == 0 {
                    v += 1;
                    Op::Verify((v - 1) % self.verifies.len())
                } else {
                    p += 1;
                    Op::Parse((p - 1) % self.parses.len())
                }
            })
            .collect()
    }
}

#[test]
fn shared_objects_give_single_threaded_results_under_8_threads() {
    let fixture = Arc::new(Fixture::load());

    // Expected results, on this thread, one per distinct input.
    let started = Instant::now();
    let mut expected: BTreeMap<(u8, usize), Outcome> = BTreeMap::new();
    let key = |op: Op| match op {
        Op::Sign(i) => (0u8, i),
        Op::Verify(i) => (1, i),
        Op::Parse(i) => (2, i),
    };
    let all_ops = (0..fixture.signs.len())
        .map(Op::Sign)
        .chain((0..fixture.verifies.len()).map(Op::Verify))
        .chain((0..fixture.parses.len()).map(Op::Parse));
    for op in all_ops {
        let outcome = fixture.run(op);
        expected.insert(key(op), outcome);
    }

    // The single-threaded results are themselves right (so that "equal to
    // them" means "right"): spot checks against the vectors.
    let sign_cases = read_cases("request_sign.json");
    for (i, case) in sign_cases.iter().enumerate() {
        let Outcome::Signed(Ok(signed)) = &expected[&(0, i)] else { panic!("{} did not sign", case["name"]) };
        assert_eq!(
            signed.authorization == text(case, "authorization"),
            case["valid"].as_bool().unwrap(),
            "{}",
            case["name"]
        );
    }
    let bad = fixture.signs.len() - 2;
    for i in [bad, bad + 1] {
        let Outcome::Signed(Err(err)) = &expected[&(0, i)] else { panic!("{} signed", fixture.signs[i].name) };
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    }
    for (i, case) in read_cases("response_verify.json").iter().enumerate() {
        let Outcome::Verified(result) = &expected[&(1, i)] else { unreachable!() };
        assert_eq!(result.is_ok(), case["valid"].as_bool().unwrap(), "{}", case["name"]);
    }
    for (i, case) in read_cases("notification_full.json").iter().enumerate() {
        let Outcome::Parsed(result) = &expected[&(2, i)] else { unreachable!() };
        match result {
            Ok(event) => assert_eq!(event.plaintext(), text(case, "resource_plaintext"), "{}", case["name"]),
            Err(_) => assert!(!case["valid"].as_bool().unwrap(), "{}", case["name"]),
        }
    }
    let single = started.elapsed();

    // 8 threads share the fixture, hence its one signer and one parser (with
    // its verifier and trust store), and walk the plan round-robin.
    let plan: Arc<Vec<Op>> = Arc::new(fixture.plan());
    let expected = Arc::new(expected);
    let done = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)]);
    let mismatches: Arc<Mutex<Vec<String>>> = Arc::default();
    let barrier = Arc::new(Barrier::new(THREADS));
    let started = Instant::now();
    let handles: Vec<_> = (0..THREADS)
        .map(|thread| {
            let (fixture, plan, expected) = (Arc::clone(&fixture), Arc::clone(&plan), Arc::clone(&expected));
            let (done, mismatches, barrier) = (Arc::clone(&done), Arc::clone(&mismatches), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                let mut counts = [0usize; 3];
                for n in (thread..TOTAL_OPERATIONS).step_by(THREADS) {
                    let op = plan[n % plan.len()];
                    let got = fixture.run(op);
                    let k = key(op);
                    counts[usize::from(k.0)] += 1;
                    if got != expected[&k] {
                        let mut list = mismatches.lock().unwrap();
                        if list.len() < 10 {
                            list.push(format!("thread {thread} op {n} ({}): got {got:?}", fixture.name(op)));
                        }
                    }
                }
                for (total, count) in done.iter().zip(counts) {
                    total.fetch_add(count, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let elapsed = started.elapsed();

    let mismatches = mismatches.lock().unwrap();
    assert!(mismatches.is_empty(), "results differ from the single-threaded ones:\n{}", mismatches.join("\n"));
    let [signed, verified, parsed] = [0, 1, 2].map(|i| done[i].load(Ordering::Relaxed));
    assert_eq!(signed + verified + parsed, TOTAL_OPERATIONS);
    assert!(signed > 0 && verified > 0 && parsed > 0, "{signed} / {verified} / {parsed}");
    eprintln!(
        "concurrency ({}): {TOTAL_OPERATIONS} operations on {THREADS} threads in {elapsed:.2?} \
         ({signed} sign, {verified} verify, {parsed} parse); single-threaded reference in {single:.2?}",
        wechatpay_core::backend::active_backend_name()
    );
}
