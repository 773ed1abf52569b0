//! Property tests: random and hostile arguments to every public function of
//! the core give a result or one of the core's own errors, never a panic.
//!
//! Every call goes through [`guard`], which runs it under `catch_unwind` and
//! turns a panic into a proptest failure naming the function and printing the
//! input. Every error that comes back is formatted with `Display` and `Debug`
//! and its kind must be one of [`ErrorKind::ALL`]. Where a call has a
//! property stronger than "does not panic" (round trips, "a forged message is
//! never accepted", "only this kind of error"), it is asserted too.
//!
//! Inputs: random bytes and strings (control characters, unicode, empty),
//! extreme integers (`i64::MIN`, `i64::MAX`, `u64::MAX`), PEM armour around
//! random bytes with every label, truncated and bit-flipped real keys and
//! certificates, and mutated cases of the shared vectors (`WECHATPAY_VECTORS`).
//!
//! RSA private-key operations are slow in a debug build, so the properties
//! that sign or decrypt run fewer cases than the others. `PROPTEST_CASES`
//! overrides every case count (for a longer run). Failures are not persisted
//! to files: proptest prints the minimal failing input instead.

mod common;
use common::vectors_dir;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};
use sha1::Digest as _;
use wechatpay_core::api_error::{self, ApiError};
use wechatpay_core::keys::ApiV2Key;
use wechatpay_core::keys::{ApiV3Key, Certificate, PrivateKey, PublicKey};
use wechatpay_core::pay_params::{self, OAuthScope};
use wechatpay_core::v2::{self, Params, SignType};
use wechatpay_core::v3::bill::{self, BillVerifier, HashType};
use wechatpay_core::v3::media::{self, MediaUpload};
use wechatpay_core::v3::notify::{self, Acknowledgement, CallbackEnvelope, CallbackParser};
use wechatpay_core::v3::sensitive::{SensitiveDecryptor, SensitiveEncryptor};
use wechatpay_core::v3::sign::{self, SCHEME, Signer};
use wechatpay_core::v3::verify::{
    self, ResponseSigner, TrustStore, TrustedKey, Verifier, VerifierOptions, WechatpayHeaders,
};
use wechatpay_core::v3::{certificates, resource};
use wechatpay_core::{Error, ErrorKind, backend};

// ---------------------------------------------------------------------------
// The guard

type Checked<T> = Result<Result<T, Error>, TestCaseError>;

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned())
}

/// Runs `f` under `catch_unwind`. A panic fails the case (naming `what` and
/// printing `input`); an error must have a kind of `ErrorKind::ALL` and
/// format with `Display` and `Debug`.
fn guard<T>(what: &str, input: &dyn Debug, f: impl FnOnce() -> Result<T, Error>) -> Checked<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Err(payload) => {
            Err(TestCaseError::fail(format!("{what} panicked ({}) on input {input:?}", panic_message(&*payload))))
        }
        Ok(Ok(value)) => Ok(Ok(value)),
        Ok(Err(err)) => {
            check_error(what, input, &err)?;
            Ok(Err(err))
        }
    }
}

/// [`guard`] for functions that return no `Result`.
fn guard_value<T>(what: &str, input: &dyn Debug, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        TestCaseError::fail(format!("{what} panicked ({}) on input {input:?}", panic_message(&*payload)))
    })
}

fn check_error(what: &str, input: &dyn Debug, err: &Error) -> Result<(), TestCaseError> {
    let kind = err.kind();
    prop_assert!(ErrorKind::ALL.contains(&kind), "{what}: kind {kind:?} is not in ErrorKind::ALL (input {input:?})");
    prop_assert!(!kind.as_str().is_empty());
    prop_assert_eq!(kind.to_string(), kind.as_str());
    let shown = guard_value(what, input, || (err.to_string(), format!("{err:?}"), format!("{err:#?}")))?;
    prop_assert!(!shown.0.is_empty() && !shown.1.is_empty(), "{what}: empty error text for {input:?}");
    let _ = std::error::Error::source(err);
    Ok(())
}

/// The error's kind, after the checks of [`guard`]; `None` for success.
fn kind_of<T>(result: &Result<T, Error>) -> Option<ErrorKind> {
    result.as_ref().err().map(Error::kind)
}

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Case count for properties whose cases do RSA private-key work.
const fn rsa_cases(aws_lc: u32, rustcrypto: u32) -> u32 {
    if cfg!(feature = "aws-lc") { aws_lc } else { rustcrypto }
}

// ---------------------------------------------------------------------------
// Fixture: the vectors' keys and cases, loaded once

struct PemFile {
    name: String,
    pem: Vec<u8>,
    label: String,
    der: Vec<u8>,
}

struct Fixture {
    merchant_key: PrivateKey,
    merchant_cert: Certificate,
    platform_cert: Certificate,
    platform_key: PrivateKey,
    signer: Signer,
    store: TrustStore,
    verifier: Verifier,
    parser: CallbackParser,
    apiv3: ApiV3Key,
    apiv2: ApiV2Key,
    pem_files: Vec<PemFile>,
    p12_files: Vec<Vec<u8>>,
    p12_password: String,
    response_cases: Vec<Value>,
    notification_cases: Vec<Value>,
    bill_gzips: Vec<Vec<u8>>,
    req_infos: Vec<String>,
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn s<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field].as_str().unwrap_or_else(|| panic!("{field} missing"))
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = vectors_dir();
        let keys = dir.join("keys");
        let secrets = read_json(&keys.join("secrets.json"));
        let merchant_key = PrivateKey::from_pem_file(keys.join("apiclient_key.pem")).unwrap();
        let merchant_cert = Certificate::from_pem_file(keys.join("apiclient_cert.pem")).unwrap();
        let platform_cert = Certificate::from_pem_file(keys.join("platform_cert.pem")).unwrap();
        let platform_key = PrivateKey::from_pem_file(keys.join("platform_key.pem")).unwrap();
        let signer = Signer::from_certificate(s(&secrets, "mchid"), merchant_key.clone(), &merchant_cert).unwrap();

        let trust = read_json(&keys.join("trust_store.json"));
        let store = TrustStore::new();
        for entry in trust["certificates"].as_array().unwrap() {
            store.add_certificate(Certificate::from_pem_file(dir.join(s(entry, "file"))).unwrap());
        }
        for entry in trust["public_keys"].as_array().unwrap() {
            let key = PublicKey::from_pem_file(dir.join(s(entry, "file"))).unwrap();
            store.add_public_key(s(entry, "id"), key).unwrap();
        }
        let verifier = Verifier::new(store.clone(), VerifierOptions::default());
        let apiv3 = ApiV3Key::new(s(&secrets, "apiv3_key")).unwrap();
        let parser = CallbackParser::new(verifier.clone(), apiv3.clone());
        let apiv2 = ApiV2Key::new(s(&secrets, "apiv2_key")).unwrap();

        let mut pem_files = Vec::new();
        let mut p12_files = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(&keys).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        for path in names {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            if name.ends_with(".pem") {
                let (label, der) = pem_rfc7468::decode_vec(&bytes).unwrap();
                pem_files.push(PemFile { name, pem: bytes.clone(), label: label.to_owned(), der });
            } else if name.ends_with(".p12") {
                p12_files.push(bytes);
            }
        }
        assert!(pem_files.len() >= 10 && p12_files.len() == 2);

        let load = |file: &str| -> Vec<Value> { read_json(&dir.join(file)).as_array().unwrap().clone() };
        let bill_gzips = load("bill_hash.json").iter().map(|c| STANDARD.decode(s(c, "bill_gzip")).unwrap()).collect();
        let req_infos = load("v2_refund_req_info.json").iter().map(|c| s(c, "req_info").to_owned()).collect();
        Fixture {
            merchant_key,
            merchant_cert,
            platform_cert,
            platform_key,
            signer,
            store,
            verifier,
            parser,
            apiv3,
            apiv2,
            pem_files,
            p12_files,
            p12_password: s(&secrets, "p12_password").to_owned(),
            response_cases: load("response_verify.json"),
            notification_cases: load("notification_full.json"),
            bill_gzips,
            req_infos,
        }
    })
}

fn header_pairs(case: &Value) -> Vec<(String, String)> {
    case["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect()
}

/// `(name, value)` pairs as the header functions take them.
fn kv(pairs: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

// ---------------------------------------------------------------------------
// Strategies

/// Strings that break naive code: empty, control characters, quotes, commas,
/// line breaks, unicode of every width, very long.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[\\x00-\\x7f]{0,40}",
        "[ -~]{0,40}",
        "\\PC{0,40}",
        prop::collection::vec(any::<char>(), 0..40).prop_map(|chars| chars.into_iter().collect()),
        prop::collection::vec(
            prop::sample::select(vec![
                "\"", ",", "\\", "\r\n", "\n", "\0", " ", "\u{feff}", "中", "😀", "\u{202e}", "=", "&", "%", "#", "/",
                "?"
            ]),
            0..12
        )
        .prop_map(|parts| parts.concat()),
        (1usize..5000).prop_map(|n| "A".repeat(n)),
    ]
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..max)
}

fn extreme_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(i64::MIN),
        Just(i64::MIN + 1),
        Just(-1i64),
        Just(0i64),
        Just(i64::MAX),
        Just(i64::MAX - 300),
        any::<i64>(),
        1_500_000_000i64..2_000_000_000,
    ]
}

fn extreme_u64() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0u64), Just(300u64), Just(u64::MAX), any::<u64>(), 0u64..1000]
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    FlipBit(Index, u8),
    SetByte(Index, u8),
    Insert(Index, u8),
    Remove(Index),
    Splice(Index, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<Index>().prop_map(Mutation::Remove),
        (any::<Index>(), bytes(8)).prop_map(|(i, b)| Mutation::Splice(i, b)),
    ]
}

fn mutate(data: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = data.to_vec();
    for m in mutations {
        let len = out.len();
        if len == 0 {
            if let Mutation::Insert(_, b) = m {
                out.push(*b);
            }
            continue;
        }
        match m {
            Mutation::Truncate(i) => out.truncate(i.index(len)),
            Mutation::FlipBit(i, bit) => out[i.index(len)] ^= 1 << bit,
            Mutation::SetByte(i, b) => out[i.index(len)] = *b,
            Mutation::Insert(i, b) => out.insert(i.index(len + 1), *b),
            Mutation::Remove(i) => {
                out.remove(i.index(len));
            }
            Mutation::Splice(i, b) => {
                let at = i.index(len);
                let end = (at + b.len()).min(len);
                out.splice(at..end, b.iter().copied());
            }
        }
    }
    out
}

const LABELS: &[&str] = &[
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "CERTIFICATE",
    "EC PRIVATE KEY",
    "X509 CRL",
];

fn armour(label: &str, der: &[u8], crlf: bool) -> Vec<u8> {
    let eol = if crlf { "\r\n" } else { "\n" };
    let body = STANDARD.encode(der);
    let mut pem = format!("-----BEGIN {label}-----{eol}");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap());
        pem.push_str(eol);
    }
    pem.push_str(&format!("-----END {label}-----{eol}"));
    pem.into_bytes()
}

/// Random bytes, or random bytes inside a DER SEQUENCE header (so parsers get past the first byte).
fn der_like() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        bytes(600),
        bytes(600).prop_map(|body| {
            let mut der = vec![0x30, 0x82, (body.len() >> 8) as u8, body.len() as u8];
            der.extend(body);
            der
        }),
        (bytes(300), any::<u8>()).prop_map(|(body, tag)| {
            let mut der = vec![0x30, 0x81, body.len().min(255) as u8, 0x02, 0x01, tag];
            der.extend(body);
            der
        }),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        hostile_string().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{0,12}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A string value, or (sometimes) a value of another JSON type.
fn field(likely: Vec<String>) -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => prop::sample::select(likely).prop_map(Value::from),
        3 => hostile_string().prop_map(Value::from),
        1 => json_value(),
    ]
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(&sha2::Sha256::digest(data))
}

fn normalized_code(code: &str) -> String {
    code.chars().filter(|&c| c != '_').map(|c| c.to_ascii_uppercase()).collect()
}

// ---------------------------------------------------------------------------
// keys: PrivateKey, PublicKey, Certificate, ApiV3Key

/// Every key and certificate loader, on the same input; a loaded key is used once.
fn all_loaders(origin: &str, input: &[u8], password: &str) -> Result<(), TestCaseError> {
    let shown: &dyn Debug = &(origin, input);
    let mut private = vec![
        guard("PrivateKey::from_pem", shown, || PrivateKey::from_pem(input))?,
        guard("PrivateKey::from_der", shown, || PrivateKey::from_der(input))?,
        guard("PrivateKey::from_pkcs8_der", shown, || PrivateKey::from_pkcs8_der(input))?,
        guard("PrivateKey::from_pkcs1_der", shown, || PrivateKey::from_pkcs1_der(input))?,
    ];
    if let Ok((key, cert)) =
        guard("PrivateKey::from_pkcs12", &(origin, input, password), || PrivateKey::from_pkcs12(input, password))?
    {
        prop_assert!(key.matches(cert.public_key()), "from_pkcs12 returned a key and a certificate that do not match");
        private.push(Ok(key));
    }
    for result in private {
        match result {
            Ok(key) => exercise_private_key(&key, shown)?,
            Err(err) => prop_assert!(
                matches!(err.kind(), ErrorKind::KeyFormat | ErrorKind::Pkcs12 | ErrorKind::CertificateFormat),
                "unexpected kind {:?}",
                err.kind()
            ),
        }
    }
    let public = [
        guard("PublicKey::from_pem", shown, || PublicKey::from_pem(input))?,
        guard("PublicKey::from_spki_der", shown, || PublicKey::from_spki_der(input))?,
        guard("PublicKey::from_pkcs1_der", shown, || PublicKey::from_pkcs1_der(input))?,
    ];
    for result in public {
        match result {
            Ok(key) => exercise_public_key(&key, shown)?,
            Err(err) => prop_assert!(matches!(err.kind(), ErrorKind::KeyFormat | ErrorKind::CertificateFormat)),
        }
    }
    for result in [
        guard("Certificate::from_pem", shown, || Certificate::from_pem(input))?,
        guard("Certificate::from_der", shown, || Certificate::from_der(input))?,
    ] {
        match result {
            Ok(cert) => exercise_certificate(&cert, shown)?,
            Err(err) => prop_assert_eq!(err.kind(), ErrorKind::CertificateFormat),
        }
    }
    let v3 = guard("ApiV3Key::new", shown, || ApiV3Key::new(input))?;
    prop_assert_eq!(v3.is_ok(), input.len() == 32);
    Ok(())
}

fn exercise_private_key(key: &PrivateKey, input: &dyn Debug) -> Result<(), TestCaseError> {
    let fx = fixture();
    let _ = guard_value("PrivateKey Debug", input, || format!("{key:?}"))?;
    let len = guard_value("PrivateKey::modulus_len", input, || key.modulus_len())?;
    prop_assert!((256..=1024).contains(&len), "a loaded key has modulus length {len}");
    let sig = guard("PrivateKey::sign_sha256", input, || key.sign_sha256(b"probe"))?;
    if let Ok(sig) = &sig {
        prop_assert_eq!(sig.len(), len);
    }
    let sig = guard("PrivateKey::sign_sha256_base64", input, || key.sign_sha256_base64(b""))?;
    if let Ok(sig) = sig {
        prop_assert_eq!(STANDARD.decode(sig).map(|raw| raw.len()), Ok(len));
    }
    guard_value("PrivateKey::matches", input, || key.matches(fx.merchant_cert.public_key()))?;
    Ok(())
}

fn exercise_public_key(key: &PublicKey, input: &dyn Debug) -> Result<(), TestCaseError> {
    let len = guard_value("PublicKey::modulus_len", input, || key.modulus_len())?;
    prop_assert!((256..=1024).contains(&len));
    guard_value("PublicKey getters", input, || (key.spki_der().len(), key.spki_sha256(), format!("{key:?}")))?;
    let forged = vec![0x5a; len];
    let ok = guard_value("PublicKey::verify_sha256", input, || key.verify_sha256(b"m", &forged))?;
    prop_assert!(ok.is_err(), "a constant signature verified");
    let short = guard_value("PublicKey::verify_sha256", input, || key.verify_sha256(b"m", &[]))?;
    prop_assert_eq!(short.map_err(|e| e.kind()), Err(ErrorKind::SignatureMalformed));
    Ok(())
}

fn exercise_certificate(cert: &Certificate, input: &dyn Debug) -> Result<(), TestCaseError> {
    guard_value("Certificate getters", input, || {
        (
            cert.serial_no().to_owned(),
            cert.not_before(),
            cert.not_after(),
            cert.subject().to_owned(),
            cert.issuer().to_owned(),
            cert.sha256_fingerprint(),
            cert.der().len(),
            format!("{cert:?}"),
            [i64::MIN, 0, i64::MAX].map(|t| cert.is_valid_at(t)),
        )
    })?;
    exercise_public_key(cert.public_key(), input)
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn key_loaders_take_random_bytes(input in der_like(), password in hostile_string()) {
        all_loaders("random bytes", &input, &password)?;
    }

    #[test]
    fn key_loaders_take_random_bytes_in_pem_armour(
        label in prop_oneof![prop::sample::select(LABELS.to_vec()).prop_map(str::to_owned), "[A-Z ]{0,20}"],
        der in der_like(),
        crlf in any::<bool>(),
        prefix in prop::sample::select(vec!["", "\u{feff}", "\n\n", "  ", "junk", "\u{feff}\r\n"]),
        suffix in prop::sample::select(vec!["", "\n", "  \r\n", "trailing", "-----END X-----"]),
    ) {
        let mut pem = prefix.as_bytes().to_vec();
        pem.extend(armour(&label, &der, crlf));
        pem.extend(suffix.as_bytes());
        all_loaders("armoured random bytes", &pem, "")?;
    }
}

proptest! {
    #![proptest_config(config(rsa_cases(512, 256)))]

    #[test]
    fn key_loaders_take_truncated_and_bit_flipped_real_files(
        file in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        armoured in any::<bool>(),
        relabel in prop::option::of(prop::sample::select(LABELS.to_vec())),
    ) {
        let fx = fixture();
        let file = &fx.pem_files[file.index(fx.pem_files.len())];
        let input = if armoured {
            // Mutate the DER, then armour it again (with its own or another label).
            armour(relabel.unwrap_or(&file.label), &mutate(&file.der, &mutations), false)
        } else if relabel.is_some() {
            // Mutate the PEM text itself.
            mutate(&file.pem, &mutations)
        } else {
            mutate(&file.der, &mutations)
        };
        all_loaders(&file.name, &input, &fx.p12_password)?;
    }

    #[test]
    fn pkcs12_loader_takes_damaged_files_and_any_password(
        file in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 0..3),
        password in prop_oneof![Just("1900000109".to_owned()), hostile_string()],
    ) {
        let fx = fixture();
        let p12 = mutate(&fx.p12_files[file.index(fx.p12_files.len())], &mutations);
        let result = guard("PrivateKey::from_pkcs12", &(&p12, &password), || PrivateKey::from_pkcs12(&p12, &password))?;
        match result {
            Ok((key, cert)) => {
                prop_assert!(key.matches(cert.public_key()));
                prop_assert_eq!(cert.serial_no(), fx.merchant_cert.serial_no());
            }
            Err(err) => prop_assert!(
                matches!(err.kind(), ErrorKind::Pkcs12 | ErrorKind::KeyFormat | ErrorKind::CertificateFormat),
                "{:?}",
                err
            ),
        }
    }
}

// Hand-built RSA keys: each integer of a real PKCS#1 key replaced by a hostile
// value (0, 1, even, negative, huge, non-minimal, random), to reach the
// backends' key-consistency checks rather than the DER parser.

fn der_header(tag: u8, len: usize) -> Vec<u8> {
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let be = len.to_be_bytes();
        let skip = be.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (be.len() - skip) as u8);
        out.extend_from_slice(&be[skip..]);
    }
    out
}

fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = der_header(tag, content.len());
    out.extend_from_slice(content);
    out
}

/// Reads the TLVs of a DER SEQUENCE's content (tag, content), definite lengths only.
fn der_children(mut der: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while der.len() >= 2 {
        let tag = der[0];
        let (len, header) = match der[1] {
            n if n < 0x80 => (usize::from(n), 2),
            n => {
                let count = usize::from(n & 0x7f);
                (der[2..2 + count].iter().fold(0usize, |acc, &b| acc << 8 | usize::from(b)), 2 + count)
            }
        };
        out.push((tag, der[header..header + len].to_vec()));
        der = &der[header + len..];
    }
    out
}

/// The nine INTEGER contents of the PKCS#1 merchant key (version, n, e, d, p, q, dp, dq, qinv).
fn pkcs1_integers() -> Vec<Vec<u8>> {
    let file = fixture().pem_files.iter().find(|f| f.label == "RSA PRIVATE KEY").unwrap();
    let outer = der_children(&file.der);
    let integers: Vec<Vec<u8>> = der_children(&outer[0].1)
        .into_iter()
        .map(|(tag, c)| {
            assert_eq!(tag, 0x02);
            c
        })
        .collect();
    assert_eq!(integers.len(), 9);
    integers
}

#[derive(Debug, Clone)]
enum Component {
    Real,
    Small(u8),
    PlusOne,
    Even,
    Negative,
    NonMinimal,
    Huge(usize),
    Random(Vec<u8>),
    Other(usize),
}

fn component() -> impl Strategy<Value = Component> {
    prop_oneof![
        30 => Just(Component::Real),
        1 => (0u8..4).prop_map(Component::Small),
        1 => Just(Component::PlusOne),
        1 => Just(Component::Even),
        1 => Just(Component::Negative),
        1 => Just(Component::NonMinimal),
        1 => prop_oneof![Just(1025usize), Just(2048), 1usize..600].prop_map(Component::Huge),
        1 => bytes(300).prop_map(Component::Random),
        1 => (0usize..9).prop_map(Component::Other),
    ]
}

/// The INTEGER content for `component` in place of `real` (minimal two's complement unless hostile on purpose).
fn integer(real: &[u8], component: &Component, all: &[Vec<u8>]) -> Vec<u8> {
    let minimal = |mut v: Vec<u8>| {
        while v.len() > 1 && v[0] == 0 && v[1] < 0x80 {
            v.remove(0);
        }
        if v.is_empty() {
            v.push(0);
        }
        if v[0] >= 0x80 {
            v.insert(0, 0);
        }
        v
    };
    match component {
        Component::Real => real.to_vec(),
        Component::Small(n) => vec![*n],
        Component::PlusOne => {
            let mut v = real.to_vec();
            for byte in v.iter_mut().rev() {
                let (sum, carry) = byte.overflowing_add(1);
                *byte = sum;
                if !carry {
                    break;
                }
            }
            minimal(v)
        }
        Component::Even => {
            let mut v = real.to_vec();
            if let Some(last) = v.last_mut() {
                *last &= 0xfe;
            }
            minimal(v)
        }
        Component::Negative => {
            let mut v = real.iter().copied().skip_while(|&b| b == 0).collect::<Vec<_>>();
            if v.is_empty() {
                v.push(0x80);
            }
            v[0] |= 0x80;
            v
        }
        Component::NonMinimal => [&[0u8, 0][..], real].concat(),
        Component::Huge(n) => minimal(vec![0xff; *n]),
        Component::Random(bytes) => bytes.clone(),
        Component::Other(i) => all[*i].clone(),
    }
}

proptest! {
    #![proptest_config(config(rsa_cases(1024, 512)))]

    #[test]
    fn hand_built_rsa_keys_are_loaded_or_rejected(
        components in prop::collection::vec(component(), 9),
        public in prop::collection::vec(component(), 2),
    ) {
        let real = pkcs1_integers();
        let private_content: Vec<u8> =
            real.iter().zip(&components).flat_map(|(r, c)| der_tlv(0x02, &integer(r, c, &real))).collect();
        let private_der = der_tlv(0x30, &private_content);
        all_loaders("hand-built PKCS#1 private key", &private_der, "")?;
        all_loaders("hand-built PKCS#1 private key, PEM", &armour("RSA PRIVATE KEY", &private_der, false), "")?;

        let public_content: Vec<u8> =
            real[1..3].iter().zip(&public).flat_map(|(r, c)| der_tlv(0x02, &integer(r, c, &real))).collect();
        let public_der = der_tlv(0x30, &public_content);
        all_loaders("hand-built PKCS#1 public key", &public_der, "")?;
        let pem = armour("RSA PUBLIC KEY", &public_der, false);
        if let Ok(key) = guard("PublicKey::from_pem", &(&components, &public), || PublicKey::from_pem(&pem))? {
            // A loaded key encrypts (or refuses to) without panicking.
            let len = key.modulus_len();
            let encryptor = SensitiveEncryptor::from_public_key("PUB_KEY_ID_1", key).map_err(|e| TestCaseError::fail(e.to_string()))?;
            if let Ok(sealed) = guard("SensitiveEncryptor::encrypt", &public, || encryptor.encrypt("x"))? {
                prop_assert_eq!(STANDARD.decode(sealed).map(|raw| raw.len()), Ok(len));
            }
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn file_loaders_report_missing_files_as_io(name in hostile_string()) {
        let dir = std::env::temp_dir().join("wechatpay-core-no-such-dir-7f3a");
        let path = dir.join(name.replace(['/', '\\'], "_"));
        for (what, kind) in [
            (
                "PrivateKey::from_pem_file",
                guard("PrivateKey::from_pem_file", &path, || PrivateKey::from_pem_file(&path))?.err().map(|e| e.kind()),
            ),
            (
                "PublicKey::from_pem_file",
                guard("PublicKey::from_pem_file", &path, || PublicKey::from_pem_file(&path))?.err().map(|e| e.kind()),
            ),
            (
                "Certificate::from_pem_file",
                guard("Certificate::from_pem_file", &path, || Certificate::from_pem_file(&path))?
                    .err()
                    .map(|e| e.kind()),
            ),
        ] {
            prop_assert_eq!(kind, Some(ErrorKind::Io), "{}", what);
        }
    }
}

// ---------------------------------------------------------------------------
// v3::sign

fn method() -> impl Strategy<Value = String> {
    let common = vec!["GET", "POST", "PUT", "PATCH", "DELETE"];
    prop_oneof![
        3 => prop::sample::select(common).prop_map(str::to_owned),
        1 => "[A-Z]{1,8}",
        2 => hostile_string(),
    ]
}

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "/v3/[a-z0-9/_]{0,20}(\\?[a-z0-9=&%]{0,20})?",
        1 => "(https?|HTTPS|ftp)://[a-z.]{0,12}(/[ -~]{0,20})?",
        2 => hostile_string(),
    ]
}

fn nonce() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[0-9A-Za-z]{1,32}", 1 => hostile_string()]
}

fn timestamp() -> impl Strategy<Value = i64> {
    prop_oneof![3 => 0i64..2_000_000_000, 1 => extreme_i64()]
}

proptest! {
    #![proptest_config(config(rsa_cases(384, 192)))]

    #[test]
    fn signer_takes_hostile_arguments(
        mchid in prop_oneof!["[0-9]{1,10}", hostile_string()],
        serial in prop_oneof!["[0-9A-F]{40}", hostile_string()],
        method in method(),
        url in url(),
        body in hostile_string(),
        timestamp in timestamp(),
        nonce in nonce(),
    ) {
        let fx = fixture();
        let input = (&mchid, &serial, &method, &url, &body, timestamp, &nonce);
        let built =
            guard("Signer::new", &input, || Signer::new(mchid.clone(), serial.clone(), fx.merchant_key.clone()))?;
        let header_safe = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_graphic() && !b"\",\\".contains(&b));
        match &built {
            Ok(signer) => {
                prop_assert!(header_safe(&mchid) && header_safe(&serial));
                prop_assert_eq!(signer.mchid(), mchid.as_str());
                prop_assert_eq!(signer.serial_no(), serial.as_str());
                let _ = format!("{signer:?}");
            }
            Err(err) => {
                prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
                prop_assert!(!(header_safe(&mchid) && header_safe(&serial)));
            }
        }
        let message = guard_value("sign::build_message", &input, || {
            sign::build_message(&method, &url, timestamp, &nonce, &body)
        })?;
        let tail = format!("\n{timestamp}\n{nonce}\n{body}\n");
        prop_assert!(message.ends_with(&tail));

        let signed =
            guard("Signer::sign_with", &input, || fx.signer.sign_with(&method, &url, &body, timestamp, &nonce))?;
        match signed {
            Ok(signed) => {
                prop_assert!(timestamp >= 0 && header_safe(&nonce));
                let head = format!("{method}\n/");
                prop_assert!(signed.message.starts_with(&head));
                prop_assert!(signed.message.ends_with(&tail));
                prop_assert_eq!(signed.timestamp, timestamp);
                prop_assert_eq!(&signed.nonce, &nonce);
                let (scheme, signature) = (format!("{SCHEME} mchid=\""), format!("signature=\"{}\"", signed.signature));
                prop_assert!(signed.authorization.starts_with(&scheme));
                prop_assert!(signed.authorization.ends_with(&signature));
                // The signature is real: the merchant certificate verifies it over the message.
                let raw = STANDARD.decode(&signed.signature).unwrap();
                prop_assert!(fx.merchant_cert.public_key().verify_sha256(signed.message.as_bytes(), &raw).is_ok());
            }
            Err(err) => prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument),
        }
    }
}

// ---------------------------------------------------------------------------
// v3::verify, v3::notify (parse), v3::certificates::download_response

fn header_name() -> impl Strategy<Value = String> {
    let canonical = vec![
        "Wechatpay-Timestamp",
        "Wechatpay-Nonce",
        "Wechatpay-Serial",
        "Wechatpay-Signature",
        "Wechatpay-Signature-Type",
        "Request-ID",
    ];
    prop_oneof![
        4 => (prop::sample::select(canonical.clone()), any::<bool>())
            .prop_map(|(n, upper)| if upper { n.to_uppercase() } else { n.to_lowercase() }),
        2 => prop::sample::select(canonical).prop_map(|n| format!("HTTP_{}", n.to_uppercase().replace('-', "_"))),
        1 => hostile_string(),
        1 => Just("HTTP_".to_owned()),
        1 => Just("HTTP_WECHATPAY-NONCE".to_owned()),
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    let fx = fixture();
    let serials: Vec<String> = fx.store.serials();
    prop_oneof![
        2 => hostile_string(),
        1 => "[0-9]{1,13}",
        1 => extreme_i64().prop_map(|t| t.to_string()),
        2 => prop::sample::select(serials),
        2 => prop::collection::vec(any::<u8>(), 255..=257).prop_map(|sig| STANDARD.encode(sig)),
        1 => "[ -~]{0,20}".prop_map(|s| format!("{}{s}", verify::PROBE_PREFIX)),
        1 => Just(SCHEME.to_owned()),
    ]
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn random_header_sets_never_verify(
        pairs in prop::collection::vec((header_name(), header_value()), 0..10),
        body in bytes(300),
        now in extreme_i64(),
        window in extreme_u64(),
    ) {
        let fx = fixture();
        let input = (&pairs, &body, now, window);
        let headers = guard("WechatpayHeaders::from_pairs", &input, || WechatpayHeaders::from_pairs(kv(&pairs)))?;
        let verifier = Verifier::new(fx.verifier.trust_store().clone(), VerifierOptions { replay_window: window, ..Default::default() });
        prop_assert_eq!(verifier.replay_window(), window);
        if let Ok(headers) = &headers {
            let ts = guard("WechatpayHeaders::timestamp", &input, || headers.timestamp())?;
            if let Ok(ts) = ts {
                prop_assert!(ts >= 0);
            }
            let message = guard_value("WechatpayHeaders::message", &input, || headers.message(&body))?;
            let mut expected = format!("{}\n{}\n", headers.timestamp, headers.nonce).into_bytes();
            expected.extend_from_slice(&body);
            expected.push(b'\n');
            prop_assert_eq!(message, expected);
            // A random signature over a random body is never accepted, whatever the clock.
            let result = guard("Verifier::verify_at", &input, || verifier.verify_at(headers, &body, now))?;
            prop_assert!(result.is_err(), "a random header set verified");
            let result = guard("Verifier::verify", &input, || verifier.verify(headers, &body))?;
            prop_assert!(result.is_err());
            let parsed = guard("CallbackParser::parse_headers_at", &input, || {
                fx.parser.parse_headers_at(headers, &body, now)
            })?;
            prop_assert!(parsed.is_err());
            for fallback in [TrustStore::new(), fx.store.clone()] {
                let with = Verifier::new(fallback, VerifierOptions::default());
                let downloaded = guard("certificates::download_response_at", &input, || {
                    certificates::download_response_at(headers, &body, &fx.apiv3, &with, now)
                })?;
                prop_assert!(downloaded.is_err());
            }
        }
        let parsed = guard("CallbackParser::parse_at", &input, || fx.parser.parse_at(kv(&pairs), &body, now))?;
        prop_assert!(parsed.is_err());
        let parsed = guard("CallbackParser::parse", &input, || fx.parser.parse(kv(&pairs), &body))?;
        prop_assert!(parsed.is_err());
    }
}

#[derive(Debug, Clone)]
enum HeaderEdit {
    Replace(Index, String),
    Drop(Index),
    Duplicate(Index, String),
    Rename(Index, String),
    UpperCase,
    Cgi,
    FlipSignatureBit(Index, u8),
}

fn header_edit() -> impl Strategy<Value = HeaderEdit> {
    prop_oneof![
        (any::<Index>(), header_value()).prop_map(|(i, v)| HeaderEdit::Replace(i, v)),
        any::<Index>().prop_map(HeaderEdit::Drop),
        (any::<Index>(), header_value()).prop_map(|(i, v)| HeaderEdit::Duplicate(i, v)),
        (any::<Index>(), header_name()).prop_map(|(i, n)| HeaderEdit::Rename(i, n)),
        Just(HeaderEdit::UpperCase),
        Just(HeaderEdit::Cgi),
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| HeaderEdit::FlipSignatureBit(i, b)),
    ]
}

fn edit_headers(pairs: &mut Vec<(String, String)>, edits: &[HeaderEdit]) {
    for edit in edits {
        if pairs.is_empty() {
            return;
        }
        let len = pairs.len();
        match edit {
            HeaderEdit::Replace(i, v) => pairs[i.index(len)].1 = v.clone(),
            HeaderEdit::Drop(i) => {
                pairs.remove(i.index(len));
            }
            HeaderEdit::Duplicate(i, v) => {
                let name = pairs[i.index(len)].0.clone();
                pairs.push((name, v.clone()));
            }
            HeaderEdit::Rename(i, n) => pairs[i.index(len)].0 = n.clone(),
            HeaderEdit::UpperCase => pairs.iter_mut().for_each(|(k, _)| *k = k.to_uppercase()),
            HeaderEdit::Cgi => {
                pairs.iter_mut().for_each(|(k, _)| *k = format!("HTTP_{}", k.to_uppercase().replace('-', "_")))
            }
            HeaderEdit::FlipSignatureBit(i, bit) => {
                for (k, v) in pairs.iter_mut() {
                    if k.eq_ignore_ascii_case("Wechatpay-Signature")
                        && let Ok(mut raw) = STANDARD.decode(&*v)
                        && !raw.is_empty()
                    {
                        let at = i.index(raw.len());
                        raw[at] ^= 1 << bit;
                        *v = STANDARD.encode(raw);
                    }
                }
            }
        }
    }
}

/// The signed parts of a header set, and the signature.
fn signed_parts(h: &WechatpayHeaders) -> (String, String, String) {
    (h.timestamp.clone(), h.nonce.clone(), h.signature.clone())
}

/// Whether the key the store holds for `Wechatpay-Serial` verifies the
/// signature over the message, checked without the `Verifier`.
fn independently_verifies(store: &TrustStore, headers: &WechatpayHeaders, body: &[u8]) -> bool {
    let Some(trusted) = store.get(&headers.serial) else { return false };
    let key = match &trusted {
        TrustedKey::Certificate(cert) => cert.public_key(),
        TrustedKey::PublicKey(key) => key,
    };
    STANDARD.decode(&headers.signature).is_ok_and(|sig| key.verify_sha256(&headers.message(body), &sig).is_ok())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn mutated_responses_verify_only_when_nothing_signed_changed(
        case in any::<Index>(),
        edits in prop::collection::vec(header_edit(), 0..3),
        body_mutations in prop::collection::vec(mutation(), 0..2),
        delta in prop_oneof![4 => (-400i64..400).prop_map(Some), 1 => Just(None)],
        extreme_now in extreme_i64(),
        window in prop_oneof![4 => Just(300u64), 1 => extreme_u64()],
    ) {
        let fx = fixture();
        let case = &fx.response_cases[case.index(fx.response_cases.len())];
        let original = WechatpayHeaders::from_pairs(header_pairs(case)).unwrap();
        let original_body = s(case, "body").as_bytes();
        let ts = original.timestamp().unwrap_or(0);
        let now = delta.map_or(extreme_now, |d| ts.saturating_add(d));
        let mut pairs = header_pairs(case);
        edit_headers(&mut pairs, &edits);
        let body = mutate(original_body, &body_mutations);
        let input = (case["name"].as_str(), &pairs, String::from_utf8_lossy(&body), now, window);
        let Ok(headers) = guard("WechatpayHeaders::from_pairs", &input, || WechatpayHeaders::from_pairs(kv(&pairs)))?
        else {
            return Ok(());
        };
        let verifier = Verifier::new(fx.verifier.trust_store().clone(), VerifierOptions { replay_window: window, ..Default::default() });
        let result = guard("Verifier::verify_at", &input, || verifier.verify_at(&headers, &body, now))?;
        if result.is_ok() {
            // Nobody can sign: for a valid vector, what verifies is the original signature over the
            // original message. A negative vector was tampered after signing, and a mutation may undo
            // that (e.g. remove the added trailing space); then the independent check below decides.
            if case["valid"].as_bool() == Some(true) {
                prop_assert_eq!(
                    signed_parts(&headers),
                    signed_parts(&original),
                    "verified with changed headers: {:?}",
                    input
                );
                prop_assert_eq!(&body[..], original_body, "verified with a changed body");
            }
            prop_assert!(
                independently_verifies(&fx.store, &headers, &body),
                "verified with the wrong key: {:?}",
                input
            );
            prop_assert!(now.abs_diff(ts) <= window);
            prop_assert!(headers.signature_type.as_deref().is_none_or(|t| t == SCHEME));
        }
        if body == original_body
            && signed_parts(&headers) == signed_parts(&original)
            && now == ts
            && window == 300
            && headers.serial == original.serial
            && headers.signature_type == original.signature_type
        {
            // Nothing changed: the vector's verdict stands.
            prop_assert_eq!(result.is_ok(), case["valid"].as_bool().unwrap());
        }
    }

    #[test]
    fn mutated_callbacks_parse_only_when_nothing_signed_changed(
        case in any::<Index>(),
        edits in prop::collection::vec(header_edit(), 0..3),
        body_mutations in prop::collection::vec(mutation(), 0..2),
        now_delta in prop_oneof![4 => (-400i64..400).prop_map(Some), 1 => Just(None)],
        extreme_now in extreme_i64(),
    ) {
        let fx = fixture();
        let case = &fx.notification_cases[case.index(fx.notification_cases.len())];
        let case_now: i64 = s(case, "now").parse().unwrap();
        let now = now_delta.map_or(extreme_now, |d| case_now.saturating_add(d));
        let original = WechatpayHeaders::from_pairs(header_pairs(case)).unwrap();
        let original_body = s(case, "body").as_bytes();
        let mut pairs = header_pairs(case);
        edit_headers(&mut pairs, &edits);
        let body = mutate(original_body, &body_mutations);
        let input = (case["name"].as_str(), &pairs, String::from_utf8_lossy(&body), now);
        let result = guard("CallbackParser::parse_at", &input, || fx.parser.parse_at(kv(&pairs), &body, now))?;
        if let Ok(event) = &result {
            let headers = WechatpayHeaders::from_pairs(kv(&pairs)).unwrap();
            // A negative vector was altered after signing; a mutation may undo that (see above).
            if case["signature_valid"].as_bool() == Some(true) {
                prop_assert_eq!(
                    signed_parts(&headers),
                    signed_parts(&original),
                    "accepted with changed headers: {:?}",
                    input
                );
                prop_assert_eq!(&body[..], original_body);
            }
            prop_assert!(
                independently_verifies(&fx.store, &headers, &body),
                "accepted with the wrong key: {:?}",
                input
            );
            prop_assert!(now.abs_diff(original.timestamp().unwrap()) <= verify::DEFAULT_REPLAY_WINDOW);
            // Only the clock may turn a negative case into an accepted one (stale / future timestamps).
            if let Some(plaintext) = case["resource_plaintext"].as_str() {
                prop_assert_eq!(event.plaintext(), plaintext);
            } else {
                prop_assert!(case["name"].as_str().unwrap().contains("timestamp"), "{:?}", input);
            }
            let tx = guard("CallbackEvent::transaction", &input, || event.transaction())?;
            let refund = guard("CallbackEvent::refund", &input, || event.refund())?;
            prop_assert_eq!(tx.is_ok(), event.original_type == "transaction");
            prop_assert_eq!(refund.is_ok(), event.original_type == "refund");
        }
        if edits.is_empty() && body_mutations.is_empty() && now == case_now {
            prop_assert_eq!(result.is_ok(), case["valid"].as_bool().unwrap(), "{:?}", result);
        }
    }
}

// ---------------------------------------------------------------------------
// v3::notify::decrypt_event and the typed views, v3::resource

fn resource_plaintext() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => json_value().prop_map(|v| v.to_string()),
        2 => (field(vec!["SUCCESS".into(), "REFUND".into()]), json_value(), field(vec!["1900000109".into()]))
            .prop_map(|(state, amount, mchid)| json!({
                "trade_state": state, "refund_status": state, "mchid": mchid,
                "amount": amount, "payer": {"openid": mchid}
            }).to_string()),
        1 => hostile_string(),
    ]
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn decrypt_event_takes_random_envelopes(
        plaintext in resource_plaintext(),
        nonce in prop_oneof![4 => "[a-zA-Z0-9]{12}", 1 => hostile_string()],
        aad in prop::option::of(prop_oneof!["transaction|refund|certificate", hostile_string()]),
        id in field(vec!["EV-2018022511223320873".into()]),
        resource_type in field(vec!["encrypt-resource".into()]),
        algorithm in field(vec!["AEAD_AES_256_GCM".into()]),
        original_type in field(vec!["transaction".into(), "refund".into()]),
        drop_field in prop::option::of(prop::sample::select(
            vec!["id", "create_time", "resource_type", "event_type", "summary", "resource"],
        )),
        ciphertext_override in prop::option::of(
            prop_oneof![hostile_string(), bytes(64).prop_map(|b| STANDARD.encode(b))],
        ),
        body_mutations in prop::collection::vec(mutation(), 0..2),
    ) {
        let fx = fixture();
        let aad_text = aad.clone().unwrap_or_default();
        let sealed = guard("cipher::encrypt_resource", &(&nonce, &aad_text, &plaintext), || {
            resource::encrypt(&fx.apiv3, &nonce, &aad_text, &plaintext)
        })?;
        prop_assert_eq!(sealed.is_ok(), nonce.len() == 12);
        let ciphertext = ciphertext_override.clone().unwrap_or_else(|| sealed.clone().unwrap_or_default());
        let mut resource =
            json!({"original_type": original_type, "algorithm": algorithm, "ciphertext": ciphertext, "nonce": nonce});
        if let Some(aad) = &aad {
            resource["associated_data"] = Value::from(aad.clone());
        }
        let mut envelope = json!({
            "id": id, "create_time": "2015-05-20T13:29:35+08:00", "resource_type": resource_type,
            "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功", "resource": resource,
        });
        if let Some(name) = drop_field {
            envelope.as_object_mut().unwrap().remove(name);
        }
        let body = mutate(envelope.to_string().as_bytes(), &body_mutations);
        let input = (&plaintext, String::from_utf8_lossy(&body));
        let result = guard("notify::decrypt_event", &input, || notify::decrypt_event(&body, &fx.apiv3))?;
        match &result {
            Ok(event) => {
                prop_assert_eq!(event.plaintext(), plaintext.as_str());
                prop_assert!(serde_json::from_str::<Value>(&plaintext).is_ok());
                let _ = format!("{event:?}");
                let tx = guard("CallbackEvent::transaction", &input, || event.transaction())?;
                let refund = guard("CallbackEvent::refund", &input, || event.refund())?;
                if event.original_type != "transaction" {
                    prop_assert_eq!(kind_of(&tx), Some(ErrorKind::InvalidArgument));
                }
                if event.original_type != "refund" {
                    prop_assert_eq!(kind_of(&refund), Some(ErrorKind::InvalidArgument));
                }
            }
            Err(_) => {
                // An intact, well-formed envelope around a real ciphertext of JSON must decrypt.
                let intact = body_mutations.is_empty()
                    && drop_field.is_none()
                    && ciphertext_override.is_none()
                    && sealed.is_ok();
                let well_formed = [&id, &resource_type, &algorithm, &original_type].iter().all(|v| v.is_string())
                    && resource_type == "encrypt-resource"
                    && algorithm == "AEAD_AES_256_GCM";
                prop_assert!(
                    !(intact && well_formed && serde_json::from_str::<Value>(&plaintext).is_ok()),
                    "{:?}",
                    result
                );
            }
        }
    }

    #[test]
    fn cipher_round_trips_and_rejects_changes(
        key in prop::array::uniform32(any::<u8>()),
        nonce in prop_oneof![4 => "[ -~]{12}", 1 => hostile_string()],
        aad in hostile_string(),
        plaintext in hostile_string(),
        flip in (any::<Index>(), 0u8..8),
        ciphertext in prop_oneof![hostile_string(), bytes(64).prop_map(|b| STANDARD.encode(b))],
    ) {
        let key = ApiV3Key::new(key).unwrap();
        let input = (&nonce, &aad, &plaintext);
        let sealed =
            guard("cipher::encrypt_resource", &input, || resource::encrypt(&key, &nonce, &aad, &plaintext))?;
        match sealed {
            Ok(sealed) => {
                prop_assert_eq!(nonce.len(), 12);
                let opened = guard("cipher::decrypt_resource", &input, || {
                    resource::decrypt(&key, &nonce, &aad, &sealed)
                })?;
                prop_assert_eq!(opened.as_ref().ok(), Some(&plaintext));
                let mut raw = STANDARD.decode(&sealed).unwrap();
                let at = flip.0.index(raw.len());
                raw[at] ^= 1 << flip.1;
                let tampered = STANDARD.encode(raw);
                let result = guard("cipher::decrypt_resource_bytes", &input, || {
                    resource::decrypt_bytes(&key, &nonce, &aad, &tampered)
                })?;
                prop_assert_eq!(kind_of(&result), Some(ErrorKind::DecryptFailed));
            }
            Err(err) => {
                prop_assert_eq!(err.kind(), ErrorKind::NonceLength);
                prop_assert_ne!(nonce.len(), 12);
            }
        }
        let result = guard("cipher::decrypt_resource", &(&nonce, &aad, &ciphertext), || {
            resource::decrypt(&key, &nonce, &aad, &ciphertext)
        })?;
        prop_assert!(
            matches!(
                kind_of(&result),
                Some(
                    ErrorKind::NonceLength | ErrorKind::Base64 | ErrorKind::CiphertextLength | ErrorKind::DecryptFailed
                )
            ),
            "{:?}",
            result
        );
    }
}

// ---------------------------------------------------------------------------
// v3::certificates::decrypt_certificates

proptest! {
    #![proptest_config(config(rsa_cases(384, 192)))]

    #[test]
    fn decrypt_certificates_takes_random_listings(
        entries in prop::collection::vec(
            (any::<Index>(), prop::collection::vec(mutation(), 0..2), any::<bool>(), hostile_string(), any::<bool>()),
            0..3,
        ),
        algorithm in field(vec!["AEAD_AES_256_GCM".into()]),
        raw in prop::option::of(bytes(200)),
    ) {
        let fx = fixture();
        let mut data = Vec::new();
        let mut expected_ok = entries.is_empty() || algorithm == "AEAD_AES_256_GCM";
        for (file, mutations, listed_serial, other_serial, aad) in &entries {
            let file = &fx.pem_files[file.index(fx.pem_files.len())];
            let pem = String::from_utf8_lossy(&mutate(&file.pem, mutations)).into_owned();
            let cert = Certificate::from_pem(&pem).ok();
            let serial = match (&cert, listed_serial) {
                (Some(cert), true) => cert.serial_no().to_owned(),
                _ => other_serial.clone(),
            };
            expected_ok &= cert.is_some_and(|c| c.serial_no() == serial);
            let aad = if *aad { "certificate" } else { "" };
            let ciphertext = resource::encrypt(&fx.apiv3, "abcdefghijkl", aad, &pem).unwrap();
            data.push(json!({"serial_no": serial, "effective_time": "x", "encrypt_certificate": {
                "algorithm": algorithm, "nonce": "abcdefghijkl", "associated_data": aad, "ciphertext": ciphertext}}));
        }
        let body = match &raw {
            Some(raw) => raw.clone(),
            None => json!({"data": data}).to_string().into_bytes(),
        };
        let input = String::from_utf8_lossy(&body);
        let result = guard("certificates::decrypt_certificates", &input, || {
            certificates::decrypt_certificates(&body, &fx.apiv3)
        })?;
        if raw.is_none() {
            prop_assert_eq!(result.is_ok(), expected_ok, "{:?}", result);
            if let Ok(certs) = &result {
                prop_assert_eq!(certs.len(), entries.len());
            }
        }
        let headers = WechatpayHeaders::from_pairs(header_pairs(&fx.response_cases[0])).unwrap();
        let now = headers.timestamp().unwrap();
        let downloaded = guard("certificates::download_response", &input, || {
            certificates::download_response_at(
                &headers,
                &body,
                &fx.apiv3,
                &Verifier::new(fx.store.clone(), VerifierOptions::default()),
                now,
            )
        })?;
        prop_assert!(downloaded.is_err(), "a listing verified under another response's signature");
    }
}

// ---------------------------------------------------------------------------
// v3::sensitive

proptest! {
    #![proptest_config(config(rsa_cases(256, 96)))]

    #[test]
    fn sensitive_fields_round_trip_up_to_214_bytes(
        plaintext in prop_oneof![
            "[a-z]{205,225}",
            "[a-z]{0,20}",
            "[\\u{4e00}-\\u{4e80}]{68,75}",
            "[\\u{1f600}-\\u{1f640}]{50,56}",
            hostile_string(),
        ],
        key_id in hostile_string(),
        garbage in prop_oneof![
            prop::collection::vec(any::<u8>(), 250..262).prop_map(|b| STANDARD.encode(b)),
            hostile_string(),
        ],
    ) {
        let fx = fixture();
        let encryptor = SensitiveEncryptor::from_certificate(&fx.platform_cert);
        prop_assert_eq!(encryptor.serial(), fx.platform_cert.serial_no());
        prop_assert_eq!(encryptor.max_plaintext_len(), 214);
        let by_id = SensitiveEncryptor::from_public_key(key_id.clone(), fx.platform_cert.public_key().clone());
        match by_id {
            Ok(by_id) => prop_assert_eq!(by_id.serial(), key_id.as_str()),
            Err(err) => {
                prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
                prop_assert!(!key_id.starts_with("PUB_KEY_ID_") || key_id.len() == 11);
            }
        }
        let decryptor = SensitiveDecryptor::new(fx.platform_key.clone());
        let _ = format!("{encryptor:?}{decryptor:?}");

        let sealed = guard("SensitiveEncryptor::encrypt", &plaintext, || encryptor.encrypt(&plaintext))?;
        match sealed {
            Ok(sealed) => {
                prop_assert!(plaintext.len() <= 214);
                let opened = guard("SensitiveDecryptor::decrypt", &plaintext, || decryptor.decrypt(&sealed))?;
                prop_assert_eq!(opened.as_ref().ok(), Some(&plaintext));
                let wrong = SensitiveDecryptor::new(fx.merchant_key.clone());
                let result = guard("SensitiveDecryptor::decrypt", &plaintext, || wrong.decrypt(&sealed))?;
                prop_assert_eq!(kind_of(&result), Some(ErrorKind::DecryptFailed));
            }
            Err(err) => {
                prop_assert_eq!(
                    err,
                    Error::PlaintextTooLong { what: "sensitive field", max: 214, actual: plaintext.len() }
                );
            }
        }
        let result = guard("SensitiveDecryptor::decrypt", &garbage, || decryptor.decrypt(&garbage))?;
        let expected = match STANDARD.decode(&garbage) {
            Err(_) => ErrorKind::Base64,
            Ok(raw) if raw.len() != 256 => ErrorKind::CiphertextLength,
            Ok(_) => ErrorKind::DecryptFailed,
        };
        prop_assert_eq!(kind_of(&result), Some(expected));
    }
}

// ---------------------------------------------------------------------------
// v3::media

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn media_upload_takes_hostile_names_and_boundaries(
        filename in prop_oneof![
            "[a-zA-Z0-9 _-]{1,12}\\.(jpg|JPEG|png|bmp|gif|mp4|avi|pdf|bin)",
            "[a-z]{1,8}",
            hostile_string(),
        ],
        file in bytes(2000),
        boundary in prop_oneof!["[A-Za-z0-9'()+_,./:=?-]{1,70}", "[A-Za-z0-9]{71,80}", hostile_string()],
    ) {
        let input = (&filename, &boundary, file.len());
        let result =
            guard("MediaUpload::with_boundary", &input, || MediaUpload::with_boundary(&filename, &file, &boundary))?;
        let name_ok = !filename.is_empty() && !filename.chars().any(|c| c.is_control() || "\"/\\".contains(c));
        let boundary_ok = !boundary.is_empty()
            && boundary.len() <= 70
            && boundary.bytes().all(|b| b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b));
        match result {
            Ok(upload) => {
                prop_assert!(name_ok && boundary_ok);
                let meta: Value = serde_json::from_str(&upload.meta).unwrap();
                prop_assert_eq!(meta["filename"].as_str(), Some(filename.as_str()));
                let digest = sha256_hex(&file);
                prop_assert_eq!(meta["sha256"].as_str(), Some(digest.as_str()));
                prop_assert_eq!(&upload.sha256, &sha256_hex(&file));
                prop_assert_eq!(upload.content_type, format!("multipart/form-data; boundary={boundary}"));
                let tail = format!("\r\n--{boundary}--\r\n");
                prop_assert!(upload.body.ends_with(tail.as_bytes()));
                let file_at = upload.body.len() - tail.len() - file.len();
                prop_assert_eq!(&upload.body[file_at..file_at + file.len()], &file[..]);
            }
            Err(err) => {
                prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
                prop_assert!(!(name_ok && boundary_ok));
            }
        }
        let random = guard("MediaUpload::new", &input, || MediaUpload::new(&filename, &file))?;
        prop_assert_eq!(random.is_ok(), name_ok);
    }
}

// ---------------------------------------------------------------------------
// v3::bill

fn bill_text() -> impl Strategy<Value = String> {
    let cell =
        prop_oneof!["[a-z0-9]{0,6}", Just(String::new()), Just("`".to_owned()), Just(",".to_owned()), hostile_string()];
    let line = prop::collection::vec(cell, 0..5)
        .prop_flat_map(|cells| prop::sample::select(vec![",", ",`", "`"]).prop_map(move |sep| cells.join(sep)));
    (
        prop::collection::vec((prop::option::of(Just("`")), line), 0..8),
        prop::sample::select(vec!["\n", "\r\n", "\r", ""]),
        any::<bool>(),
    )
        .prop_map(|(lines, eol, bom)| {
            let body: Vec<String> = lines.into_iter().map(|(tick, l)| format!("{}{l}", tick.unwrap_or(""))).collect();
            format!("{}{}", if bom { "\u{feff}" } else { "" }, body.join(eol))
        })
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn bill_functions_take_random_input(
        name in prop_oneof![
            prop::sample::select(vec!["SHA1", "sha256", "Sha1", "SHA-1", "MD5", "SHA512"]).prop_map(str::to_owned),
            hostile_string(),
        ],
        data in bytes(3000),
        chunks in prop::collection::vec(1usize..600, 1..8),
        use_real_digest in any::<bool>(),
        hex_value in prop_oneof!["[0-9a-fA-F]{40}", "[0-9a-fA-F]{64}", hostile_string()],
        gzipped in any::<bool>(),
        max_len in prop_oneof![0usize..4000, Just(bill::DEFAULT_MAX_BILL_LEN), Just(usize::MAX)],
        real in prop::option::of((any::<Index>(), prop::collection::vec(mutation(), 0..3))),
    ) {
        let fx = fixture();
        let parsed = guard("HashType::parse", &name, || HashType::parse(&name))?;
        prop_assert_eq!(parsed.is_ok(), name.eq_ignore_ascii_case("SHA1") || name.eq_ignore_ascii_case("SHA256"));
        if let Ok(t) = parsed {
            prop_assert_eq!(guard("HashType::from_str", &name, || name.parse::<HashType>())?.ok(), Some(t));
            prop_assert_eq!(HashType::parse(&t.to_string()).ok(), Some(t));
        }
        let data = match &real {
            Some((i, mutations)) => mutate(&fx.bill_gzips[i.index(fx.bill_gzips.len())], mutations),
            None => data,
        };
        for hash_type in [HashType::Sha1, HashType::Sha256] {
            let digest = match hash_type {
                HashType::Sha1 => hex(&sha1::Sha1::digest(&data)),
                HashType::Sha256 => sha256_hex(&data),
            };
            let expected_hex = if use_real_digest { digest.clone() } else { hex_value.clone() };
            let input = (hash_type, &expected_hex, gzipped, data.len());
            let whole =
                guard("bill::verify_bill", &input, || bill::verify_bill(&data, hash_type, &expected_hex, gzipped))?;
            // Streaming in arbitrary chunks gives the same verdict as the whole file.
            let streamed = guard("BillVerifier", &input, || {
                let verifier = BillVerifier::new(hash_type, &expected_hex, gzipped)?;
                let _ = format!("{verifier:?}");
                let mut rest = &data[..];
                for &size in chunks.iter().cycle() {
                    if rest.is_empty() {
                        break;
                    }
                    let (chunk, tail) = rest.split_at(size.min(rest.len()));
                    verifier.update(chunk)?;
                    rest = tail;
                }
                verifier.finish()
            })?;
            prop_assert_eq!(kind_of(&whole), kind_of(&streamed), "{:?} vs {:?}", whole, streamed);
            if !gzipped {
                let valid_hex = expected_hex.len() == hash_type.digest_len() * 2
                    && expected_hex.bytes().all(|b| b.is_ascii_hexdigit());
                let expected = if !valid_hex {
                    Some(ErrorKind::InvalidArgument)
                } else if expected_hex.eq_ignore_ascii_case(&digest) {
                    None
                } else {
                    Some(ErrorKind::BillHashMismatch)
                };
                prop_assert_eq!(kind_of(&whole), expected);
            }
        }
        let unzipped = guard("bill::gunzip", &(data.len(), max_len), || bill::gunzip(&data, max_len))?;
        if let Ok(out) = &unzipped {
            prop_assert!(out.len() <= max_len);
        } else {
            prop_assert_eq!(kind_of(&unzipped), Some(ErrorKind::BillFormat));
        }
        // gunzip(gzip(x)) is x exactly when x fits in max_len.
        let round = guard("bill::gunzip", &(data.len(), max_len), || bill::gunzip(&gzip(&data), max_len))?;
        if data.len() <= max_len {
            prop_assert_eq!(round.ok(), Some(data.clone()));
        } else {
            prop_assert_eq!(kind_of(&round), Some(ErrorKind::BillFormat));
        }
    }

    #[test]
    fn parse_bill_takes_random_text(text in prop_oneof![bill_text(), hostile_string()]) {
        let result = guard("bill::parse_bill", &text, || bill::parse_bill(&text))?;
        match result {
            Ok(bill) => {
                for record in bill.rows.iter().chain([&bill.summary]) {
                    prop_assert_eq!(record.names().len(), record.cells().len());
                    prop_assert_eq!(record.len(), record.cells().len());
                    prop_assert!(!record.is_empty());
                    prop_assert_eq!(record.iter().count(), record.len());
                    for (name, cell) in record.iter() {
                        // The last column of a name wins, so `get` finds a cell, maybe another one.
                        prop_assert!(record.get(name).is_some());
                        let _ = cell;
                    }
                }
                let json = guard_value("Bill serialisation", &text, || serde_json::to_value(&bill))?;
                prop_assert!(json.is_ok());
                let _ = format!("{bill:?}");
            }
            Err(err) => prop_assert_eq!(err.kind(), ErrorKind::BillFormat),
        }
    }
}

// ---------------------------------------------------------------------------
// v3::api_error

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn api_error_parse_and_lookup_take_anything(
        status in prop::option::of(any::<u16>()),
        code in field(vec!["PARAM_ERROR".into(), "SYSTEMERROR".into(), "ORDER_PAID".into(), String::new()]),
        message in field(vec!["参数错误".into()]),
        detail in prop::option::of(json_value()),
        raw in prop::option::of(prop_oneof![bytes(100), hostile_string().prop_map(String::into_bytes)]),
        drop_message in any::<bool>(),
        probe in hostile_string(),
    ) {
        let mut body = json!({"code": code, "message": message});
        if let Some(detail) = &detail {
            body["detail"] = detail.clone();
        }
        if drop_message {
            body.as_object_mut().unwrap().remove("message");
        }
        let body = raw.clone().unwrap_or_else(|| body.to_string().into_bytes());
        let input = (status, String::from_utf8_lossy(&body));
        let result = guard("ApiError::parse", &input, || ApiError::parse(status, &body))?;
        match &result {
            Ok(err) => {
                prop_assert!(!err.code.is_empty());
                prop_assert_eq!(err.status, status);
                let shown = err.to_string();
                let head = format!("{}: {}", err.code, err.message);
                prop_assert!(shown.starts_with(&head));
                guard_value("ApiError methods", &input, || {
                    (err.info(), err.is_safe_to_resend(), err.detail_str(&probe), format!("{err:?}"))
                })?;
                if raw.is_none() {
                    prop_assert_eq!(Some(&code), Some(&Value::from(err.code.clone())));
                }
                // An API error as the crate's error.
                let wrapped = Error::Api(Box::new(err.clone()));
                check_error("Error::Api", &input, &wrapped)?;
                prop_assert_eq!(wrapped.kind(), ErrorKind::Api);
            }
            Err(err) => prop_assert_eq!(err.kind(), ErrorKind::Json),
        }
        let found = guard_value("api_error::lookup", &probe, || api_error::lookup(&probe))?;
        if let Some(info) = found {
            prop_assert_eq!(normalized_code(info.code), normalized_code(&probe));
        }
    }
}

// ---------------------------------------------------------------------------
// pay_params

fn client_field() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[a-zA-Z0-9_]{1,32}", 1 => hostile_string()]
}

fn no_controls(v: &str) -> bool {
    !v.is_empty() && !v.chars().any(char::is_control)
}

/// The signer's rule for a nonce and a timestamp, which payment parameters follow too.
fn signable(nonce: &str, timestamp: i64) -> bool {
    (0..=999_999_999_999).contains(&timestamp)
        && (1..=32).contains(&nonce.len())
        && nonce.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\' | b','))
}

proptest! {
    #![proptest_config(config(rsa_cases(384, 192)))]

    #[test]
    fn rsa_pay_params_take_hostile_arguments(
        appid in client_field(),
        mchid in client_field(),
        prepay_id in client_field(),
        timestamp in extreme_i64(),
        nonce in client_field(),
        which in 0u8..3,
    ) {
        let fx = fixture();
        let key = &fx.merchant_key;
        let input = (&appid, &mchid, &prepay_id, timestamp, &nonce, which);
        let valid = no_controls(&appid) && no_controls(&prepay_id) && signable(&nonce, timestamp);
        let (message, sign, json) = match which {
            0 | 1 => {
                let result = if which == 0 {
                    guard("pay_params::jsapi_with", &input, || {
                        pay_params::jsapi_with(key, &appid, &prepay_id, timestamp, &nonce)
                    })?
                } else {
                    guard("pay_params::miniprogram_with", &input, || {
                        pay_params::miniprogram_with(key, &appid, &prepay_id, timestamp, &nonce)
                    })?
                };
                prop_assert_eq!(result.is_ok(), valid, "{:?}", result);
                let Ok(params) = result else { return Ok(()) };
                prop_assert_eq!(&params.package, &format!("prepay_id={prepay_id}"));
                (
                    format!("{appid}\n{timestamp}\n{nonce}\nprepay_id={prepay_id}\n"),
                    params.pay_sign.clone(),
                    params.to_json(),
                )
            }
            _ => {
                let result = guard("pay_params::app_with", &input, || {
                    pay_params::app_with(key, &appid, &mchid, &prepay_id, timestamp, &nonce)
                })?;
                prop_assert_eq!(result.is_ok(), valid && no_controls(&mchid), "{:?}", result);
                let Ok(params) = result else { return Ok(()) };
                prop_assert_eq!(&params.partnerid, &mchid);
                (format!("{appid}\n{timestamp}\n{nonce}\n{prepay_id}\n"), params.sign.clone(), params.to_json())
            }
        };
        let raw = STANDARD.decode(&sign).unwrap();
        prop_assert!(fx.merchant_cert.public_key().verify_sha256(message.as_bytes(), &raw).is_ok(), "pay sign does not verify");
        let json: Value = serde_json::from_str(&json).unwrap();
        prop_assert!(json.is_object());
    }
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn apiv2_pay_params_and_urls_take_hostile_arguments(
        appid in client_field(),
        mchid in client_field(),
        prepay_id in client_field(),
        timestamp in extreme_i64(),
        nonce in client_field(),
        sign_type in prop::sample::select(vec![SignType::Md5, SignType::HmacSha256]),
        h5 in prop_oneof!["https://wx\\.tenpay\\.com/[a-z]{0,8}(\\?[a-z=&0-9]{0,20})?", hostile_string()],
        target in prop_oneof!["https://[a-z.]{1,12}/[ -~]{0,20}", hostile_string()],
        state in prop::option::of(prop_oneof!["[a-zA-Z0-9]{0,128}", "[a-zA-Z0-9]{129,140}", hostile_string()]),
        user_info in any::<bool>(),
    ) {
        let fx = fixture();
        let input = (&appid, &mchid, &prepay_id, timestamp, &nonce, sign_type, &h5, &target, &state);
        let valid = no_controls(&appid) && no_controls(&prepay_id) && signable(&nonce, timestamp);
        let jsapi = guard("pay_params::jsapi_v2_with", &input, || {
            pay_params::jsapi_v2_with(&fx.apiv2, sign_type, &appid, &prepay_id, timestamp, &nonce)
        })?;
        prop_assert_eq!(jsapi.is_ok(), valid);
        if let Ok(p) = &jsapi {
            // The client's paySign is an APIv2 sign over the five fields.
            let params: BTreeMap<String, String> = [
                ("appId", &p.app_id),
                ("nonceStr", &p.nonce_str),
                ("package", &p.package),
                ("signType", &p.sign_type),
                ("timeStamp", &p.time_stamp),
                ("sign", &p.pay_sign),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
            prop_assert_eq!(v2::sign::verify(&Params::from(params.clone()), &fx.apiv2, sign_type), Ok(()));
            prop_assert!(serde_json::from_str::<Value>(&p.to_json()).is_ok());
        }
        let app = guard("pay_params::app_v2_with", &input, || {
            pay_params::app_v2_with(&fx.apiv2, sign_type, &appid, &mchid, &prepay_id, timestamp, &nonce)
        })?;
        prop_assert_eq!(app.is_ok(), valid && no_controls(&mchid));
        if let Ok(p) = &app {
            let params: BTreeMap<String, String> = [
                ("appid", &p.appid),
                ("noncestr", &p.noncestr),
                ("package", &p.package),
                ("partnerid", &p.partnerid),
                ("prepayid", &p.prepayid),
                ("timestamp", &p.timestamp),
                ("sign", &p.sign),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
            prop_assert_eq!(v2::sign::verify(&Params::from(params.clone()), &fx.apiv2, sign_type), Ok(()));
        }

        let url = guard("pay_params::h5_redirect_url", &input, || pay_params::h5_redirect_url(&h5, &target))?;
        match &url {
            Ok(url) => {
                prop_assert!(url.starts_with(&h5) && no_controls(&h5) && no_controls(&target) && !h5.contains('#'));
                let encoded = url.rsplit_once("redirect_url=").unwrap().1;
                prop_assert!(
                    encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
                    "{}",
                    encoded
                );
            }
            Err(err) => prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument),
        }
        let scope = if user_info { OAuthScope::UserInfo } else { OAuthScope::Base };
        let oauth = guard("pay_params::oauth2_authorize_url", &input, || {
            pay_params::oauth2_authorize_url(&appid, &target, scope, state.as_deref())
        })?;
        match &oauth {
            Ok(url) => {
                prop_assert!(url.starts_with("https://open.weixin.qq.com/connect/oauth2/authorize?appid="));
                prop_assert!(url.ends_with("#wechat_redirect"));
                prop_assert_eq!(url.matches('#').count(), 1);
            }
            Err(err) => prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument),
        }
    }
}

// ---------------------------------------------------------------------------
// v2: keys, sign types, sign, XML, refund req_info

fn xml_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "<xml>",
            "</xml>",
            "<root>",
            "</root>",
            "<a>",
            "</a>",
            "<b>",
            "</b>",
            "<a/>",
            "<![CDATA[",
            "]]>",
            "&lt;",
            "&amp;",
            "&#x41;",
            "&#0;",
            "&#x0;",
            "&#1114112;",
            "&#xD800;",
            "&#xFFFFFFFF;",
            "&foo;",
            "&",
            ";",
            "&#;",
            "<!DOCTYPE xml [<!ENTITY a \"aaaa\">]>",
            "<?xml version=\"1.0\"?>",
            "<?pi x?>",
            "<!-- c -->",
            "<!--",
            "\r\n",
            " ",
            "<a x=\"1\">",
            "<a x='",
            "</",
            "<",
            ">",
            "<xml/>",
            "\u{feff}",
        ])
        .prop_map(str::to_owned),
        "[a-z0-9 ]{0,6}",
        hostile_string(),
    ];
    prop_oneof![
        4 => prop::collection::vec(piece, 0..16).prop_map(|parts| parts.concat().into_bytes()),
        1 => bytes(200),
    ]
}

fn params() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(
        prop_oneof![3 => "[a-zA-Z_][a-zA-Z0-9_.-]{0,10}", 1 => hostile_string()],
        prop_oneof![3 => "[ -~]{0,20}", 2 => hostile_string()],
        0..8,
    )
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn apiv2_key_and_sign_type_take_any_string(text in hostile_string()) {
        let key = guard("ApiV2Key::new", &text, || ApiV2Key::new(text.clone()))?;
        prop_assert_eq!(key.is_ok(), text.len() == 32);
        if let Err(err) = key {
            prop_assert_eq!(err, Error::SecretLength { what: "APIv2 key", expected: 32, actual: text.len() });
        }
        let parsed = guard("SignType::parse", &text, || SignType::parse(&text))?;
        prop_assert_eq!(parsed.is_ok(), text == "MD5" || text == "HMAC-SHA256");
        prop_assert_eq!(guard("SignType::from_str", &text, || text.parse::<SignType>())?.ok(), parsed.clone().ok());
        if let Ok(t) = parsed {
            prop_assert_eq!(t.to_string(), text);
        }
    }

    #[test]
    fn apiv2_sign_and_verify_agree(
        params in params(),
        key_text in "[ -~]{32}",
        sign_type in prop::sample::select(vec![SignType::Md5, SignType::HmacSha256]),
        flip in any::<Index>(),
    ) {
        let key = ApiV2Key::new(key_text.clone()).unwrap();
        let input = (&params, sign_type);
        let signed = guard_value("v2::sign::sign", &input, || v2::sign::sign(&Params::from(params.clone()), &key, sign_type))?;
        prop_assert_eq!(signed.len(), if sign_type == SignType::Md5 { 32 } else { 64 });
        prop_assert!(signed.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
        let text = guard_value("v2::sign::string_to_sign", &input, || v2::sign::string_to_sign(&Params::from(params.clone()), &key))?;
        let tail = format!("key={key_text}");
        prop_assert!(text.ends_with(&tail));

        let mut with_sign = params.clone();
        let missing = guard("v2::sign::verify", &input, || v2::sign::verify(&Params::from(with_sign.clone()), &key, sign_type))?;
        if params.get("sign").is_none_or(String::is_empty) {
            prop_assert_eq!(kind_of(&missing), Some(ErrorKind::InvalidArgument));
        }
        with_sign.insert("sign".to_owned(), signed.to_lowercase());
        prop_assert_eq!(guard("v2::sign::verify", &input, || v2::sign::verify(&Params::from(with_sign.clone()), &key, sign_type))?, Ok(()));
        let other = if sign_type == SignType::Md5 { SignType::HmacSha256 } else { SignType::Md5 };
        prop_assert_eq!(v2::sign::verify(&Params::from(with_sign.clone()), &key, other), Err(Error::SignatureInvalid));
        // Change one hex digit of the sign: rejected.
        let mut digits = signed.into_bytes();
        let at = flip.index(digits.len());
        digits[at] = if digits[at] == b'0' { b'1' } else { b'0' };
        with_sign.insert("sign".to_owned(), String::from_utf8(digits).unwrap());
        prop_assert_eq!(v2::sign::verify(&Params::from(with_sign.clone()), &key, sign_type), Err(Error::SignatureInvalid));
    }

    #[test]
    fn xml_decode_takes_anything(xml in xml_like()) {
        let result = guard("v2::xml::decode", &String::from_utf8_lossy(&xml), || v2::xml::decode(&xml))?;
        match result {
            // Whatever was decoded can be written back (or is refused as an argument), and reads back the same.
            Ok(params) => {
                if let Ok(encoded) = guard("v2::xml::encode", &params, || v2::xml::encode(&params))? {
                    prop_assert_eq!(v2::xml::decode(encoded.as_bytes()), Ok(params));
                }
            }
            Err(err) => prop_assert!(matches!(err.kind(), ErrorKind::Xml | ErrorKind::NotUtf8), "{:?}", err),
        }
    }

    #[test]
    fn xml_encode_round_trips(params in params(), msg in hostile_string()) {
        let params = Params::from(params);
        let encoded = guard("v2::xml::encode", &params, || v2::xml::encode(&params))?;
        match encoded {
            Ok(text) => {
                let decoded = guard("v2::xml::decode", &text, || v2::xml::decode(text.as_bytes()))?;
                prop_assert_eq!(decoded, Ok(params));
            }
            Err(err) => prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument),
        }
        let ack = guard_value("v2::xml::fail_ack", &msg, || v2::xml::fail_ack(&msg))?;
        let decoded = v2::xml::decode(ack.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("fail_ack({msg:?}) is not valid XML: {e}")))?;
        let sanitized: String = msg
            .chars()
            .map(|c| {
                if matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..) {
                    c
                } else {
                    '\u{FFFD}'
                }
            })
            .collect();
        prop_assert_eq!(decoded.get("return_msg"), Some(sanitized.as_str()));
        prop_assert_eq!(decoded.get("return_code"), Some("FAIL"));
        let success = v2::xml::decode(v2::xml::success_ack().as_bytes()).unwrap();
        prop_assert_eq!(success.get("return_code"), Some("SUCCESS"));
    }

    #[test]
    fn refund_req_info_takes_anything(
        plaintext in prop_oneof![
            hostile_string(),
            params().prop_map(|p| {
                v2::xml::encode(&Params::from(p)).unwrap_or_default().replace("<xml>", "<root>").replace("</xml>", "</root>")
            }),
        ],
        garbage in prop_oneof![hostile_string(), bytes(80).prop_map(|b| STANDARD.encode(b))],
        real in prop::option::of((any::<Index>(), prop::collection::vec(mutation(), 1..3))),
    ) {
        let fx = fixture();
        let sealed =
            guard("v2::refund::encrypt_req_info", &plaintext, || v2::refund::encrypt_req_info(&plaintext, &fx.apiv2))?;
        let sealed = sealed.map_err(|e| TestCaseError::fail(format!("encrypt_req_info failed: {e}")))?;
        let opened =
            guard("v2::refund::decrypt_req_info", &plaintext, || v2::refund::decrypt_req_info(&sealed, &fx.apiv2))?;
        prop_assert_eq!(opened.as_ref().ok(), Some(&plaintext));
        let map = guard("v2::refund::decrypt_req_info_params", &plaintext, || {
            v2::refund::decrypt_req_info_params(&sealed, &fx.apiv2)
        })?;
        prop_assert_eq!(map, v2::xml::decode(plaintext.as_bytes()));

        let input = match &real {
            Some((i, mutations)) => {
                String::from_utf8_lossy(&mutate(fx.req_infos[i.index(fx.req_infos.len())].as_bytes(), mutations))
                    .into_owned()
            }
            None => garbage,
        };
        let result = guard("v2::refund::decrypt_req_info", &input, || v2::refund::decrypt_req_info(&input, &fx.apiv2))?;
        if let Err(err) = &result {
            prop_assert!(
                matches!(
                    err.kind(),
                    ErrorKind::Base64 | ErrorKind::CiphertextLength | ErrorKind::DecryptFailed | ErrorKind::NotUtf8
                ),
                "{:?}",
                err
            );
        }
        let map =
            guard("v2::refund::decrypt_req_info_params", &input, || v2::refund::decrypt_req_info_params(&input, &fx.apiv2))?;
        if result.is_err() {
            prop_assert_eq!(kind_of(&map), kind_of(&result));
        }
    }
}

// ---------------------------------------------------------------------------
// Everything else: clock-based variants, trust-store management, constants

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn trust_store_management_takes_hostile_ids(
        ids in prop::collection::vec(prop_oneof!["PUB_KEY_ID_[0-9]{0,30}", hostile_string()], 0..6),
        now in extreme_i64(),
        window in extreme_u64(),
    ) {
        let fx = fixture();
        let store = fx.store.detached_copy();
        let key = fx.platform_cert.public_key().clone();
        for id in &ids {
            let added = guard("TrustStore::add_public_key", id, || store.add_public_key(id.clone(), key.clone()))?;
            let valid = id.starts_with(verify::PUBLIC_KEY_ID_PREFIX) && id.len() > verify::PUBLIC_KEY_ID_PREFIX.len();
            prop_assert_eq!(added.is_ok(), valid);
            if valid {
                prop_assert!(matches!(store.get(id), Some(TrustedKey::PublicKey(_))));
            }
        }
        let serials: Vec<String> = store.serials();
        prop_assert_eq!(serials.len(), store.len());
        prop_assert!(serials.windows(2).all(|w| w[0] < w[1]));
        let newest = guard_value("TrustStore::certificate_for_encryption_at", &now, || store.certificate_for_encryption_at(now))?;
        if let Some(cert) = newest {
            prop_assert!(cert.is_valid_at(now));
        }
        for id in &ids {
            store.remove(id);
            prop_assert!(store.get(id).is_none());
        }
        let verifier = Verifier::new(store, VerifierOptions { replay_window: window, ..Default::default() });
        prop_assert_eq!(verifier.replay_window(), window);
        let _ = format!("{:?}{:?}", verifier.trust_store(), verifier);
    }
}

/// The functions that read the clock or the random generator: called once
/// each (they have no argument worth randomising beyond the ones above).
#[test]
fn clock_and_random_based_functions_work() {
    let fx = fixture();
    let nonce = wechatpay_core::nonce::generate().unwrap();
    assert_eq!(nonce.len(), 32);
    assert!(nonce.bytes().all(|b| b.is_ascii_alphanumeric()));
    let signed = fx.signer.sign("GET", "https://api.mch.weixin.qq.com/v3/certificates?x=1", "").unwrap();
    assert!(signed.message.starts_with("GET\n/v3/certificates?x=1\n"));
    assert_eq!(fx.signer.sign("get", "/v3", "").unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert_eq!(fx.signer.private_key().modulus_len(), 256);

    let upload = MediaUpload::new("a.jpg", b"jpeg").unwrap();
    let signed = upload.sign(&fx.signer, "/v3/merchant/media/upload").unwrap();
    assert!(signed.message.ends_with(&format!("{}\n", upload.meta)));
    assert_eq!(upload.sign(&fx.signer, "no-slash").unwrap_err().kind(), ErrorKind::InvalidArgument);

    for params in [
        pay_params::jsapi(&fx.merchant_key, "wx1", "prepay").unwrap(),
        pay_params::miniprogram(&fx.merchant_key, "wx1", "prepay").unwrap(),
    ] {
        assert_eq!(params.sign_type, "RSA");
    }
    assert_eq!(pay_params::app(&fx.merchant_key, "wx1", "1900000109", "prepay").unwrap().package, "Sign=WXPay");
    assert_eq!(pay_params::jsapi(&fx.merchant_key, "", "p").unwrap_err().kind(), ErrorKind::InvalidArgument);

    // The vectors are dated in 2026: against the real clock they verify only
    // inside the window, and are never accepted with a changed body.
    for case in &fx.response_cases {
        let headers = WechatpayHeaders::from_pairs(header_pairs(case)).unwrap();
        let result = fx.verifier.verify(&headers, b"changed body");
        assert!(result.is_err(), "{}", case["name"]);
    }
    for case in &fx.notification_cases {
        let result = fx.parser.parse(header_pairs(case), b"{}");
        assert!(result.is_err(), "{}", case["name"]);
    }
    assert_eq!(fx.parser.verifier().replay_window(), verify::DEFAULT_REPLAY_WINDOW);

    let cert_matches = Signer::from_certificate("1900000109", fx.merchant_key.clone(), &fx.platform_cert);
    assert_eq!(cert_matches.unwrap_err().kind(), ErrorKind::InvalidArgument);

    assert_eq!(Acknowledgement::success().status, 200);
    assert_eq!(Acknowledgement::failure().status, 500);
    assert!(!backend::active_backend_name().is_empty());
    assert!(!api_error::catalogue().is_empty());
    for info in api_error::catalogue() {
        assert_eq!(api_error::lookup(info.code), Some(info));
    }
    assert_eq!(HashType::Sha1.digest_len(), 20);
    assert_eq!(HashType::Sha256.as_str(), "SHA256");
    assert_eq!(SignType::default(), SignType::Md5);
    for kind in ErrorKind::ALL {
        assert!(!kind.as_str().is_empty());
    }
}

/// The guard itself catches panics (so that the properties above can fail).
#[test]
fn guard_turns_a_panic_into_a_failure() {
    let result = guard::<()>("a function that panics", &"input", || panic!("boom"));
    let err = result.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("a function that panics") && text.contains("boom") && text.contains("input"), "{text}");
}

// ---------------------------------------------------------------------------
// WeChat Pay's side of the protocol, the clock, parameters and the error ABI

proptest! {
    #![proptest_config(config(rsa_cases(256, 64)))]

    #[test]
    fn requests_are_checked_like_the_gateway_checks_them(
        method in prop_oneof![Just("POST".to_owned()), hostile_string()],
        url in prop_oneof![Just("/v3/pay/transactions/jsapi".to_owned()), hostile_string()],
        body in prop_oneof![Just("{}".to_owned()), hostile_string()],
        header in hostile_string(),
        now in extreme_i64(),
        window in extreme_u64(),
        timestamp in prop_oneof![Just(1_795_392_000i64), 0i64..=999_999_999_999, Just(1_000_000_000_000i64)],
        nonce in prop_oneof!["[A-Za-z0-9]{1,32}", hostile_string()],
    ) {
        let fx = fixture();
        let key = fx.merchant_cert.public_key();
        let input = (&method, &url, &body, &header, now, window);
        let parsed = guard("sign::parse_authorization", &input, || sign::parse_authorization(&header))?;
        let checked = guard("sign::verify_request", &input, || {
            sign::verify_request(&method, &url, body.as_bytes(), &header, key, now, window)
        })?;
        prop_assert!(checked.is_err() || parsed.is_ok(), "verify_request accepted an unparseable header");
        // A request the merchant really signed passes inside the window and fails outside it.
        let signed = guard("Signer::sign_with", &input, || fx.signer.sign_with(&method, &url, &body, timestamp, &nonce))?;
        if timestamp > 999_999_999_999 {
            prop_assert_eq!(kind_of(&signed), Some(ErrorKind::InvalidArgument), "signed a timestamp no receiver reads");
        }
        if let Ok(signed) = signed {
            let seen = guard("sign::verify_request", &input, || {
                sign::verify_request(&method, signed.message.split('\n').nth(1).unwrap_or_default(), body.as_bytes(), &signed.authorization, key, timestamp, 0)
            })?;
            prop_assert!(seen.is_ok(), "a signed request was refused: {:?}", seen);
            let late = sign::verify_request(&method, &url, body.as_bytes(), &signed.authorization, key, timestamp.saturating_add(301), 300);
            prop_assert_eq!(kind_of(&late), Some(ErrorKind::TimestampOutOfWindow));
        }
    }

    #[test]
    fn responses_and_callbacks_are_signed_and_sealed_like_wechat_pay(
        body in bytes(300),
        timestamp in extreme_i64(),
        nonce in prop_oneof!["[A-Za-z0-9]{32}", hostile_string()],
        gcm_nonce in prop_oneof!["[A-Za-z0-9]{12}", hostile_string()],
        fields in prop::collection::vec(hostile_string(), 6),
        resource in prop_oneof![Just(r#"{"trade_state":"SUCCESS"}"#.to_owned()), hostile_string()],
    ) {
        let fx = fixture();
        let signer = ResponseSigner::from_certificate(fx.platform_key.clone(), &fx.platform_cert).unwrap();
        let input = (&body, timestamp, &nonce);
        if let Ok(headers) = guard("ResponseSigner::sign_with", &input, || signer.sign_with(&body, timestamp, &nonce))? {
            let checked = Verifier::new(fx.store.clone(), VerifierOptions::default()).verify_at(&headers, &body, timestamp);
            if fx.platform_cert.is_valid_at(timestamp) && timestamp < 1_000_000_000_000 {
                prop_assert!(checked.is_ok(), "{:?}", checked);
            }
            prop_assert_eq!(headers.to_pairs().len(), 5);
        }
        let probe = guard("ResponseSigner::probe_at", &timestamp, || signer.probe_at(timestamp))?;
        if let Ok(probe) = probe {
            let verdict = fx.verifier.verify_at(&probe, &body, timestamp);
            prop_assert_eq!(kind_of(&verdict), Some(ErrorKind::SignatureProbe));
        }
        let envelope = CallbackEnvelope::new(
            fields[0].clone(), fields[1].clone(), fields[2].clone(), fields[3].clone(), fields[4].clone(), resource.clone(),
        );
        let _ = format!("{envelope:?}");
        let sealed = guard("CallbackEnvelope::seal", &(&fields, &gcm_nonce), || envelope.seal(&fx.apiv3, &gcm_nonce))?;
        if let Ok(body) = sealed {
            let opened = guard("notify::decrypt_event", &body, || notify::decrypt_event(body.as_bytes(), &fx.apiv3))?;
            if serde_json::from_str::<Value>(&resource).is_ok() {
                let event = opened.map_err(|e| TestCaseError::fail(format!("sealed callback does not open: {e}")))?;
                prop_assert_eq!(event.plaintext(), resource.as_str());
                prop_assert_eq!(&event.id, &fields[0]);
                prop_assert!(serde_json::from_str::<Value>(&event.to_json()).is_ok());
            } else {
                prop_assert_eq!(kind_of(&opened), Some(ErrorKind::Json));
            }
        }
        let listing = guard("certificates::certificates_body", &(), || {
            certificates::certificates_body(&fx.apiv3, std::slice::from_ref(&fx.platform_cert))
        })?;
        let listing = listing.map_err(|e| TestCaseError::fail(e.to_string()))?;
        let certs = certificates::decrypt_certificates(listing.as_bytes(), &fx.apiv3);
        prop_assert_eq!(certs.ok().map(|c| c.len()), Some(1));
    }

    #[test]
    fn uploads_times_params_and_kinds_take_anything(
        content_type in prop_oneof![Just("multipart/form-data; boundary=B0UND".to_owned()), hostile_string()],
        body in bytes(400),
        text in hostile_string(),
        t in extreme_i64(),
        offset in prop_oneof![Just(480i32), any::<i32>(), -1500i32..1500],
        len in prop_oneof![0usize..40, Just(usize::MAX), Just(1025usize)],
        code in any::<u32>(),
        status in any::<u16>(),
    ) {
        let parsed = guard("media::parse_upload", &(&content_type, &body), || media::parse_upload(&content_type, &body))?;
        if let Ok(upload) = parsed {
            let _ = upload.check_sha256();
        }
        let formatted = guard("clock::format_rfc3339", &(t, offset), || wechatpay_core::clock::format_rfc3339(t, offset))?;
        if let Ok(formatted) = formatted {
            prop_assert_eq!(wechatpay_core::clock::parse_rfc3339(&formatted), Ok(t));
        }
        let _ = guard("clock::parse_rfc3339", &text, || wechatpay_core::clock::parse_rfc3339(&text))?;
        let nonce = guard("nonce::generate_len", &len, || wechatpay_core::nonce::generate_len(len))?;
        prop_assert_eq!(nonce.is_ok(), (1..=1024).contains(&len));
        let params = guard("Params::from_json", &text, || Params::from_json(&text))?;
        if let Ok(params) = params {
            prop_assert_eq!(Params::from_json(&params.to_json()), Ok(params));
        }
        let kind = guard_value("ErrorKind::from_code", &code, || ErrorKind::from_code(code))?;
        prop_assert_eq!(kind.map(ErrorKind::code), kind.map(|_| code));
        let by_name = guard_value("ErrorKind::from_str", &text, || text.parse::<ErrorKind>())?;
        if let Ok(kind) = by_name {
            prop_assert_eq!(kind.as_str(), text.as_str());
        }
        let api = guard_value("ApiError::sign_error", &text, || ApiError::sign_error(&text, &text, &text))?;
        let again = ApiError::parse(Some(status), api.to_json().as_bytes())
            .map_err(|e| TestCaseError::fail(format!("a built SIGN_ERROR does not parse: {e}")))?;
        prop_assert_eq!(again.sign_information().map(|i| i.method), Some(text.clone()));
        let param = ApiError::param_error(&text, Some(&text), &text, "body");
        prop_assert_eq!(ApiError::parse(Some(400), param.to_json().as_bytes()).map(|e| e.code), Ok("PARAM_ERROR".to_owned()));
        let err = Error::Api(Box::new(api));
        prop_assert_eq!(err.fields()[0].0, "code");
    }
}

// crypto: the raw primitives take any key, IV and data lengths
proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn crypto_primitives_take_any_lengths(
        key in bytes(40),
        iv in bytes(20),
        aad in bytes(40),
        data in bytes(300),
        name in hostile_string(),
    ) {
        use wechatpay_core::crypto::{self, HashAlgorithm};
        for algorithm in HashAlgorithm::ALL {
            let digest = guard_value("crypto::digest", &data, || crypto::digest(algorithm, &data))?;
            prop_assert_eq!(digest.len(), algorithm.output_len());
            let mac = guard_value("crypto::hmac", &data, || crypto::hmac(algorithm, &key, &data))?;
            prop_assert_eq!(mac.len(), algorithm.output_len());
        }
        let _ = guard("HashAlgorithm::from_str", &name, || name.parse::<HashAlgorithm>())?;
        let input = (&key, &iv, &data);
        let sealed = guard("crypto::aes_256_gcm_encrypt", &input, || crypto::aes_256_gcm_encrypt(&key, &iv, &aad, &data))?;
        prop_assert_eq!(sealed.is_ok(), key.len() == 32 && iv.len() == 12);
        if let Ok(sealed) = sealed {
            prop_assert_eq!(crypto::aes_256_gcm_decrypt(&key, &iv, &aad, &sealed), Ok(data.clone()));
        }
        let _ = guard("crypto::aes_256_gcm_decrypt", &input, || crypto::aes_256_gcm_decrypt(&key, &iv, &aad, &data))?;
        let ecb = guard("crypto::aes_256_ecb_encrypt", &input, || crypto::aes_256_ecb_encrypt(&key, &data))?;
        if let Ok(ecb) = ecb {
            prop_assert_eq!(crypto::aes_256_ecb_decrypt(&key, &ecb), Ok(data.clone()));
        }
        let _ = guard("crypto::aes_256_ecb_decrypt", &input, || crypto::aes_256_ecb_decrypt(&key, &data))?;
        let cbc = guard("crypto::aes_128_cbc_encrypt", &input, || crypto::aes_128_cbc_encrypt(&key, &iv, &data))?;
        prop_assert_eq!(cbc.is_ok(), key.len() == 16 && iv.len() == 16);
        if let Ok(cbc) = cbc {
            prop_assert_eq!(crypto::aes_128_cbc_decrypt(&key, &iv, &cbc), Ok(data.clone()));
        }
        let _ = guard("crypto::aes_128_cbc_decrypt", &input, || crypto::aes_128_cbc_decrypt(&key, &iv, &data))?;
    }
}
