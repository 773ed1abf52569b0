//! # wechatpay-sim: a local WeChat Pay (APIv3 gateway) on loopback
//!
//! A real HTTP server on `127.0.0.1` that behaves like the APIv3 gateway:
//! ordering (JSAPI / mini-program, APP, H5, Native), queries, close, refunds,
//! `/v3/certificates`, trade bills, media upload; every request's signature is
//! checked, every response signed; paid orders produce signed, encrypted
//! callbacks to loopback `notify_url`s with retries. Every protocol step is
//! one of `wechatpay-core`'s functions.
//!
//! ```no_run
//! use wechatpay_sim::{SimConfig, Simulator};
//! let sim = Simulator::builder().keys_dir("/tmp/wechatpay-sim-keys").port(0).start()?;
//! println!("WeChat Pay at {} (merchant {})", sim.base_url(), sim.merchant().mchid);
//! // ... the merchant places an order with any SDK pointed at sim.base_url() ...
//! // sim.pay("ORDER-1")?;   // marks it paid and sends the callback
//! sim.shutdown();
//! # Ok::<(), wechatpay_sim::SimError>(())
//! ```
#![warn(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod delivery;
pub mod keys;
mod server;
mod state;
pub mod web;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use wechatpay_core::clock::Clock;
use wechatpay_core::keys::{Certificate, PrivateKey};
use wechatpay_core::v3::verify::{ResponseSigner, WechatpayHeaders};

pub use keys::{MerchantInfo, SimKeys};

/// What can go wrong when starting or driving the simulator.
#[derive(Debug)]
#[non_exhaustive]
pub enum SimError {
    /// A core step failed (key parsing, signing, encryption…).
    Core(wechatpay_core::Error),
    /// Reading or writing a file, binding the port.
    Io(String),
    /// Generating or loading the key directory.
    Keys(String),
    /// An invalid configuration.
    Config(String),
    /// No such order or refund.
    NotFound(String),
    /// The order or refund is not in a state that allows this.
    State(String),
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::Core(e) => write!(f, "{e}"),
            SimError::Io(e) => write!(f, "I/O: {e}"),
            SimError::Keys(e) => write!(f, "keys: {e}"),
            SimError::Config(e) => write!(f, "configuration: {e}"),
            SimError::NotFound(e) => write!(f, "not found: {e}"),
            SimError::State(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SimError {}

impl From<wechatpay_core::Error> for SimError {
    fn from(e: wechatpay_core::Error) -> Self {
        SimError::Core(e)
    }
}

/// How WeChat Pay signs responses and callbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SigningMode {
    /// With the platform certificate (`Wechatpay-Serial` = its serial).
    Certificate,
    /// With the WeChat Pay public key (`Wechatpay-Serial` = `PUB_KEY_ID_…`).
    PublicKey,
    /// During a migration: alternately one and the other.
    Migration,
}

impl std::str::FromStr for SigningMode {
    type Err = SimError;
    fn from_str(s: &str) -> Result<Self, SimError> {
        match s {
            "certificate" | "cert" | "platform" => Ok(SigningMode::Certificate),
            "public-key" | "pubkey" | "public_key" => Ok(SigningMode::PublicKey),
            "migration" | "both" => Ok(SigningMode::Migration),
            other => {
                Err(SimError::Config(format!("unknown signing mode {other:?} (certificate, public-key, migration)")))
            }
        }
    }
}

/// The simulator's configuration (build it with [`Simulator::builder`]).
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Port on 127.0.0.1; 0 picks a free one (see [`SimHandle::port`]).
    pub port: u16,
    /// Key directory: loaded if it holds `merchant.json`, generated otherwise.
    /// `None`: a fresh temporary directory.
    pub keys_dir: Option<PathBuf>,
    /// Persist orders and refunds to this JSON file (loaded at start).
    pub state_file: Option<PathBuf>,
    /// How responses and callbacks are signed.
    pub signing_mode: SigningMode,
    /// An order can be closed only this many seconds after it was placed (WeChat Pay: 300).
    pub min_close_age: i64,
    /// Replay window for merchant request timestamps, seconds (WeChat Pay: 300).
    pub request_window: u64,
    /// The clock (a manual one makes time-based rules testable).
    pub clock: Clock,
    /// Delays between callback retries: WeChat Pay's schedule
    /// (15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h) divided by
    /// `retry_compression`.
    pub retry_compression: u32,
    /// How long the merchant's callback handler may take before the attempt
    /// counts as a timeout (WeChat Pay: 5 s).
    pub callback_timeout: Duration,
    /// How many callbacks are in flight at once.
    pub callback_concurrency: usize,
    /// Fraction (0.0 to 1.0) of callbacks preceded by a `WECHATPAY/SIGNTEST/` probe.
    pub probe_rate: f64,
    /// WeChat's side in the browser: OAuth2, the in-app bridge, the H5 cashier
    /// (registered domains and directories, lifetimes).
    pub web: web::WebConfig,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            port: 0,
            keys_dir: None,
            state_file: None,
            signing_mode: SigningMode::Certificate,
            min_close_age: 300,
            request_window: 300,
            clock: Clock::system(),
            retry_compression: 1000,
            callback_timeout: Duration::from_secs(5),
            callback_concurrency: 32,
            probe_rate: 0.0,
            web: web::WebConfig::default(),
        }
    }
}

/// Builds and starts a [`Simulator`].
#[derive(Debug, Clone, Default)]
pub struct SimBuilder {
    config: SimConfig,
}

macro_rules! setter {
    ($(#[$doc:meta] $name:ident: $ty:ty),* $(,)?) => {
        $(#[$doc] #[must_use] pub fn $name(mut self, value: $ty) -> Self { self.config.$name = value; self })*
    };
}

impl SimBuilder {
    setter! {
        /// Port on 127.0.0.1 (0: any free port).
        port: u16,
        /// How responses and callbacks are signed.
        signing_mode: SigningMode,
        /// Seconds before an order may be closed.
        min_close_age: i64,
        /// Request replay window, seconds.
        request_window: u64,
        /// The clock.
        clock: Clock,
        /// Divisor of WeChat Pay's retry schedule.
        retry_compression: u32,
        /// Callback attempt timeout.
        callback_timeout: Duration,
        /// Callbacks in flight at once.
        callback_concurrency: usize,
        /// Fraction of callbacks preceded by a signature probe.
        probe_rate: f64,
    }

    /// The key directory (loaded or generated).
    #[must_use]
    pub fn keys_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.config.keys_dir = Some(dir.into());
        self
    }

    /// Persist orders to a JSON file.
    #[must_use]
    pub fn state_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.config.state_file = Some(file.into());
        self
    }

    /// The official account's secret (`/sns/oauth2/access_token`, `/sns/jscode2session`).
    #[must_use]
    pub fn app_secret(mut self, secret: impl Into<String>) -> Self {
        self.config.web.app_secret = secret.into();
        self
    }

    /// Registers a web authorization domain (网页授权域名) for OAuth2 `redirect_uri`s:
    /// a host (`shop.example`, matched exactly, any port) or `host:port`.
    #[must_use]
    pub fn oauth_domain(mut self, domain: impl Into<String>) -> Self {
        self.config.web.oauth_domains.push(domain.into());
        self
    }

    /// The OAuth2 scopes the official account may ask for (default: `snsapi_base`, `snsapi_userinfo`).
    #[must_use]
    pub fn oauth_scopes(mut self, scopes: Vec<String>) -> Self {
        self.config.web.oauth_scopes = scopes;
        self
    }

    /// Registers a JSAPI payment directory (支付授权目录), e.g. `http://127.0.0.1/shop/`
    /// (no port: any port). The root directory matches every page of the host;
    /// any other directory only the pages directly in it.
    #[must_use]
    pub fn pay_directory(mut self, directory: impl Into<String>) -> Self {
        self.config.web.pay_directories.push(directory.into());
        self
    }

    /// Registers an H5 payment domain (H5支付域名): the `Referer` and the
    /// `redirect_url` of the H5 cashier must be on it (host, or `host:port`).
    #[must_use]
    pub fn h5_domain(mut self, domain: impl Into<String>) -> Self {
        self.config.web.h5_domains.push(domain.into());
        self
    }

    /// Seconds an `h5_url` stays valid (WeChat Pay: 300).
    #[must_use]
    pub fn h5_url_lifetime(mut self, seconds: i64) -> Self {
        self.config.web.h5_url_lifetime = seconds;
        self
    }

    /// `h5_url`s point at the simulator's own H5 cashier (`{base_url}/cgi-bin/mmpayweb-bin/checkmweb?…`)
    /// instead of WeChat's host (which nothing on this machine can open).
    #[must_use]
    pub fn local_h5_cashier(mut self, local: bool) -> Self {
        self.config.web.local_h5_cashier = local;
        self
    }

    /// Milliseconds before the simulated in-app browser fires `WeixinJSBridgeReady`.
    #[must_use]
    pub fn bridge_ready_delay_ms(mut self, ms: u64) -> Self {
        self.config.web.bridge_ready_delay_ms = ms;
        self
    }

    /// The configuration so far.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// Starts the simulator (its own Tokio runtime on background threads).
    pub fn start(self) -> Result<SimHandle, SimError> {
        Simulator::start(self.config)
    }
}

/// Entry point.
pub struct Simulator;

impl Simulator {
    /// A builder with the defaults of [`SimConfig`].
    pub fn builder() -> SimBuilder {
        SimBuilder::default()
    }

    /// Starts a simulator with `config`. Call it from synchronous code (not
    /// from inside a Tokio runtime): it owns its runtime.
    pub fn start(config: SimConfig) -> Result<SimHandle, SimError> {
        if !(0.0..=1.0).contains(&config.probe_rate) {
            return Err(SimError::Config("probe_rate must be between 0 and 1".into()));
        }
        if config.callback_concurrency == 0 || config.retry_compression == 0 {
            return Err(SimError::Config("callback_concurrency and retry_compression must be at least 1".into()));
        }
        let (keys_dir, temporary) = match &config.keys_dir {
            Some(dir) => (dir.clone(), false),
            None => (temp_dir()?, true),
        };
        let keys = SimKeys::load_or_generate(&keys_dir)?;
        let listener = std::net::TcpListener::bind(("127.0.0.1", config.port))
            .map_err(|e| SimError::Io(format!("binding 127.0.0.1:{}: {e}", config.port)))?;
        let addr = listener.local_addr().map_err(|e| SimError::Io(e.to_string()))?;
        listener.set_nonblocking(true).map_err(|e| SimError::Io(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .thread_name("wechatpay-sim")
            .build()
            .map_err(|e| SimError::Io(format!("starting the runtime: {e}")))?;
        let state = state::State::load(config.state_file.as_deref())?;
        let platform = vec![PlatformCert { key: keys.platform_key.clone(), cert: keys.platform_cert.clone() }];
        let shared = Arc::new(Shared {
            base_url: format!("http://{addr}"),
            signers: Mutex::new(Signers { platform, active: 0 }),
            keys,
            config: config.clone(),
            state: Mutex::new(state),
            stats: Stats::default(),
            migration_flip: AtomicBool::new(false),
            probe_next: AtomicBool::new(false),
            fail_next: Mutex::new(None),
            in_flight: AtomicU64::new(0),
            probe_accumulator: Mutex::new(0.0),
            semaphore: Arc::new(tokio::sync::Semaphore::new(config.callback_concurrency)),
            runtime: runtime.handle().clone(),
            agent: delivery::agent(config.callback_timeout),
            web: Mutex::new(web::WebState::default()),
            web_offset: std::sync::atomic::AtomicI64::new(0),
        });
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(|e| SimError::Io(e.to_string()))?
        };
        let router = server::router(Arc::clone(&shared));
        let server = runtime.spawn(async move {
            use axum::serve::ListenerExt as _;
            // Answers go out at once (no Nagle delay behind a delayed ACK).
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            let service = router.into_make_service_with_connect_info::<SocketAddr>();
            let _ = axum::serve(listener, service)
                .with_graceful_shutdown(async move {
                    let _ = stop_rx.await;
                })
                .await;
        });
        Ok(SimHandle {
            shared,
            addr,
            runtime: Some(runtime),
            stop: Some(stop_tx),
            server: Some(server),
            temporary_keys: temporary.then_some(keys_dir),
        })
    }
}

fn temp_dir() -> Result<PathBuf, SimError> {
    let dir = std::env::temp_dir().join(format!("wechatpay-sim-{}", wechatpay_core::nonce::generate_len(12)?));
    std::fs::create_dir_all(&dir).map_err(|e| SimError::Io(format!("creating {}: {e}", dir.display())))?;
    Ok(dir)
}

/// A platform certificate the simulator can sign with.
#[derive(Debug, Clone)]
pub(crate) struct PlatformCert {
    pub(crate) key: PrivateKey,
    pub(crate) cert: Certificate,
}

#[derive(Debug)]
pub(crate) struct Signers {
    /// Every platform certificate served by `/v3/certificates`.
    pub(crate) platform: Vec<PlatformCert>,
    /// Which one signs.
    pub(crate) active: usize,
}

/// Counters of the callback deliveries (see [`SimHandle::stats`]).
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) callbacks: AtomicU64,
    pub(crate) acknowledged: AtomicU64,
    pub(crate) attempts: AtomicU64,
    pub(crate) retries: AtomicU64,
    pub(crate) gave_up: AtomicU64,
    pub(crate) refused_urls: AtomicU64,
    pub(crate) probes_sent: AtomicU64,
    pub(crate) probes_refused: AtomicU64,
    pub(crate) probes_accepted: AtomicU64,
    pub(crate) requests: AtomicU64,
    pub(crate) sign_errors: AtomicU64,
}

/// A snapshot of the simulator's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SimStats {
    /// Callbacks queued (one per paid order or finished refund).
    pub callbacks: u64,
    /// Callbacks the merchant acknowledged (2xx).
    pub acknowledged: u64,
    /// HTTP attempts, first tries and retries.
    pub attempts: u64,
    /// Attempts after the first.
    pub retries: u64,
    /// Callbacks that exhausted the schedule.
    pub gave_up: u64,
    /// Callbacks refused because their `notify_url` was not loopback.
    pub refused_urls: u64,
    /// Signature probes sent.
    pub probes_sent: u64,
    /// Probes the merchant refused (non-2xx or closed): correct.
    pub probes_refused: u64,
    /// Probes the merchant accepted (2xx): a merchant bug.
    pub probes_accepted: u64,
    /// Callbacks still being delivered.
    pub in_flight: u64,
    /// API requests received.
    pub requests: u64,
    /// Requests answered 401 `SIGN_ERROR`.
    pub sign_errors: u64,
}

/// An injected error for the next API requests (see [`SimHandle::fail_next`]).
#[derive(Debug, Clone)]
pub(crate) struct FailNext {
    pub(crate) remaining: u32,
    pub(crate) status: u16,
    pub(crate) code: String,
}

pub(crate) struct Shared {
    pub(crate) base_url: String,
    pub(crate) keys: SimKeys,
    pub(crate) config: SimConfig,
    pub(crate) signers: Mutex<Signers>,
    pub(crate) state: Mutex<state::State>,
    pub(crate) stats: Stats,
    pub(crate) migration_flip: AtomicBool,
    pub(crate) probe_next: AtomicBool,
    pub(crate) fail_next: Mutex<Option<FailNext>>,
    pub(crate) in_flight: AtomicU64,
    pub(crate) probe_accumulator: Mutex<f64>,
    pub(crate) semaphore: Arc<tokio::sync::Semaphore>,
    pub(crate) runtime: tokio::runtime::Handle,
    pub(crate) agent: ureq::Agent,
    /// OAuth codes, users, payment tickets, H5 visits.
    pub(crate) web: Mutex<web::WebState>,
    /// Seconds added to the clock for WeChat's client-side rules (code and `h5_url` lifetimes).
    pub(crate) web_offset: std::sync::atomic::AtomicI64,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    pub(crate) fn now(&self) -> i64 {
        self.config.clock.now()
    }

    /// "Now" for WeChat's client-side rules: the clock plus the web offset.
    pub(crate) fn web_now(&self) -> i64 {
        self.now().saturating_add(self.web_offset.load(Ordering::Relaxed))
    }

    /// The signer for the next response or callback, per the signing mode.
    pub(crate) fn response_signer(&self) -> Result<ResponseSigner, SimError> {
        let use_public_key = match self.config.signing_mode {
            SigningMode::Certificate => false,
            SigningMode::PublicKey => true,
            SigningMode::Migration => self.migration_flip.fetch_xor(true, Ordering::Relaxed),
        };
        if use_public_key { self.public_key_signer() } else { self.certificate_signer() }
    }

    pub(crate) fn public_key_signer(&self) -> Result<ResponseSigner, SimError> {
        Ok(ResponseSigner::from_public_key_id(self.keys.pub_key_private.clone(), self.keys.info.pub_key_id.clone())?)
    }

    pub(crate) fn certificate_signer(&self) -> Result<ResponseSigner, SimError> {
        let signers = lock(&self.signers);
        let active = signers
            .platform
            .get(signers.active)
            .ok_or_else(|| SimError::State("no active platform certificate".into()))?;
        Ok(ResponseSigner::from_certificate(active.key.clone(), &active.cert)?)
    }

    /// Signs `body` for a response: real headers, or a probe if one was requested.
    pub(crate) fn sign_response(&self, body: &[u8]) -> Result<WechatpayHeaders, SimError> {
        let signer = self.response_signer()?;
        if self.probe_next.swap(false, Ordering::Relaxed) {
            return Ok(signer.probe_at(self.now())?);
        }
        Ok(signer.sign_at(body, self.now())?)
    }

    pub(crate) fn stats(&self) -> SimStats {
        let s = &self.stats;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        SimStats {
            callbacks: get(&s.callbacks),
            acknowledged: get(&s.acknowledged),
            attempts: get(&s.attempts),
            retries: get(&s.retries),
            gave_up: get(&s.gave_up),
            refused_urls: get(&s.refused_urls),
            probes_sent: get(&s.probes_sent),
            probes_refused: get(&s.probes_refused),
            probes_accepted: get(&s.probes_accepted),
            in_flight: get(&self.in_flight),
            requests: get(&s.requests),
            sign_errors: get(&s.sign_errors),
        }
    }
}

/// A running simulator. Dropping it shuts it down.
pub struct SimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    temporary_keys: Option<PathBuf>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle").field("base_url", &self.shared.base_url).finish_non_exhaustive()
    }
}

impl SimHandle {
    /// `http://127.0.0.1:PORT` (no trailing slash): the base URL to give an SDK.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The bound address (always 127.0.0.1).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The merchant's ids, serials and APIv3/APIv2 keys.
    pub fn merchant(&self) -> &MerchantInfo {
        &self.shared.keys.info
    }

    /// Every key, parsed.
    pub fn keys(&self) -> &SimKeys {
        &self.shared.keys
    }

    /// The key directory.
    pub fn keys_dir(&self) -> &Path {
        &self.shared.keys.dir
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &SimConfig {
        &self.shared.config
    }

    /// Marks an order paid (`SUCCESS`) and queues the `TRANSACTION.SUCCESS`
    /// callback to its `notify_url`. Returns the transaction JSON.
    pub fn pay(&self, out_trade_no: &str) -> Result<serde_json::Value, SimError> {
        server::pay(&self.shared, out_trade_no)
    }

    /// Marks an unpaid order's payment failed (`PAYERROR`); no callback (WeChat Pay sends none).
    pub fn fail_payment(&self, out_trade_no: &str) -> Result<serde_json::Value, SimError> {
        server::fail_payment(&self.shared, out_trade_no)
    }

    /// Finishes a refund the merchant requested (`SUCCESS`) and queues the
    /// `REFUND.SUCCESS` callback (if the refund or its order has a `notify_url`).
    pub fn refund(&self, out_refund_no: &str) -> Result<serde_json::Value, SimError> {
        server::complete_refund(&self.shared, out_refund_no, "SUCCESS")
    }

    /// Finishes a refund as `ABNORMAL` (`REFUND.ABNORMAL` callback).
    pub fn refund_abnormal(&self, out_refund_no: &str) -> Result<serde_json::Value, SimError> {
        server::complete_refund(&self.shared, out_refund_no, "ABNORMAL")
    }

    /// An order as the query endpoint answers it.
    pub fn order(&self, out_trade_no: &str) -> Option<serde_json::Value> {
        lock(&self.shared.state).orders.get(out_trade_no).map(state::Order::to_json)
    }

    /// The delivery and request counters.
    pub fn stats(&self) -> SimStats {
        self.shared.stats()
    }

    /// Waits (bounded by `timeout`) until no callback is being delivered.
    /// Returns whether it became idle.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.shared.in_flight.load(Ordering::Acquire) == 0 {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The next `count` API requests (after their signature checks) answer
    /// `status` with error `code` (e.g. 500 `SYSTEM_ERROR`).
    pub fn fail_next(&self, count: u32, status: u16, code: &str) {
        *lock(&self.shared.fail_next) = Some(FailNext { remaining: count, status, code: code.to_owned() });
    }

    /// Moves the clock of WeChat's client-side rules (OAuth code and `h5_url`
    /// lifetimes) by `seconds`, leaving the API's replay window on the real
    /// clock; returns the new offset. Also `POST /sim/web-clock?advance=N`.
    pub fn advance_web_clock(&self, seconds: i64) -> i64 {
        self.shared.web_offset.fetch_add(seconds, Ordering::Relaxed).saturating_add(seconds)
    }

    /// The next signed response carries a `WECHATPAY/SIGNTEST/` probe signature instead of a real one.
    pub fn probe_next_response(&self) {
        self.shared.probe_next.store(true, Ordering::Relaxed);
    }

    /// Issues a new platform certificate from the simulator CA (valid from
    /// `not_before` to `not_after`, Unix seconds), served by
    /// `/v3/certificates` from now on; `activate` makes it sign responses
    /// and callbacks. Returns its serial. A rotation: add (not active), let
    /// merchants download it, then [`SimHandle::activate_platform_certificate`].
    pub fn add_platform_certificate(
        &self,
        not_before: i64,
        not_after: i64,
        activate: bool,
    ) -> Result<String, SimError> {
        let generated =
            self.shared.keys.ca()?.issue("Tenpay.com sign", "Tenpay.com (simulated)", not_before, not_after)?;
        let cert = Certificate::from_pem(&generated.cert_pem)?;
        let key = PrivateKey::from_pem(&generated.key_pem)?;
        let serial = cert.serial_no().to_owned();
        let mut signers = lock(&self.shared.signers);
        signers.platform.push(PlatformCert { key, cert });
        if activate {
            signers.active = signers.platform.len() - 1;
        }
        Ok(serial)
    }

    /// Makes the platform certificate `serial` sign from now on.
    pub fn activate_platform_certificate(&self, serial: &str) -> Result<(), SimError> {
        let mut signers = lock(&self.shared.signers);
        let at = signers
            .platform
            .iter()
            .position(|p| p.cert.serial_no() == serial)
            .ok_or_else(|| SimError::NotFound(format!("platform certificate {serial}")))?;
        signers.active = at;
        Ok(())
    }

    /// Stops serving `/v3/certificates` for `serial` (a retired certificate).
    pub fn remove_platform_certificate(&self, serial: &str) -> Result<(), SimError> {
        let mut signers = lock(&self.shared.signers);
        let at = signers
            .platform
            .iter()
            .position(|p| p.cert.serial_no() == serial)
            .ok_or_else(|| SimError::NotFound(format!("platform certificate {serial}")))?;
        if at == signers.active {
            return Err(SimError::State("the active platform certificate cannot be removed".into()));
        }
        signers.platform.remove(at);
        if signers.active > at {
            signers.active -= 1;
        }
        Ok(())
    }

    /// The serials served by `/v3/certificates`, and the active one.
    pub fn platform_serials(&self) -> (Vec<String>, String) {
        let signers = lock(&self.shared.signers);
        let all: Vec<String> = signers.platform.iter().map(|p| p.cert.serial_no().to_owned()).collect();
        let active = all.get(signers.active).cloned().unwrap_or_default();
        (all, active)
    }

    /// Stops the server (in-flight callbacks are abandoned).
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
        if let Some(dir) = self.temporary_keys.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.stop_now();
    }
}
