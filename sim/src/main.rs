//! `wechatpay-sim`: runs the local WeChat Pay on 127.0.0.1 until stopped (Ctrl-C).
//!
//! ```text
//! wechatpay-sim [--port N] [--keys-dir DIR] [--state-file FILE] [--mode certificate|public-key|migration]
//!               [--min-close-age SECONDS] [--probe-rate 0..1] [--retry-compression N]
//!               [--oauth-domain HOST] [--pay-directory URL] [--h5-domain HOST] [--local-h5-cashier]
//!               [--h5-url-lifetime SECONDS] [--app-secret SECRET] [--bridge-ready-delay MS]
//! ```
//! `--oauth-domain`, `--pay-directory` and `--h5-domain` may be repeated.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;

use wechatpay_sim::{SimError, Simulator};

fn run() -> Result<(), SimError> {
    let mut builder = Simulator::builder().keys_dir("wechatpay-sim-keys");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            println!("{}", USAGE);
            return Ok(());
        }
        if flag == "--local-h5-cashier" {
            builder = builder.local_h5_cashier(true);
            continue;
        }
        let value = args.next().ok_or_else(|| SimError::Config(format!("{flag} needs a value\n{USAGE}")))?;
        let bad = |_: std::num::ParseIntError| SimError::Config(format!("bad value for {flag}: {value:?}"));
        builder = match flag.as_str() {
            "--port" => builder.port(value.parse().map_err(bad)?),
            "--keys-dir" => builder.keys_dir(&value),
            "--state-file" => builder.state_file(&value),
            "--mode" => builder.signing_mode(value.parse()?),
            "--min-close-age" => builder.min_close_age(value.parse().map_err(bad)?),
            "--probe-rate" => builder.probe_rate(
                value.parse().map_err(|_| SimError::Config(format!("bad value for --probe-rate: {value:?}")))?,
            ),
            "--retry-compression" => builder.retry_compression(value.parse().map_err(bad)?),
            "--oauth-domain" => builder.oauth_domain(&value),
            "--pay-directory" => builder.pay_directory(&value),
            "--h5-domain" => builder.h5_domain(&value),
            "--h5-url-lifetime" => builder.h5_url_lifetime(value.parse().map_err(bad)?),
            "--app-secret" => builder.app_secret(&value),
            "--bridge-ready-delay" => builder.bridge_ready_delay_ms(value.parse().map_err(bad)?),
            other => return Err(SimError::Config(format!("unknown option {other}\n{USAGE}"))),
        };
    }
    let sim = builder.start()?;
    let m = sim.merchant();
    println!("wechatpay-sim listening on {}", sim.base_url());
    println!("keys: {} (mchid {}, merchant serial {})", sim.keys_dir().display(), m.mchid, m.merchant_serial_no);
    println!("mark an order paid: curl -X POST {}/sim/pay/OUT_TRADE_NO", sim.base_url());
    loop {
        std::thread::park();
    }
}

const USAGE: &str = "usage: wechatpay-sim [--port N] [--keys-dir DIR] [--state-file FILE] \
[--mode certificate|public-key|migration] [--min-close-age SECONDS] [--probe-rate 0..1] [--retry-compression N] \
[--oauth-domain HOST]... [--pay-directory URL]... [--h5-domain HOST]... [--local-h5-cashier] \
[--h5-url-lifetime SECONDS] [--app-secret SECRET] [--bridge-ready-delay MS]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wechatpay-sim: {e}");
            ExitCode::FAILURE
        }
    }
}
