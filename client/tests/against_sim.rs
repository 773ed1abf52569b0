//! The client against the simulator on 127.0.0.1: every endpoint, the error
//! paths, certificate rotation, both key modes and the migration mix, probes.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::json;
use wechatpay_client::{
    Amount, BillInfo, Client, ClientConfig, ClientError, OrderRequest, RefundRequest, RetryPolicy, TradeKind,
};
use wechatpay_core::clock::Clock;
use wechatpay_core::v3::bill::parse_bill;
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::{TrustStore, VerifierOptions};
use wechatpay_sim::{SigningMode, SimBuilder, SimHandle, Simulator};

/// One generated key directory per test binary (RSA key generation once).
fn keys_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("wechatpay-client-tests-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        wechatpay_sim::SimKeys::generate(&dir).unwrap();
        dir
    })
    .clone()
}

fn sim(builder: SimBuilder) -> SimHandle {
    builder.keys_dir(keys_dir()).min_close_age(0).start().unwrap()
}

/// A client as a merchant configures it: merchant key + serial, the WeChat Pay
/// public key it was given, and the APIv3 key. Platform certificates come from
/// the bootstrap.
fn client(sim: &SimHandle, options: VerifierOptions) -> Client {
    let k = sim.keys();
    let signer = Signer::from_certificate(&k.info.mchid, k.merchant_key.clone(), &k.merchant_cert).unwrap();
    let store = TrustStore::new();
    store.add_public_key(k.info.pub_key_id.clone(), k.pub_key.clone()).unwrap();
    let config = ClientConfig::new(signer, store, k.apiv3_key.clone())
        .base_url(sim.base_url())
        .timeouts(Duration::from_secs(5), Duration::from_secs(10))
        .verifier_options(options);
    Client::new(config)
}

fn order(sim: &SimHandle, no: &str) -> OrderRequest {
    OrderRequest {
        appid: sim.merchant().appid.clone(),
        mchid: sim.merchant().mchid.clone(),
        description: "Image形象店-深圳腾大-QQ公仔".into(),
        out_trade_no: no.into(),
        notify_url: "http://127.0.0.1:9/notify".into(),
        amount: Amount { total: 100, currency: Some("CNY".into()) },
        payer: None,
        scene_info: None,
        attach: Some("a=1".into()),
    }
}

fn api_code(err: &ClientError) -> (u16, String) {
    let e = err.api_error().unwrap_or_else(|| panic!("not an API error: {err}"));
    (e.status.unwrap_or(0), e.code.clone())
}

#[test]
fn every_order_kind_and_the_order_lifecycle() {
    let sim = sim(Simulator::builder());
    let c = client(&sim, VerifierOptions::default());
    let serials = c.refresh_certificates().unwrap();
    assert!(serials.contains(&sim.merchant().platform_serial_no), "{serials:?}");

    let mut jsapi = order(&sim, "JSAPI-0001");
    jsapi.payer = Some(json!({"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}));
    let prepay = c.place_order(TradeKind::Jsapi, &jsapi).unwrap().prepay_id.unwrap();
    assert!(prepay.starts_with("wx") && prepay.len() == 36, "{prepay}");
    // The same request again: the same prepay (idempotent); different parameters: OUT_TRADE_NO_USED.
    assert_eq!(c.place_order(TradeKind::Jsapi, &jsapi).unwrap().prepay_id.unwrap(), prepay);
    let mut changed = jsapi.clone();
    changed.amount.total = 101;
    assert_eq!(api_code(&c.place_order(TradeKind::Jsapi, &changed).unwrap_err()), (400, "OUT_TRADE_NO_USED".into()));

    let app = c.place_order(TradeKind::App, &order(&sim, "APP-00001")).unwrap();
    assert!(app.prepay_id.unwrap().starts_with("wx"));
    let native = c.place_order(TradeKind::Native, &order(&sim, "NATIVE-001")).unwrap();
    assert!(native.code_url.unwrap().starts_with("weixin://wxpay/bizpayurl?pr="));
    let mut h5 = order(&sim, "H5-000001");
    h5.scene_info = Some(json!({"payer_client_ip": "127.0.0.1", "h5_info": {"type": "Wap"}}));
    let h5_url = c.place_order(TradeKind::H5, &h5).unwrap().h5_url.unwrap();
    assert!(h5_url.starts_with("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx"), "{h5_url}");

    // Query, pay, query by id.
    let tx = c.query_by_out_trade_no("JSAPI-0001").unwrap();
    assert_eq!(tx.trade_state.as_deref(), Some("NOTPAY"));
    sim.pay("JSAPI-0001").unwrap();
    let tx = c.query_by_out_trade_no("JSAPI-0001").unwrap();
    assert_eq!(tx.trade_state.as_deref(), Some("SUCCESS"));
    assert_eq!(tx.attach.as_deref(), Some("a=1"));
    let by_id = c.query_by_id(tx.transaction_id.as_deref().unwrap()).unwrap();
    assert_eq!(by_id.out_trade_no.as_deref(), Some("JSAPI-0001"));
    assert!(sim.pay("JSAPI-0001").is_err(), "paying twice is refused");

    // Paid: order again or close gives ORDER_PAID; an unpaid one closes (204), then ORDER_CLOSED.
    assert_eq!(api_code(&c.place_order(TradeKind::Jsapi, &jsapi).unwrap_err()), (400, "ORDER_PAID".into()));
    assert_eq!(api_code(&c.close("JSAPI-0001").unwrap_err()), (400, "ORDER_PAID".into()));
    c.close("APP-00001").unwrap();
    assert_eq!(c.query_by_out_trade_no("APP-00001").unwrap().trade_state.as_deref(), Some("CLOSED"));
    assert_eq!(
        api_code(&c.place_order(TradeKind::App, &order(&sim, "APP-00001")).unwrap_err()),
        (400, "ORDER_CLOSED".into())
    );
    assert_eq!(api_code(&c.query_by_out_trade_no("NO-SUCH-ORDER").unwrap_err()), (404, "ORDER_NOT_EXIST".into()));
    assert_eq!(api_code(&c.query_by_id("4200000000000000000000000000").unwrap_err()), (404, "ORDER_NOT_EXIST".into()));
    assert_eq!(api_code(&c.close("NO-SUCH-ORDER").unwrap_err()), (404, "ORDER_NOT_EXIST".into()));

    // Refund: request, query, finish.
    let refund = RefundRequest {
        out_trade_no: Some("JSAPI-0001".into()),
        transaction_id: None,
        out_refund_no: "REFUND-0001".into(),
        reason: None,
        notify_url: None,
        amount: json!({"refund": 60, "total": 100, "currency": "CNY"}),
    };
    let r = c.refund(&refund).unwrap();
    assert_eq!(r.status, "PROCESSING");
    sim.refund("REFUND-0001").unwrap();
    let r = c.query_refund("REFUND-0001").unwrap();
    assert_eq!((r.status.as_str(), r.success_time.is_some()), ("SUCCESS", true));
    let mut too_much = refund.clone();
    too_much.out_refund_no = "REFUND-0002".into();
    too_much.amount = json!({"refund": 41, "total": 100, "currency": "CNY"});
    assert_eq!(api_code(&c.refund(&too_much).unwrap_err()), (400, "INVALID_REQUEST".into()));
    let mut unpaid = refund.clone();
    unpaid.out_trade_no = Some("NATIVE-001".into());
    unpaid.out_refund_no = "REFUND-0003".into();
    assert_eq!(api_code(&c.refund(&unpaid).unwrap_err()), (400, "INVALID_REQUEST".into()));
    assert_eq!(api_code(&c.query_refund("NO-SUCH-REFUND").unwrap_err()), (404, "RESOURCE_NOT_EXISTS".into()));
}

#[test]
fn param_errors_name_the_field() {
    let sim = sim(Simulator::builder());
    let c = client(&sim, VerifierOptions::default());
    c.refresh_certificates().unwrap();
    let cases = [
        (json!({"mchid": sim.merchant().mchid}), "/appid"),
        (json!({"appid": sim.merchant().appid, "mchid": "1", "description": "x"}), "/mchid"),
        (
            json!({"appid": sim.merchant().appid, "mchid": sim.merchant().mchid, "description": "x", "out_trade_no": "ORDER-1", "notify_url": "http://127.0.0.1/n", "amount": {"total": 0}}),
            "/amount/total",
        ),
        (
            json!({"appid": sim.merchant().appid, "mchid": sim.merchant().mchid, "description": "x", "out_trade_no": "ORDER-1", "notify_url": "https://example.com/n", "amount": {"total": 1}}),
            "/notify_url",
        ),
        (
            json!({"appid": sim.merchant().appid, "mchid": sim.merchant().mchid, "description": "x", "out_trade_no": "ORDER-1", "notify_url": "http://127.0.0.1/n", "amount": {"total": 1}}),
            "/payer/openid",
        ),
    ];
    for (body, field) in cases {
        let err = c.request("POST", "/v3/pay/transactions/jsapi", Some(&body)).unwrap_err();
        let e = err.api_error().unwrap();
        assert_eq!(
            (e.status, e.code.as_str(), e.detail_str("field")),
            (Some(400), "PARAM_ERROR", Some(field)),
            "{body}"
        );
    }
    // Not JSON at all: PARAM_ERROR, signed answer.
    let err = c.request("POST", "/v3/pay/transactions/native", Some(&json!("text"))).unwrap_err();
    assert!(matches!(&err, ClientError::Api { error, verified: true } if error.code == "PARAM_ERROR"), "{err}");
    // Wrong appid for the merchant.
    let mut o = order(&sim, "APPID-0001");
    o.appid = "wx0000000000000000".into();
    assert_eq!(api_code(&c.place_order(TradeKind::Native, &o).unwrap_err()), (400, "APPID_MCHID_NOT_MATCH".into()));
    // Bill parameters, unknown paths.
    assert_eq!(api_code(&c.apply_trade_bill("2026/01/01", false).unwrap_err()), (400, "PARAM_ERROR".into()));
    assert_eq!(api_code(&c.request("GET", "/v3/nothing/here", None).unwrap_err()), (404, "NOT_FOUND".into()));
}

#[test]
fn a_bad_signature_gives_sign_error_with_sign_information() {
    let sim = sim(Simulator::builder());
    let good = client(&sim, VerifierOptions::default());
    good.refresh_certificates().unwrap();
    // Signed with another key under the merchant's serial.
    let other = wechatpay_core::keys::PrivateKey::from_pem(wechatpay_sim::keys::generate_key_pem().unwrap()).unwrap();
    let k = sim.keys();
    let signer = Signer::new(&k.info.mchid, &k.info.merchant_serial_no, other).unwrap();
    let config = ClientConfig::new(signer, good.trust_store().clone(), k.apiv3_key.clone()).base_url(sim.base_url());
    let bad = Client::new(config);
    let err = bad.query_by_out_trade_no("ORDER-000").unwrap_err();
    let e = err.api_error().unwrap();
    assert_eq!((e.status, e.code.as_str()), (Some(401), "SIGN_ERROR"));
    let info = e.sign_information().unwrap();
    assert_eq!(info.method, "GET");
    assert!(
        info.truncated_sign_message.starts_with("GET\n/v3/pay/transactions/out-trade-no/ORDER-000?mchid="),
        "{info:?}"
    );
    assert!(matches!(err, ClientError::Api { verified: true, .. }));
    assert!(sim.stats().sign_errors >= 1);

    // A request outside the replay window: a simulator whose clock is an hour ahead.
    let ahead = Simulator::builder()
        .keys_dir(keys_dir())
        .clock(Clock::manual(wechatpay_core::clock::now() + 3600))
        .start()
        .unwrap();
    let stale = client(&ahead, VerifierOptions::default());
    let err = stale.request("GET", "/v3/certificates", None).unwrap_err();
    assert_eq!(api_code(&err).1, "SIGN_ERROR");
}

#[test]
fn answers_are_verified_and_probes_refused() {
    let sim = sim(Simulator::builder());
    let c = client(&sim, VerifierOptions::default());
    // Before the bootstrap the platform certificate is unknown: a signed answer does not verify.
    sim.pay("NONE-00000").unwrap_err();
    let err = c.query_by_out_trade_no("ORDER-000").unwrap_err();
    assert!(matches!(err, ClientError::Api { verified: false, .. }), "{err}");
    c.refresh_certificates().unwrap();
    c.place_order(TradeKind::Native, &order(&sim, "PROBE-0001")).unwrap();
    sim.probe_next_response();
    let err = c.query_by_out_trade_no("PROBE-0001").unwrap_err();
    assert!(matches!(err, ClientError::Core(_)), "a WECHATPAY/SIGNTEST/ answer must be refused: {err}");
    assert!(c.query_by_out_trade_no("PROBE-0001").is_ok());
}

#[test]
fn certificate_rotation_keeps_every_valid_serial() {
    let sim = sim(Simulator::builder());
    let c = client(&sim, VerifierOptions::default());
    let first = c.refresh_certificates().unwrap();
    let now = wechatpay_core::clock::now();
    let new_serial = sim.add_platform_certificate(now - 60, now + 86_400 * 365, false).unwrap();
    // A background refresher picks the new certificate up, keeping the old one.
    let refresher = c.spawn_certificate_refresher(Duration::from_millis(50));
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !c.trust_store().contains(&new_serial) {
        assert!(std::time::Instant::now() < deadline, "refresher never saw {new_serial}: {:?}", refresher.last_error());
        std::thread::sleep(Duration::from_millis(10));
    }
    refresher.stop();
    for serial in &first {
        assert!(c.trust_store().contains(serial));
    }
    sim.activate_platform_certificate(&new_serial).unwrap();
    c.place_order(TradeKind::Native, &order(&sim, "ROTATE-001")).unwrap();
    let answer = c
        .request("GET", &format!("/v3/pay/transactions/out-trade-no/ROTATE-001?mchid={}", sim.merchant().mchid), None)
        .unwrap();
    assert_eq!(answer.wechatpay.unwrap().serial, new_serial);

    // A client that never refreshed fails on the new serial.
    let stale = client(&sim, VerifierOptions::default());
    stale.trust_store().add_certificate(sim.keys().platform_cert.clone());
    assert!(stale.query_by_out_trade_no("ROTATE-001").is_err());
    // Expired certificates are dropped at refresh.
    let expired = sim.add_platform_certificate(now - 86_400 * 10, now - 86_400, false).unwrap();
    let serials = c.refresh_certificates().unwrap();
    assert!(!serials.contains(&expired) && serials.contains(&new_serial), "{serials:?}");
}

#[test]
fn public_key_mode_and_the_migration_mix() {
    let pk = sim(Simulator::builder().signing_mode(SigningMode::PublicKey));
    let c = client(&pk, VerifierOptions::default());
    // No platform certificates for a public-key merchant.
    assert_eq!(api_code(&c.download_certificates().unwrap_err()), (404, "RESOURCE_NOT_EXISTS".into()));
    c.place_order(TradeKind::Native, &order(&pk, "PUBKEY-001")).unwrap();
    let answer = c
        .request("GET", &format!("/v3/pay/transactions/out-trade-no/PUBKEY-001?mchid={}", pk.merchant().mchid), None)
        .unwrap();
    assert_eq!(answer.wechatpay.unwrap().serial, pk.merchant().pub_key_id);
    drop(pk);

    let mix = sim(Simulator::builder().signing_mode(SigningMode::Migration));
    let c = client(&mix, VerifierOptions::default());
    c.refresh_certificates().unwrap();
    c.place_order(TradeKind::Native, &order(&mix, "MIGRATE-01")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..4 {
        let a = c
            .request(
                "GET",
                &format!("/v3/pay/transactions/out-trade-no/MIGRATE-01?mchid={}", mix.merchant().mchid),
                None,
            )
            .unwrap();
        seen.insert(a.wechatpay.unwrap().serial);
    }
    assert!(seen.contains(&mix.merchant().pub_key_id) && seen.contains(&mix.merchant().platform_serial_no), "{seen:?}");
}

#[test]
fn bills_media_and_retries() {
    let sim = sim(Simulator::builder());
    let c = client(&sim, VerifierOptions::default());
    c.refresh_certificates().unwrap();
    for no in ["BILL-00001", "BILL-00002"] {
        c.place_order(TradeKind::Native, &order(&sim, no)).unwrap();
        sim.pay(no).unwrap();
    }
    let today: String = wechatpay_core::clock::format_china(wechatpay_core::clock::now()).unwrap()[..10].to_owned();
    for gzip in [false, true] {
        let info = c.apply_trade_bill(&today, gzip).unwrap();
        assert_eq!(info.hash_type, "SHA1");
        let text = String::from_utf8(c.download_bill(&info, gzip).unwrap()).unwrap();
        let bill = parse_bill(&text).unwrap();
        assert_eq!(bill.rows.len(), 2);
        assert_eq!(bill.summary.get("总交易单数"), Some("2"));
        // A wrong hash is refused; so is a URL on another host.
        let mut wrong = info.clone();
        wrong.hash_value = "0".repeat(40);
        assert!(matches!(c.download_bill(&wrong, gzip).unwrap_err(), ClientError::Core(_)));
        let elsewhere = BillInfo { download_url: "http://127.0.0.2:1/v3/billdownload/file?token=x".into(), ..info };
        assert!(matches!(c.download_bill(&elsewhere, gzip).unwrap_err(), ClientError::InvalidArgument(_)));
    }

    let media_id = c.upload_media("photo.png", b"\x89PNG\r\n\x1a\n not really an image").unwrap();
    assert!(media_id.starts_with("sim-"));

    // Retries: SYSTEM_ERROR is safe to resend, so two injected failures are absorbed by three attempts.
    let k = sim.keys();
    let signer = Signer::from_certificate(&k.info.mchid, k.merchant_key.clone(), &k.merchant_cert).unwrap();
    let retrying = Client::new(
        ClientConfig::new(signer, c.trust_store().clone(), k.apiv3_key.clone())
            .base_url(sim.base_url())
            .retry(RetryPolicy { max_attempts: 3, backoff: Duration::from_millis(1) }),
    );
    sim.fail_next(2, 500, "SYSTEM_ERROR");
    assert!(retrying.query_by_out_trade_no("BILL-00001").is_ok());
    sim.fail_next(1, 202, "USER_PAYING"); // never resent
    assert_eq!(api_code(&retrying.query_by_out_trade_no("BILL-00001").unwrap_err()).1, "USER_PAYING");
    sim.fail_next(5, 500, "SYSTEM_ERROR");
    assert_eq!(api_code(&retrying.query_by_out_trade_no("BILL-00001").unwrap_err()).1, "SYSTEM_ERROR");
    sim.fail_next(0, 500, "SYSTEM_ERROR");

    // A transport failure (nothing listening) is a Transport error, bounded by the timeouts.
    let closed = Client::new(
        ClientConfig::new(
            Signer::from_certificate(&k.info.mchid, k.merchant_key.clone(), &k.merchant_cert).unwrap(),
            TrustStore::new(),
            k.apiv3_key.clone(),
        )
        .base_url("http://127.0.0.1:9")
        .timeouts(Duration::from_secs(2), Duration::from_secs(2)),
    );
    assert!(matches!(closed.query_by_out_trade_no("X-000001").unwrap_err(), ClientError::Transport(_)));
}

#[test]
fn close_waits_for_the_minimum_age_and_state_persists() {
    let clock = Clock::manual(wechatpay_core::clock::now());
    let file = std::env::temp_dir().join(format!("wechatpay-sim-state-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let s = Simulator::builder()
        .keys_dir(keys_dir())
        .min_close_age(300)
        .clock(clock.clone())
        .state_file(&file)
        .start()
        .unwrap();
    let c = client(&s, VerifierOptions { replay_window: 300, clock: clock.clone() });
    c.refresh_certificates().unwrap();
    c.place_order(TradeKind::Native, &order(&s, "YOUNG-0001")).unwrap();
    assert_eq!(api_code(&c.close("YOUNG-0001").unwrap_err()), (400, "INVALID_REQUEST".into()));
    drop(s);
    // Restarted on the same state file: the order is still there.
    let s = Simulator::builder().keys_dir(keys_dir()).min_close_age(0).state_file(&file).start().unwrap();
    let c = client(&s, VerifierOptions::default());
    c.refresh_certificates().unwrap();
    assert_eq!(c.query_by_out_trade_no("YOUNG-0001").unwrap().trade_state.as_deref(), Some("NOTPAY"));
    c.close("YOUNG-0001").unwrap();
    let _ = std::fs::remove_file(&file);
}
