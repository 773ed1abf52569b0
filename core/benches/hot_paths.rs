//! The three hot paths of a merchant backend, and the raw RSA operations under
//! them, so that `scripts/bench-core.sh` can put them beside `openssl speed
//! rsa2048` from the same run:
//!
//! * `raw_sign` / `raw_verify`: one RSA-2048 PKCS#1 v1.5 SHA-256 operation;
//! * `request_sign`: message + signature + `Authorization` header;
//! * `response_verify`: headers → replay window → trust-store lookup →
//!   base64 → RSA verify, over a vector response;
//! * `callback_parse`: the whole callback (headers, verify, GCM decrypt,
//!   JSON check) over a vector notification;
//! * `trust_store_get`: the shared store's read lock and lookup alone, to show
//!   what certificate rotation costs a verification.
//!
//!     cargo bench -p wechatpay-core --bench hot_paths

use std::path::PathBuf;

use serde_json::Value;
use wechatpay_core::keys::{ApiV3Key, Certificate, PrivateKey, PublicKey};
use wechatpay_core::v3::notify::CallbackParser;
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions, WechatpayHeaders};

fn main() {
    divan::main();
}

fn vectors() -> PathBuf {
    std::env::var_os("WECHATPAY_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors")))
}

fn cases(file: &str) -> Vec<Value> {
    serde_json::from_slice(&std::fs::read(vectors().join(file)).expect("vector file")).expect("vector JSON")
}

fn pairs(case: &Value) -> Vec<(String, String)> {
    let headers = case["headers"].as_object().expect("headers");
    headers.iter().map(|(k, v)| (k.clone(), v.as_str().expect("header value").to_owned())).collect()
}

fn store() -> TrustStore {
    let store = TrustStore::new();
    for name in ["platform_cert.pem", "platform2_cert.pem", "platform_expired_cert.pem"] {
        store.add_certificate(Certificate::from_pem_file(vectors().join("keys").join(name)).expect("certificate"));
    }
    let public = PublicKey::from_pem_file(vectors().join("keys/wechatpay_pub_key.pem")).expect("public key");
    store.add_public_key("PUB_KEY_ID_0119000001092025111800000000000001", public).expect("key id");
    store
}

const MESSAGE: &[u8] = b"POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{}\n";

#[divan::bench]
fn raw_sign(bencher: divan::Bencher) {
    let key = PrivateKey::from_pem_file(vectors().join("keys/apiclient_key.pem")).expect("key");
    bencher.bench(|| key.sign_sha256(divan::black_box(MESSAGE)));
}

#[divan::bench]
fn raw_verify(bencher: divan::Bencher) {
    let key = PrivateKey::from_pem_file(vectors().join("keys/apiclient_key.pem")).expect("key");
    let cert = Certificate::from_pem_file(vectors().join("keys/apiclient_cert.pem")).expect("certificate");
    let signature = key.sign_sha256(MESSAGE).expect("signature");
    bencher.bench(|| cert.public_key().verify_sha256(divan::black_box(MESSAGE), &signature));
}

#[divan::bench]
fn request_sign(bencher: divan::Bencher) {
    let key = PrivateKey::from_pem_file(vectors().join("keys/apiclient_key.pem")).expect("key");
    let signer = Signer::new("1900000109", "296D147D571B14F7E5D66631C45FC6E6DEEA77EC", key).expect("signer");
    let body = r#"{"appid":"wxd678efh567hg6787","mchid":"1900000109","description":"Image形象店","out_trade_no":"1217752501201407033233368018","notify_url":"https://example.com/notify","amount":{"total":1},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}"#;
    bencher.bench(|| {
        signer.sign_with(
            "POST",
            "/v3/pay/transactions/jsapi",
            divan::black_box(body),
            1554208460,
            "593BEC0C930BF1AFEB40B4A08C8FB242",
        )
    });
}

#[divan::bench]
fn response_verify(bencher: divan::Bencher) {
    let case = cases("response_verify.json").into_iter().find(|c| c["valid"] == true).expect("a valid case");
    let verifier = Verifier::new(store(), VerifierOptions::default());
    let pairs = pairs(&case);
    let body = case["body"].as_str().expect("body").to_owned();
    let now: i64 = case["headers"]["Wechatpay-Timestamp"].as_str().expect("timestamp").parse().expect("number");
    bencher.bench(|| {
        let headers = WechatpayHeaders::from_pairs(&pairs).expect("headers");
        verifier.verify_at(&headers, divan::black_box(body.as_bytes()), now)
    });
}

#[divan::bench]
fn callback_parse(bencher: divan::Bencher) {
    let case = cases("notification_full.json").into_iter().find(|c| c["valid"] == true).expect("a valid case");
    let key = ApiV3Key::new(case["apiv3_key"].as_str().expect("key")).expect("APIv3 key");
    let parser = CallbackParser::new(Verifier::new(store(), VerifierOptions::default()), key);
    let pairs = pairs(&case);
    let body = case["body"].as_str().expect("body").to_owned();
    let now: i64 = case["now"].as_str().expect("now").parse().expect("number");
    bencher.bench(|| parser.parse_at(&pairs, divan::black_box(body.as_bytes()), now).map(|e| e.id.len()));
}

#[divan::bench]
fn trust_store_get(bencher: divan::Bencher) {
    let store = store();
    bencher.bench(|| store.get(divan::black_box("1FFD9ECF271B7477C83ED82F1AF813A54B87007C")).is_some());
}
