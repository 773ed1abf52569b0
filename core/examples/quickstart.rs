//! A whole APIv3 round trip on one machine, printing each step:
//! sign a request, build JSAPI payment parameters, then play WeChat Pay's part
//! (encrypt a payment resource, sign a callback) and verify + decrypt that
//! callback as a merchant would, including the two forgeries a merchant must
//! refuse (a `WECHATPAY/SIGNTEST/` probe and a replayed callback).
//!
//! Keys: the throw-away test keys of the shared vectors
//! (`WECHATPAY_VECTORS`, default `../shared/vectors` of the repository).
//!
//!     cargo run -p wechatpay-core --example quickstart

use std::path::PathBuf;

use wechatpay_core::keys::{ApiV3Key, Certificate, PrivateKey};
use wechatpay_core::v3::notify::{Acknowledgement, CallbackEnvelope, CallbackParser};
use wechatpay_core::v3::sensitive;
use wechatpay_core::v3::sign::{Signer, verify_request};
use wechatpay_core::v3::verify::{ResponseSigner, TrustStore, Verifier, VerifierOptions};
use wechatpay_core::{clock, nonce, pay_params};

fn main() {
    if let Err(err) = run() {
        eprintln!("quickstart failed: [{}] {err}", err.kind());
        std::process::exit(1);
    }
}

fn keys_dir() -> PathBuf {
    std::env::var_os("WECHATPAY_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors")))
        .join("keys")
}

fn run() -> wechatpay_core::Result<()> {
    let keys = keys_dir();
    let mchid = "1900000109";
    let appid = "wxd678efh567hg6787";
    let apiv3_key = ApiV3Key::new("BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78")?;
    let now = clock::now();

    println!("== 0. load keys once (backend: {})", wechatpay_core::backend::active_backend_name());
    let merchant_key = PrivateKey::from_pem_file(keys.join("apiclient_key.pem"))?;
    let merchant_cert = Certificate::from_pem_file(keys.join("apiclient_cert.pem"))?;
    let platform_cert = Certificate::from_pem_file(keys.join("platform_cert.pem"))?;
    println!("   merchant certificate serial {}", merchant_cert.serial_no());
    println!(
        "   platform certificate serial {} (valid now: {})",
        platform_cert.serial_no(),
        platform_cert.is_valid_at(now)
    );

    println!("\n== 1. sign a JSAPI order request");
    let signer = Signer::from_certificate(mchid, merchant_key.clone(), &merchant_cert)?;
    let body = format!(
        r#"{{"appid":"{appid}","mchid":"{mchid}","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018","notify_url":"https://example.com/wxpay/notify","amount":{{"total":100,"currency":"CNY"}},"payer":{{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}}}"#
    );
    let request = signer.sign("POST", "/v3/pay/transactions/jsapi", &body)?;
    println!("   message    {:?}", request.message.chars().take(80).collect::<String>() + "…");
    println!("   Authorization: {}…", &request.authorization[..120.min(request.authorization.len())]);
    // WeChat Pay's side: the check it runs on every merchant request.
    verify_request(
        "POST",
        "/v3/pay/transactions/jsapi",
        body.as_bytes(),
        &request.authorization,
        merchant_cert.public_key(),
        now,
        300,
    )?;
    println!("   WeChat Pay's check (verify_request with the merchant certificate): passed");

    println!("\n== 2. JSAPI parameters for the browser (prepay_id from the order response)");
    let params = pay_params::jsapi(&merchant_key, appid, "wx26112221580621e9b071c00d9e093b0000")?;
    println!("   {}", params.to_json());

    println!("\n== 3. WeChat Pay sends a payment callback (simulated here with the platform key)");
    let platform_key = PrivateKey::from_pem_file(keys.join("platform_key.pem"))?;
    let transaction = format!(
        r#"{{"mchid":"{mchid}","appid":"{appid}","out_trade_no":"1217752501201407033233368018","transaction_id":"4200000000000000000000000001","trade_type":"JSAPI","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS","attach":"","success_time":"2026-11-23T10:34:56+08:00","payer":{{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}},"amount":{{"total":100,"payer_total":100,"currency":"CNY","payer_currency":"CNY"}}}}"#
    );
    let created = clock::format_china(now)?;
    let callback_body = CallbackEnvelope::transaction("EV-2026112310345700001", created, transaction)
        .seal(&apiv3_key, &nonce::generate_len(nonce::GCM_NONCE_LEN)?)?;
    let platform = ResponseSigner::from_certificate(platform_key, &platform_cert)?;
    let sign_callback = |timestamp: i64| -> wechatpay_core::Result<Vec<(&'static str, String)>> {
        Ok(platform.sign_at(callback_body.as_bytes(), timestamp)?.to_pairs())
    };
    let headers = sign_callback(now)?;
    println!("   {} bytes, Wechatpay-Serial {}", callback_body.len(), platform_cert.serial_no());

    println!("\n== 4. the merchant verifies and decrypts it");
    let store = TrustStore::new();
    store.add_certificate(platform_cert.clone());
    let parser = CallbackParser::new(Verifier::new(store, VerifierOptions::default()), apiv3_key.clone());
    let event = parser.parse(&headers, callback_body.as_bytes())?;
    let payment = event.transaction()?;
    println!("   event {} {} ({})", event.id, event.event_type, event.summary);
    println!(
        "   order {} state {} total {} fen",
        payment.out_trade_no.as_deref().unwrap_or("?"),
        payment.trade_state.as_deref().unwrap_or("?"),
        payment.amount.as_ref().and_then(|a| a.total).unwrap_or(0)
    );
    let ok = Acknowledgement::success();
    println!("   answer: HTTP {} {}", ok.status, ok.body);

    println!("\n== 5. forgeries are refused, each with its own error kind");
    let probe = platform.probe_at(now)?.to_pairs();
    let replayed = sign_callback(now - 600)?;
    let mut tampered_body = callback_body.clone().into_bytes();
    tampered_body.push(b' ');
    for (what, hdrs, body) in [
        ("signature probe", &probe, callback_body.as_bytes()),
        ("replayed 10 minutes later", &replayed, callback_body.as_bytes()),
        ("body with one byte added", &headers, tampered_body.as_slice()),
    ] {
        let err = match parser.parse(hdrs, body) {
            Ok(_) => panic!("{what} was accepted"),
            Err(err) => err,
        };
        let fail = Acknowledgement::failure();
        println!("   {what:<27} -> {:<24} answer HTTP {} {}", err.kind().as_str(), fail.status, fail.body);
    }

    println!("\n== 6. a sensitive field for an upstream request");
    let encryptor = sensitive::SensitiveEncryptor::from_certificate(&platform_cert);
    let field = encryptor.encrypt("张三")?;
    println!("   {}… with header Wechatpay-Serial: {}", &field[..32], encryptor.serial());
    println!("\nall steps passed");
    Ok(())
}
