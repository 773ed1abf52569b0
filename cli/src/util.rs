//! Inputs (files, `@file`, `-`, environment), secrets, output and errors.
//! Presentation only: every protocol step is a call into `wechatpay_core`.

use std::io::Read;
use std::path::{Path, PathBuf};

use wechatpay_core::keys::{ApiV2Key, ApiV3Key, Certificate, PrivateKey, PublicKey};
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions};
use wechatpay_core::{Error, ErrorCategory, ErrorKind};

/// Exit codes (documented in `--help` and docs/cli.md).
pub const EXIT_OK: u8 = 0;
/// Verification or decryption refused.
pub const EXIT_REFUSED: u8 = 1;
/// Usage: bad flags, bad inputs, unusable keys.
pub const EXIT_USAGE: u8 = 2;
/// I/O or network.
pub const EXIT_IO: u8 = 3;

/// An error of the command line tool.
#[derive(Debug)]
pub enum CliError {
    /// An error of the core, with what the tool was doing.
    Core { context: String, error: Error },
    /// A flag or input the tool cannot use.
    Usage { message: String, hint: String },
    /// A file could not be read or written.
    Io { message: String, hint: String },
    /// The network or a server failed.
    Network { message: String, hint: String },
}

impl CliError {
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        CliError::Usage { message: message.into(), hint: hint.into() }
    }

    pub fn io(message: impl Into<String>, hint: impl Into<String>) -> Self {
        CliError::Io { message: message.into(), hint: hint.into() }
    }

    pub fn network(message: impl Into<String>, hint: impl Into<String>) -> Self {
        CliError::Network { message: message.into(), hint: hint.into() }
    }

    /// The stable kind: the core's kind name, or `USAGE` / `IO` / `NETWORK`.
    pub fn kind(&self) -> String {
        match self {
            CliError::Core { error, .. } => error.kind().as_str().to_owned(),
            CliError::Usage { .. } => "USAGE".into(),
            CliError::Io { .. } => "IO".into(),
            CliError::Network { .. } => "NETWORK".into(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core { error, .. } => exit_code_for(error.kind()),
            CliError::Usage { .. } => EXIT_USAGE,
            CliError::Io { .. } | CliError::Network { .. } => EXIT_IO,
        }
    }

    pub fn message(&self) -> String {
        match self {
            CliError::Core { context, error } if context.is_empty() => error.to_string(),
            CliError::Core { context, error } => format!("{context}: {error}"),
            CliError::Usage { message, .. } | CliError::Io { message, .. } | CliError::Network { message, .. } => {
                message.clone()
            }
        }
    }

    pub fn hint(&self) -> String {
        match self {
            CliError::Core { error, .. } => hint(error.kind()).to_owned(),
            CliError::Usage { hint, .. } | CliError::Io { hint, .. } | CliError::Network { hint, .. } => hint.clone(),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut error = serde_json::json!({
            "kind": self.kind(),
            "exit_code": self.exit_code(),
            "message": self.message(),
            "hint": self.hint(),
        });
        if let CliError::Core { error: core, .. } = self {
            let fields: serde_json::Map<String, serde_json::Value> =
                core.fields().into_iter().map(|(name, value)| (name.to_owned(), value.into())).collect();
            error["code"] = core.kind().code().into();
            error["category"] = core.kind().category().as_str().into();
            error["fields"] = fields.into();
        }
        serde_json::json!({ "error": error })
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        CliError::Core { context: String::new(), error }
    }
}

/// Adds what the tool was doing to a core error.
pub trait Context<T> {
    fn context(self, what: impl Into<String>) -> Result<T, CliError>;
}

impl<T> Context<T> for Result<T, Error> {
    fn context(self, what: impl Into<String>) -> Result<T, CliError> {
        self.map_err(|error| CliError::Core { context: what.into(), error })
    }
}

pub type CliResult<T> = Result<T, CliError>;

/// Header pairs as received.
pub type Headers = Vec<(String, String)>;

/// A saved message: headers and raw body bytes.
pub type Message = (Headers, Vec<u8>);

/// The exit code of a core error kind: 1 when something was refused
/// (verification, decryption), 3 for the environment and WeChat Pay's error
/// answers, 2 for everything the user must change in the input.
pub fn exit_code_for(kind: ErrorKind) -> u8 {
    match kind.category() {
        ErrorCategory::Verification | ErrorCategory::Decryption => EXIT_REFUSED,
        ErrorCategory::Environment | ErrorCategory::ProtocolResponse => EXIT_IO,
        _ => EXIT_USAGE,
    }
}

/// What to do about an error kind. Every kind of `ErrorKind::ALL` has one
/// (a test checks it); a kind added later falls back to its description.
pub fn hint(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::KeyFormat => "pass the merchant private key apiclient_key.pem (PKCS#8 or PKCS#1, PEM or DER)",
        ErrorKind::CertificateFormat => {
            "pass an X.509 certificate (PEM or DER); `wechatpay cert FILE` shows what a file holds"
        }
        ErrorKind::Pkcs12 => {
            "the password of apiclient_cert.p12 is the merchant id: --password @file or WECHATPAY_P12_PASSWORD"
        }
        ErrorKind::SecretLength => {
            "the APIv3 key and the APIv2 key are 32 characters each (merchant platform: API security)"
        }
        ErrorKind::HeaderMissing => {
            "save all Wechatpay-* headers as received (a proxy or framework may drop or rename them)"
        }
        ErrorKind::HeaderInvalid => "pass the header values exactly as received, without editing",
        ErrorKind::SignatureTypeUnsupported => "only WECHATPAY2-SHA256-RSA2048 is supported",
        ErrorKind::SignatureProbe => {
            "WeChat Pay probes whether you verify signatures: refusing this message is correct"
        }
        ErrorKind::SignatureInvalid => {
            "verify the raw body bytes as received (never re-serialised JSON) with the WeChat Pay platform certificate or public key, not your merchant certificate; `wechatpay explain callback` narrows it down"
        }
        ErrorKind::SignatureMalformed => {
            "pass Wechatpay-Signature exactly as received (canonical base64, 256 bytes for RSA-2048)"
        }
        ErrorKind::SerialUnknown => {
            "add the platform certificate (or WeChat Pay public key) with this serial: --platform-cert FILE, --public-key FILE --public-key-id ID, or --trust-store FILE"
        }
        ErrorKind::CertificateNotValid => {
            "the platform certificate is expired or not yet valid: download the current ones (`wechatpay cert download`)"
        }
        ErrorKind::TimestampOutOfWindow => {
            "check the clock (NTP) or pass --now with the receive time; an old message is a replay"
        }
        ErrorKind::Base64 => "pass the value exactly as WeChat Pay sent it (standard base64 with padding)",
        ErrorKind::NonceLength => "pass resource.nonce exactly as received (12 characters)",
        ErrorKind::CiphertextLength => "pass the whole ciphertext as received",
        ErrorKind::DecryptFailed => {
            "usually the wrong key: the APIv3 key (not the APIv2 key) for callbacks, the matching private key for OAEP"
        }
        ErrorKind::PlaintextTooLong => "RSA-2048 OAEP takes at most 214 bytes",
        ErrorKind::AlgorithmUnsupported => "only AEAD_AES_256_GCM encrypt-resource callbacks are defined",
        ErrorKind::NotUtf8 => "pass UTF-8 text",
        ErrorKind::Json => "pass the JSON document exactly as received",
        ErrorKind::Xml => "pass the APIv2 XML exactly as received (no DOCTYPE, no duplicate fields)",
        ErrorKind::BillHashMismatch => {
            "download the bill again; compare against hash_value of the uncompressed bill (use --gzip for .gz files)"
        }
        ErrorKind::BillFormat => "pass the bill as downloaded (use --gzip for gzip files)",
        ErrorKind::InvalidArgument => "check the flag named above (`wechatpay help COMMAND`)",
        ErrorKind::Api => "see `wechatpay errors CODE` for what the code means and whether resending is safe",
        ErrorKind::Io => "check the path and its permissions",
        ErrorKind::Backend => "the crypto backend or random generator failed; try again",
        ErrorKind::MultipartFormat => "pass the multipart body exactly as received",
        _ => kind.description(),
    }
}

/// Prints an error: kind, message and hint (never a backtrace, never a secret).
pub fn print_error(error: &CliError, json: bool) {
    if json {
        eprintln!("{}", error.to_json());
    } else {
        eprintln!("error[{}]: {}", error.kind(), error.message());
        eprintln!("  hint: {}", error.hint());
    }
}

/// Reads a whole file (`-` is standard input).
pub fn read_bytes(path: &Path) -> CliResult<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::io(format!("cannot read standard input: {e}"), "pipe the input or pass a file"))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| {
        CliError::io(format!("cannot read {}: {}", path.display(), e.kind()), "check the path and its permissions")
    })
}

pub fn read_text(path: &Path) -> CliResult<String> {
    String::from_utf8(read_bytes(path)?)
        .map_err(|_| CliError::usage(format!("{} is not UTF-8 text", path.display()), "pass a UTF-8 file"))
}

/// A value given inline, as `@file`, or `-` (standard input). Not for secrets.
pub fn inline_or_file(value: &str) -> CliResult<String> {
    if value == "-" {
        return read_text(Path::new("-"));
    }
    match value.strip_prefix('@') {
        Some(path) => read_text(Path::new(path)),
        None => Ok(value.to_owned()),
    }
}

/// Writes a file, refusing to overwrite unless `force`.
pub fn write_file(path: &Path, bytes: &[u8], secret: bool, force: bool) -> CliResult<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let _ = secret;
    let mut file = options.open(path).map_err(|e| {
        CliError::io(
            format!("cannot write {}: {}", path.display(), e.kind()),
            "pass --force to overwrite an existing file",
        )
    })?;
    file.write_all(bytes)
        .map_err(|e| CliError::io(format!("cannot write {}: {}", path.display(), e.kind()), "check free space"))
}

/// Where a secret comes from. Secrets are never taken literally from the
/// command line (shell history): a flag takes `@file` or `-`, otherwise the
/// environment variable `NAME` (the value) or `NAME_FILE` (a path) is read.
pub fn secret(flag: Option<&str>, env: &str, what: &str) -> CliResult<Option<String>> {
    let hint = format!("pass @FILE or - (standard input), or set {env} or {env}_FILE");
    let raw = match flag {
        Some("-") => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| CliError::io(format!("cannot read the {what} from standard input: {e}"), hint.clone()))?;
            Some(line)
        }
        Some(value) => match value.strip_prefix('@') {
            Some(path) => Some(read_text(Path::new(path))?),
            None => {
                return Err(CliError::usage(
                    format!(
                        "the {what} is not taken literally on the command line (it would stay in the shell history)"
                    ),
                    hint,
                ));
            }
        },
        None => match std::env::var(env) {
            Ok(value) => Some(value),
            Err(_) => match std::env::var_os(format!("{env}_FILE")) {
                Some(path) => Some(read_text(&PathBuf::from(path))?),
                None => None,
            },
        },
    };
    Ok(raw.map(|value| value.trim_end_matches(['\r', '\n']).to_owned()))
}

pub fn require<T>(value: Option<T>, what: &str, hint: &str) -> CliResult<T> {
    value.ok_or_else(|| CliError::usage(format!("the {what} is required"), hint.to_owned()))
}

pub fn apiv3_key(flag: Option<&str>) -> CliResult<Option<(ApiV3Key, String)>> {
    match secret(flag, "WECHATPAY_APIV3_KEY", "APIv3 key")? {
        Some(raw) => Ok(Some((ApiV3Key::new(raw.as_bytes()).context("APIv3 key")?, raw))),
        None => Ok(None),
    }
}

pub fn require_apiv3_key(flag: Option<&str>) -> CliResult<(ApiV3Key, String)> {
    require(
        apiv3_key(flag)?,
        "APIv3 key",
        "pass --apiv3-key @FILE or -, or set WECHATPAY_APIV3_KEY (or WECHATPAY_APIV3_KEY_FILE)",
    )
}

pub fn apiv2_key(flag: Option<&str>) -> CliResult<Option<(ApiV2Key, String)>> {
    match secret(flag, "WECHATPAY_APIV2_KEY", "APIv2 key")? {
        Some(raw) => Ok(Some((ApiV2Key::new(raw.as_bytes()).context("APIv2 key")?, raw))),
        None => Ok(None),
    }
}

pub fn require_apiv2_key(flag: Option<&str>) -> CliResult<(ApiV2Key, String)> {
    require(
        apiv2_key(flag)?,
        "APIv2 key",
        "pass --apiv2-key @FILE or -, or set WECHATPAY_APIV2_KEY (or WECHATPAY_APIV2_KEY_FILE)",
    )
}

/// A private key file: PEM (PKCS#8 or PKCS#1) or DER.
pub fn private_key(path: &Path) -> CliResult<PrivateKey> {
    let bytes = read_bytes(path)?;
    let what = format!("private key {}", path.display());
    if bytes.trim_ascii_start().starts_with(b"-----") {
        PrivateKey::from_pem(&bytes).context(what)
    } else {
        PrivateKey::from_der(&bytes).context(what)
    }
}

/// A certificate file: PEM or DER.
pub fn certificate(path: &Path) -> CliResult<Certificate> {
    let bytes = read_bytes(path)?;
    let what = format!("certificate {}", path.display());
    if bytes.trim_ascii_start().starts_with(b"-----") {
        Certificate::from_pem(&bytes).context(what)
    } else {
        Certificate::from_der(&bytes).context(what)
    }
}

pub fn public_key(path: &Path) -> CliResult<PublicKey> {
    let bytes = read_bytes(path)?;
    let what = format!("public key {}", path.display());
    if bytes.trim_ascii_start().starts_with(b"-----") {
        PublicKey::from_pem(&bytes).context(what)
    } else {
        PublicKey::from_spki_der(&bytes).context(what)
    }
}

/// "now" from `--now` (Unix seconds or RFC 3339), else the system clock.
pub fn now(flag: Option<&str>) -> CliResult<i64> {
    match flag {
        None => Ok(wechatpay_core::clock::now()),
        Some(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().map_err(|_| CliError::usage("--now is out of range", "pass Unix seconds or an RFC 3339 time"))
        }
        Some(text) => wechatpay_core::clock::parse_rfc3339(text).context("--now"),
    }
}

/// Header pairs from a file: JSON object, or `Name: value` lines (an HTTP
/// status line, if any, is skipped; reading stops at the first empty line).
pub fn headers_file(path: &Path) -> CliResult<Vec<(String, String)>> {
    let text = read_text(path)?;
    parse_headers(&text).ok_or_else(|| {
        CliError::usage(
            format!("{} holds no headers", path.display()),
            "write one `Name: value` per line, or a JSON object",
        )
    })
}

pub fn parse_headers(text: &str) -> Option<Vec<(String, String)>> {
    if text.trim_start().starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let object = value.as_object()?;
        return Some(object.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned()))).collect());
    }
    let mut pairs = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            if pairs.is_empty() {
                continue;
            }
            break;
        }
        if line.starts_with("HTTP/") || line.starts_with("POST ") || line.starts_with("GET ") {
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            pairs.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    if pairs.is_empty() { None } else { Some(pairs) }
}

/// A raw HTTP message as saved by `curl -i` or a capture: headers, an empty
/// line, then the body bytes as they are.
pub fn http_message(path: &Path) -> CliResult<Message> {
    let bytes = read_bytes(path)?;
    let split = find(&bytes, b"\r\n\r\n").map(|at| (at, 4)).or_else(|| find(&bytes, b"\n\n").map(|at| (at, 2)));
    let Some((at, sep)) = split else {
        return Err(CliError::usage(
            format!("{} has no empty line between headers and body", path.display()),
            "save the whole HTTP message (curl -i), or pass --headers and --body",
        ));
    };
    let head = String::from_utf8_lossy(&bytes[..at]).into_owned();
    let headers = parse_headers(&head).ok_or_else(|| {
        CliError::usage(format!("{} holds no headers", path.display()), "save the whole HTTP message")
    })?;
    Ok((headers, bytes[at + sep..].to_vec()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where the platform side's keys come from.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct TrustArgs {
    /// WeChat Pay platform certificate (PEM or DER); repeat for several
    #[arg(long = "platform-cert", value_name = "FILE", env = "WECHATPAY_PLATFORM_CERT")]
    pub platform_cert: Vec<PathBuf>,
    /// WeChat Pay public key (public-key mode), with --public-key-id
    #[arg(long, value_name = "FILE", env = "WECHATPAY_PUBLIC_KEY", requires = "public_key_id")]
    pub public_key: Option<PathBuf>,
    /// Its id, PUB_KEY_ID_...
    #[arg(long, value_name = "ID", env = "WECHATPAY_PUBLIC_KEY_ID")]
    pub public_key_id: Option<String>,
    /// A trust store file: {"certificates":[{"serial_no","file"}],"public_keys":[{"id","file"}]}
    #[arg(long, value_name = "FILE")]
    pub trust_store: Option<PathBuf>,
    /// The receiver's clock: Unix seconds or RFC 3339 (default: now)
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Replay window in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = wechatpay_core::v3::verify::DEFAULT_REPLAY_WINDOW)]
    pub window: u64,
}

impl TrustArgs {
    pub fn store(&self) -> CliResult<TrustStore> {
        let store = TrustStore::new();
        for path in &self.platform_cert {
            store.add_certificate(certificate(path)?);
        }
        if let (Some(path), Some(id)) = (&self.public_key, &self.public_key_id) {
            store.add_public_key(id.clone(), public_key(path)?).context("--public-key-id")?;
        }
        if let Some(path) = &self.trust_store {
            load_trust_store(&store, path)?;
        }
        if store.is_empty() {
            return Err(CliError::usage(
                "no platform certificate or WeChat Pay public key is configured",
                "pass --platform-cert FILE, --public-key FILE --public-key-id ID, or --trust-store FILE",
            ));
        }
        Ok(store)
    }

    pub fn verifier(&self) -> CliResult<Verifier> {
        Ok(Verifier::new(self.store()?, VerifierOptions { replay_window: self.window, ..Default::default() }))
    }

    pub fn now(&self) -> CliResult<i64> {
        now(self.now.as_deref())
    }
}

/// Loads a trust store file; its `file` paths are relative to the file's folder
/// or, failing that, to its parent (the layout of the shared vectors).
fn load_trust_store(store: &TrustStore, path: &Path) -> CliResult<()> {
    let text = read_text(path)?;
    let bad =
        || CliError::usage(format!("{} is not a trust store file", path.display()), "see `wechatpay verify --help`");
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|_| bad())?;
    let base = path.parent().unwrap_or(Path::new("."));
    let resolve = |file: &str| {
        let first = base.join(file);
        if first.exists() { first } else { base.parent().unwrap_or(base).join(file) }
    };
    for entry in value.get("certificates").and_then(|v| v.as_array()).into_iter().flatten() {
        let file = entry.get("file").and_then(|v| v.as_str()).ok_or_else(bad)?;
        store.add_certificate(certificate(&resolve(file))?);
    }
    for entry in value.get("public_keys").and_then(|v| v.as_array()).into_iter().flatten() {
        let file = entry.get("file").and_then(|v| v.as_str()).ok_or_else(bad)?;
        let id = entry.get("id").and_then(|v| v.as_str()).ok_or_else(bad)?;
        store.add_public_key(id, public_key(&resolve(file))?).context("trust store public key id")?;
    }
    Ok(())
}

/// Makes every byte of a line visible: `\r`, `\t`, control bytes, and
/// trailing spaces (`␠`). A line break is written as `\n`.
pub fn visible(text: &str) -> String {
    let trimmed = text.trim_end_matches(' ');
    let trailing = text.len() - trimmed.len();
    let mut out = String::with_capacity(text.len() + 8);
    for c in trimmed.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    for _ in 0..trailing {
        out.push('␠');
    }
    out
}

/// A message shown line by line, each line ending in a visible `\n`.
pub fn visible_lines(message: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while !rest.is_empty() {
        let (line, next, newline) = match rest.find('\n') {
            Some(at) => (&rest[..at], &rest[at + 1..], true),
            None => (rest, "", false),
        };
        out.push_str(indent);
        out.push_str(&visible(line));
        if newline {
            out.push_str("\\n");
        }
        out.push('\n');
        rest = next;
    }
    out
}

/// Pretty JSON for text output (falls back to the text itself).
pub fn pretty(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}

pub fn rfc3339(t: i64) -> String {
    wechatpay_core::clock::format_rfc3339(t, 0).unwrap_or_else(|_| t.to_string())
}
