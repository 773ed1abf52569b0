//! Runs every case of every file of the shared vectors (made by independent
//! implementations) through the public API.
//!
//! The directory comes from `WECHATPAY_VECTORS` (default `../shared/vectors`
//! relative to the workspace). An unknown file, an unknown case shape or an
//! unknown `kind`/`scheme` is a failure, never a skip. Prints
//! `conformance: N passed, M failed`.

mod common;
use common::vectors_dir;

use std::path::{Path, PathBuf};

use serde_json::Value;
use wechatpay_core::keys::ApiV2Key;
use wechatpay_core::keys::{ApiV3Key, Certificate, PrivateKey, PublicKey};
use wechatpay_core::pay_params;
use wechatpay_core::v2::{self, SignType};
use wechatpay_core::v3::bill::{self, BillVerifier, HashType};
use wechatpay_core::v3::notify::CallbackParser;
use wechatpay_core::v3::sign::Signer;
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions, WechatpayHeaders};
use wechatpay_core::v3::{resource, sensitive};

type Outcome = Result<(), String>;

struct Suite {
    dir: PathBuf,
    trust: TrustStore,
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

fn s<'a>(case: &'a Value, field: &str) -> Result<&'a str, String> {
    case.get(field).and_then(Value::as_str).ok_or_else(|| format!("field `{field}` missing or not a string"))
}

fn opt_s<'a>(case: &'a Value, field: &str) -> Result<Option<&'a str>, String> {
    match case.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("field `{field}` is not a string or null")),
    }
}

fn valid(case: &Value) -> Result<bool, String> {
    case.get("valid").and_then(Value::as_bool).ok_or_else(|| "field `valid` missing".to_owned())
}

fn headers(case: &Value) -> Result<Vec<(String, String)>, String> {
    let object = case.get("headers").and_then(Value::as_object).ok_or("field `headers` missing")?;
    object
        .iter()
        .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())).ok_or_else(|| format!("header {k} not a string")))
        .collect()
}

fn unix(text: &str) -> Result<i64, String> {
    text.parse().map_err(|_| format!("`{text}` is not Unix seconds"))
}

/// `YYYY-MM-DDTHH:MM:SSZ` → Unix seconds.
fn rfc3339(text: &str) -> Result<i64, String> {
    let bad = || format!("`{text}` is not YYYY-MM-DDTHH:MM:SSZ");
    let b = text.as_bytes();
    ensure!(b.len() == 20 && b[4] == b'-' && b[10] == b'T' && b[19] == b'Z', "{}", bad());
    let num = |r: std::ops::Range<usize>| text[r].parse::<i64>().map_err(|_| bad());
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok((era * 146_097 + doe - 719_468) * 86_400 + hh * 3600 + mm * 60 + ss)
}

impl Suite {
    fn load() -> Result<Self, String> {
        let dir = vectors_dir();
        let store: Value = read_json(&dir.join("keys/trust_store.json"))?;
        let trust = TrustStore::new();
        for cert in store["certificates"].as_array().ok_or("trust_store.json: certificates")? {
            let certificate = Certificate::from_pem_file(dir.join(s(cert, "file")?)).map_err(|e| e.to_string())?;
            ensure!(certificate.serial_no() == s(cert, "serial_no")?, "trust store serial mismatch");
            trust.add_certificate(certificate);
        }
        for key in store["public_keys"].as_array().ok_or("trust_store.json: public_keys")? {
            let public = PublicKey::from_pem_file(dir.join(s(key, "file")?)).map_err(|e| e.to_string())?;
            trust.add_public_key(s(key, "id")?, public).map_err(|e| e.to_string())?;
        }
        Ok(Self { dir, trust })
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    fn private_key(&self, case: &Value, field: &str) -> Result<PrivateKey, String> {
        PrivateKey::from_pem_file(self.path(s(case, field)?)).map_err(|e| format!("{field}: {e}"))
    }

    fn public_key(&self, case: &Value, field: &str) -> Result<PublicKey, String> {
        PublicKey::from_pem_file(self.path(s(case, field)?)).map_err(|e| format!("{field}: {e}"))
    }

    fn run_case(&self, file: &str, case: &Value) -> Outcome {
        match file {
            "request_sign.json" => self.request_sign(case),
            "response_verify.json" => self.response_verify(case),
            "notification_decrypt.json" => notification_decrypt(case),
            "notification_full.json" => self.notification_full(case),
            "pay_params.json" => self.pay_params(case),
            "oaep.json" => self.oaep(case),
            "v2_sign.json" => v2_sign(case),
            "v2_refund_req_info.json" => v2_refund(case),
            "cert_info.json" => self.cert_info(case),
            "bill_hash.json" => bill_hash(case),
            other => Err(format!("unknown vector file {other}: no runner for it")),
        }
    }

    fn request_sign(&self, case: &Value) -> Outcome {
        let key = self.private_key(case, "key_file")?;
        let cert = self.public_key(case, "cert_file")?;
        let signer = Signer::new(s(case, "mchid")?, s(case, "serial_no")?, key).map_err(|e| e.to_string())?;
        let signed = signer
            .sign_with(
                s(case, "method")?,
                s(case, "url")?,
                s(case, "body")?,
                unix(s(case, "timestamp")?)?,
                s(case, "nonce_str")?,
            )
            .map_err(|e| e.to_string())?;
        let expected_sig = s(case, "signature")?;
        let raw_sig = base64_std(expected_sig);
        let verifies = raw_sig
            .as_ref()
            .is_some_and(|sig| cert.verify_sha256(s(case, "message").unwrap_or("").as_bytes(), sig).is_ok());
        if valid(case)? {
            ensure!(signed.message == s(case, "message")?, "message differs");
            ensure!(signed.signature == expected_sig, "signature differs");
            ensure!(
                signed.authorization == s(case, "authorization")?,
                "authorization differs: {}",
                signed.authorization
            );
            ensure!(verifies, "the merchant certificate does not verify the signature");
        } else {
            ensure!(signed.signature != expected_sig, "our signature equals the wrong one");
            ensure!(!verifies, "the wrong signature verifies over the message");
        }
        Ok(())
    }

    fn response_verify(&self, case: &Value) -> Outcome {
        let headers = WechatpayHeaders::from_pairs(headers(case)?).map_err(|e| e.to_string())?;
        let body = s(case, "body")?;
        ensure!(headers.message(body.as_bytes()) == s(case, "message")?.as_bytes(), "message differs");
        match (opt_s(case, "key_file")?, self.trust.get(&headers.serial)) {
            (None, None) => {}
            (Some(file), Some(_)) => {
                let expected = PublicKey::from_pem_file(self.path(file)).map_err(|e| e.to_string())?;
                let store = Verifier::new(self.trust.clone(), VerifierOptions::default());
                let found = match store.trust_store().get(&headers.serial) {
                    Some(wechatpay_core::v3::verify::TrustedKey::Certificate(c)) => c.public_key().clone(),
                    Some(wechatpay_core::v3::verify::TrustedKey::PublicKey(k)) => k.clone(),
                    _ => return Err("lookup vanished".into()),
                };
                ensure!(found.spki_der() == expected.spki_der(), "trust store gives another key than key_file");
            }
            _ => return Err("trust-store lookup disagrees with key_file".into()),
        }
        // No clock check in this file: "now" is the signed timestamp.
        let now = headers.timestamp().unwrap_or(0);
        let result =
            Verifier::new(self.trust.clone(), VerifierOptions::default()).verify_at(&headers, body.as_bytes(), now);
        match (valid(case)?, result) {
            (true, Ok(())) | (false, Err(_)) => Ok(()),
            (true, Err(e)) => Err(format!("rejected: {e}")),
            (false, Ok(())) => Err("accepted".into()),
        }
    }

    fn notification_full(&self, case: &Value) -> Outcome {
        let window = case.get("max_clock_skew_seconds").and_then(Value::as_u64).ok_or("max_clock_skew_seconds")?;
        let verifier =
            Verifier::new(self.trust.clone(), VerifierOptions { replay_window: window, ..Default::default() });
        let key = ApiV3Key::new(s(case, "apiv3_key")?).map_err(|e| e.to_string())?;
        let parser = CallbackParser::new(verifier, key);
        let pairs = headers(case)?;
        let body = s(case, "body")?;
        // The signature alone, with the key the vector names.
        let parsed = WechatpayHeaders::from_pairs(pairs.clone()).map_err(|e| e.to_string())?;
        let signature_valid = case.get("signature_valid").and_then(Value::as_bool).ok_or("signature_valid")?;
        if let Some(file) = opt_s(case, "key_file")? {
            let key = PublicKey::from_pem_file(self.path(file)).map_err(|e| e.to_string())?;
            let sig = base64_std(&parsed.signature).unwrap_or_default();
            ensure!(
                key.verify_sha256(&parsed.message(body.as_bytes()), &sig).is_ok() == signature_valid,
                "signature_valid differs"
            );
        }
        let result = parser.parse_at(pairs, body.as_bytes(), unix(s(case, "now")?)?);
        match (valid(case)?, result) {
            (true, Ok(event)) => {
                ensure!(Some(event.plaintext()) == opt_s(case, "resource_plaintext")?, "plaintext differs");
                ensure!(event.resource().ok().as_ref() == case.get("resource"), "parsed resource differs");
                Ok(())
            }
            (false, Err(_)) => Ok(()),
            (true, Err(e)) => Err(format!("rejected: {e}")),
            (false, Ok(_)) => Err("accepted".into()),
        }
    }

    fn pay_params(&self, case: &Value) -> Outcome {
        let key = self.private_key(case, "key_file")?;
        let cert = self.public_key(case, "cert_file")?;
        let (appid, prepay_id, nonce) = (s(case, "appid")?, s(case, "prepay_id")?, s(case, "nonce_str")?);
        let timestamp = unix(s(case, "timestamp")?)?;
        let expected = case.get("expected").ok_or("expected")?;
        let (ours, sign_field) = match s(case, "kind")? {
            "jsapi" => (pay_params::jsapi_with(&key, appid, prepay_id, timestamp, nonce).map(|p| json(&p)), "paySign"),
            "miniprogram" => {
                (pay_params::miniprogram_with(&key, appid, prepay_id, timestamp, nonce).map(|p| json(&p)), "paySign")
            }
            "app" => (
                pay_params::app_with(&key, appid, s(case, "mchid")?, prepay_id, timestamp, nonce).map(|p| json(&p)),
                "sign",
            ),
            other => return Err(format!("unknown pay_params kind `{other}`")),
        };
        let ours = ours.map_err(|e| e.to_string())?;
        let expected_sign = s(expected, sign_field)?;
        let verifies = base64_std(expected_sign)
            .is_some_and(|sig| cert.verify_sha256(s(case, "message").unwrap_or("").as_bytes(), &sig).is_ok());
        if valid(case)? {
            ensure!(&ours == expected, "parameters differ: {ours}");
            ensure!(verifies, "certificate does not verify the expected sign over message");
        } else {
            ensure!(ours[sign_field] != expected[sign_field], "our sign equals the wrong one");
            ensure!(!verifies, "the wrong sign verifies");
        }
        Ok(())
    }

    fn oaep(&self, case: &Value) -> Outcome {
        match s(case, "scheme")? {
            "oaep-sha1" | "oaep-sha256" | "pkcs1v15" => {}
            other => return Err(format!("unknown oaep scheme `{other}`")),
        }
        let decryptor = sensitive::SensitiveDecryptor::new(self.private_key(case, "private_key_file")?);
        let result = decryptor.decrypt(s(case, "ciphertext")?);
        if valid(case)? {
            let plaintext = s(case, "plaintext")?;
            ensure!(result.as_deref() == Ok(plaintext), "decryption gave {result:?}");
            // Our encryption, checked by round trip through the peer's key pair.
            let public_file = s(case, "public_key_file")?;
            let encryptor = match PublicKey::from_pem_file(self.path(public_file)) {
                Ok(key) => {
                    sensitive::SensitiveEncryptor::from_public_key("PUB_KEY_ID_TEST", key).map_err(|e| e.to_string())?
                }
                Err(e) => return Err(e.to_string()),
            };
            let ours = encryptor.encrypt(plaintext).map_err(|e| e.to_string())?;
            ensure!(decryptor.decrypt(&ours).as_deref() == Ok(plaintext), "round trip failed");
        } else {
            ensure!(result.is_err(), "decrypted an invalid ciphertext to {result:?}");
        }
        Ok(())
    }

    fn cert_info(&self, case: &Value) -> Outcome {
        match opt_s(case, "kind")? {
            None => {
                let cert = Certificate::from_pem_file(self.path(s(case, "file")?)).map_err(|e| e.to_string())?;
                ensure!(cert.serial_no() == s(case, "serial_no")?, "serial {}", cert.serial_no());
                ensure!(cert.serial_no() == s(case, "serial_openssl_cli")?, "openssl serial");
                ensure!(cert.not_before() == rfc3339(s(case, "not_before")?)?, "not_before");
                ensure!(cert.not_after() == rfc3339(s(case, "not_after")?)?, "not_after");
                ensure!(cert.subject() == s(case, "subject")?, "subject {}", cert.subject());
                ensure!(cert.issuer() == s(case, "issuer")?, "issuer {}", cert.issuer());
                ensure!(cert.sha256_fingerprint() == s(case, "sha256_fingerprint")?, "fingerprint");
                ensure!(cert.public_key().spki_sha256() == s(case, "spki_sha256")?, "spki_sha256");
                let reference = rfc3339(s(case, "reference_time")?)?;
                let expired = case["expired_at_reference"].as_bool().ok_or("expired_at_reference")?;
                let not_yet = case["not_yet_valid_at_reference"].as_bool().ok_or("not_yet_valid_at_reference")?;
                ensure!(cert.is_valid_at(reference) == (!expired && !not_yet), "validity at reference");
                if let Some(file) = opt_s(case, "private_key_file")? {
                    let key = PrivateKey::from_pem_file(self.path(file)).map_err(|e| e.to_string())?;
                    ensure!(key.matches(cert.public_key()), "private key does not match");
                }
            }
            Some("public_key") => {
                let key = PublicKey::from_pem_file(self.path(s(case, "file")?)).map_err(|e| e.to_string())?;
                ensure!(key.spki_sha256() == s(case, "spki_sha256")?, "spki_sha256");
                let private = self.private_key(case, "private_key_file")?;
                ensure!(private.matches(&key), "private key does not match");
                ensure!(self.trust.get(s(case, "pub_key_id")?).is_some(), "pub_key_id not in trust store");
            }
            Some("pkcs12") => {
                let bytes = std::fs::read(self.path(s(case, "file")?)).map_err(|e| e.to_string())?;
                let (key, cert) = PrivateKey::from_pkcs12(&bytes, s(case, "password")?).map_err(|e| e.to_string())?;
                ensure!(cert.serial_no() == s(case, "cert_serial_no")?, "p12 certificate serial");
                let file_key = self.private_key(case, "matches_key_file")?;
                ensure!(
                    key.sign_sha256(b"p12").ok() == file_key.sign_sha256(b"p12").ok(),
                    "p12 key differs from key file"
                );
                let file_cert =
                    Certificate::from_pem_file(self.path(s(case, "matches_cert_file")?)).map_err(|e| e.to_string())?;
                ensure!(cert == file_cert, "p12 certificate differs from cert file");
                let wrong = PrivateKey::from_pkcs12(&bytes, "not-the-password");
                ensure!(wrong.is_err_and(|e| e.kind().as_str() == "PKCS12"), "a wrong password must be a PKCS12 error");
            }
            Some(other) => return Err(format!("unknown cert_info kind `{other}`")),
        }
        Ok(())
    }
}

fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn base64_std(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

fn notification_decrypt(case: &Value) -> Outcome {
    let result = ApiV3Key::new(s(case, "apiv3_key")?).and_then(|key| {
        resource::decrypt(
            &key,
            s(case, "nonce").unwrap_or(""),
            s(case, "associated_data").unwrap_or(""),
            s(case, "ciphertext").unwrap_or(""),
        )
    });
    if valid(case)? {
        ensure!(result.as_deref().ok() == opt_s(case, "plaintext")?, "decryption gave {result:?}");
    } else {
        ensure!(result.is_err(), "decrypted an invalid case");
    }
    Ok(())
}

fn v2_sign(case: &Value) -> Outcome {
    let params_json = serde_json::to_string(case.get("params").ok_or("params")?).map_err(|e| e.to_string())?;
    let params = v2::Params::from_json(&params_json).map_err(|e| e.to_string())?;
    let key = ApiV2Key::new(s(case, "key")?).map_err(|e| e.to_string())?;
    let sign_type = SignType::parse(s(case, "sign_type")?).map_err(|e| e.to_string())?;
    ensure!(v2::sign::string_to_sign(&params, &key) == s(case, "string_to_sign")?, "string_to_sign differs");
    ensure!(v2::sign::sign(&params, &key, sign_type) == s(case, "expected_sign")?, "sign differs");
    if params.get("sign").is_some() {
        let verdict = v2::sign::verify(&params, &key, sign_type);
        ensure!(verdict.is_ok() == valid(case)?, "verify gave {verdict:?}");
    } else {
        ensure!(valid(case)?, "a case without `sign` must be valid");
    }
    Ok(())
}

fn v2_refund(case: &Value) -> Outcome {
    use md5::Digest;
    let key_text = s(case, "apiv2_key")?;
    let derived: String = md5::Md5::digest(key_text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    ensure!(derived == s(case, "aes_key")?, "aes_key is not md5(apiv2_key)");
    let key = ApiV2Key::new(key_text).map_err(|e| e.to_string())?;
    let result = v2::refund::decrypt_req_info(s(case, "req_info")?, &key);
    if valid(case)? {
        ensure!(result.as_deref().ok() == opt_s(case, "expected_xml")?, "decryption gave {result:?}");
        let fields = v2::refund::decrypt_req_info_params(s(case, "req_info")?, &key).map_err(|e| e.to_string())?;
        ensure!(!fields.is_empty(), "decrypted XML has no fields");
    } else {
        ensure!(result.is_err(), "decrypted an invalid req_info");
    }
    Ok(())
}

fn bill_hash(case: &Value) -> Outcome {
    let hash_type = HashType::parse(s(case, "hash_type")?).map_err(|e| e.to_string())?;
    let gzip = base64_std(s(case, "bill_gzip")?).ok_or("bill_gzip is not base64")?;
    let text = s(case, "bill_text")?;
    // Plain digests of the text are facts independent of validity.
    bill::verify_bill(text.as_bytes(), HashType::Sha1, s(case, "sha1")?, false).map_err(|e| format!("sha1: {e}"))?;
    bill::verify_bill(text.as_bytes(), HashType::Sha256, s(case, "sha256")?, false)
        .map_err(|e| format!("sha256: {e}"))?;
    bill::verify_bill(&gzip, HashType::Sha1, s(case, "gzip_sha1")?, false).map_err(|e| format!("gzip_sha1: {e}"))?;
    let verifier = BillVerifier::new(hash_type, s(case, "hash_value")?, true).map_err(|e| e.to_string())?;
    let streamed = gzip.chunks(1000).try_for_each(|chunk| verifier.update(chunk)).and_then(|()| verifier.finish());
    ensure!(streamed.is_ok() == valid(case)?, "streamed verification gave {streamed:?}");
    if let Some(parsed) = case.get("parsed") {
        let ours = bill::parse_bill(text).map_err(|e| e.to_string())?;
        ensure!(&json(&ours) == parsed, "parsed bill differs");
    }
    Ok(())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Fields each file's cases may have; anything else is an unknown case shape.
fn known_fields(file: &str) -> Option<&'static [&'static str]> {
    const COMMON: [&str; 5] = ["name", "valid", "reason", "note", "peer_results"];
    let specific: &'static [&'static str] = match file {
        "request_sign.json" => &[
            "mchid",
            "serial_no",
            "key_file",
            "cert_file",
            "method",
            "url",
            "timestamp",
            "nonce_str",
            "body",
            "message",
            "signature",
            "authorization",
        ],
        "response_verify.json" => &["headers", "body", "message", "key_file"],
        "notification_decrypt.json" => &["apiv3_key", "nonce", "associated_data", "ciphertext", "plaintext"],
        "notification_full.json" => &[
            "now",
            "max_clock_skew_seconds",
            "headers",
            "body",
            "key_file",
            "apiv3_key",
            "signature_valid",
            "resource_plaintext",
            "resource",
        ],
        "pay_params.json" => &[
            "kind",
            "appid",
            "mchid",
            "prepay_id",
            "timestamp",
            "nonce_str",
            "key_file",
            "cert_file",
            "message",
            "expected",
        ],
        "oaep.json" => &["public_key_file", "private_key_file", "produced_by", "scheme", "ciphertext", "plaintext"],
        "v2_sign.json" => &["params", "key", "sign_type", "string_to_sign", "expected_sign", "source"],
        "v2_refund_req_info.json" => &["apiv2_key", "aes_key", "req_info", "expected_xml"],
        "cert_info.json" => &[
            "file",
            "serial_no",
            "serial_openssl_cli",
            "serial_node_x509",
            "serial_python_hex",
            "serial_der_content_hex",
            "serial_decimal",
            "not_before",
            "not_after",
            "reference_time",
            "expired_at_reference",
            "not_yet_valid_at_reference",
            "subject",
            "issuer",
            "sha256_fingerprint",
            "spki_sha256",
            "private_key_file",
            "kind",
            "pub_key_id",
            "password",
            "legacy_pbe",
            "encryption",
            "mac",
            "cert_serial_no",
            "matches_key_file",
            "matches_cert_file",
            "friendly_name",
        ],
        "bill_hash.json" => {
            &["bill_text", "bill_gzip", "hash_type", "hash_value", "sha1", "sha256", "gzip_sha1", "parsed"]
        }
        _ => return None,
    };
    let all: Vec<&'static str> = COMMON.iter().chain(specific).copied().collect();
    Some(Box::leak(all.into_boxed_slice()))
}

#[test]
fn conformance() {
    let suite = Suite::load().unwrap_or_else(|e| panic!("cannot load the vectors at {}: {e}", vectors_dir().display()));
    let manifest = read_json(&suite.dir.join("manifest.json")).ok();
    let mut files: Vec<String> = std::fs::read_dir(&suite.dir)
        .expect("vectors directory")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") && name != "manifest.json")
        .collect();
    files.sort();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut report = |file: &str, name: &str, outcome: Outcome| match outcome {
        Ok(()) => passed += 1,
        Err(why) => {
            failed += 1;
            println!("FAIL {file} {name}: {why}");
        }
    };
    for file in &files {
        let Some(fields) = known_fields(file) else {
            report(file, "*", Err("unknown vector file".into()));
            continue;
        };
        let cases = match read_json(&suite.dir.join(file)) {
            Ok(Value::Array(cases)) => cases,
            _ => {
                report(file, "*", Err("not a JSON array".into()));
                continue;
            }
        };
        let announced = manifest.as_ref().and_then(|m| m["files"][file.as_str()]["cases"].as_u64());
        if let Some(expected) = announced
            && expected != cases.len() as u64
        {
            report(file, "*", Err(format!("manifest says {expected} cases, file has {}", cases.len())));
        }
        for case in &cases {
            let name = case.get("name").and_then(Value::as_str).unwrap_or("<unnamed>").to_owned();
            let unknown: Vec<&String> = case
                .as_object()
                .map(|o| o.keys().filter(|k| !fields.contains(&k.as_str())).collect())
                .unwrap_or_default();
            let outcome = if !unknown.is_empty() {
                Err(format!("unknown case fields {unknown:?}"))
            } else if name.starts_with("neg_") == valid(case).unwrap_or(true) {
                Err("name prefix `neg_` disagrees with `valid`".into())
            } else {
                suite.run_case(file, case)
            };
            report(file, &name, outcome);
        }
    }
    println!("conformance: {passed} passed, {failed} failed");
    assert!(passed > 0, "no vectors found in {}", suite.dir.display());
    assert_eq!(failed, 0, "{failed} vector cases failed");
}
