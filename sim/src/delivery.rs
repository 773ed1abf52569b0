//! Callbacks: signed (core `ResponseSigner`), encrypted (core
//! `CallbackEnvelope::seal`), POSTed to loopback `notify_url`s only, retried on
//! a compressed version of WeChat Pay's schedule, optionally preceded by a
//! `WECHATPAY/SIGNTEST/` probe.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use wechatpay_core::v3::notify::CallbackEnvelope;
use wechatpay_core::v3::verify::WechatpayHeaders;

use crate::{Shared, lock};

/// WeChat Pay's retry schedule in seconds (15 retries over ~24 h).
pub(crate) const SCHEDULE: [u64; 15] =
    [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600];

pub(crate) fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .max_idle_connections_per_host(64)
        .user_agent("Mozilla/4.0 (WeChat Pay simulator)")
        .build()
        .new_agent()
}

/// `http://127.0.0.1[:port]/…`, `http://localhost[:port]/…` or `http://[::1][:port]/…`.
pub(crate) fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((host, port)) if port.is_empty() || valid_port(port) => host,
            _ => return false,
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) if valid_port(&format!(":{port}")) => host,
            Some(_) => return false,
            None => authority,
        }
    };
    matches!(host, "127.0.0.1" | "localhost" | "::1")
}

fn valid_port(with_colon: &str) -> bool {
    with_colon.strip_prefix(':').is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok())
}

/// Queues one callback; returns at once.
pub(crate) fn enqueue(sim: &Arc<Shared>, url: String, envelope: CallbackEnvelope) {
    sim.stats.callbacks.fetch_add(1, Ordering::Relaxed);
    if !is_loopback_url(&url) {
        sim.stats.refused_urls.fetch_add(1, Ordering::Relaxed);
        return;
    }
    let probe = {
        let mut acc = lock(&sim.probe_accumulator);
        *acc += sim.config.probe_rate;
        if *acc >= 1.0 {
            *acc -= 1.0;
            true
        } else {
            false
        }
    };
    sim.in_flight.fetch_add(1, Ordering::AcqRel);
    let shared = Arc::clone(sim);
    sim.runtime.spawn(async move {
        deliver(&shared, url, envelope, probe).await;
        shared.in_flight.fetch_sub(1, Ordering::AcqRel);
    });
}

async fn deliver(sim: &Arc<Shared>, url: String, envelope: CallbackEnvelope, probe: bool) {
    let body = wechatpay_core::nonce::generate_len(wechatpay_core::nonce::GCM_NONCE_LEN)
        .and_then(|nonce| envelope.seal(&sim.keys.apiv3_key, &nonce));
    let Ok(body) = body else {
        sim.stats.gave_up.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let body = Arc::new(body);
    let probe_headers = if probe { sim.response_signer().and_then(|s| Ok(s.probe_at(sim.now())?)).ok() } else { None };
    if let Some(headers) = probe_headers {
        sim.stats.probes_sent.fetch_add(1, Ordering::Relaxed);
        if post(sim, &url, &body, headers).await {
            sim.stats.probes_accepted.fetch_add(1, Ordering::Relaxed);
        } else {
            sim.stats.probes_refused.fetch_add(1, Ordering::Relaxed);
        }
    }
    let compression = u64::from(sim.config.retry_compression.max(1));
    for attempt in 0..=SCHEDULE.len() {
        if attempt > 0 {
            let seconds = SCHEDULE.get(attempt - 1).copied().unwrap_or(0);
            tokio::time::sleep(Duration::from_millis(seconds.saturating_mul(1000) / compression)).await;
            sim.stats.retries.fetch_add(1, Ordering::Relaxed);
        }
        sim.stats.attempts.fetch_add(1, Ordering::Relaxed);
        let Ok(headers) = sim.response_signer().and_then(|s| Ok(s.sign_at(body.as_bytes(), sim.now())?)) else {
            continue;
        };
        if post(sim, &url, &body, headers).await {
            sim.stats.acknowledged.fetch_add(1, Ordering::Relaxed);
            return;
        }
    }
    sim.stats.gave_up.fetch_add(1, Ordering::Relaxed);
}

/// One POST; true on a 2xx answer.
async fn post(sim: &Arc<Shared>, url: &str, body: &Arc<String>, headers: WechatpayHeaders) -> bool {
    let Ok(_permit) = Arc::clone(&sim.semaphore).acquire_owned().await else { return false };
    let agent = sim.agent.clone();
    let (url, body) = (url.to_owned(), Arc::clone(body));
    let sent = tokio::task::spawn_blocking(move || {
        let mut request = agent.post(&url).header("Content-Type", "application/json");
        for (name, value) in headers.to_pairs() {
            request = request.header(name, value);
        }
        match request.send(body.as_bytes()) {
            Ok(mut response) => {
                // Read the answer so that the connection can be reused.
                let _ = response.body_mut().with_config().limit(64 * 1024).read_to_vec();
                response.status().is_success()
            }
            Err(_) => false,
        }
    })
    .await;
    sent.unwrap_or(false)
}
