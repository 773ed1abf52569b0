//! `sandbox`: the local WeChat Pay simulator (`wechatpay-sim`) in the
//! foreground, and `sandbox pay|refund` that drive a running one over its
//! control endpoints.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use serde_json::json;
use wechatpay_sim::{SigningMode, Simulator};

use crate::http;
use crate::util::{CliError, CliResult, EXIT_OK};

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SandboxArgs {
    #[command(subcommand)]
    pub action: Option<SandboxAction>,
    /// Port on 127.0.0.1 (0 = any free port)
    #[arg(long, default_value_t = 8700)]
    pub port: u16,
    /// Key directory: loaded if it holds merchant.json, else generated there
    #[arg(long, value_name = "DIR", default_value = "wechatpay-sim-keys")]
    pub keys_dir: PathBuf,
    /// Orders and refunds persisted here and reloaded at start
    #[arg(long, value_name = "FILE")]
    pub state_file: Option<PathBuf>,
    /// How answers and callbacks are signed: certificate, public-key or migration
    #[arg(long, default_value = "certificate")]
    pub mode: String,
    /// Fraction of callbacks preceded by a WECHATPAY/SIGNTEST/ probe
    #[arg(long, default_value_t = 0.0)]
    pub probe_rate: f64,
}

#[derive(clap::Subcommand, Debug)]
pub enum SandboxAction {
    /// Mark an order paid: the simulator sends the TRANSACTION.SUCCESS callback
    Pay {
        out_trade_no: String,
        /// The running sandbox
        #[arg(long, env = "WECHATPAY_SANDBOX_URL", default_value = "http://127.0.0.1:8700")]
        url: String,
    },
    /// Finish a refund the merchant requested: the simulator sends the REFUND.* callback
    Refund {
        out_refund_no: String,
        /// Finish it as ABNORMAL instead of SUCCESS
        #[arg(long)]
        abnormal: bool,
        #[arg(long, env = "WECHATPAY_SANDBOX_URL", default_value = "http://127.0.0.1:8700")]
        url: String,
    },
    /// The simulator's counters (requests, SIGN_ERRORs, callbacks, probes)
    Stats {
        #[arg(long, env = "WECHATPAY_SANDBOX_URL", default_value = "http://127.0.0.1:8700")]
        url: String,
    },
}

fn addr(url: &str) -> CliResult<SocketAddr> {
    url.strip_prefix("http://").map(|rest| rest.trim_end_matches('/')).and_then(|host| host.parse().ok()).ok_or_else(
        || CliError::usage(format!("`{url}` is not http://127.0.0.1:PORT"), "pass the URL the sandbox printed"),
    )
}

fn control(url: &str, method: &str, path: &str, json: bool) -> CliResult<u8> {
    let answer = http::send(addr(url)?, method, path, &[], b"")?;
    let text = answer.text();
    if answer.status != 200 {
        return Err(CliError::network(
            format!("the sandbox answered HTTP {}: {}", answer.status, text.trim()),
            "check the order / refund number (`wechatpay sandbox stats`)",
        ));
    }
    if json {
        println!("{}", text.trim());
    } else {
        println!("{}", crate::util::pretty(&text));
    }
    Ok(EXIT_OK)
}

pub fn run(args: &SandboxArgs, json: bool) -> CliResult<u8> {
    match &args.action {
        Some(SandboxAction::Pay { out_trade_no, url }) => {
            return control(url, "POST", &format!("/sim/pay/{out_trade_no}"), json);
        }
        Some(SandboxAction::Refund { out_refund_no, abnormal, url }) => {
            let query = if *abnormal { "?status=ABNORMAL" } else { "" };
            return control(url, "POST", &format!("/sim/refund/{out_refund_no}{query}"), json);
        }
        Some(SandboxAction::Stats { url }) => return control(url, "GET", "/sim/stats", json),
        None => {}
    }
    let mode: SigningMode = args.mode.parse().map_err(|_| {
        CliError::usage(format!("unknown --mode `{}`", args.mode), "use certificate, public-key or migration")
    })?;
    let mut builder = Simulator::builder()
        .keys_dir(args.keys_dir.clone())
        .port(args.port)
        .signing_mode(mode)
        .probe_rate(args.probe_rate)
        .min_close_age(0);
    if let Some(file) = &args.state_file {
        builder = builder.state_file(file.clone());
    }
    let sim = builder.start().map_err(|e| {
        CliError::network(format!("the simulator did not start: {e}"), "choose another --port, or check --keys-dir")
    })?;
    let m = sim.merchant();
    let dir = sim.keys_dir().display().to_string();
    if json {
        println!(
            "{}",
            json!({
                "url": sim.base_url(), "keys_dir": dir, "mchid": m.mchid, "appid": m.appid,
                "merchant_serial_no": m.merchant_serial_no, "platform_serial_no": m.platform_serial_no,
                "pub_key_id": m.pub_key_id,
            })
        );
    } else {
        println!("wechatpay sandbox listening on {}", sim.base_url());
        println!("merchant {} (appid {}), keys in {dir} (the APIv3/APIv2 keys are in merchant.json)", m.mchid, m.appid);
        println!("use it from another shell:");
        println!("  export WECHATPAY_MCHID={} WECHATPAY_SERIAL={}", m.mchid, m.merchant_serial_no);
        println!("  export WECHATPAY_KEY_FILE={dir}/apiclient_key.pem WECHATPAY_PLATFORM_CERT={dir}/platform_cert.pem");
        println!("  export WECHATPAY_SANDBOX_URL={}", sim.base_url());
        println!("  wechatpay sandbox pay OUT_TRADE_NO     # after POST /v3/pay/transactions/jsapi");
        println!("  wechatpay sandbox refund OUT_REFUND_NO # after POST /v3/refund/domestic/refunds");
        println!("Ctrl-C stops it.");
    }
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}
