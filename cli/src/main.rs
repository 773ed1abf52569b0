//! `wechatpay`: the WeChat Pay command-line tool over `wechatpay-core`.
//!
//! Presentation only: every cryptographic and protocol step is a call into the
//! core. See docs/cli.md.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod cmds;
mod demo;
mod explain;
mod http;
mod sandbox;
mod util;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use util::TrustArgs;

const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  1  verification or decryption refused (signature, serial, timestamp, GCM tag, bill digest, ...)
  2  usage: bad flags, malformed input, unusable key or certificate
  3  I/O or network (a file, a server, an error answer from WeChat Pay)

Secrets (APIv3/APIv2 keys, .p12 passwords) are never taken literally on the command line:
pass @FILE or - (standard input), or set WECHATPAY_APIV3_KEY, WECHATPAY_APIV2_KEY,
WECHATPAY_P12_PASSWORD (or the same name with _FILE and a path).";

/// The WeChat Pay command-line tool: sign, verify, decrypt, explain failures, run a local simulator.
#[derive(Parser, Debug)]
#[command(name = "wechatpay", version, about, after_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    /// Machine-readable JSON output (errors as JSON on stderr)
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Sign an APIv3 request: the message, the signature and the Authorization header
    Sign(SignArgs),
    /// Print only the Authorization header of a request (for curl -H)
    Authorization(SignArgs),
    /// Verify a saved response or callback (headers + raw body)
    Verify(VerifyArgs),
    /// Verify and decrypt a saved callback, print the event
    Notify(NotifyArgs),
    /// Decrypt an AEAD_AES_256_GCM resource
    Decrypt(DecryptArgs),
    /// JSAPI payment parameters (WeixinJSBridge getBrandWCPayRequest)
    Jsapi(JsapiArgs),
    /// Mini-program payment parameters (wx.requestPayment)
    Miniprogram(JsapiArgs),
    /// APP payment parameters (OpenSDK PayReq)
    App(AppArgs),
    /// The H5 payment URL with redirect_url
    H5Url(H5Args),
    /// The OAuth 2.0 authorize URL that gets a payer's openid
    OauthUrl(OauthArgs),
    /// RSA-OAEP for sensitive fields
    #[command(subcommand)]
    Oaep(OaepCommand),
    /// Show a certificate, public key, private key or .p12 (serial, validity, subject, fingerprint)
    Cert(CertArgs),
    /// APIv2 (legacy): MD5 / HMAC-SHA256 signs, XML, refund req_info
    #[command(subcommand)]
    V2(V2Command),
    /// Bills
    #[command(subcommand)]
    Bill(BillCommand),
    /// The catalogue of WeChat Pay error codes: meaning, safe to resend, what to do
    Errors(ErrorsArgs),
    /// Explain a failure: a SIGN_ERROR answer, or a callback that does not verify
    #[command(subcommand)]
    Explain(ExplainCommand),
    /// Run the local WeChat Pay simulator in the foreground; `sandbox pay|refund|stats` drive a running one
    Sandbox(sandbox::SandboxArgs),
    /// A whole JSAPI payment against an in-process WeChat Pay, step by step (no arguments, no files)
    Demo(DemoArgs),
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// Merchant id
    #[arg(long, env = "WECHATPAY_MCHID")]
    pub mchid: Option<String>,
    /// Merchant private key apiclient_key.pem (PEM or DER)
    #[arg(long, value_name = "FILE", env = "WECHATPAY_KEY_FILE")]
    pub key: Option<PathBuf>,
    /// Merchant certificate serial number
    #[arg(long, env = "WECHATPAY_SERIAL")]
    pub serial: Option<String>,
    /// Merchant certificate apiclient_cert.pem (gives the serial; checked against the key)
    #[arg(long, value_name = "FILE", env = "WECHATPAY_CERT_FILE")]
    pub cert: Option<PathBuf>,
    /// HTTP method, upper case
    #[arg(long, short = 'X')]
    pub method: Option<String>,
    /// Path and query as sent (a full https:// URL is reduced to them)
    #[arg(long)]
    pub url: Option<String>,
    /// The exact body: text, @FILE or - (standard input)
    #[arg(long, short = 'd')]
    pub body: Option<String>,
    /// A request file: {"method","url","body"} (flags override it)
    #[arg(long, value_name = "FILE")]
    pub request: Option<PathBuf>,
    /// Timestamp to sign with (default: now)
    #[arg(long)]
    pub timestamp: Option<i64>,
    /// Nonce to sign with (default: 32 random characters)
    #[arg(long)]
    pub nonce: Option<String>,
}

#[derive(Args, Debug)]
pub struct MessageInput {
    /// Headers file: `Name: value` lines or a JSON object
    #[arg(long, value_name = "FILE", requires = "body", conflicts_with = "http")]
    pub headers: Option<PathBuf>,
    /// Raw body file, bytes exactly as received (- for standard input)
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// A whole saved HTTP message (curl -i): headers, empty line, body
    #[arg(long, value_name = "FILE")]
    pub http: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub input: MessageInput,
    #[command(flatten)]
    pub trust: TrustArgs,
}

#[derive(Args, Debug)]
pub struct NotifyArgs {
    #[command(flatten)]
    pub input: MessageInput,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// APIv3 key: @FILE or - (default: WECHATPAY_APIV3_KEY)
    #[arg(long, value_name = "@FILE|-")]
    pub apiv3_key: Option<String>,
}

#[derive(Args, Debug)]
pub struct DecryptArgs {
    /// The resource object as JSON (@FILE, - or text); a whole callback body works too
    #[arg(long, conflicts_with_all = ["ciphertext"])]
    pub resource: Option<String>,
    /// resource.ciphertext (base64)
    #[arg(long, requires = "nonce")]
    pub ciphertext: Option<String>,
    /// resource.nonce
    #[arg(long)]
    pub nonce: Option<String>,
    /// resource.associated_data
    #[arg(long, default_value = "")]
    pub associated_data: String,
    /// APIv3 key: @FILE or - (default: WECHATPAY_APIV3_KEY)
    #[arg(long, value_name = "@FILE|-")]
    pub apiv3_key: Option<String>,
}

#[derive(Args, Debug)]
pub struct JsapiArgs {
    /// App id the order was placed with
    #[arg(long, env = "WECHATPAY_APPID")]
    pub appid: String,
    /// prepay_id from the order
    #[arg(long)]
    pub prepay_id: String,
    /// Merchant private key
    #[arg(long, value_name = "FILE", env = "WECHATPAY_KEY_FILE")]
    pub key: PathBuf,
    /// Timestamp (default: now)
    #[arg(long)]
    pub timestamp: Option<i64>,
    /// Nonce (default: random)
    #[arg(long)]
    pub nonce: Option<String>,
}

#[derive(Args, Debug)]
pub struct AppArgs {
    #[command(flatten)]
    pub jsapi: JsapiArgs,
    /// Merchant id (partnerid)
    #[arg(long, env = "WECHATPAY_MCHID")]
    pub mchid: String,
}

#[derive(Args, Debug)]
pub struct H5Args {
    /// h5_url from the order
    #[arg(long)]
    pub h5_url: String,
    /// Where the payer returns to
    #[arg(long)]
    pub redirect_url: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Scope {
    /// snsapi_base: openid only, silent
    Base,
    /// snsapi_userinfo: asks the user
    Userinfo,
}

#[derive(Args, Debug)]
pub struct OauthArgs {
    /// Official account app id
    #[arg(long, env = "WECHATPAY_APPID")]
    pub appid: String,
    /// Your page that receives ?code=
    #[arg(long)]
    pub redirect_uri: String,
    #[arg(long, value_enum, default_value_t = Scope::Base)]
    pub scope: Scope,
    /// state (letters and digits)
    #[arg(long)]
    pub state: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum OaepCommand {
    /// Encrypt a sensitive field for WeChat Pay (prints the ciphertext and the Wechatpay-Serial to send)
    Encrypt(OaepEncryptArgs),
    /// Decrypt a sensitive field with your private key
    Decrypt(OaepDecryptArgs),
}

#[derive(Args, Debug)]
pub struct OaepEncryptArgs {
    /// Plaintext: text, @FILE or -
    pub plaintext: String,
    /// Platform certificate to encrypt for
    #[arg(long, value_name = "FILE", required_unless_present = "public_key")]
    pub platform_cert: Option<PathBuf>,
    /// WeChat Pay public key, with --public-key-id
    #[arg(long, value_name = "FILE", requires = "public_key_id")]
    pub public_key: Option<PathBuf>,
    #[arg(long)]
    pub public_key_id: Option<String>,
}

#[derive(Args, Debug)]
pub struct OaepDecryptArgs {
    /// Ciphertext (base64): text, @FILE or -
    pub ciphertext: String,
    /// Private key to decrypt with
    #[arg(long, value_name = "FILE", env = "WECHATPAY_KEY_FILE")]
    pub key: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum CertAction {
    /// Download the platform certificates through the client (authenticated bootstrap) into a directory
    Download(CertDownloadArgs),
}

#[derive(Args, Debug)]
pub struct CertDownloadArgs {
    /// Directory to write `wechatpay_SERIAL.pem` into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Gateway base URL (the sandbox's, or the real one)
    #[arg(long, env = "WECHATPAY_BASE_URL", default_value = "https://api.mch.weixin.qq.com")]
    pub url: String,
    /// Merchant id
    #[arg(long, env = "WECHATPAY_MCHID")]
    pub mchid: Option<String>,
    /// Merchant private key apiclient_key.pem
    #[arg(long, value_name = "FILE", env = "WECHATPAY_KEY_FILE")]
    pub key: Option<PathBuf>,
    /// Merchant certificate serial number
    #[arg(long, env = "WECHATPAY_SERIAL")]
    pub serial: Option<String>,
    /// Merchant certificate apiclient_cert.pem (gives the serial)
    #[arg(long, value_name = "FILE", env = "WECHATPAY_CERT_FILE")]
    pub cert: Option<PathBuf>,
    /// APIv3 key: @FILE or - (default: WECHATPAY_APIV3_KEY)
    #[arg(long, value_name = "@FILE|-")]
    pub apiv3_key: Option<String>,
    /// Overwrite existing files
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CertArgs {
    #[command(subcommand)]
    pub action: Option<CertAction>,
    /// Certificate (PEM/DER), public key, private key, or .p12
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    /// .p12 password: @FILE or - (default: WECHATPAY_P12_PASSWORD, else --mchid, the default password)
    #[arg(long, value_name = "@FILE|-")]
    pub password: Option<String>,
    /// Merchant id (the default .p12 password)
    #[arg(long, env = "WECHATPAY_MCHID")]
    pub mchid: Option<String>,
    /// Write apiclient_key.pem (mode 600) and apiclient_cert.pem of a .p12 into DIR
    #[arg(long, value_name = "DIR")]
    pub extract: Option<PathBuf>,
    /// Overwrite existing files with --extract
    #[arg(long)]
    pub force: bool,
    /// Check validity at this time (Unix seconds or RFC 3339; default now)
    #[arg(long)]
    pub now: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum V2Command {
    /// Sign APIv2 parameters (JSON object or XML file)
    Sign(V2SignArgs),
    /// Verify the `sign` of APIv2 parameters (JSON or XML)
    Verify(V2SignArgs),
    /// Convert APIv2 XML to JSON, or JSON to XML
    Xml(V2XmlArgs),
    /// Decrypt the req_info of an APIv2 refund notification
    RefundInfo(V2RefundArgs),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum V2SignType {
    #[value(name = "MD5")]
    Md5,
    #[value(name = "HMAC-SHA256")]
    HmacSha256,
}

#[derive(Args, Debug)]
pub struct V2SignArgs {
    /// Parameters: JSON object or XML file (- for standard input)
    pub params: PathBuf,
    /// Sign type (verify default: the params' sign_type, else MD5)
    #[arg(long, value_enum)]
    pub sign_type: Option<V2SignType>,
    /// APIv2 key: @FILE or - (default: WECHATPAY_APIV2_KEY)
    #[arg(long, value_name = "@FILE|-")]
    pub apiv2_key: Option<String>,
}

#[derive(Args, Debug)]
pub struct V2XmlArgs {
    /// XML or JSON file (- for standard input)
    pub file: PathBuf,
}

#[derive(Args, Debug)]
pub struct V2RefundArgs {
    /// req_info (base64): text, @FILE or -
    pub req_info: String,
    /// APIv2 key: @FILE or - (default: WECHATPAY_APIV2_KEY)
    #[arg(long, value_name = "@FILE|-")]
    pub apiv2_key: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum BillCommand {
    /// Check a downloaded bill against hash_type/hash_value
    Verify(BillVerifyArgs),
}

#[derive(Args, Debug)]
pub struct BillVerifyArgs {
    /// The bill file as downloaded
    pub file: PathBuf,
    /// SHA1 or SHA256
    #[arg(long, default_value = "SHA1")]
    pub hash_type: String,
    /// hash_value from the bill download answer (lowercase hex)
    #[arg(long)]
    pub hash_value: String,
    /// The file is gzip (tar_type=GZIP); the digest is of the uncompressed bill
    #[arg(long)]
    pub gzip: bool,
    /// Also print the parsed rows and summary
    #[arg(long)]
    pub parse: bool,
}

#[derive(Args, Debug)]
pub struct ErrorsArgs {
    /// One code (APIv3 or APIv2 spelling); all when absent
    pub code: Option<String>,
    /// List this tool's error kinds (the core's) with their exit codes instead
    #[arg(long, conflicts_with = "code")]
    pub kinds: bool,
}

#[derive(Subcommand, Debug)]
pub enum ExplainCommand {
    /// Where WeChat Pay's reconstructed message and yours differ, and the likely cause
    SignError(explain::SignErrorArgs),
    /// Which check of a callback (or response) fails, and the likely cause
    Callback(explain::CallbackArgs),
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Do not print the step counter while waiting
    #[arg(long)]
    pub quiet: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { util::EXIT_USAGE } else { util::EXIT_OK };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let json = cli.json;
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            util::print_error(&err, json);
            ExitCode::from(err.exit_code())
        }
    }
}

fn run(cli: Cli) -> util::CliResult<u8> {
    let json = cli.json;
    match cli.command {
        Command::Sign(args) => cmds::sign(&args, json, false),
        Command::Authorization(args) => cmds::sign(&args, json, true),
        Command::Verify(args) => cmds::verify(&args, json),
        Command::Notify(args) => cmds::notify(&args, json),
        Command::Decrypt(args) => cmds::decrypt(&args, json),
        Command::Jsapi(args) => cmds::jsapi(&args, false),
        Command::Miniprogram(args) => cmds::jsapi(&args, true),
        Command::App(args) => cmds::app(&args),
        Command::H5Url(args) => cmds::h5_url(&args, json),
        Command::OauthUrl(args) => cmds::oauth_url(&args, json),
        Command::Oaep(OaepCommand::Encrypt(args)) => cmds::oaep_encrypt(&args, json),
        Command::Oaep(OaepCommand::Decrypt(args)) => cmds::oaep_decrypt(&args, json),
        Command::Cert(CertArgs { action: Some(CertAction::Download(args)), .. }) => cmds::cert_download(&args, json),
        Command::Cert(args) => cmds::cert(&args, json),
        Command::V2(V2Command::Sign(args)) => cmds::v2_sign(&args, json),
        Command::V2(V2Command::Verify(args)) => cmds::v2_verify(&args, json),
        Command::V2(V2Command::Xml(args)) => cmds::v2_xml(&args),
        Command::V2(V2Command::RefundInfo(args)) => cmds::v2_refund_info(&args, json),
        Command::Bill(BillCommand::Verify(args)) => cmds::bill_verify(&args, json),
        Command::Errors(args) => cmds::errors(&args, json),
        Command::Explain(ExplainCommand::SignError(args)) => explain::sign_error(&args, json),
        Command::Explain(ExplainCommand::Callback(args)) => explain::callback(&args, json),
        Command::Sandbox(args) => sandbox::run(&args, json),
        Command::Demo(args) => demo::run(&args, json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wechatpay_core::ErrorKind;

    #[test]
    fn every_core_kind_has_a_hint_and_an_exit_code() {
        for kind in ErrorKind::ALL {
            assert!(!util::hint(*kind).is_empty(), "{kind}");
            assert!(matches!(util::exit_code_for(*kind), 1..=3), "{kind}");
        }
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
