//! WeChat's side in the browser: what the WeChat client and WeChat's web
//! servers do around a payment, so that a merchant's pages can be rehearsed in
//! a real browser on 127.0.0.1.
//!
//! - Official-account web authorization (网页授权): `GET /connect/oauth2/authorize`
//!   (parameter order, encoded `redirect_uri` on a registered web authorization
//!   domain, scope, `#wechat_redirect`), WeChat's error pages (10003, 10005, …),
//!   and the code exchanges `GET /sns/oauth2/access_token` and
//!   `GET /sns/jscode2session` (single-use codes, 5-minute life, errcode 40029 / 40163).
//! - The in-app browser: `GET /sim/jsbridge.js` defines `WeixinJSBridge`
//!   (firing `WeixinJSBridgeReady` late, as the real one can) and, with
//!   `?env=miniprogram`, `wx.login` / `wx.requestPayment`. The bridge posts the
//!   payment parameters and the page URL to `POST /sim/wx/pay/prepare`, which
//!   checks the payment directory and the `paySign` (the core's
//!   `pay_params::JsapiParams::verify` with the merchant certificate), then shows
//!   the cashier (`/sim/wx/cashier/{ticket}`) in a frame over the page.
//! - The H5 cashier at the `h5_url` (`/cgi-bin/mmpayweb-bin/checkmweb`): a
//!   5-minute life, the payer's IP equal to `payer_client_ip`, a `Referer` and a
//!   `redirect_url` on the registered H5 domain, not inside WeChat, one payer per URL.

mod pages;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};
use wechatpay_core::pay_params::{JsapiParams, OAuthScope};

use crate::server::percent_decode;
use crate::{Shared, lock};

/// Largest body the web endpoints read.
const MAX_BODY: usize = 64 * 1024;

/// Registered domains and directories, secrets and lifetimes of WeChat's web side.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The official account's (and mini-program's) AppSecret.
    pub app_secret: String,
    /// Web authorization domains (网页授权域名): `host` (any port) or `host:port`.
    pub oauth_domains: Vec<String>,
    /// The scopes the official account may ask for.
    pub oauth_scopes: Vec<String>,
    /// JSAPI payment directories (支付授权目录), `scheme://host[:port]/path/`.
    pub pay_directories: Vec<String>,
    /// H5 payment domains (H5支付域名): `host` (any port) or `host:port`.
    pub h5_domains: Vec<String>,
    /// Seconds an `h5_url` is valid (WeChat Pay: 300).
    pub h5_url_lifetime: i64,
    /// Seconds an OAuth / `wx.login` code is valid (WeChat: 300).
    pub code_lifetime: i64,
    /// `h5_url`s point at the simulator's H5 cashier instead of WeChat's host.
    pub local_h5_cashier: bool,
    /// Milliseconds before `WeixinJSBridgeReady` fires.
    pub bridge_ready_delay_ms: u64,
}

/// The simulator's AppSecret unless configured (a test value: 32 characters).
pub const DEFAULT_APP_SECRET: &str = "simulatedappsecret00000000000000";

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            app_secret: DEFAULT_APP_SECRET.into(),
            oauth_domains: Vec::new(),
            oauth_scopes: vec!["snsapi_base".into(), "snsapi_userinfo".into()],
            pay_directories: Vec::new(),
            h5_domains: Vec::new(),
            h5_url_lifetime: 300,
            code_lifetime: 300,
            local_h5_cashier: false,
            bridge_ready_delay_ms: 200,
        }
    }
}

// ------------------------------------------------------------------ rules

/// A URL split into what WeChat compares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Url<'a> {
    scheme: &'a str,
    host: String,
    port: Option<u16>,
    path: &'a str,
}

fn parse_url(url: &str) -> Option<Url<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let (host, port) = split_host_port(authority)?;
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let path = &tail[..path_end];
    Some(Url { scheme, host, port, path: if path.is_empty() { "/" } else { path } })
}

fn split_host_port(authority: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = match authority.strip_prefix('[') {
        // [v6] or [v6]:port
        Some(rest) => {
            let (v6, after) = rest.split_once(']')?;
            let port = if after.is_empty() { None } else { Some(after.strip_prefix(':')?) };
            (&authority[..v6.len() + 2], port)
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    if host.is_empty() || host == "[]" {
        return None;
    }
    Some((host.to_ascii_lowercase(), port))
}

/// Whether `url`'s host is the registered `domain` (`host`: any port; `host:port`: that port).
/// Subdomains do not match (WeChat compares the full domain).
pub fn domain_matches(domain: &str, url: &str) -> bool {
    let Some(url) = parse_url(url) else { return false };
    let Some((host, port)) = split_host_port(domain.trim()) else { return false };
    host == url.host && port.is_none_or(|p| Some(p) == url.port)
}

/// Whether the page at `page_url` may start a JSAPI payment under the registered
/// payment `directory` (支付授权目录): scheme and host must be equal (a directory
/// without a port allows any port); the root directory (`https://host/`) allows
/// every page of the host; any other directory only the pages directly in it
/// (`/abc/123/` allows `/abc/123/pay.html`, neither `/abc/x.html` nor `/abc/123/pay/x.html`).
pub fn directory_matches(directory: &str, page_url: &str) -> bool {
    let (Some(dir), Some(page)) = (parse_url(directory), parse_url(page_url)) else { return false };
    if !dir.path.ends_with('/') || dir.scheme != page.scheme || dir.host != page.host {
        return false;
    }
    if dir.port.is_some() && dir.port != page.port {
        return false;
    }
    if dir.path == "/" {
        return true;
    }
    let page_dir = &page.path[..page.path.rfind('/').map_or(0, |i| i + 1)];
    page_dir == dir.path
}

// ------------------------------------------------------------------ state

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeKind {
    OAuth,
    MiniProgram,
}

#[derive(Debug, Clone)]
struct Code {
    kind: CodeKind,
    appid: String,
    openid: String,
    scope: String,
    issued_at: i64,
    used: bool,
}

#[derive(Debug, Clone)]
struct Ticket {
    miniprogram: bool,
    out_trade_no: String,
    /// Why WeChat refuses (the cashier shows it), if it does.
    refusal: Option<(String, String)>,
    done: bool,
}

#[derive(Debug, Clone)]
struct H5Visit {
    out_trade_no: String,
    payer: String,
    redirect_url: Option<String>,
    done: bool,
}

/// OAuth codes, simulated users, payment tickets and H5 visits (in memory).
#[derive(Debug, Default)]
pub(crate) struct WebState {
    codes: HashMap<String, Code>,
    /// (user, appid) -> openid
    openids: HashMap<(String, String), String>,
    tickets: HashMap<String, Ticket>,
    /// out_trade_no -> the payer the `h5_url` was first opened by.
    h5_payers: HashMap<String, String>,
    h5_visits: HashMap<String, H5Visit>,
}

fn random(n: usize) -> String {
    wechatpay_core::nonce::generate_len(n).unwrap_or_default()
}

impl WebState {
    fn openid(&mut self, user: &str, appid: &str) -> String {
        self.openids.entry((user.to_owned(), appid.to_owned())).or_insert_with(|| format!("o{}", random(27))).clone()
    }

    fn issue_code(&mut self, kind: CodeKind, appid: &str, openid: String, scope: &str, now: i64) -> String {
        let code = random(32);
        let entry =
            Code { kind, appid: appid.to_owned(), openid, scope: scope.to_owned(), issued_at: now, used: false };
        self.codes.insert(code.clone(), entry);
        code
    }
}

// ------------------------------------------------------------------ HTTP

/// Whether `path` is one of WeChat's web endpoints (served here, not by the APIv3 gateway).
pub(crate) fn serves(path: &str) -> bool {
    path.starts_with("/connect/oauth2/")
        || path.starts_with("/sns/")
        || path.starts_with("/cgi-bin/mmpayweb-bin/")
        || path.starts_with("/sim/wx/")
        || path == "/sim/jsbridge.js"
}

struct Web {
    method: String,
    path: String,
    query: String,
    headers: HeaderMap,
    peer: Option<IpAddr>,
    body: Vec<u8>,
}

impl Web {
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    fn param(&self, name: &str) -> Option<String> {
        query_pairs(&self.query).into_iter().find(|(k, _)| k == name).map(|(_, v)| percent_decode(v))
    }
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|line| {
            line.split(';').find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                (k == name && !v.is_empty()).then(|| v.to_owned())
            })
        })
    }
    fn in_wechat(&self) -> bool {
        self.header(header::USER_AGENT).is_some_and(|ua| ua.contains("MicroMessenger"))
    }
    fn json_body(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// The raw `key=value` pairs in order (values still encoded).
fn query_pairs(query: &str) -> Vec<(String, &str)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), v)
        })
        .collect()
}

pub(crate) struct Answer {
    status: u16,
    content_type: &'static str,
    body: String,
    headers: Vec<(header::HeaderName, String)>,
}

impl Answer {
    fn html(status: u16, body: String) -> Self {
        Answer { status, content_type: "text/html; charset=utf-8", body, headers: Vec::new() }
    }
    fn json(value: &Value) -> Self {
        Answer {
            status: 200,
            content_type: "application/json; charset=utf-8",
            body: value.to_string(),
            headers: Vec::new(),
        }
    }
    fn cors(mut self) -> Self {
        self.headers.push((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".into()));
        self
    }
    fn with(mut self, name: header::HeaderName, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

pub(crate) async fn handle(sim: &Arc<Shared>, request: Request) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY).await.map(|b| b.to_vec()).unwrap_or_default();
    let req = Web {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        headers: parts.headers,
        peer,
        body,
    };
    let answer = route(sim, &req);
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CONTENT_TYPE, answer.content_type)
        .header(header::CACHE_CONTROL, "no-store");
    for (name, value) in answer.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            builder = builder.header(name, value);
        }
    }
    builder.body(Body::from(answer.body)).unwrap_or_else(|_| Response::new(Body::empty()))
}

fn route(sim: &Arc<Shared>, req: &Web) -> Answer {
    let segments: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    match (req.method.as_str(), segments.as_slice()) {
        ("GET", ["connect", "oauth2", "authorize"]) => authorize(sim, req),
        ("GET", ["sns", "oauth2", "access_token"]) => exchange(sim, req, CodeKind::OAuth),
        ("GET", ["sns", "jscode2session"]) => exchange(sim, req, CodeKind::MiniProgram),
        ("GET", ["sim", "jsbridge.js"]) => Answer {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: format!(
                "var __wechatpaySim = {{ readyDelay: {} }};\n{}",
                sim.config.web.bridge_ready_delay_ms,
                include_str!("jsbridge.js")
            ),
            headers: Vec::new(),
        }
        .cors(),
        ("OPTIONS", ["sim", "wx", ..]) => Answer::html(204, String::new())
            .cors()
            .with(header::ACCESS_CONTROL_ALLOW_METHODS, "POST".into())
            .with(header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type".into()),
        ("POST", ["sim", "wx", "login"]) => mini_login(sim, req).cors(),
        ("POST", ["sim", "wx", "pay", "prepare"]) => prepare(sim, req).cors(),
        ("GET", ["sim", "wx", "cashier", ticket]) => cashier_page(sim, ticket),
        ("POST", ["sim", "wx", "cashier", ticket, action]) => cashier_action(sim, ticket, action),
        ("GET", ["cgi-bin", "mmpayweb-bin", "checkmweb"]) => h5_checkmweb(sim, req),
        ("POST", ["cgi-bin", "mmpayweb-bin", "h5pay"]) => h5_action(sim, req),
        _ => Answer::html(
            404,
            pages::error("页面不存在", "Not found", "The simulator serves no such WeChat page.", None),
        ),
    }
}

// ------------------------------------------------------------------ OAuth2

const OAUTH_ORDER: [&str; 5] = ["appid", "redirect_uri", "response_type", "scope", "state"];

fn oauth_error(code: Option<u32>, zh: &str, en: &str) -> Answer {
    Answer::html(200, pages::error("授权失败", zh, en, code))
}

fn authorize(sim: &Arc<Shared>, req: &Web) -> Answer {
    let web = &sim.config.web;
    if !req.in_wechat() {
        return oauth_error(
            None,
            "请在微信客户端打开链接",
            "Open this link in WeChat (the User-Agent has no MicroMessenger).",
        );
    }
    let pairs = query_pairs(&req.query);
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
    let Some(appid) = get("appid").filter(|a| !a.is_empty()) else {
        return oauth_error(Some(10012), "appid不能为空", "The appid parameter is missing.");
    };
    let Some(raw_redirect) = get("redirect_uri").filter(|r| !r.is_empty()) else {
        return oauth_error(Some(10011), "redirect_uri不能为空", "The redirect_uri parameter is missing.");
    };
    let Some(scope) = get("scope").filter(|s| !s.is_empty()) else {
        return oauth_error(Some(10010), "scope不能为空", "The scope parameter is missing.");
    };
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    let known: Vec<&str> = keys.iter().copied().filter(|k| OAUTH_ORDER.contains(k)).collect();
    let expected: Vec<&str> = OAUTH_ORDER.iter().copied().filter(|k| keys.contains(k)).collect();
    if known != expected || known.len() != keys.len() {
        return oauth_error(
            None,
            "参数错误",
            "The parameters must be exactly appid, redirect_uri, response_type, scope, state, in this order.",
        );
    }
    if percent_decode(appid) != sim.keys.info.appid {
        return oauth_error(None, "appid参数错误", "This appid is not an official account of the simulator.");
    }
    if raw_redirect.contains([':', '/', '?', '&']) {
        return oauth_error(None, "redirect_uri参数错误", "redirect_uri must be URL-encoded (encodeURIComponent).");
    }
    let redirect = percent_decode(raw_redirect);
    if parse_url(&redirect).is_none() || redirect.contains('#') {
        return oauth_error(None, "redirect_uri参数错误", "redirect_uri is not an http(s) URL without a fragment.");
    }
    if !web.oauth_domains.iter().any(|d| domain_matches(d, &redirect)) {
        return oauth_error(
            Some(10003),
            "redirect_uri域名与后台配置不一致",
            &format!(
                "The domain of redirect_uri is not the registered web authorization domain (registered: {}).",
                if web.oauth_domains.is_empty() { "none".to_owned() } else { web.oauth_domains.join(", ") }
            ),
        );
    }
    if get("response_type") != Some("code") {
        return oauth_error(None, "response_type参数错误", "response_type must be code.");
    }
    let scope = percent_decode(scope);
    if OAuthScope::parse(&scope).is_err() || !web.oauth_scopes.contains(&scope) {
        return oauth_error(
            Some(10005),
            "此公众号并没有这些scope的权限",
            &format!("This account may not ask for scope {scope:?}."),
        );
    }
    let state = get("state").map(percent_decode).unwrap_or_default();
    if state.len() > 128 || !state.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return oauth_error(None, "state参数错误", "state is at most 128 letters and digits.");
    }
    let (user, new_user) = match req.cookie("wxsim_user") {
        Some(user) => (user, false),
        None => (random(16), true),
    };
    let code = {
        let mut web_state = lock(&sim.web);
        let openid = web_state.openid(&user, &sim.keys.info.appid);
        web_state.issue_code(CodeKind::OAuth, &sim.keys.info.appid, openid, &scope, sim.web_now())
    };
    let separator = if redirect.contains('?') { '&' } else { '?' };
    let allow = format!("{redirect}{separator}code={code}&state={state}");
    let deny = format!("{redirect}{separator}state={state}");
    let page = pages::authorize(&scope, &allow, &deny);
    let answer = Answer::html(200, page);
    if new_user {
        answer.with(header::SET_COOKIE, format!("wxsim_user={user}; Path=/; HttpOnly; SameSite=Lax"))
    } else {
        answer
    }
}

fn sns_error(errcode: i64, errmsg: &str) -> Answer {
    Answer::json(&json!({"errcode": errcode, "errmsg": format!("{errmsg}, rid: {}", random(24).to_lowercase())}))
}

fn exchange(sim: &Arc<Shared>, req: &Web, kind: CodeKind) -> Answer {
    let appid = req.param("appid").unwrap_or_default();
    if appid != sim.keys.info.appid {
        return sns_error(40013, "invalid appid");
    }
    if req.param("secret").unwrap_or_default() != sim.config.web.app_secret {
        return sns_error(40125, "invalid appsecret");
    }
    if req.param("grant_type").as_deref() != Some("authorization_code") {
        return sns_error(40002, "invalid grant_type");
    }
    let name = if kind == CodeKind::OAuth { "code" } else { "js_code" };
    let Some(code) = req.param(name).filter(|c| !c.is_empty()) else {
        return sns_error(41008, &format!("missing {name}"));
    };
    let now = sim.web_now();
    let lifetime = sim.config.web.code_lifetime;
    let mut web = lock(&sim.web);
    let Some(entry) = web.codes.get_mut(&code).filter(|c| c.kind == kind && c.appid == appid) else {
        return sns_error(40029, "invalid code");
    };
    if entry.used {
        return sns_error(40163, "code been used");
    }
    if now.saturating_sub(entry.issued_at) >= lifetime {
        return sns_error(40029, "invalid code");
    }
    entry.used = true;
    match kind {
        CodeKind::OAuth => Answer::json(&json!({
            "access_token": random(64), "expires_in": 7200, "refresh_token": random(64),
            "openid": entry.openid, "scope": entry.scope, "is_snapshotuser": 0,
        })),
        CodeKind::MiniProgram => Answer::json(&json!({"session_key": random(24), "openid": entry.openid})),
    }
}

/// `wx.login()` of the simulated mini-program: a `js_code` for the user the page names.
fn mini_login(sim: &Arc<Shared>, req: &Web) -> Answer {
    let body = req.json_body();
    let user = body.get("user").and_then(Value::as_str).filter(|u| !u.is_empty() && u.len() <= 64);
    let Some(user) = user else {
        return Answer::json(&json!({"errMsg": "login:fail user missing"}));
    };
    let mut web = lock(&sim.web);
    let openid = web.openid(user, &sim.keys.info.appid);
    let code = web.issue_code(CodeKind::MiniProgram, &sim.keys.info.appid, openid, "", sim.web_now());
    Answer::json(&json!({"errMsg": "login:ok", "code": code}))
}

// ------------------------------------------------------------------ JSAPI / mini-program

fn str_field<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    v.get(name).and_then(Value::as_str)
}

/// What WeChat's client checks before it shows the cashier; `Err((zh, en))` is its refusal.
fn check_payment(sim: &Shared, miniprogram: bool, page_url: &str, params: &Value) -> Result<String, (String, String)> {
    let refuse = |zh: &str, en: &str| Err((zh.to_owned(), en.to_owned()));
    if !miniprogram && !sim.config.web.pay_directories.iter().any(|d| directory_matches(d, page_url)) {
        return Err((
            format!("当前页面的URL未注册：{page_url}"),
            format!(
                "This page is not under a registered payment directory (registered: {}).",
                if sim.config.web.pay_directories.is_empty() {
                    "none".to_owned()
                } else {
                    sim.config.web.pay_directories.join(", ")
                }
            ),
        ));
    }
    let mut fields = Vec::new();
    let required: &[&str] = if miniprogram {
        &["timeStamp", "nonceStr", "package", "signType", "paySign"]
    } else {
        &["appId", "timeStamp", "nonceStr", "package", "signType", "paySign"]
    };
    for name in required {
        match str_field(params, name) {
            Some(v) if !v.is_empty() => fields.push(v.to_owned()),
            _ => {
                return refuse(
                    &format!("缺少参数：{name}"),
                    &format!("The parameter {name} is missing or not a string."),
                );
            }
        }
    }
    let app_id = if miniprogram { sim.keys.info.appid.clone() } else { fields.remove(0) };
    let [time_stamp, nonce_str, package, sign_type, pay_sign] =
        <[String; 5]>::try_from(fields).map_err(|_| ("系统错误".to_owned(), "internal".to_owned()))?;
    let Some(prepay_id) = package.strip_prefix("prepay_id=") else {
        return refuse("package参数格式错误", "package must be prepay_id=… .");
    };
    let state = lock(&sim.state);
    let Some(order) = state.orders.values().find(|o| o.prepay_id == prepay_id && o.trade_type == "JSAPI") else {
        return refuse("prepay_id无效", "No JSAPI order has this prepay_id.");
    };
    if order.appid != app_id {
        return refuse("appId和prepay_id不匹配", "appId is not the appid the order was placed with.");
    }
    let params = JsapiParams { app_id, time_stamp, nonce_str, package, sign_type, pay_sign };
    if params.sign_type != "RSA" {
        return refuse("签名类型错误", "signType must be RSA for an APIv3 order.");
    }
    if params.verify(sim.keys.merchant_cert.public_key()).is_err() {
        return refuse(
            "支付验证签名失败",
            "paySign does not verify with the merchant certificate (appId, timeStamp, nonceStr, package).",
        );
    }
    match order.trade_state.as_str() {
        "NOTPAY" => Ok(order.out_trade_no.clone()),
        "SUCCESS" | "REFUND" => refuse("该订单已支付", "This order is already paid."),
        "CLOSED" => refuse("该订单已关闭", "This order is closed."),
        other => Err(("订单状态异常".to_owned(), format!("The order is {other}."))),
    }
}

fn prepare(sim: &Arc<Shared>, req: &Web) -> Answer {
    let body = req.json_body();
    let miniprogram = str_field(&body, "kind") == Some("miniprogram");
    let page_url = str_field(&body, "page_url").unwrap_or("");
    let params = body.get("params").cloned().unwrap_or(Value::Null);
    let (out_trade_no, refusal) = match check_payment(sim, miniprogram, page_url, &params) {
        Ok(no) => (no, None),
        Err(refusal) => (String::new(), Some(refusal)),
    };
    let ticket = random(32);
    let refused = refusal.as_ref().map(|r| r.0.clone());
    lock(&sim.web).tickets.insert(ticket.clone(), Ticket { miniprogram, out_trade_no, refusal, done: false });
    Answer::json(&json!({"ticket": ticket, "refused": refused}))
}

fn cashier_page(sim: &Arc<Shared>, ticket: &str) -> Answer {
    let Some(t) = lock(&sim.web).tickets.get(ticket).cloned() else {
        return Answer::html(404, pages::error("微信支付", "支付请求不存在", "Unknown payment request.", None));
    };
    if let Some((zh, en)) = &t.refusal {
        return Answer::html(200, pages::cashier_refusal(ticket, zh, en));
    }
    let order = lock(&sim.state).orders.get(&t.out_trade_no).cloned();
    match order {
        Some(o) => {
            Answer::html(200, pages::cashier(ticket, &sim.keys.info.mchid, &o.description, o.total, t.miniprogram))
        }
        None => Answer::html(404, pages::error("微信支付", "订单不存在", "The order is gone.", None)),
    }
}

/// The payer's choice in the cashier: `pay`, `cancel`, `fail` (a simulated
/// failure, e.g. insufficient balance) or `ack` (closing a refusal).
fn cashier_action(sim: &Arc<Shared>, ticket: &str, action: &str) -> Answer {
    let t = {
        let mut web = lock(&sim.web);
        let Some(t) = web.tickets.get_mut(ticket).filter(|t| !t.done) else {
            return Answer::json(
                &json!({"result": "fail", "errmsg": "支付请求已失效 (this payment request was already used)"}),
            );
        };
        t.done = true;
        t.clone()
    };
    let (result, errmsg) = match (&t.refusal, action) {
        (Some((zh, _)), _) => ("fail", zh.clone()),
        (None, "pay") => match crate::server::pay(sim, &t.out_trade_no) {
            Ok(_) => ("ok", String::new()),
            Err(e) => ("fail", e.to_string()),
        },
        (None, "fail") => {
            let _ = crate::server::fail_payment(sim, &t.out_trade_no);
            ("fail", "支付失败：零钱余额不足 (simulated: insufficient balance)".to_owned())
        }
        (None, _) => ("cancel", String::new()),
    };
    Answer::json(&json!({"result": result, "errmsg": errmsg}))
}

// ------------------------------------------------------------------ H5

fn h5_error(zh: &str, en: &str) -> Answer {
    Answer::html(200, pages::h5_error(zh, en))
}

fn h5_checkmweb(sim: &Arc<Shared>, req: &Web) -> Answer {
    let web = &sim.config.web;
    if req.in_wechat() {
        return h5_error(
            "请在微信外打开订单，进行支付",
            "H5 payment does not run inside WeChat: open the order in another browser.",
        );
    }
    let (Some(prepay_id), Some(package)) = (req.param("prepay_id"), req.param("package")) else {
        return h5_error("商家参数格式有误，请联系商家解决", "prepay_id and package are required.");
    };
    let order = {
        let state = lock(&sim.state);
        let wanted = format!("prepay_id={prepay_id}&package={package}");
        state
            .orders
            .values()
            .find(|o| o.trade_type == "MWEB" && o.prepay_id == prepay_id)
            .filter(|o| o.answer.get("h5_url").and_then(Value::as_str).is_some_and(|u| u.ends_with(&wanted)))
            .cloned()
    };
    let Some(order) = order else {
        return h5_error("商家参数格式有误，请联系商家解决", "No H5 order has this prepay_id and package.");
    };
    let Some(referer) = req.header(header::REFERER).filter(|r| !r.is_empty()) else {
        return h5_error(
            "商家参数格式有误，请联系商家解决",
            "The request has no Referer: open the h5_url from a page of the merchant's registered H5 domain (a link or a redirect), not by typing it.",
        );
    };
    if !web.h5_domains.iter().any(|d| domain_matches(d, referer)) {
        return h5_error(
            "商家存在未配置的参数，请联系商家解决",
            &format!("The Referer {referer} is not on the registered H5 payment domain."),
        );
    }
    let redirect_url = req.param("redirect_url");
    if let Some(url) = &redirect_url
        && !web.h5_domains.iter().any(|d| domain_matches(d, url))
    {
        return h5_error(
            "商家存在未配置的参数，请联系商家解决",
            &format!("redirect_url {url} is not on the registered H5 payment domain."),
        );
    }
    if sim.web_now().saturating_sub(order.created_at) >= web.h5_url_lifetime {
        return h5_error(
            "支付请求已失效，请重新发起支付",
            &format!("The h5_url is valid for {} seconds after the order: place it again.", web.h5_url_lifetime),
        );
    }
    let peer = req.peer.map(|ip| ip.to_string()).unwrap_or_default();
    if order.payer_client_ip.as_deref() != Some(peer.as_str()) {
        return h5_error(
            "网络环境未能通过安全验证，请稍后再试",
            &format!(
                "The payer's IP ({peer}) is not the order's payer_client_ip ({}).",
                order.payer_client_ip.as_deref().unwrap_or("none")
            ),
        );
    }
    if order.trade_state != "NOTPAY" {
        return h5_error("该订单已支付或已关闭", &format!("The order is {}.", order.trade_state));
    }
    let (payer, new_payer) = match req.cookie("wxsim_h5_payer") {
        Some(payer) => (payer, false),
        None => (random(16), true),
    };
    let visit = random(32);
    {
        let mut state = lock(&sim.web);
        let bound = state.h5_payers.entry(order.out_trade_no.clone()).or_insert_with(|| payer.clone());
        if *bound != payer {
            return h5_error(
                "系统繁忙，请稍后再试",
                "This h5_url was already opened by another payer: one URL serves one payer (place a new order).",
            );
        }
        state.h5_visits.insert(
            visit.clone(),
            H5Visit { out_trade_no: order.out_trade_no.clone(), payer: payer.clone(), redirect_url, done: false },
        );
    }
    let answer = Answer::html(200, pages::h5_cashier(&visit, &sim.keys.info.mchid, &order.description, order.total));
    if new_payer {
        answer.with(header::SET_COOKIE, format!("wxsim_h5_payer={payer}; Path=/; HttpOnly; SameSite=Lax"))
    } else {
        answer
    }
}

fn form_value(body: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    query_pairs(&text).into_iter().find(|(k, _)| k == name).map(|(_, v)| percent_decode(v))
}

fn h5_action(sim: &Arc<Shared>, req: &Web) -> Answer {
    let visit_id = form_value(&req.body, "visit").unwrap_or_default();
    let action = form_value(&req.body, "action").unwrap_or_default();
    let visit = {
        let mut web = lock(&sim.web);
        match web.h5_visits.get_mut(&visit_id) {
            Some(v) if !v.done && req.cookie("wxsim_h5_payer").as_deref() == Some(v.payer.as_str()) => {
                v.done = true;
                v.clone()
            }
            _ => {
                return h5_error(
                    "支付请求已失效，请重新发起支付",
                    "This cashier page was already used or belongs to another payer.",
                );
            }
        }
    };
    let paid = action == "pay";
    if paid && let Err(e) = crate::server::pay(sim, &visit.out_trade_no) {
        return h5_error("支付失败", &e.to_string());
    }
    match visit.redirect_url {
        Some(url) => Answer::html(303, String::new()).with(header::LOCATION, url),
        None => Answer::html(200, pages::h5_done(paid)),
    }
}
