//! The HTTP side: one fallback handler that reads the raw request and routes
//! it, so that every answer (including to malformed requests) is WeChat Pay's
//! JSON error shape, signed.
#![allow(clippy::result_large_err)] // ApiError is the answer itself, built once per request

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};
use wechatpay_core::api_error::{ApiError, lookup};
use wechatpay_core::clock::format_china;
use wechatpay_core::v3::bill::{self, HashType};
use wechatpay_core::v3::notify::CallbackEnvelope;
use wechatpay_core::v3::sign::{parse_authorization, verify_request};
use wechatpay_core::v3::{certificates, media};

use crate::state::{Order, RefundRecord};
use crate::{Shared, delivery};
use crate::{SigningMode, SimError, lock};

/// Largest request body read (media uploads are at most 2 MiB at WeChat Pay; a margin).
const MAX_BODY: usize = 4 * 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// What an endpoint answers, before signing.
pub(crate) struct Reply {
    status: u16,
    body: Vec<u8>,
    /// Signed with Wechatpay-* headers (every API answer but the bill file).
    signed: bool,
    content_type: &'static str,
}

impl Reply {
    fn json(status: u16, value: &Value) -> Self {
        Reply { status, body: value.to_string().into_bytes(), signed: true, content_type: "application/json" }
    }
    fn no_content() -> Self {
        Reply { status: 204, body: Vec::new(), signed: true, content_type: "application/json" }
    }
    fn error(err: &ApiError) -> Self {
        Reply {
            status: err.status.unwrap_or(400),
            body: err.to_json().into_bytes(),
            signed: true,
            content_type: "application/json",
        }
    }
    fn control(status: u16, value: &Value) -> Self {
        Reply { status, body: value.to_string().into_bytes(), signed: false, content_type: "application/json" }
    }
}

type Outcome = Result<Reply, ApiError>;

/// An error with the catalogue's HTTP status for `code`.
fn api(code: &str, message: &str) -> ApiError {
    let status = lookup(code).and_then(|info| info.status).unwrap_or(400);
    ApiError::new(status, code, message)
}

fn system_error() -> ApiError {
    api("SYSTEM_ERROR", "系统错误")
}

async fn handle(State(sim): State<Arc<Shared>>, request: Request) -> Response {
    if crate::web::serves(request.uri().path()) {
        return crate::web::handle(&sim, request).await;
    }
    let (parts, body) = request.into_parts();
    let reply = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => {
            let url = parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
            let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let incoming = Incoming {
                method: parts.method.as_str().to_owned(),
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().unwrap_or("").to_owned(),
                url,
                authorization: header("authorization"),
                content_type: header("content-type"),
                body: body.to_vec(),
            };
            if incoming.path.starts_with("/sim/") || incoming.path == "/sim" {
                control(&sim, &incoming)
            } else {
                gateway(&sim, &incoming).unwrap_or_else(|err| Reply::error(&err))
            }
        }
        Err(_) => Reply::error(&api("INVALID_REQUEST", "请求体过大或读取失败")),
    };
    finish(&sim, reply)
}

fn finish(sim: &Shared, reply: Reply) -> Response {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("Request-ID", request_id());
    if reply.status != 204 {
        builder = builder.header("Content-Type", reply.content_type);
    }
    if reply.signed {
        match sim.sign_response(&reply.body) {
            Ok(headers) => {
                for (name, value) in headers.to_pairs() {
                    if let Ok(value) = HeaderValue::from_str(&value) {
                        builder = builder.header(name, value);
                    }
                }
            }
            Err(_) => {
                let mut response = Response::new(Body::from(system_error().to_json()));
                *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                return response;
            }
        }
    }
    builder.body(Body::from(reply.body)).unwrap_or_else(|_| {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        response
    })
}

fn request_id() -> String {
    wechatpay_core::nonce::generate_len(24).map(|n| format!("08{n}")).unwrap_or_default()
}

pub(crate) struct Incoming {
    method: String,
    path: String,
    query: String,
    url: String,
    authorization: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Incoming {
    fn query_param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k) == name).then(|| percent_decode(v))
        })
    }
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The APIv3 gateway: authenticate, then route.
fn gateway(sim: &Arc<Shared>, req: &Incoming) -> Outcome {
    sim.stats.requests.fetch_add(1, Ordering::Relaxed);
    let is_upload = req.path == "/v3/merchant/media/upload" || req.path == "/v3/merchant/media/video_upload";
    // A media upload signs its meta part, not the whole body.
    let upload = if is_upload && req.method == "POST" {
        let content_type = req.content_type.as_deref().unwrap_or("");
        match media::parse_upload(content_type, &req.body) {
            Ok(upload) => Some(upload),
            Err(err) => {
                return Err(ApiError::param_error("meta", None, &format!("multipart 格式错误: {err}"), "body"));
            }
        }
    } else {
        None
    };
    let signed_body: &[u8] = upload.as_ref().map_or(&req.body, |u| u.meta.as_bytes());
    authenticate(sim, req, signed_body)?;
    if let Some(fail) = lock(&sim.fail_next).as_mut().filter(|f| f.remaining > 0) {
        fail.remaining -= 1;
        return Err(ApiError::new(fail.status, fail.code.clone(), "模拟的错误 (injected by the simulator)"));
    }
    let segments: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    match (req.method.as_str(), segments.as_slice()) {
        ("POST", ["v3", "pay", "transactions", kind @ ("jsapi" | "app" | "h5" | "native")]) => {
            place_order(sim, kind, req)
        }
        ("GET", ["v3", "pay", "transactions", "out-trade-no", no]) => query_order(sim, req, Lookup::OutTradeNo(no)),
        ("GET", ["v3", "pay", "transactions", "id", id]) => query_order(sim, req, Lookup::TransactionId(id)),
        ("POST", ["v3", "pay", "transactions", "out-trade-no", no, "close"]) => close_order(sim, req, no),
        ("POST", ["v3", "refund", "domestic", "refunds"]) => create_refund(sim, req),
        ("GET", ["v3", "refund", "domestic", "refunds", no]) => query_refund(sim, no),
        ("GET", ["v3", "certificates"]) => certificates_answer(sim),
        ("GET", ["v3", "bill", "tradebill"]) => trade_bill(sim, req),
        ("GET", ["v3", "billdownload", "file"]) => bill_file(sim, req),
        ("POST", ["v3", "merchant", "media", "upload" | "video_upload"]) => match upload {
            Some(upload) => media_upload(sim, &upload),
            None => Err(system_error()),
        },
        _ => Err(api("NOT_FOUND", "请求的资源不存在 (the simulator does not serve this path)")),
    }
}

/// Checks the request signature as WeChat Pay does; 401 `SIGN_ERROR` with
/// the reconstructed message otherwise.
fn authenticate(sim: &Shared, req: &Incoming, signed_body: &[u8]) -> Result<(), ApiError> {
    let header = req.authorization.as_deref().unwrap_or("");
    let fail = |message: String| {
        sim.stats.sign_errors.fetch_add(1, Ordering::Relaxed);
        ApiError::sign_error(&req.method, &req.url, &message)
    };
    let message = || {
        parse_authorization(header)
            .map(|a| String::from_utf8_lossy(&a.message(&req.method, &req.url, signed_body)).into_owned())
            .unwrap_or_default()
    };
    let keys = &sim.keys;
    match verify_request(
        &req.method,
        &req.url,
        signed_body,
        header,
        keys.merchant_cert.public_key(),
        sim.now(),
        sim.config.request_window,
    ) {
        Ok(auth) if auth.mchid == keys.info.mchid && auth.serial_no == keys.info.merchant_serial_no => Ok(()),
        Ok(_) => Err(fail(message())),
        Err(_) => Err(fail(message())),
    }
}

fn parse_json(body: &[u8]) -> Result<Value, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(ApiError::new(400, "PARAM_ERROR", "请求体不是合法的JSON对象 (the body is not a JSON object)")
            .with_detail(json!({"location": "body", "issue": "invalid JSON"}))),
    }
}

fn required_str<'a>(v: &'a Value, pointer: &str, max_chars: usize) -> Result<&'a str, ApiError> {
    match v.pointer(pointer) {
        None | Some(Value::Null) => Err(ApiError::param_error(pointer, None, "字段必填 (required)", "body")),
        Some(Value::String(s)) if s.is_empty() => Err(ApiError::param_error(pointer, Some(s), "字段不能为空", "body")),
        Some(Value::String(s)) if s.chars().count() > max_chars => {
            Err(ApiError::param_error(pointer, Some(s), &format!("长度不能超过{max_chars}")[..], "body"))
        }
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(ApiError::param_error(pointer, Some(&other.to_string()), "类型错误，应为字符串", "body")),
    }
}

fn optional_str<'a>(v: &'a Value, pointer: &str, max_chars: usize) -> Result<Option<&'a str>, ApiError> {
    match v.pointer(pointer) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => required_str(v, pointer, max_chars).map(Some),
    }
}

fn required_amount(v: &Value, pointer: &str) -> Result<i64, ApiError> {
    match v.pointer(pointer) {
        None | Some(Value::Null) => Err(ApiError::param_error(pointer, None, "字段必填 (required)", "body")),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(total) if (1..=100_000_000_000).contains(&total) => Ok(total),
            _ => Err(ApiError::param_error(pointer, Some(&n.to_string()), "金额必须为正整数（单位：分）", "body")),
        },
        Some(other) => Err(ApiError::param_error(pointer, Some(&other.to_string()), "类型错误，应为整数", "body")),
    }
}

fn currency(v: &Value, pointer: &str) -> Result<String, ApiError> {
    match optional_str(v, pointer, 16)? {
        None | Some("CNY") => Ok("CNY".into()),
        Some(other) => Err(ApiError::param_error(pointer, Some(other), "Currency code is invalid", "body")),
    }
}

fn valid_out_no(no: &str) -> bool {
    (6..=32).contains(&no.len()) && no.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-|*".contains(&b))
}

fn check_mchid(sim: &Shared, v: &Value) -> Result<(), ApiError> {
    let mchid = required_str(v, "/mchid", 32)?;
    if mchid != sim.keys.info.mchid {
        return Err(ApiError::param_error("/mchid", Some(mchid), "与Authorization中的商户号不一致", "body"));
    }
    Ok(())
}

fn check_notify_url(v: &Value, pointer: &str, required: bool) -> Result<Option<String>, ApiError> {
    let url = if required { Some(required_str(v, pointer, 255)?) } else { optional_str(v, pointer, 255)? };
    match url {
        None => Ok(None),
        Some(url) if delivery::is_loopback_url(url) => Ok(Some(url.to_owned())),
        Some(url) => Err(ApiError::param_error(
            pointer,
            Some(url),
            "the simulator only calls back loopback URLs (http://127.0.0.1:PORT/… or http://localhost:PORT/…)",
            "body",
        )),
    }
}

fn china_digits(now: i64) -> String {
    format_china(now).unwrap_or_default().chars().filter(char::is_ascii_digit).take(14).collect()
}

fn place_order(sim: &Arc<Shared>, kind: &str, req: &Incoming) -> Outcome {
    let v = parse_json(&req.body)?;
    let appid = required_str(&v, "/appid", 32)?;
    check_mchid(sim, &v)?;
    let description = required_str(&v, "/description", 127)?;
    let out_trade_no = required_str(&v, "/out_trade_no", 32)?;
    if !valid_out_no(out_trade_no) {
        return Err(ApiError::param_error(
            "/out_trade_no",
            Some(out_trade_no),
            "6-32个字符，只能是数字、大小写字母_-|*",
            "body",
        ));
    }
    let notify_url = check_notify_url(&v, "/notify_url", true)?.unwrap_or_default();
    let attach = optional_str(&v, "/attach", 128)?.map(str::to_owned);
    let total = required_amount(&v, "/amount/total")?;
    let currency = currency(&v, "/amount/currency")?;
    let openid = match kind {
        "jsapi" => Some(required_str(&v, "/payer/openid", 128)?.to_owned()),
        _ => None,
    };
    if kind == "h5" {
        required_str(&v, "/scene_info/payer_client_ip", 45)?;
        required_str(&v, "/scene_info/h5_info/type", 32)?;
    }
    if appid != sim.keys.info.appid {
        return Err(api("APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配"));
    }
    let trade_type = match kind {
        "jsapi" => "JSAPI",
        "app" => "APP",
        "h5" => "MWEB",
        _ => "NATIVE",
    };
    let mut state = lock(&sim.state);
    if let Some(existing) = state.orders.get(out_trade_no) {
        return match existing.trade_state.as_str() {
            "SUCCESS" | "REFUND" => Err(api("ORDER_PAID", "该订单已支付")),
            "CLOSED" => Err(api("ORDER_CLOSED", "该订单已关闭")),
            _ if existing.request == v && existing.trade_type == trade_type => Ok(Reply::json(200, &existing.answer)),
            _ => Err(api("OUT_TRADE_NO_USED", "商户订单号重复 (same out_trade_no, different parameters)")),
        };
    }
    let now = sim.now();
    let random = |n| wechatpay_core::nonce::generate_len(n).map_err(|_| system_error());
    let prepay_id = format!("wx{}{}", china_digits(now), random(20)?.to_lowercase());
    let answer = match kind {
        "jsapi" | "app" => json!({"prepay_id": prepay_id}),
        "h5" => {
            let host = if sim.config.web.local_h5_cashier { sim.base_url.as_str() } else { "https://wx.tenpay.com" };
            json!({"h5_url": format!(
                "{host}/cgi-bin/mmpayweb-bin/checkmweb?prepay_id={prepay_id}&package={}",
                crate::keys::random_digits(10).map_err(|_| system_error())?
            )})
        }
        _ => json!({"code_url": format!("weixin://wxpay/bizpayurl?pr={}", random(7)?)}),
    };
    let transaction_id = format!("4200{}", crate::keys::random_digits(24).map_err(|_| system_error())?);
    let order = Order {
        trade_type: trade_type.into(),
        appid: appid.into(),
        mchid: sim.keys.info.mchid.clone(),
        description: description.into(),
        out_trade_no: out_trade_no.into(),
        transaction_id,
        notify_url,
        attach,
        total,
        currency,
        openid,
        payer_client_ip: v.pointer("/scene_info/payer_client_ip").and_then(Value::as_str).map(str::to_owned),
        prepay_id,
        request: v.clone(),
        answer: answer.clone(),
        created_at: now,
        trade_state: "NOTPAY".into(),
        trade_state_desc: "订单未支付".into(),
        success_time: None,
        refunded: 0,
    };
    state.orders.insert(order.out_trade_no.clone(), order);
    state.save();
    Ok(Reply::json(200, &answer))
}

enum Lookup<'a> {
    OutTradeNo(&'a str),
    TransactionId(&'a str),
}

fn query_order(sim: &Shared, req: &Incoming, by: Lookup<'_>) -> Outcome {
    let Some(mchid) = req.query_param("mchid").filter(|m| !m.is_empty()) else {
        return Err(ApiError::param_error("mchid", None, "字段必填 (required)", "query"));
    };
    if mchid != sim.keys.info.mchid {
        return Err(ApiError::param_error("mchid", Some(&mchid), "与Authorization中的商户号不一致", "query"));
    }
    let state = lock(&sim.state);
    let order = match by {
        Lookup::OutTradeNo(no) => state.orders.get(&percent_decode(no)),
        Lookup::TransactionId(id) => state.by_id.get(id).and_then(|no| state.orders.get(no)),
    };
    match order {
        Some(order) => Ok(Reply::json(200, &order.to_json())),
        None => Err(api("ORDER_NOT_EXIST", "订单不存在")),
    }
}

fn close_order(sim: &Shared, req: &Incoming, no: &str) -> Outcome {
    let v = parse_json(&req.body)?;
    check_mchid(sim, &v)?;
    let now = sim.now();
    let mut state = lock(&sim.state);
    let Some(order) = state.orders.get_mut(&percent_decode(no)) else {
        return Err(api("ORDER_NOT_EXIST", "订单不存在"));
    };
    match order.trade_state.as_str() {
        "SUCCESS" | "REFUND" => return Err(api("ORDER_PAID", "订单已支付，不能关闭")),
        "CLOSED" => return Ok(Reply::no_content()),
        _ => {}
    }
    if now.saturating_sub(order.created_at) < sim.config.min_close_age {
        return Err(api(
            "INVALID_REQUEST",
            &format!("订单生成后需至少{}秒才能关闭 (an order can be closed only after that)", sim.config.min_close_age),
        ));
    }
    order.trade_state = "CLOSED".into();
    order.trade_state_desc = "订单已关闭".into();
    state.save();
    Ok(Reply::no_content())
}

fn create_refund(sim: &Shared, req: &Incoming) -> Outcome {
    let v = parse_json(&req.body)?;
    let out_refund_no = required_str(&v, "/out_refund_no", 64)?;
    if !out_refund_no.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-|*@".contains(&b)) {
        return Err(ApiError::param_error(
            "/out_refund_no",
            Some(out_refund_no),
            "1-64个字符，只能是数字、大小写字母_-|*@",
            "body",
        ));
    }
    let out_trade_no = optional_str(&v, "/out_trade_no", 32)?;
    let transaction_id = optional_str(&v, "/transaction_id", 32)?;
    let refund = required_amount(&v, "/amount/refund")?;
    let total = required_amount(&v, "/amount/total")?;
    let currency = currency(&v, "/amount/currency")?;
    let reason = optional_str(&v, "/reason", 80)?.map(str::to_owned);
    let notify_url = check_notify_url(&v, "/notify_url", false)?;
    let now = sim.now();
    let mut state = lock(&sim.state);
    if let Some(existing) = state.refunds.get(out_refund_no) {
        return if existing.request == v {
            Ok(Reply::json(200, &existing.to_json()))
        } else {
            Err(api("INVALID_REQUEST", "商户退款单号重复 (same out_refund_no, different parameters)"))
        };
    }
    let key = match (out_trade_no, transaction_id) {
        (Some(no), _) => Some(no.to_owned()),
        (None, Some(id)) => state.by_id.get(id).cloned(),
        (None, None) => {
            return Err(ApiError::param_error("/out_trade_no", None, "out_trade_no与transaction_id必填其一", "body"));
        }
    };
    let Some(order) = key.and_then(|k| state.orders.get_mut(&k)) else {
        return Err(api("RESOURCE_NOT_EXISTS", "订单不存在"));
    };
    if order.success_time.is_none() {
        return Err(api("INVALID_REQUEST", "订单未支付，不能退款"));
    }
    if total != order.total {
        return Err(ApiError::param_error("/amount/total", Some(&total.to_string()), "与订单金额不一致", "body"));
    }
    if order.refunded.saturating_add(refund) > order.total {
        return Err(api("INVALID_REQUEST", "申请退款金额超过订单可退金额"));
    }
    order.refunded = order.refunded.saturating_add(refund);
    order.trade_state = "REFUND".into();
    order.trade_state_desc = "转入退款".into();
    let record = RefundRecord {
        out_refund_no: out_refund_no.into(),
        refund_id: format!("5030{}", crate::keys::random_digits(25).map_err(|_| system_error())?),
        out_trade_no: order.out_trade_no.clone(),
        transaction_id: order.transaction_id.clone(),
        refund,
        total,
        currency,
        status: "PROCESSING".into(),
        notify_url: notify_url.or_else(|| Some(order.notify_url.clone()).filter(|u| !u.is_empty())),
        reason,
        request: v.clone(),
        create_time: format_china(now).map_err(|_| system_error())?,
        success_time: None,
    };
    let answer = record.to_json();
    state.refunds.insert(record.out_refund_no.clone(), record);
    state.save();
    Ok(Reply::json(200, &answer))
}

fn query_refund(sim: &Shared, no: &str) -> Outcome {
    match lock(&sim.state).refunds.get(&percent_decode(no)) {
        Some(refund) => Ok(Reply::json(200, &refund.to_json())),
        None => Err(api("RESOURCE_NOT_EXISTS", "退款单不存在")),
    }
}

fn certificates_answer(sim: &Shared) -> Outcome {
    if sim.config.signing_mode == SigningMode::PublicKey {
        // A merchant on the WeChat Pay public key has no platform certificate.
        return Err(api("RESOURCE_NOT_EXISTS", "商户未申请平台证书，请使用微信支付公钥"));
    }
    let certs: Vec<_> = lock(&sim.signers).platform.iter().map(|p| p.cert.clone()).collect();
    let body = certificates::certificates_body(&sim.keys.apiv3_key, &certs).map_err(|_| system_error())?;
    Ok(Reply { status: 200, body: body.into_bytes(), signed: true, content_type: "application/json" })
}

fn valid_date(date: &str) -> bool {
    let b = date.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

const BILL_HEADER: &str = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
const SUMMARY_HEADER: &str =
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";

pub(crate) fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn trade_bill(sim: &Shared, req: &Incoming) -> Outcome {
    let Some(date) = req.query_param("bill_date") else {
        return Err(ApiError::param_error("bill_date", None, "字段必填 (required)", "query"));
    };
    if !valid_date(&date) {
        return Err(ApiError::param_error("bill_date", Some(&date), "格式应为YYYY-MM-DD", "query"));
    }
    let bill_type = req.query_param("bill_type").unwrap_or_else(|| "ALL".into());
    if !["ALL", "SUCCESS", "REFUND"].contains(&bill_type.as_str()) {
        return Err(ApiError::param_error("bill_type", Some(&bill_type), "取值应为ALL、SUCCESS或REFUND", "query"));
    }
    let gzip = match req.query_param("tar_type").as_deref() {
        None => false,
        Some("GZIP") => true,
        Some(other) => return Err(ApiError::param_error("tar_type", Some(other), "取值应为GZIP", "query")),
    };
    let mut text = String::from(BILL_HEADER);
    text.push('\n');
    let mut state = lock(&sim.state);
    let mut orders: Vec<&Order> =
        state.orders.values().filter(|o| o.success_time.as_deref().is_some_and(|t| t.starts_with(&date))).collect();
    orders.sort_by(|a, b| a.out_trade_no.cmp(&b.out_trade_no));
    let (mut count, mut sum) = (0i64, 0i64);
    for o in &orders {
        if bill_type == "REFUND" && o.refunded == 0 {
            continue;
        }
        count += 1;
        sum = sum.saturating_add(o.total);
        let time = o.success_time.as_deref().unwrap_or("").replace('T', " ");
        let time = time.get(..19).unwrap_or(&time);
        let cells = [
            time,
            &o.appid,
            &o.mchid,
            "0",
            "",
            &o.transaction_id,
            &o.out_trade_no,
            o.openid.as_deref().unwrap_or("oSimulatedPayer"),
            &o.trade_type,
            "SUCCESS",
            "OTHERS",
            &o.currency,
            &yuan(o.total),
            "0.00",
            "0",
            "0",
            "0.00",
            "0.00",
            "",
            "",
            &o.description,
            o.attach.as_deref().unwrap_or(""),
            "0.00000",
            "0.60%",
            &yuan(o.total),
            "0.00",
            "",
        ];
        text.push('`');
        text.push_str(&cells.join(",`"));
        text.push('\n');
    }
    text.push_str(SUMMARY_HEADER);
    text.push('\n');
    text.push_str(&format!("`{count},`{},`0.00,`0.00,`0.00000,`{},`0.00\n", yuan(sum), yuan(sum)));
    // hash_value is the digest of the bill itself (before GZIP), as WeChat Pay computes it.
    let hash = bill::digest(text.as_bytes(), HashType::Sha1);
    let bytes = if gzip { bill::gzip(text.as_bytes()).map_err(|_| system_error())? } else { text.into_bytes() };
    let token = wechatpay_core::nonce::generate_len(32).map_err(|_| system_error())?;
    state.bills.insert(token.clone(), bytes);
    Ok(Reply::json(
        200,
        &json!({"hash_type": "SHA1", "hash_value": hash, "download_url": format!("{}/v3/billdownload/file?token={token}", sim.base_url)}),
    ))
}

fn bill_file(sim: &Shared, req: &Incoming) -> Outcome {
    let token = req.query_param("token").unwrap_or_default();
    match lock(&sim.state).bills.get(&token) {
        // WeChat Pay does not sign the file itself: its hash is in the apply answer.
        Some(bytes) => {
            Ok(Reply { status: 200, body: bytes.clone(), signed: false, content_type: "application/octet-stream" })
        }
        None => Err(api("RESOURCE_NOT_EXISTS", "账单下载链接不存在或已失效")),
    }
}

fn media_upload(sim: &Shared, upload: &media::ReceivedUpload) -> Outcome {
    if upload.check_sha256().is_err() {
        return Err(ApiError::param_error(
            "/meta/sha256",
            Some(&upload.sha256),
            "文件的sha256与meta中的不一致",
            "body",
        ));
    }
    let media_id = format!("sim-{}", wechatpay_core::nonce::generate_len(40).map_err(|_| system_error())?);
    lock(&sim.state).media.insert(media_id.clone(), upload.file.len());
    Ok(Reply::json(200, &json!({"media_id": media_id})))
}

// ---------------------------------------------------------------- payments

/// Marks an order paid and queues its callback.
pub(crate) fn pay(sim: &Arc<Shared>, out_trade_no: &str) -> Result<Value, SimError> {
    let now = sim.now();
    let (resource, url) = {
        let mut state = lock(&sim.state);
        let order =
            state.orders.get_mut(out_trade_no).ok_or_else(|| SimError::NotFound(format!("order {out_trade_no}")))?;
        if order.trade_state != "NOTPAY" && order.trade_state != "USERPAYING" {
            return Err(SimError::State(format!("order {out_trade_no} is {}, not NOTPAY", order.trade_state)));
        }
        order.trade_state = "SUCCESS".into();
        order.trade_state_desc = "支付成功".into();
        order.success_time = Some(format_china(now)?);
        let resource = order.to_json();
        let (id, no, url) = (order.transaction_id.clone(), order.out_trade_no.clone(), order.notify_url.clone());
        state.by_id.insert(id, no);
        state.save();
        (resource, url)
    };
    let envelope = CallbackEnvelope::transaction(notification_id()?, format_china(now)?, resource.to_string());
    delivery::enqueue(sim, url, envelope);
    Ok(resource)
}

fn notification_id() -> Result<String, SimError> {
    let n = wechatpay_core::nonce::generate_len(32)?.to_lowercase();
    Ok(format!("{}-{}-{}-{}-{}", &n[..8], &n[8..12], &n[12..16], &n[16..20], &n[20..32]))
}

pub(crate) fn fail_payment(sim: &Shared, out_trade_no: &str) -> Result<Value, SimError> {
    let mut state = lock(&sim.state);
    let order =
        state.orders.get_mut(out_trade_no).ok_or_else(|| SimError::NotFound(format!("order {out_trade_no}")))?;
    if order.trade_state != "NOTPAY" {
        return Err(SimError::State(format!("order {out_trade_no} is {}, not NOTPAY", order.trade_state)));
    }
    order.trade_state = "PAYERROR".into();
    order.trade_state_desc = "支付失败(模拟)".into();
    let v = order.to_json();
    state.save();
    Ok(v)
}

pub(crate) fn complete_refund(sim: &Arc<Shared>, out_refund_no: &str, status: &str) -> Result<Value, SimError> {
    let now = sim.now();
    let (record, mchid) = {
        let mut state = lock(&sim.state);
        let refund = state
            .refunds
            .get_mut(out_refund_no)
            .ok_or_else(|| SimError::NotFound(format!("refund {out_refund_no}")))?;
        if refund.status != "PROCESSING" {
            return Err(SimError::State(format!("refund {out_refund_no} is {}, not PROCESSING", refund.status)));
        }
        refund.status = status.into();
        if status == "SUCCESS" {
            refund.success_time = Some(format_china(now)?);
        }
        let record = refund.clone();
        state.save();
        (record, sim.keys.info.mchid.clone())
    };
    if let Some(url) = &record.notify_url {
        let (event, summary) =
            if status == "SUCCESS" { ("REFUND.SUCCESS", "退款成功") } else { ("REFUND.ABNORMAL", "退款异常") };
        let envelope = CallbackEnvelope::new(
            notification_id()?,
            format_china(now)?,
            event,
            summary,
            "refund",
            record.callback_resource(&mchid).to_string(),
        );
        delivery::enqueue(sim, url.clone(), envelope);
    }
    Ok(record.to_json())
}

// ---------------------------------------------------------------- control

fn control(sim: &Arc<Shared>, req: &Incoming) -> Reply {
    let segments: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    let result = match (req.method.as_str(), segments.as_slice()) {
        ("GET", ["sim", "health"]) => {
            Ok(json!({"status": "ok", "mchid": sim.keys.info.mchid, "base_url": sim.base_url}))
        }
        ("GET", ["sim", "stats"]) => serde_json::to_value(sim.stats()).map_err(|e| SimError::State(e.to_string())),
        ("GET", ["sim", "orders", no]) => lock(&sim.state)
            .orders
            .get(&percent_decode(no))
            .map(Order::to_json)
            .ok_or_else(|| SimError::NotFound(format!("order {no}"))),
        ("POST", ["sim", "pay", no]) => pay(sim, &percent_decode(no)),
        ("POST", ["sim", "fail", no]) => fail_payment(sim, &percent_decode(no)),
        ("POST", ["sim", "refund", no]) => {
            let status = req.query_param("status").unwrap_or_else(|| "SUCCESS".into());
            if status == "SUCCESS" || status == "ABNORMAL" {
                complete_refund(sim, &percent_decode(no), &status)
            } else {
                Err(SimError::Config("status is SUCCESS or ABNORMAL".into()))
            }
        }
        ("POST", ["sim", "web-clock"]) => {
            let advance = req.query_param("advance").and_then(|a| a.parse::<i64>().ok()).unwrap_or(0);
            let offset = sim.web_offset.fetch_add(advance, Ordering::Relaxed).saturating_add(advance);
            Ok(json!({"web_clock_offset": offset}))
        }
        ("POST", ["sim", "probe-next"]) => {
            sim.probe_next.store(true, Ordering::Relaxed);
            Ok(json!({"probe_next": true}))
        }
        ("POST", ["sim", "fail-next"]) => {
            let count = req.query_param("count").and_then(|c| c.parse().ok()).unwrap_or(1);
            let status = req.query_param("status").and_then(|c| c.parse().ok()).filter(|s| (400..600).contains(s));
            let code = req.query_param("code").unwrap_or_else(|| "SYSTEM_ERROR".into());
            let status = status.unwrap_or(500);
            *lock(&sim.fail_next) = Some(crate::FailNext { remaining: count, status, code });
            Ok(json!({"fail_next": count}))
        }
        _ => Err(SimError::NotFound(format!("control endpoint {} {}", req.method, req.path))),
    };
    match result {
        Ok(v) => Reply::control(200, &v),
        Err(SimError::NotFound(e)) => Reply::control(404, &json!({"error": e})),
        Err(e) => Reply::control(409, &json!({"error": e.to_string()})),
    }
}
