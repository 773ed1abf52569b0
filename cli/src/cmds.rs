//! The commands that are one core call each, and their presentation.

use std::path::Path;

use serde_json::{Value, json};
use wechatpay_core::api_error;
use wechatpay_core::keys::{Certificate, PrivateKey, PublicKey};
use wechatpay_core::pay_params::{self, OAuthScope};
use wechatpay_core::v2::{self, Params, SignType};
use wechatpay_core::v3::bill::{self, HashType};
use wechatpay_core::v3::notify::{Acknowledgement, CallbackParser};
use wechatpay_core::v3::resource;
use wechatpay_core::v3::sensitive::{SensitiveDecryptor, SensitiveEncryptor};
use wechatpay_core::v3::sign::{SignedRequest, Signer};
use wechatpay_core::v3::verify::WechatpayHeaders;
use wechatpay_core::{ErrorKind, clock, nonce};

use crate::util::{self, CliError, CliResult, Context, EXIT_OK, inline_or_file, rfc3339, visible_lines};
use crate::{
    AppArgs, BillVerifyArgs, CertArgs, DecryptArgs, ErrorsArgs, H5Args, JsapiArgs, MessageInput, NotifyArgs,
    OaepDecryptArgs, OaepEncryptArgs, OauthArgs, Scope, SignArgs, V2RefundArgs, V2SignArgs, V2SignType, V2XmlArgs,
    VerifyArgs,
};

fn print_json(value: &Value) {
    println!("{value}");
}

/// The request to sign: from --request FILE, overridden by flags.
pub struct Request {
    pub method: String,
    pub url: String,
    pub body: String,
}

pub fn request_of(args: &SignArgs) -> CliResult<Request> {
    let mut method = None;
    let mut url = None;
    let mut body = None;
    if let Some(path) = &args.request {
        let text = util::read_text(path)?;
        let value: Value = serde_json::from_str(&text).map_err(|_| {
            CliError::usage(format!("{} is not JSON", path.display()), "write {\"method\":…,\"url\":…,\"body\":…}")
        })?;
        method = value.get("method").and_then(Value::as_str).map(str::to_owned);
        url = value.get("url").and_then(Value::as_str).map(str::to_owned);
        body = value.get("body").and_then(Value::as_str).map(str::to_owned);
    }
    if let Some(m) = &args.method {
        method = Some(m.clone());
    }
    if let Some(u) = &args.url {
        url = Some(u.clone());
    }
    if let Some(b) = &args.body {
        body = Some(inline_or_file(b)?);
    }
    Ok(Request {
        method: util::require(method, "method", "pass --method POST (or a --request file)")?,
        url: util::require(url, "url", "pass --url /v3/... (path and query as sent)")?,
        body: body.unwrap_or_default(),
    })
}

pub fn signer_of(args: &SignArgs) -> CliResult<Signer> {
    let mchid = util::require(args.mchid.clone(), "merchant id", "pass --mchid or set WECHATPAY_MCHID")?;
    let key_path = util::require(
        args.key.as_ref(),
        "merchant private key",
        "pass --key apiclient_key.pem or set WECHATPAY_KEY_FILE",
    )?;
    let key = util::private_key(key_path)?;
    match (&args.serial, &args.cert) {
        (Some(serial), _) => Signer::new(mchid, serial.clone(), key).context("signer"),
        (None, Some(cert)) => Signer::from_certificate(mchid, key, &util::certificate(cert)?).context("signer"),
        (None, None) => Err(CliError::usage(
            "the merchant certificate serial is required",
            "pass --serial SERIAL or --cert apiclient_cert.pem (or set WECHATPAY_SERIAL / WECHATPAY_CERT_FILE)",
        )),
    }
}

pub fn sign_request(
    signer: &Signer,
    request: &Request,
    timestamp: Option<i64>,
    nonce: Option<&str>,
) -> CliResult<SignedRequest> {
    let timestamp = timestamp.unwrap_or_else(clock::now);
    let signed = match nonce {
        Some(nonce) => signer.sign_with(&request.method, &request.url, &request.body, timestamp, nonce),
        None => signer.sign_at(&request.method, &request.url, &request.body, timestamp),
    };
    signed.context("signing")
}

pub fn sign(args: &SignArgs, json: bool, header_only: bool) -> CliResult<u8> {
    let request = request_of(args)?;
    let signer = signer_of(args)?;
    let signed = sign_request(&signer, &request, args.timestamp, args.nonce.as_deref())?;
    if header_only {
        if json {
            print_json(&json!({ "authorization": signed.authorization }));
        } else {
            println!("{}", signed.authorization);
        }
    } else if json {
        println!("{}", signed.to_json());
    } else {
        println!("message (signed bytes, line by line):");
        print!("{}", visible_lines(&signed.message, "  "));
        println!("signature: {}", signed.signature);
        println!("Authorization: {}", signed.authorization);
    }
    Ok(EXIT_OK)
}

pub fn message_of(input: &MessageInput) -> CliResult<util::Message> {
    if let Some(path) = &input.http {
        return util::http_message(path);
    }
    let headers = util::require(input.headers.as_ref(), "headers", "pass --headers FILE --body FILE, or --http FILE")?;
    let body = util::require(input.body.as_ref(), "body", "pass --body FILE (the raw bytes as received)")?;
    Ok((util::headers_file(headers)?, util::read_bytes(body)?))
}

pub fn verify(args: &VerifyArgs, json: bool) -> CliResult<u8> {
    let (pairs, body) = message_of(&args.input)?;
    let headers = WechatpayHeaders::from_pairs(&pairs).context("headers")?;
    let verifier = args.trust.verifier()?;
    let now = args.trust.now()?;
    verifier.verify_at(&headers, &body, now).context("verification")?;
    let skew = headers.timestamp().map(|t| now - t).unwrap_or(0);
    if json {
        print_json(&json!({
            "verified": true,
            "serial": headers.serial,
            "timestamp": headers.timestamp,
            "nonce": headers.nonce,
            "skew_seconds": skew,
            "request_id": headers.request_id,
        }));
    } else {
        println!("verified: signed by {} at {} ({skew} s before now)", headers.serial, headers.timestamp);
        if let Some(id) = &headers.request_id {
            println!("Request-ID: {id}");
        }
    }
    Ok(EXIT_OK)
}

pub fn notify(args: &NotifyArgs, json: bool) -> CliResult<u8> {
    let (pairs, body) = message_of(&args.input)?;
    let (key, _) = util::require_apiv3_key(args.apiv3_key.as_deref())?;
    let parser = CallbackParser::new(args.trust.verifier()?, key);
    let event = parser.parse_at(&pairs, &body, args.trust.now()?).context("callback")?;
    let ack = Acknowledgement::success();
    if json {
        println!("{}", event.to_json());
    } else {
        println!("callback verified and decrypted");
        println!("id: {}", event.id);
        println!("event_type: {} ({})", event.event_type, event.summary);
        println!("create_time: {}", event.create_time);
        println!("original_type: {}", event.original_type);
        println!("resource:");
        println!("{}", util::pretty(event.plaintext()));
        println!("answer WeChat Pay: HTTP {} {}", ack.status, ack.body);
    }
    Ok(EXIT_OK)
}

pub fn decrypt(args: &DecryptArgs, json: bool) -> CliResult<u8> {
    let (key, _) = util::require_apiv3_key(args.apiv3_key.as_deref())?;
    let (ciphertext, nonce, associated_data) = match (&args.resource, &args.ciphertext, &args.nonce) {
        (Some(resource), _, _) => {
            let text = inline_or_file(resource)?;
            let value: Value = serde_json::from_str(&text).map_err(|_| {
                CliError::usage("--resource is not JSON", "pass the resource object or the callback body")
            })?;
            let object = value.get("resource").unwrap_or(&value);
            let field = |name: &str| object.get(name).and_then(Value::as_str).map(str::to_owned);
            (
                util::require(field("ciphertext"), "resource.ciphertext", "pass the resource object")?,
                util::require(field("nonce"), "resource.nonce", "pass the resource object")?,
                field("associated_data").unwrap_or_default(),
            )
        }
        (None, Some(ciphertext), Some(nonce)) => {
            (inline_or_file(ciphertext)?, nonce.clone(), args.associated_data.clone())
        }
        _ => {
            return Err(CliError::usage(
                "nothing to decrypt",
                "pass --resource @resource.json, or --ciphertext B64 --nonce N [--associated-data AD]",
            ));
        }
    };
    let plaintext = resource::decrypt(&key, &nonce, &associated_data, ciphertext.trim()).context("resource")?;
    if json {
        print_json(&json!({ "plaintext": plaintext }));
    } else {
        println!("{plaintext}");
    }
    Ok(EXIT_OK)
}

fn timestamp_nonce(args: &JsapiArgs) -> CliResult<(i64, String)> {
    let timestamp = args.timestamp.unwrap_or_else(clock::now);
    let nonce = match &args.nonce {
        Some(n) => n.clone(),
        None => nonce::generate().context("nonce")?,
    };
    Ok((timestamp, nonce))
}

pub fn jsapi(args: &JsapiArgs, miniprogram: bool) -> CliResult<u8> {
    let key = util::private_key(&args.key)?;
    let (timestamp, nonce) = timestamp_nonce(args)?;
    let params = if miniprogram {
        pay_params::miniprogram_with(&key, &args.appid, &args.prepay_id, timestamp, &nonce)
    } else {
        pay_params::jsapi_with(&key, &args.appid, &args.prepay_id, timestamp, &nonce)
    }
    .context("payment parameters")?;
    println!("{}", params.to_json());
    Ok(EXIT_OK)
}

pub fn app(args: &AppArgs) -> CliResult<u8> {
    let key = util::private_key(&args.jsapi.key)?;
    let (timestamp, nonce) = timestamp_nonce(&args.jsapi)?;
    let params = pay_params::app_with(&key, &args.jsapi.appid, &args.mchid, &args.jsapi.prepay_id, timestamp, &nonce)
        .context("payment parameters")?;
    println!("{}", params.to_json());
    Ok(EXIT_OK)
}

pub fn h5_url(args: &H5Args, json: bool) -> CliResult<u8> {
    let url = pay_params::h5_redirect_url(&args.h5_url, &args.redirect_url).context("H5 URL")?;
    if json {
        print_json(&json!({ "url": url }));
    } else {
        println!("{url}");
    }
    Ok(EXIT_OK)
}

pub fn oauth_url(args: &OauthArgs, json: bool) -> CliResult<u8> {
    let scope = match args.scope {
        Scope::Base => OAuthScope::Base,
        Scope::Userinfo => OAuthScope::UserInfo,
    };
    let url = pay_params::oauth2_authorize_url(&args.appid, &args.redirect_uri, scope, args.state.as_deref())
        .context("OAuth URL")?;
    if json {
        print_json(&json!({ "url": url }));
    } else {
        println!("{url}");
    }
    Ok(EXIT_OK)
}

pub fn oaep_encrypt(args: &OaepEncryptArgs, json: bool) -> CliResult<u8> {
    let plaintext = inline_or_file(&args.plaintext)?;
    let encryptor = match (&args.platform_cert, &args.public_key, &args.public_key_id) {
        (Some(cert), _, _) => SensitiveEncryptor::from_certificate(&util::certificate(cert)?),
        (None, Some(key), Some(id)) => {
            SensitiveEncryptor::from_public_key(id.clone(), util::public_key(key)?).context("--public-key-id")?
        }
        _ => {
            return Err(CliError::usage(
                "no key to encrypt for",
                "pass --platform-cert FILE or --public-key FILE --public-key-id ID",
            ));
        }
    };
    let ciphertext = encryptor.encrypt(&plaintext).context("OAEP encryption")?;
    if json {
        print_json(&json!({ "ciphertext": ciphertext, "wechatpay_serial": encryptor.serial() }));
    } else {
        println!("{ciphertext}");
        eprintln!("send with header Wechatpay-Serial: {}", encryptor.serial());
    }
    Ok(EXIT_OK)
}

pub fn oaep_decrypt(args: &OaepDecryptArgs, json: bool) -> CliResult<u8> {
    let ciphertext = inline_or_file(&args.ciphertext)?;
    let decryptor = SensitiveDecryptor::new(util::private_key(&args.key)?);
    let plaintext = decryptor.decrypt(ciphertext.trim()).context("OAEP decryption")?;
    if json {
        print_json(&json!({ "plaintext": plaintext }));
    } else {
        println!("{plaintext}");
    }
    Ok(EXIT_OK)
}

fn cert_json(cert: &Certificate, now: i64) -> Value {
    json!({
        "kind": "certificate",
        "serial_no": cert.serial_no(),
        "subject": cert.subject(),
        "issuer": cert.issuer(),
        "not_before": rfc3339(cert.not_before()),
        "not_after": rfc3339(cert.not_after()),
        "valid_now": cert.is_valid_at(now),
        "sha256_fingerprint": cert.sha256_fingerprint(),
        "spki_sha256": cert.public_key().spki_sha256(),
        "key_bits": cert.public_key().modulus_len() * 8,
    })
}

fn print_fields(value: &Value) {
    if let Some(object) = value.as_object() {
        for (name, field) in object {
            match field {
                Value::String(s) => println!("{name}: {s}"),
                other => println!("{name}: {other}"),
            }
        }
    }
}

pub fn cert(args: &CertArgs, json: bool) -> CliResult<u8> {
    let file = util::require(args.file.as_ref(), "file", "pass a certificate, key or .p12 file")?;
    let bytes = util::read_bytes(file)?;
    let now = util::now(args.now.as_deref())?;
    let trimmed = bytes.trim_ascii_start();
    let what = file.display().to_string();
    let mut extracted: Option<(PrivateKey, Certificate)> = None;
    let info = if trimmed.starts_with(b"-----BEGIN CERTIFICATE") {
        cert_json(&Certificate::from_pem(&bytes).context(what)?, now)
    } else if trimmed.starts_with(b"-----BEGIN PUBLIC KEY") || trimmed.starts_with(b"-----BEGIN RSA PUBLIC KEY") {
        let key = PublicKey::from_pem(&bytes).context(what)?;
        json!({"kind": "public_key", "spki_sha256": key.spki_sha256(), "key_bits": key.modulus_len() * 8})
    } else if trimmed.starts_with(b"-----BEGIN") {
        let key = PrivateKey::from_pem(&bytes).context(what)?;
        let public = key.public_key().context("public half")?;
        json!({"kind": "private_key", "spki_sha256": public.spki_sha256(), "key_bits": key.modulus_len() * 8})
    } else if let Ok(cert) = Certificate::from_der(&bytes) {
        cert_json(&cert, now)
    } else {
        let password = match util::secret(args.password.as_deref(), "WECHATPAY_P12_PASSWORD", ".p12 password")? {
            Some(password) => password,
            None => util::require(
                args.mchid.clone(),
                ".p12 password",
                "pass --password @FILE, set WECHATPAY_P12_PASSWORD, or --mchid (the default password)",
            )?,
        };
        let (key, cert) = PrivateKey::from_pkcs12(&bytes, &password).context(what)?;
        let mut info = cert_json(&cert, now);
        info["kind"] = "pkcs12".into();
        info["key_matches_certificate"] = key.matches(cert.public_key()).into();
        extracted = Some((key, cert));
        info
    };
    if let Some(dir) = &args.extract {
        let Some((key, cert)) = &extracted else {
            return Err(CliError::usage("--extract needs a .p12 file", "pass apiclient_cert.p12"));
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::io(format!("cannot create {}: {}", dir.display(), e.kind()), "check the path"))?;
        let key_path = dir.join("apiclient_key.pem");
        let cert_path = dir.join("apiclient_cert.pem");
        util::write_file(&key_path, key.to_pkcs8_pem().as_bytes(), true, args.force)?;
        util::write_file(&cert_path, cert.to_pem().as_bytes(), false, args.force)?;
        if !json {
            eprintln!("wrote {} (mode 600) and {}", key_path.display(), cert_path.display());
        }
    }
    if json {
        print_json(&info);
    } else {
        print_fields(&info);
    }
    Ok(EXIT_OK)
}

fn params_file(path: &Path) -> CliResult<Params> {
    let bytes = util::read_bytes(path)?;
    if bytes.trim_ascii_start().starts_with(b"<") {
        v2::xml::decode(&bytes).context("APIv2 XML")
    } else {
        let text =
            String::from_utf8(bytes).map_err(|_| CliError::usage("the parameters are not UTF-8", "pass UTF-8"))?;
        Params::from_json(&text).context("APIv2 parameters")
    }
}

fn sign_type(t: Option<V2SignType>) -> SignType {
    match t {
        Some(V2SignType::HmacSha256) => SignType::HmacSha256,
        _ => SignType::Md5,
    }
}

/// The string to sign with the key itself replaced by `[redacted]`.
fn redacted_string_to_sign(params: &Params, key: &wechatpay_core::keys::ApiV2Key, raw: &str) -> String {
    let full = v2::sign::string_to_sign(params, key);
    match full.strip_suffix(raw) {
        Some(head) => format!("{head}[redacted]"),
        None => String::from("[redacted]"),
    }
}

pub fn v2_sign(args: &V2SignArgs, json: bool) -> CliResult<u8> {
    let params = params_file(&args.params)?;
    let (key, raw) = util::require_apiv2_key(args.apiv2_key.as_deref())?;
    let sign_type = sign_type(args.sign_type);
    let sign = v2::sign::sign(&params, &key, sign_type);
    let string_to_sign = redacted_string_to_sign(&params, &key, &raw);
    if json {
        print_json(&json!({ "sign": sign, "sign_type": sign_type.as_str(), "string_to_sign": string_to_sign }));
    } else {
        println!("{sign}");
        eprintln!("{} over: {}", sign_type.as_str(), string_to_sign);
    }
    Ok(EXIT_OK)
}

pub fn v2_verify(args: &V2SignArgs, json: bool) -> CliResult<u8> {
    let params = params_file(&args.params)?;
    let (key, _) = util::require_apiv2_key(args.apiv2_key.as_deref())?;
    let sign_type = match args.sign_type {
        Some(t) => {
            let t = sign_type(Some(t));
            v2::sign::verify(&params, &key, t).context("APIv2 sign")?;
            t
        }
        None => v2::sign::verify_as_signed(&params, &key).context("APIv2 sign")?,
    };
    if json {
        print_json(&json!({ "verified": true, "sign_type": sign_type.as_str() }));
    } else {
        println!("verified: {} sign matches", sign_type.as_str());
    }
    Ok(EXIT_OK)
}

pub fn v2_xml(args: &V2XmlArgs) -> CliResult<u8> {
    let bytes = util::read_bytes(&args.file)?;
    if bytes.trim_ascii_start().starts_with(b"<") {
        println!("{}", v2::xml::decode(&bytes).context("APIv2 XML")?.to_json());
    } else {
        let text = String::from_utf8(bytes).map_err(|_| CliError::usage("the JSON is not UTF-8", "pass UTF-8"))?;
        let params = Params::from_json(&text).context("APIv2 parameters")?;
        println!("{}", v2::xml::encode(&params).context("APIv2 XML")?);
    }
    Ok(EXIT_OK)
}

pub fn v2_refund_info(args: &V2RefundArgs, json: bool) -> CliResult<u8> {
    let req_info = inline_or_file(&args.req_info)?;
    let (key, _) = util::require_apiv2_key(args.apiv2_key.as_deref())?;
    let xml = v2::refund::decrypt_req_info(req_info.trim(), &key).context("req_info")?;
    if json {
        let params = v2::xml::decode(xml.as_bytes()).context("req_info XML")?;
        println!("{}", params.to_json());
    } else {
        println!("{xml}");
    }
    Ok(EXIT_OK)
}

pub fn bill_verify(args: &BillVerifyArgs, json: bool) -> CliResult<u8> {
    let bytes = util::read_bytes(&args.file)?;
    let hash_type = HashType::parse(&args.hash_type).context("--hash-type")?;
    bill::verify_bill(&bytes, hash_type, args.hash_value.trim(), args.gzip).context("bill")?;
    let parsed = if args.parse {
        let text = if args.gzip { bill::gunzip(&bytes, bill::DEFAULT_MAX_BILL_LEN).context("bill")? } else { bytes };
        let text = String::from_utf8(text)
            .map_err(|_| CliError::usage("the bill is not UTF-8", "pass the bill as downloaded"))?;
        Some(bill::parse_bill(&text).context("bill")?)
    } else {
        None
    };
    if json {
        let mut out = json!({ "verified": true, "hash_type": hash_type.as_str() });
        if let Some(bill) = &parsed {
            out["bill"] = serde_json::from_str(&bill.to_json()).unwrap_or(Value::Null);
        }
        print_json(&out);
    } else {
        println!("verified: {} of the bill matches hash_value", hash_type.as_str());
        if let Some(bill) = &parsed {
            println!("{} rows", bill.rows.len());
            println!("{}", util::pretty(&bill.to_json()));
        }
    }
    Ok(EXIT_OK)
}

fn code_json(info: &api_error::CodeInfo) -> Value {
    serde_json::from_str(&info.to_json()).unwrap_or(Value::Null)
}

pub fn errors(args: &ErrorsArgs, json: bool) -> CliResult<u8> {
    if args.kinds {
        let kinds: Vec<Value> = ErrorKind::ALL
            .iter()
            .map(|k| {
                json!({
                    "kind": k.as_str(), "code": k.code(), "category": k.category().as_str(),
                    "exit_code": util::exit_code_for(*k), "description": k.description(), "hint": util::hint(*k),
                })
            })
            .collect();
        if json {
            print_json(&Value::Array(kinds));
        } else {
            println!("| kind | code | category | exit | meaning |");
            println!("| --- | --- | --- | --- | --- |");
            for k in ErrorKind::ALL {
                println!(
                    "| `{}` | {} | {} | {} | {} |",
                    k.as_str(),
                    k.code(),
                    k.category().as_str(),
                    util::exit_code_for(*k),
                    k.description()
                );
            }
        }
        return Ok(EXIT_OK);
    }
    match &args.code {
        Some(code) => {
            let info = api_error::lookup(code).ok_or_else(|| {
                CliError::usage(
                    format!("`{code}` is not in the catalogue"),
                    "`wechatpay errors` lists every known code",
                )
            })?;
            if json {
                print_json(&code_json(info));
            } else {
                println!("{}", info.code);
                if let Some(status) = info.status {
                    println!("HTTP status: {status}");
                } else {
                    println!("HTTP status: none (APIv2, inside a 200 XML answer)");
                }
                println!("meaning: {}", info.meaning);
                println!(
                    "safe to resend: {}",
                    if info.safe_to_resend { "yes (same request, after a pause)" } else { "no" }
                );
                println!("action: {}", info.action);
            }
        }
        None => {
            if json {
                print_json(&Value::Array(api_error::catalogue().iter().map(code_json).collect()));
            } else {
                println!("{:<28} {:>6}  {:<7} meaning", "code", "status", "resend");
                for info in api_error::catalogue() {
                    let status = info.status.map(|s| s.to_string()).unwrap_or_else(|| "v2".into());
                    println!(
                        "{:<28} {:>6}  {:<7} {}",
                        info.code,
                        status,
                        if info.safe_to_resend { "yes" } else { "no" },
                        info.meaning
                    );
                }
                println!("\n`wechatpay errors CODE` says what to do.");
            }
        }
    }
    Ok(EXIT_OK)
}

fn client_error(error: wechatpay_client::ClientError) -> CliError {
    use wechatpay_client::ClientError;
    match error {
        ClientError::Core(error) => CliError::Core { context: "certificate download".into(), error },
        ClientError::Api { error, .. } => {
            let hint = match error.code.as_str() {
                "SIGN_ERROR" => "save the answer and run `wechatpay explain sign-error`".to_owned(),
                _ => format!("`wechatpay errors {}` says what it means", error.code),
            };
            CliError::network(format!("WeChat Pay answered {error}"), hint)
        }
        ClientError::InvalidArgument(message) => CliError::usage(message, "check --url"),
        other => CliError::network(other.to_string(), "check --url and the network"),
    }
}

pub fn cert_download(args: &crate::CertDownloadArgs, json: bool) -> CliResult<u8> {
    let identity = SignArgs {
        mchid: args.mchid.clone(),
        key: args.key.clone(),
        serial: args.serial.clone(),
        cert: args.cert.clone(),
        method: None,
        url: None,
        body: None,
        request: None,
        timestamp: None,
        nonce: None,
    };
    let signer = signer_of(&identity)?;
    let (key, _) = util::require_apiv3_key(args.apiv3_key.as_deref())?;
    let config = wechatpay_client::ClientConfig::new(signer, wechatpay_core::v3::verify::TrustStore::new(), key)
        .base_url(args.url.clone());
    let certificates = wechatpay_client::Client::new(config).download_certificates().map_err(client_error)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| CliError::io(format!("cannot create {}: {}", args.out.display(), e.kind()), "check the path"))?;
    let now = clock::now();
    let mut listed = Vec::new();
    for cert in &certificates {
        let path = args.out.join(format!("wechatpay_{}.pem", cert.serial_no()));
        util::write_file(&path, cert.to_pem().as_bytes(), false, args.force)?;
        let mut info = cert_json(cert, now);
        info["file"] = path.display().to_string().into();
        if !json {
            println!(
                "{} valid {} .. {} -> {}",
                cert.serial_no(),
                rfc3339(cert.not_before()),
                rfc3339(cert.not_after()),
                path.display()
            );
        }
        listed.push(info);
    }
    if json {
        print_json(&Value::Array(listed));
    }
    Ok(EXIT_OK)
}
