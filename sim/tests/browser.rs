//! WeChat's side in the browser (`wechatpay_sim::web`): payment-directory and
//! domain matching, OAuth2 codes (single use, 5-minute life, WeChat's errcodes),
//! `wx.login` + `jscode2session`, the bridge's checks (directory, paySign with
//! the core's `JsapiParams::verify`), and the H5 cashier's rules.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};
use wechatpay_client::{Amount, Client, ClientConfig, OrderRequest, TradeKind};
use wechatpay_core::pay_params;
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::TrustStore;
use wechatpay_sim::web::{directory_matches, domain_matches};
use wechatpay_sim::{SimHandle, Simulator};

const WECHAT_UA: &str = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.50";
const PHONE_UA: &str = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1";

#[test]
fn payment_directories_match_as_wechat_documents() {
    let root = "https://www.weixin.com/";
    for page in
        ["https://www.weixin.com/", "https://www.weixin.com/a.html", "https://www.weixin.com/abc/123/pay/x.html?q=1#f"]
    {
        assert!(directory_matches(root, page), "{page}");
    }
    let multi = "https://www.weixin.com/abc/123/";
    assert!(directory_matches(multi, "https://www.weixin.com/abc/123/"));
    assert!(directory_matches(multi, "https://www.weixin.com/abc/123/pay.html?x=/y/"));
    for page in [
        "https://www.weixin.com/abc/",
        "https://www.weixin.com/abc/x.html",
        "https://www.weixin.com/abc/123/pay/x.html",
        "https://www.weixin.com/abc/1234/x.html",
        "http://www.weixin.com/abc/123/x.html",
        "https://pay.weixin.com/abc/123/x.html",
        "https://www.weixin.com.evil.example/abc/123/x.html",
        "https://user@www.weixin.com/abc/123/x.html",
    ] {
        assert!(!directory_matches(multi, page), "{page}");
    }
    let one = "http://127.0.0.1/shop/";
    assert!(directory_matches(one, "http://127.0.0.1:41234/shop/checkout"));
    assert!(!directory_matches(one, "http://127.0.0.1:41234/shop/sub/checkout"));
    assert!(!directory_matches(one, "http://127.0.0.1:41234/promo/checkout"));
    assert!(directory_matches("http://127.0.0.1:8080/shop/", "http://127.0.0.1:8080/shop/x"));
    assert!(!directory_matches("http://127.0.0.1:8080/shop/", "http://127.0.0.1:8081/shop/x"));
    // A directory must end with '/'.
    assert!(!directory_matches("http://127.0.0.1/shop", "http://127.0.0.1/shop/x"));
}

#[test]
fn domains_match_the_full_host() {
    assert!(domain_matches("www.qq.com", "http://www.qq.com/music.html"));
    assert!(domain_matches("www.qq.com", "https://www.qq.com:8443/login.html"));
    for url in [
        "http://pay.qq.com/",
        "http://qq.com/",
        "http://www.qq.com.evil.example/",
        "http://x@www.qq.com/",
        "ftp://www.qq.com/",
    ] {
        assert!(!domain_matches("www.qq.com", url), "{url}");
    }
    assert!(domain_matches("127.0.0.1:3000", "http://127.0.0.1:3000/x"));
    assert!(!domain_matches("127.0.0.1:3000", "http://127.0.0.1:3001/x"));
    assert!(domain_matches("[::1]", "http://[::1]/x") && domain_matches("[::1]", "http://[::1]:8080/x"));
    assert!(domain_matches("[::1]:8080", "http://[::1]:8080/x") && !domain_matches("[::1]:8080", "http://[::1]/x"));
    for bad in ["http://:80/", "http://[::1/", "http://[::1]x/", "http://a:b/", "http://a:99999/", "http:///x"] {
        assert!(!domain_matches("a", bad), "{bad}");
    }
}

// ------------------------------------------------------------------ a simulator with registrations

fn keys_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("wechatpay-sim-browser-tests-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        wechatpay_sim::SimKeys::generate(&dir).unwrap();
        dir
    })
    .clone()
}

fn sim() -> SimHandle {
    Simulator::builder()
        .keys_dir(keys_dir())
        .oauth_domain("shop.example")
        .oauth_domain("127.0.0.1")
        .pay_directory("http://127.0.0.1/shop/")
        .h5_domain("127.0.0.1")
        .local_h5_cashier(true)
        .start()
        .unwrap()
}

struct Answer {
    status: u16,
    location: Option<String>,
    cookie: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
    fn message(&self) -> String {
        let start = self.body.find("id=\"message\">").map(|i| i + 13).expect("a message on the page");
        self.body[start..].split('<').next().unwrap().to_owned()
    }
}

fn request(sim: &SimHandle, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .build()
        .into();
    let mut builder = ureq::http::Request::builder().method(method).uri(format!("{}{path}", sim.base_url()));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut response = agent.run(builder.body(body.as_bytes().to_vec()).unwrap()).unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    let (location, cookie) = (header("location"), header("set-cookie"));
    Answer { status: response.status().as_u16(), location, cookie, body: response.body_mut().read_to_string().unwrap() }
}

fn get(sim: &SimHandle, path: &str, headers: &[(&str, &str)]) -> Answer {
    request(sim, "GET", path, headers, "")
}

fn authorize_path(sim: &SimHandle, redirect: &str, scope: &str) -> String {
    let url = pay_params::oauth2_authorize_url(
        &sim.merchant().appid,
        redirect,
        pay_params::OAuthScope::parse(scope).unwrap_or(pay_params::OAuthScope::Base),
        Some("st1"),
    )
    .unwrap();
    let url = url.replace("https://open.weixin.qq.com", "").replace("#wechat_redirect", "");
    if pay_params::OAuthScope::parse(scope).is_err() {
        url.replace("scope=snsapi_base", &format!("scope={scope}"))
    } else {
        url
    }
}

/// The code the silent authorize page sends the browser back with.
fn oauth_code(sim: &SimHandle) -> String {
    let page =
        get(sim, &authorize_path(sim, "https://shop.example/cb?x=1", "snsapi_base"), &[("User-Agent", WECHAT_UA)]);
    assert_eq!(page.status, 200);
    let start = page.body.find("var allow=\"").unwrap() + 11;
    let target = page.body[start..].split('"').next().unwrap();
    assert!(target.starts_with("https://shop.example/cb?x=1&code="), "{target}");
    assert!(target.ends_with("&state=st1"), "{target}");
    assert!(page.body.contains("location.hash!=='#wechat_redirect'"), "the page checks #wechat_redirect");
    target["https://shop.example/cb?x=1&code=".len()..].split('&').next().unwrap().to_owned()
}

fn exchange(sim: &SimHandle, code: &str) -> Value {
    let m = sim.merchant();
    get(
        sim,
        &format!(
            "/sns/oauth2/access_token?appid={}&secret={}&code={code}&grant_type=authorization_code",
            m.appid,
            wechatpay_sim::web::DEFAULT_APP_SECRET
        ),
        &[],
    )
    .json()
}

#[test]
fn oauth_codes_are_single_use_and_live_five_minutes() {
    let sim = sim();
    let code = oauth_code(&sim);
    let first = exchange(&sim, &code);
    let openid = first["openid"].as_str().unwrap().to_owned();
    assert!(openid.starts_with('o') && openid.len() == 28, "{first}");
    assert_eq!(first["scope"], "snsapi_base");
    assert_eq!(first["expires_in"], 7200);
    let again = exchange(&sim, &code);
    assert_eq!(again["errcode"], 40163);
    assert!(again["errmsg"].as_str().unwrap().starts_with("code been used"), "{again}");
    assert_eq!(exchange(&sim, "not-a-code")["errcode"], 40029);

    let late = oauth_code(&sim);
    sim.advance_web_clock(299);
    let ok = oauth_code(&sim);
    sim.advance_web_clock(1);
    assert_eq!(exchange(&sim, &late)["errcode"], 40029, "expired after 300 s");
    assert!(exchange(&sim, &ok)["openid"].is_string(), "a younger code still works");
    sim.advance_web_clock(-300);

    let m = sim.merchant();
    let wrong = |query: String| get(&sim, &format!("/sns/oauth2/access_token?{query}"), &[]).json()["errcode"].clone();
    let code = oauth_code(&sim);
    assert_eq!(wrong(format!("appid=wx0&secret=s&code={code}&grant_type=authorization_code")), 40013);
    assert_eq!(wrong(format!("appid={}&secret=bad&code={code}&grant_type=authorization_code", m.appid)), 40125);
    assert_eq!(
        wrong(format!("appid={}&secret={}&code={code}&grant_type=x", m.appid, wechatpay_sim::web::DEFAULT_APP_SECRET)),
        40002
    );
    assert!(exchange(&sim, &code)["openid"].is_string(), "the refused attempts did not use the code");
}

#[test]
fn the_authorize_page_refuses_what_wechat_refuses() {
    let sim = sim();
    let appid = sim.merchant().appid.clone();
    let wechat = [("User-Agent", WECHAT_UA)];
    let page = |path: &str| get(&sim, path, &wechat);
    let mismatch = page(&authorize_path(&sim, "https://evil.example/cb", "snsapi_base"));
    assert_eq!(mismatch.message(), "redirect_uri域名与后台配置不一致");
    assert!(mismatch.body.contains("10003"));
    // A subdomain of a registered domain is another domain.
    assert_eq!(
        page(&authorize_path(&sim, "https://m.shop.example/cb", "snsapi_base")).message(),
        "redirect_uri域名与后台配置不一致"
    );
    let scope = page(&authorize_path(&sim, "https://shop.example/cb", "snsapi_login"));
    assert_eq!(scope.message(), "此公众号并没有这些scope的权限");
    assert!(scope.body.contains("10005"));
    let unencoded = format!(
        "/connect/oauth2/authorize?appid={appid}&redirect_uri=https://shop.example/cb&response_type=code&scope=snsapi_base&state=1"
    );
    assert_eq!(page(&unencoded).message(), "redirect_uri参数错误");
    let reordered = format!(
        "/connect/oauth2/authorize?redirect_uri=https%3A%2F%2Fshop.example%2Fcb&appid={appid}&response_type=code&scope=snsapi_base&state=1"
    );
    assert_eq!(page(&reordered).message(), "参数错误");
    let missing = page(
        "/connect/oauth2/authorize?redirect_uri=https%3A%2F%2Fshop.example%2Fcb&response_type=code&scope=snsapi_base",
    );
    assert_eq!(missing.message(), "appid不能为空");
    assert!(missing.body.contains("10012"));
    let no_scope = format!(
        "/connect/oauth2/authorize?appid={appid}&redirect_uri=https%3A%2F%2Fshop.example%2Fcb&response_type=code"
    );
    assert!(page(&no_scope).body.contains("10010"));
    let outside =
        get(&sim, &authorize_path(&sim, "https://shop.example/cb", "snsapi_base"), &[("User-Agent", PHONE_UA)]);
    assert_eq!(outside.message(), "请在微信客户端打开链接");
    // snsapi_userinfo: a consent page with both choices (refusal returns only the state).
    let consent = page(&authorize_path(&sim, "https://shop.example/cb", "snsapi_userinfo"));
    assert!(
        consent.body.contains("id=\"allow\"") && consent.body.contains(",deny=\"https://shop.example/cb?state=st1\"")
    );
    // The simulated user keeps one openid per appid (its cookie).
    let cookie = consent.cookie.unwrap();
    let user = cookie.split(';').next().unwrap();
    let with_user = |_: ()| {
        let p = get(
            &sim,
            &authorize_path(&sim, "https://shop.example/cb", "snsapi_base"),
            &[("User-Agent", WECHAT_UA), ("Cookie", user)],
        );
        let start = p.body.find("code=").unwrap() + 5;
        exchange(&sim, p.body[start..].split('&').next().unwrap())["openid"].as_str().unwrap().to_owned()
    };
    assert_eq!(with_user(()), with_user(()));
}

#[test]
fn mini_program_login_codes_exchange_at_jscode2session_only() {
    let sim = sim();
    let login = |user: &str| {
        request(&sim, "POST", "/sim/wx/login", &[("Content-Type", "text/plain")], &json!({"user": user}).to_string())
            .json()
    };
    let answer = login("u1");
    assert_eq!(answer["errMsg"], "login:ok");
    let code = answer["code"].as_str().unwrap().to_owned();
    let m = sim.merchant();
    let session = |code: &str| {
        get(
            &sim,
            &format!(
                "/sns/jscode2session?appid={}&secret={}&js_code={code}&grant_type=authorization_code",
                m.appid,
                wechatpay_sim::web::DEFAULT_APP_SECRET
            ),
            &[],
        )
        .json()
    };
    let first = session(&code);
    assert!(first["session_key"].is_string(), "{first}");
    assert_eq!(session(&code)["errcode"], 40163);
    let same_user = session(login("u1")["code"].as_str().unwrap());
    assert_eq!(same_user["openid"], first["openid"]);
    assert_ne!(session(login("u2")["code"].as_str().unwrap())["openid"], first["openid"]);
    // An official-account OAuth code is not a js_code, and the other way round.
    assert_eq!(session(&oauth_code(&sim))["errcode"], 40029);
    assert_eq!(exchange(&sim, login("u1")["code"].as_str().unwrap())["errcode"], 40029);
}

// ------------------------------------------------------------------ payments

fn client(sim: &SimHandle) -> Client {
    let k = sim.keys();
    let signer = Signer::from_certificate(&k.info.mchid, k.merchant_key.clone(), &k.merchant_cert).unwrap();
    let store = TrustStore::new();
    store.add_certificate(k.platform_cert.clone());
    Client::new(ClientConfig::new(signer, store, k.apiv3_key.clone()).base_url(sim.base_url()))
}

fn order(sim: &SimHandle, no: &str, kind: TradeKind, ip: &str) -> Value {
    let m = sim.merchant();
    let (payer, scene_info) = match kind {
        TradeKind::Jsapi => (Some(json!({"openid": "oSimTestPayer000000000000000"})), None),
        _ => (None, Some(json!({"payer_client_ip": ip, "h5_info": {"type": "Wap"}}))),
    };
    let request = OrderRequest {
        appid: m.appid.clone(),
        mchid: m.mchid.clone(),
        description: "T恤 <b>tee</b>".into(),
        out_trade_no: no.into(),
        notify_url: "http://127.0.0.1:9/notify".into(),
        amount: Amount { total: 1234, currency: None },
        payer,
        scene_info,
        attach: None,
    };
    let answer = client(sim).place_order(kind, &request).unwrap();
    json!({"prepay_id": answer.prepay_id, "h5_url": answer.h5_url})
}

fn prepare(sim: &SimHandle, kind: &str, page_url: &str, params: &Value) -> Value {
    let body = json!({"kind": kind, "page_url": page_url, "params": params}).to_string();
    let answer = request(sim, "POST", "/sim/wx/pay/prepare", &[("Content-Type", "text/plain")], &body);
    assert_eq!(answer.status, 200);
    answer.json()
}

fn act(sim: &SimHandle, ticket: &Value, action: &str) -> Value {
    request(sim, "POST", &format!("/sim/wx/cashier/{}/{action}", ticket["ticket"].as_str().unwrap()), &[], "").json()
}

#[test]
fn the_bridge_checks_the_directory_and_the_pay_sign() {
    let sim = sim();
    let prepay = order(&sim, "BRIDGE-0001", TradeKind::Jsapi, "")["prepay_id"].as_str().unwrap().to_owned();
    let params = pay_params::jsapi(&sim.keys().merchant_key, &sim.merchant().appid, &prepay).unwrap();
    let params = serde_json::to_value(&params).unwrap();
    let page = "http://127.0.0.1:3000/shop/checkout?x=1";

    let outside = prepare(&sim, "jsapi", "http://127.0.0.1:3000/promo/checkout", &params);
    assert_eq!(outside["refused"], "当前页面的URL未注册：http://127.0.0.1:3000/promo/checkout");
    assert_eq!(act(&sim, &outside, "pay")["result"], "fail", "a refusal cannot be paid");

    let mut forged = params.clone();
    forged["package"] = json!(format!("prepay_id={prepay}"));
    forged["nonceStr"] = json!("another-nonce");
    assert_eq!(prepare(&sim, "jsapi", page, &forged)["refused"], "支付验证签名失败");
    let mut no_sign = params.clone();
    no_sign.as_object_mut().unwrap().remove("paySign");
    assert_eq!(prepare(&sim, "jsapi", page, &no_sign)["refused"], "缺少参数：paySign");

    // The cashier shows the order (escaped) and its amount.
    let ticket = prepare(&sim, "jsapi", page, &params);
    assert!(ticket["refused"].is_null(), "{ticket}");
    let cashier = get(&sim, &format!("/sim/wx/cashier/{}", ticket["ticket"].as_str().unwrap()), &[]);
    assert!(cashier.body.contains("¥12.34") && cashier.body.contains("T恤 &lt;b&gt;tee&lt;/b&gt;"));
    assert_eq!(act(&sim, &ticket, "cancel")["result"], "cancel");
    assert_eq!(sim.order("BRIDGE-0001").unwrap()["trade_state"], "NOTPAY");
    assert_eq!(act(&sim, &ticket, "pay")["result"], "fail", "one ticket, one choice");

    let ticket = prepare(&sim, "jsapi", page, &params);
    assert_eq!(act(&sim, &ticket, "pay")["result"], "ok");
    assert_eq!(sim.order("BRIDGE-0001").unwrap()["trade_state"], "SUCCESS");
    assert_eq!(prepare(&sim, "jsapi", page, &params)["refused"], "该订单已支付");

    // Mini-program: no appId passed (the mini-program's own is signed), no directory.
    let prepay = order(&sim, "BRIDGE-0002", TradeKind::Jsapi, "")["prepay_id"].as_str().unwrap().to_owned();
    let mut mini = serde_json::to_value(
        pay_params::miniprogram(&sim.keys().merchant_key, &sim.merchant().appid, &prepay).unwrap(),
    )
    .unwrap();
    mini.as_object_mut().unwrap().remove("appId");
    let ticket = prepare(&sim, "miniprogram", "", &mini);
    assert!(ticket["refused"].is_null(), "{ticket}");
    assert_eq!(act(&sim, &ticket, "fail")["result"], "fail");
    assert_eq!(sim.order("BRIDGE-0002").unwrap()["trade_state"], "PAYERROR");
}

fn h5_path(sim: &SimHandle, no: &str, ip: &str) -> String {
    let url = order(sim, no, TradeKind::H5, ip)["h5_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("{}/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx", sim.base_url())), "{url}");
    let url = pay_params::h5_redirect_url(&url, "http://127.0.0.1:3000/h5/return?no=1").unwrap();
    url[sim.base_url().len()..].to_owned()
}

#[test]
fn the_h5_cashier_enforces_referer_ip_lifetime_browser_and_one_payer() {
    let sim = sim();
    let referer = ("Referer", "http://127.0.0.1:3000/h5/");
    let phone = ("User-Agent", PHONE_UA);
    let path = h5_path(&sim, "H5-000001", "127.0.0.1");
    assert_eq!(get(&sim, &path, &[phone]).message(), "商家参数格式有误，请联系商家解决");
    assert_eq!(
        get(&sim, &path, &[phone, ("Referer", "http://evil.example/")]).message(),
        "商家存在未配置的参数，请联系商家解决"
    );
    let bad_redirect = path.replace("redirect_url=http%3A%2F%2F127.0.0.1", "redirect_url=http%3A%2F%2Fevil.example");
    assert_eq!(get(&sim, &bad_redirect, &[phone, referer]).message(), "商家存在未配置的参数，请联系商家解决");
    assert_eq!(get(&sim, &path, &[("User-Agent", WECHAT_UA), referer]).message(), "请在微信外打开订单，进行支付");

    let cashier = get(&sim, &path, &[phone, referer]);
    assert!(cashier.body.contains("id=\"amount\">¥12.34"), "{}", cashier.body);
    let payer = cashier.cookie.unwrap().split(';').next().unwrap().to_owned();
    assert_eq!(get(&sim, &path, &[phone, referer]).message(), "系统繁忙，请稍后再试", "another payer");
    let visit = cashier.body.split("name=\"visit\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = format!("visit={visit}&action=pay");
    let form_headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", payer.as_str())];
    let stranger = request(&sim, "POST", "/cgi-bin/mmpayweb-bin/h5pay", &form_headers[..1], &form);
    assert_eq!(stranger.message(), "支付请求已失效，请重新发起支付", "the form is the payer's only");
    let paid = request(&sim, "POST", "/cgi-bin/mmpayweb-bin/h5pay", &form_headers, &form);
    assert_eq!((paid.status, paid.location.as_deref()), (303, Some("http://127.0.0.1:3000/h5/return?no=1")));
    assert_eq!(sim.order("H5-000001").unwrap()["trade_state"], "SUCCESS");
    assert_eq!(get(&sim, &path, &[phone, referer, ("Cookie", payer.as_str())]).message(), "该订单已支付或已关闭");

    let wrong_ip = h5_path(&sim, "H5-000002", "203.0.113.7");
    assert_eq!(get(&sim, &wrong_ip, &[phone, referer]).message(), "网络环境未能通过安全验证，请稍后再试");

    let expiring = h5_path(&sim, "H5-000003", "127.0.0.1");
    sim.advance_web_clock(299);
    let cashier = get(&sim, &expiring, &[phone, referer]);
    assert!(cashier.body.contains("id=\"amount\""), "valid at 299 s");
    let payer = cashier.cookie.unwrap().split(';').next().unwrap().to_owned();
    sim.advance_web_clock(1);
    assert_eq!(
        get(&sim, &expiring, &[phone, referer, ("Cookie", payer.as_str())]).message(),
        "支付请求已失效，请重新发起支付"
    );
}

#[test]
fn the_bridge_script_is_served_with_the_configured_delay() {
    let sim = Simulator::builder().keys_dir(keys_dir()).bridge_ready_delay_ms(750).start().unwrap();
    let script = get(&sim, "/sim/jsbridge.js", &[]);
    assert_eq!(script.status, 200);
    assert!(script.body.starts_with("var __wechatpaySim = { readyDelay: 750 };"));
    for needle in
        ["WeixinJSBridgeReady", "getBrandWCPayRequest", "requestPayment:fail cancel", "get_brand_wcpay_request:"]
    {
        assert!(script.body.contains(needle), "{needle}");
    }
    // Without registrations nothing is allowed, and h5_url keeps WeChat's host.
    let prepay = order(&sim, "BARE-00001", TradeKind::Jsapi, "")["prepay_id"].as_str().unwrap().to_owned();
    let params =
        serde_json::to_value(pay_params::jsapi(&sim.keys().merchant_key, &sim.merchant().appid, &prepay).unwrap())
            .unwrap();
    assert!(
        prepare(&sim, "jsapi", "http://127.0.0.1/shop/x", &params)["refused"]
            .as_str()
            .unwrap()
            .starts_with("当前页面的URL未注册")
    );
    assert!(
        order(&sim, "BARE-00002", TradeKind::H5, "127.0.0.1")["h5_url"]
            .as_str()
            .unwrap()
            .starts_with("https://wx.tenpay.com/")
    );
}
