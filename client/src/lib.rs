//! # wechatpay-client: a synchronous WeChat Pay APIv3 client on `ureq`
//!
//! Signs every request (`v3::sign::Signer`), verifies every response
//! (`v3::verify::Verifier`: 200 with a body, 204 without), maps error bodies
//! to [`ApiError`] (with `sign_information` when present), downloads platform
//! certificates with the authenticated bootstrap and refreshes them into the
//! shared [`TrustStore`], downloads bills with hash verification (streamed,
//! gunzip), uploads media. Every protocol step is `wechatpay-core`'s.
//!
//! ```no_run
//! use wechatpay_client::{Client, ClientConfig};
//! use wechatpay_core::keys::{ApiV3Key, PrivateKey};
//! use wechatpay_core::v3::sign::Signer;
//! use wechatpay_core::v3::verify::TrustStore;
//! let signer = Signer::new("1900000109", "MERCHANT_SERIAL", PrivateKey::from_pem_file("apiclient_key.pem")?)?;
//! let store = TrustStore::new();
//! let config = ClientConfig::new(signer, store, ApiV3Key::new("APIv3 key of 32 bytes............")?)
//!     .base_url("http://127.0.0.1:8080"); // the simulator; default https://api.mch.weixin.qq.com
//! let client = Client::new(config);
//! client.refresh_certificates()?; // bootstrap: trusts the platform certificates
//! let tx = client.query_by_out_trade_no("ORDER-1")?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::result_large_err)] // ClientError carries the ApiError answer itself

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use wechatpay_core::api_error::ApiError;
use wechatpay_core::keys::{ApiV3Key, Certificate};
use wechatpay_core::v3::bill::{self, BillVerifier, HashType};
use wechatpay_core::v3::certificates::download_response_at;
use wechatpay_core::v3::media::MediaUpload;
use wechatpay_core::v3::notify::{Refund, Transaction};
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions, WechatpayHeaders};

/// The real gateway.
pub const DEFAULT_BASE_URL: &str = "https://api.mch.weixin.qq.com";

/// Largest JSON answer read (bills are streamed, not limited by this).
const MAX_ANSWER: u64 = 8 * 1024 * 1024;

/// What a call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// WeChat Pay answered an error (`code`, `message`, `detail`; see
    /// `ApiError::sign_information` for a `SIGN_ERROR`). `verified` tells
    /// whether the error answer's signature verified.
    Api {
        /// The error answer.
        error: ApiError,
        /// Whether its Wechatpay signature verified.
        verified: bool,
    },
    /// A core step failed: the response signature (e.g. a `WECHATPAY/SIGNTEST/`
    /// probe, an unknown serial), decryption, a bill hash…
    Core(wechatpay_core::Error),
    /// The request did not get an answer (connect, timeout, I/O).
    Transport(String),
    /// A 2xx answer whose body is not what the endpoint returns.
    Decode(String),
    /// A bad argument (e.g. a download URL on another host).
    InvalidArgument(String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Api { error, verified } => {
                write!(f, "{error}{}", if *verified { "" } else { " (answer signature not verified)" })
            }
            ClientError::Core(e) => write!(f, "{e}"),
            ClientError::Transport(e) => write!(f, "transport: {e}"),
            ClientError::Decode(e) => write!(f, "unexpected answer: {e}"),
            ClientError::InvalidArgument(e) => write!(f, "invalid argument: {e}"),
        }
    }
}

impl std::error::Error for ClientError {}

impl From<wechatpay_core::Error> for ClientError {
    fn from(e: wechatpay_core::Error) -> Self {
        ClientError::Core(e)
    }
}

impl ClientError {
    /// The API error, if WeChat Pay answered one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Resends only what is safe to resend: a transport failure of an
/// idempotent request (GET, or an order/refund/close keyed by the merchant's
/// own number), or an error the catalogue marks `safe_to_resend`
/// (`SYSTEM_ERROR`, rate limits…; never `USER_PAYING`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total (1: no retry).
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled each time.
    pub backoff: Duration,
}

impl RetryPolicy {
    /// No retries.
    pub const NONE: RetryPolicy = RetryPolicy { max_attempts: 1, backoff: Duration::ZERO };
}

/// The client's configuration.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Scheme, host and port, no trailing slash (default [`DEFAULT_BASE_URL`]).
    pub base_url: String,
    /// Signs requests as the merchant.
    pub signer: Signer,
    /// The platform certificates / WeChat Pay public keys responses are verified with (shared).
    pub trust_store: TrustStore,
    /// Replay window and clock for verification.
    pub verifier_options: VerifierOptions,
    /// Decrypts `/v3/certificates`.
    pub apiv3_key: ApiV3Key,
    /// TCP connect timeout.
    pub connect_timeout: Duration,
    /// Whole-call timeout.
    pub timeout: Duration,
    /// Retries (default none).
    pub retry: RetryPolicy,
}

impl ClientConfig {
    /// A configuration for the real gateway with 5 s connect and 30 s call timeouts.
    pub fn new(signer: Signer, trust_store: TrustStore, apiv3_key: ApiV3Key) -> Self {
        ClientConfig {
            base_url: DEFAULT_BASE_URL.to_owned(),
            signer,
            trust_store,
            verifier_options: VerifierOptions::default(),
            apiv3_key,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::NONE,
        }
    }

    /// Another base URL (e.g. the simulator's).
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Timeouts.
    #[must_use]
    pub fn timeouts(mut self, connect: Duration, call: Duration) -> Self {
        self.connect_timeout = connect;
        self.timeout = call;
        self
    }

    /// A retry policy.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Verifier options (replay window, clock).
    #[must_use]
    pub fn verifier_options(mut self, options: VerifierOptions) -> Self {
        self.verifier_options = options;
        self
    }
}

/// A verified answer.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status (2xx).
    pub status: u16,
    /// The verified Wechatpay headers (`None` only for the unsigned bill file).
    pub wechatpay: Option<WechatpayHeaders>,
    /// `Request-ID`, if sent.
    pub request_id: Option<String>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl Response {
    /// The body as JSON.
    pub fn json<T: for<'de> Deserialize<'de>>(&self) -> Result<T, ClientError> {
        serde_json::from_slice(&self.body).map_err(|e| ClientError::Decode(e.to_string()))
    }
}

/// Which ordering endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TradeKind {
    /// JSAPI / mini-program (`payer.openid` required).
    Jsapi,
    /// APP.
    App,
    /// H5 (`scene_info` required).
    H5,
    /// Native (QR code).
    Native,
}

impl TradeKind {
    fn path(self) -> &'static str {
        match self {
            TradeKind::Jsapi => "/v3/pay/transactions/jsapi",
            TradeKind::App => "/v3/pay/transactions/app",
            TradeKind::H5 => "/v3/pay/transactions/h5",
            TradeKind::Native => "/v3/pay/transactions/native",
        }
    }
}

/// `amount` of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    /// In fen.
    pub total: i64,
    /// `CNY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// An order request (the documented required fields; `extra` for the rest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderRequest {
    /// App id.
    pub appid: String,
    /// Merchant id.
    pub mchid: String,
    /// Goods description.
    pub description: String,
    /// The merchant's order number.
    pub out_trade_no: String,
    /// Where the callback goes.
    pub notify_url: String,
    /// Amount.
    pub amount: Amount,
    /// `{"openid": …}` for JSAPI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer: Option<Value>,
    /// `scene_info` (required for H5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scene_info: Option<Value>,
    /// Free data returned in queries and callbacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
}

/// What an ordering endpoint answers (one field per kind).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PrepayResponse {
    /// JSAPI / APP.
    pub prepay_id: Option<String>,
    /// H5.
    pub h5_url: Option<String>,
    /// Native.
    pub code_url: Option<String>,
}

/// A domestic refund request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefundRequest {
    /// The order, by the merchant's number…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// …or by WeChat Pay's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The merchant's refund number.
    pub out_refund_no: String,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Where the refund callback goes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    /// `{"refund": …, "total": …, "currency": "CNY"}`.
    pub amount: Value,
}

/// A refund as the refund endpoints answer it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RefundResponse {
    /// WeChat Pay's refund id.
    pub refund_id: String,
    /// The merchant's refund number.
    pub out_refund_no: String,
    /// `PROCESSING`, `SUCCESS`, `ABNORMAL`, `CLOSED`.
    pub status: String,
    /// The order.
    pub out_trade_no: Option<String>,
    /// When it succeeded.
    pub success_time: Option<String>,
}

/// The answer of a bill application.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BillInfo {
    /// `SHA1`.
    pub hash_type: String,
    /// Hex digest of the bill (before compression).
    pub hash_value: String,
    /// Where to download it (signed GET).
    pub download_url: String,
}

/// A synchronous APIv3 client (cheap to share by reference across threads).
#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    verifier: Verifier,
    agent: ureq::Agent,
}

fn transport(e: ureq::Error) -> ClientError {
    ClientError::Transport(e.to_string())
}

impl Client {
    /// A client from its configuration.
    pub fn new(config: ClientConfig) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("wechatpay-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        let verifier = Verifier::new(config.trust_store.clone(), config.verifier_options.clone());
        Client { config, verifier, agent }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The shared trust store.
    pub fn trust_store(&self) -> &TrustStore {
        &self.config.trust_store
    }

    /// Any endpoint: `path` is the path and query (`/v3/…`), `body` the JSON to
    /// send (none for GET). The answer is verified. Retried per the policy
    /// only for GET (other methods: see [`Client::request_idempotent`]).
    pub fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Response, ClientError> {
        let text = body.map(Value::to_string).unwrap_or_default();
        self.send(method, path, &text, method == "GET")
    }

    /// Like [`Client::request`], for a request that is idempotent by design
    /// (e.g. keyed by the merchant's own number), so that a transport failure
    /// may be resent.
    pub fn request_idempotent(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Response, ClientError> {
        let text = body.map(Value::to_string).unwrap_or_default();
        self.send(method, path, &text, true)
    }

    fn send(&self, method: &str, path: &str, body: &str, idempotent: bool) -> Result<Response, ClientError> {
        let attempts = self.config.retry.max_attempts.max(1);
        let mut wait = self.config.retry.backoff;
        let mut attempt = 1;
        loop {
            let result = self.send_once(method, path, body.as_bytes(), None, body);
            let retry = match &result {
                Ok(_) => false,
                Err(ClientError::Transport(_)) => idempotent,
                Err(ClientError::Api { error, verified: true }) => error.is_safe_to_resend(),
                Err(_) => false,
            };
            if !retry || attempt >= attempts {
                return result;
            }
            std::thread::sleep(wait);
            wait = wait.saturating_mul(2);
            attempt += 1;
        }
    }

    /// One signed request. `signed` is what the signature covers (the body,
    /// or a media upload's meta).
    fn send_once(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        content_type: Option<&str>,
        signed: &str,
    ) -> Result<Response, ClientError> {
        let url = format!("{}{}", self.config.base_url, path);
        let authorization = self.config.signer.sign(method, path, signed)?.authorization;
        let content_type = content_type.unwrap_or("application/json");
        let mut response = self.dispatch(method, &url, &authorization, content_type, body)?;
        let status = response.status().as_u16();
        let pairs = header_pairs(&response);
        let body = response.body_mut().with_config().limit(MAX_ANSWER).read_to_vec().map_err(transport)?;
        self.verify_answer(status, &pairs, body)
    }

    fn dispatch(
        &self,
        method: &str,
        url: &str,
        authorization: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<ureq::http::Response<ureq::Body>, ClientError> {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(url)
            .header("Authorization", authorization)
            .header("Accept", "application/json");
        let result = if body.is_empty() && (method == "GET" || method == "DELETE") {
            let request = request.body(()).map_err(|e| ClientError::InvalidArgument(e.to_string()))?;
            self.agent.run(request)
        } else {
            let request = request
                .header("Content-Type", content_type)
                .body(body.to_vec())
                .map_err(|e| ClientError::InvalidArgument(e.to_string()))?;
            self.agent.run(request)
        };
        result.map_err(transport)
    }

    fn verify_answer(&self, status: u16, pairs: &[(String, String)], body: Vec<u8>) -> Result<Response, ClientError> {
        let request_id = pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case("request-id")).map(|(_, v)| v.clone());
        let verified = WechatpayHeaders::from_pairs(pairs.iter()).and_then(|h| {
            self.verifier.verify(&h, &body)?;
            Ok(h)
        });
        if (200..300).contains(&status) {
            let headers = verified?;
            return Ok(Response { status, wechatpay: Some(headers), request_id, body });
        }
        let error = ApiError::parse(Some(status), &body).unwrap_or_else(|_| {
            ApiError::new(status, format!("HTTP_{status}"), String::from_utf8_lossy(&body).chars().take(200).collect::<String>())
        });
        Err(ClientError::Api { error, verified: verified.is_ok() })
    }

    // ------------------------------------------------------------ typed endpoints

    /// Places an order (JSAPI / APP / H5 / Native).
    pub fn place_order(&self, kind: TradeKind, order: &OrderRequest) -> Result<PrepayResponse, ClientError> {
        let body = serde_json::to_string(order).map_err(|e| ClientError::InvalidArgument(e.to_string()))?;
        // Keyed by out_trade_no: WeChat Pay answers a repeat with the same prepay.
        self.send("POST", kind.path(), &body, true)?.json()
    }

    /// Queries an order by the merchant's number.
    pub fn query_by_out_trade_no(&self, out_trade_no: &str) -> Result<Transaction, ClientError> {
        let path = format!(
            "/v3/pay/transactions/out-trade-no/{}?mchid={}",
            encode(out_trade_no),
            encode(self.config.signer.mchid())
        );
        self.send("GET", &path, "", true)?.json()
    }

    /// Queries an order by WeChat Pay's transaction id.
    pub fn query_by_id(&self, transaction_id: &str) -> Result<Transaction, ClientError> {
        let path =
            format!("/v3/pay/transactions/id/{}?mchid={}", encode(transaction_id), encode(self.config.signer.mchid()));
        self.send("GET", &path, "", true)?.json()
    }

    /// Closes an unpaid order (204).
    pub fn close(&self, out_trade_no: &str) -> Result<(), ClientError> {
        let path = format!("/v3/pay/transactions/out-trade-no/{}/close", encode(out_trade_no));
        let body = serde_json::json!({"mchid": self.config.signer.mchid()}).to_string();
        let answer = self.send("POST", &path, &body, true)?;
        if answer.status == 204 && answer.body.is_empty() {
            Ok(())
        } else {
            Err(ClientError::Decode(format!("close answered {} with {} bytes", answer.status, answer.body.len())))
        }
    }

    /// Requests a domestic refund.
    pub fn refund(&self, request: &RefundRequest) -> Result<RefundResponse, ClientError> {
        let body = serde_json::to_string(request).map_err(|e| ClientError::InvalidArgument(e.to_string()))?;
        self.send("POST", "/v3/refund/domestic/refunds", &body, true)?.json()
    }

    /// Queries a refund.
    pub fn query_refund(&self, out_refund_no: &str) -> Result<RefundResponse, ClientError> {
        self.send("GET", &format!("/v3/refund/domestic/refunds/{}", encode(out_refund_no)), "", true)?.json()
    }

    /// Downloads `/v3/certificates` with the authenticated bootstrap (the
    /// certificates are decrypted with the APIv3 key, then the answer is
    /// verified with them and those already trusted). The store is not changed.
    pub fn download_certificates(&self) -> Result<Vec<Certificate>, ClientError> {
        let path = "/v3/certificates";
        let authorization = self.config.signer.sign("GET", path, "")?.authorization;
        let url = format!("{}{path}", self.config.base_url);
        let mut response = self.dispatch("GET", &url, &authorization, "application/json", b"")?;
        let status = response.status().as_u16();
        let pairs = header_pairs(&response);
        let body = response.body_mut().with_config().limit(MAX_ANSWER).read_to_vec().map_err(transport)?;
        if !(200..300).contains(&status) {
            return match self.verify_answer(status, &pairs, body) {
                Err(e) => Err(e),
                Ok(_) => Err(ClientError::Decode(format!("unexpected status {status}"))),
            };
        }
        let headers = WechatpayHeaders::from_pairs(pairs.iter())?;
        let now = self.config.verifier_options.clock.now();
        Ok(download_response_at(&headers, &body, &self.config.apiv3_key, &self.verifier, now)?)
    }

    /// Downloads the platform certificates and adds every valid one to the
    /// shared store (keeping those already there), then drops expired ones.
    /// Returns the serials now trusted.
    pub fn refresh_certificates(&self) -> Result<Vec<String>, ClientError> {
        let now = self.config.verifier_options.clock.now();
        for certificate in self.download_certificates()? {
            if certificate.is_valid_at(now) {
                self.config.trust_store.add_certificate(certificate);
            }
        }
        self.config.trust_store.remove_expired_at(now);
        let mut serials = self.config.trust_store.serials();
        serials.sort();
        Ok(serials)
    }

    /// Refreshes the certificates every `interval` on a background thread
    /// (errors are kept for [`CertificateRefresher::last_error`]).
    pub fn spawn_certificate_refresher(&self, interval: Duration) -> CertificateRefresher {
        let client = self.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let last_error = Arc::new(std::sync::Mutex::new(None));
        let (stop2, last2) = (Arc::clone(&stop), Arc::clone(&last_error));
        let thread = std::thread::spawn(move || {
            let step = Duration::from_millis(20).min(interval);
            while !stop2.load(Ordering::Relaxed) {
                let result = client.refresh_certificates().err().map(|e| e.to_string());
                *last2.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = result;
                let mut waited = Duration::ZERO;
                while waited < interval && !stop2.load(Ordering::Relaxed) {
                    std::thread::sleep(step);
                    waited += step;
                }
            }
        });
        CertificateRefresher { stop, thread: Some(thread), last_error }
    }

    /// Applies for a trade bill (`bill_date` `YYYY-MM-DD`; `gzip` asks for `tar_type=GZIP`).
    pub fn apply_trade_bill(&self, bill_date: &str, gzip: bool) -> Result<BillInfo, ClientError> {
        let mut path = format!("/v3/bill/tradebill?bill_date={}", encode(bill_date));
        if gzip {
            path.push_str("&tar_type=GZIP");
        }
        self.send("GET", &path, "", true)?.json()
    }

    /// Downloads a bill (`gzip` as applied for), verifying its hash while
    /// streaming; returns the bill text's bytes (gunzipped). The download URL
    /// must be on the configured base URL (the Authorization goes nowhere else).
    pub fn download_bill(&self, info: &BillInfo, gzip: bool) -> Result<Vec<u8>, ClientError> {
        let Some(path) = info.download_url.strip_prefix(&self.config.base_url).filter(|p| p.starts_with('/')) else {
            return Err(ClientError::InvalidArgument("download_url is not on the configured base URL".into()));
        };
        let verifier = BillVerifier::new(HashType::parse(&info.hash_type)?, &info.hash_value, gzip)?;
        let authorization = self.config.signer.sign("GET", path, "")?.authorization;
        let mut response = self.dispatch("GET", &info.download_url, &authorization, "application/json", b"")?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let pairs = header_pairs(&response);
            let body = response.body_mut().with_config().limit(MAX_ANSWER).read_to_vec().map_err(transport)?;
            return match self.verify_answer(status, &pairs, body) {
                Err(e) => Err(e),
                Ok(_) => Err(ClientError::Decode(format!("unexpected status {status}"))),
            };
        }
        let mut reader = response.body_mut().with_config().limit(bill::DEFAULT_MAX_BILL_LEN as u64).reader();
        let mut raw = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = reader.read(&mut chunk).map_err(|e| ClientError::Transport(e.to_string()))?;
            if n == 0 {
                break;
            }
            let part = chunk.get(..n).unwrap_or_default();
            verifier.update(part)?;
            raw.extend_from_slice(part);
        }
        verifier.finish()?;
        if gzip { Ok(bill::gunzip(&raw, bill::DEFAULT_MAX_BILL_LEN)?) } else { Ok(raw) }
    }

    /// Uploads an image (`multipart/form-data`, the meta's SHA-256 computed by
    /// the core); returns the `media_id`.
    pub fn upload_media(&self, filename: &str, file: &[u8]) -> Result<String, ClientError> {
        let upload = MediaUpload::new(filename, file)?;
        let answer = self.send_once(
            "POST",
            "/v3/merchant/media/upload",
            &upload.body,
            Some(&upload.content_type),
            &upload.meta,
        )?;
        #[derive(Deserialize)]
        struct Media {
            media_id: String,
        }
        Ok(answer.json::<Media>()?.media_id)
    }
}

/// The typed refund resource of a refund callback, re-exported for convenience.
pub type RefundEvent = Refund;

/// A background certificate refresh (see [`Client::spawn_certificate_refresher`]).
#[derive(Debug)]
pub struct CertificateRefresher {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    last_error: Arc<std::sync::Mutex<Option<String>>>,
}

impl CertificateRefresher {
    /// The last refresh's error, if it failed.
    pub fn last_error(&self) -> Option<String> {
        self.last_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Stops and joins the thread.
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for CertificateRefresher {
    fn drop(&mut self) {
        self.stop_now();
    }
}

fn header_pairs(response: &ureq::http::Response<ureq::Body>) -> Vec<(String, String)> {
    response
        .headers()
        .iter()
        .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_owned(), v.to_owned())))
        .collect()
}

/// Percent-encodes a path segment or query value.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
