//! No key material in any output: every public type formatted with `Debug`
//! (and `Display` where it has one), and every error kind, triggered through
//! the public API, formatted both ways, must not contain a secret of the
//! shared vectors (`WECHATPAY_VECTORS`).
//!
//! Forbidden material:
//! * every private key file of `keys/` (`*_key.pem`, `*_private.pem`,
//!   `*_key_pkcs1.pem`): the private integers (d, p, q, dP, dQ, qInv) — any
//!   16 consecutive bytes of them, found in the output as lowercase or
//!   uppercase hex (either nibble alignment), as standard or URL-safe base64
//!   (any alignment), as a `Debug` list of decimal bytes, or raw; and any 24
//!   consecutive characters of a PEM body line;
//! * the APIv3 key and the APIv2 key of `secrets.json`, and the refund AES key
//!   derived from the APIv2 key (hex MD5): any 8 consecutive characters, and
//!   any 16 consecutive bytes of them in the encodings above.
//!
//! The detector is itself tested on planted leaks (and on
//! `v2::sign::string_to_sign`, which returns the APIv2 key by design), so a
//! leak cannot pass because the detector is blind.

mod common;
use common::vectors_dir;

use std::collections::{BTreeSet, HashSet};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::Digest as _;
use serde_json::Value;
use wechatpay_core::api_error::{self, ApiError};
use wechatpay_core::keys::ApiV2Key;
use wechatpay_core::keys::{ApiV3Key, Certificate, PrivateKey, PublicKey};
use wechatpay_core::pay_params::{self, OAuthScope};
use wechatpay_core::v2::{self, Params, SignType};
use wechatpay_core::v3::bill::{self, BillVerifier, HashType};
use wechatpay_core::v3::media::{self, MediaUpload};
use wechatpay_core::v3::notify::{self, Acknowledgement, CallbackEnvelope, CallbackParser};
use wechatpay_core::v3::sensitive::{SensitiveDecryptor, SensitiveEncryptor};
use wechatpay_core::v3::sign::{self, Signer};
use wechatpay_core::v3::verify::{ResponseSigner, TrustStore, Verifier, VerifierOptions, WechatpayHeaders};
use wechatpay_core::v3::{certificates, resource};
use wechatpay_core::{Error, ErrorKind};

fn read(relative: &str) -> Vec<u8> {
    let path = vectors_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(relative: &str) -> Value {
    serde_json::from_slice(&read(relative)).unwrap()
}

fn s<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field].as_str().unwrap_or_else(|| panic!("{field} missing"))
}

// ---------------------------------------------------------------------------
// The forbidden material and the detector

const BYTE_WINDOW: usize = 16;
const PEM_WINDOW: usize = 24;
const KEY_WINDOW: usize = 8;

struct Forbidden {
    /// Every 16-byte window of every secret byte string.
    byte_windows: HashSet<[u8; BYTE_WINDOW]>,
    /// Every 24-character window of every PEM body line of a private key file.
    pem_windows: HashSet<[u8; PEM_WINDOW]>,
    /// Every 8-character window of the APIv3 / APIv2 / refund AES keys.
    key_windows: HashSet<[u8; KEY_WINDOW]>,
    /// Names of the private key files, for the report.
    files: Vec<String>,
}

/// The private integers of a PKCS#8 or PKCS#1 RSA key (d, p, q, dP, dQ, qInv),
/// without sign bytes.
fn private_integers(label: &str, der: &[u8]) -> Vec<Vec<u8>> {
    fn children(mut der: &[u8]) -> Vec<(u8, &[u8])> {
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
            out.push((tag, &der[header..header + len]));
            der = &der[header + len..];
        }
        out
    }
    let outer = children(der);
    assert_eq!(outer.len(), 1, "one SEQUENCE");
    let pkcs1 = match label {
        "RSA PRIVATE KEY" => outer[0].1,
        "PRIVATE KEY" => {
            let info = children(outer[0].1);
            assert_eq!(info[2].0, 0x04, "PrivateKeyInfo.privateKey is an OCTET STRING");
            children(info[2].1)[0].1
        }
        other => panic!("unexpected private key label {other}"),
    };
    let integers = children(pkcs1);
    assert_eq!(integers.len(), 9, "RSAPrivateKey has nine INTEGERs");
    integers[3..]
        .iter()
        .map(|(tag, content)| {
            assert_eq!(*tag, 0x02);
            content.iter().copied().skip_while(|&b| b == 0).collect()
        })
        .collect()
}

impl Forbidden {
    fn load() -> Self {
        let secrets = json("keys/secrets.json");
        let mut forbidden = Forbidden {
            byte_windows: HashSet::new(),
            pem_windows: HashSet::new(),
            key_windows: HashSet::new(),
            files: vec![],
        };
        // `*_key.pem`, `*_private.pem`, `*_key_pkcs1.pem`, told apart from
        // `wechatpay_pub_key.pem` by their PEM label.
        let mut names: Vec<String> = std::fs::read_dir(vectors_dir().join("keys"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".pem"))
            .collect();
        names.sort();
        for name in names {
            let pem = read(&format!("keys/{name}"));
            let (label, der) = pem_rfc7468::decode_vec(&pem).unwrap();
            if !label.ends_with("PRIVATE KEY") {
                continue;
            }
            for integer in private_integers(label, &der) {
                assert!(integer.len() >= 100, "{name}: a private integer of {} bytes", integer.len());
                forbidden.add_bytes(&integer);
            }
            let text = String::from_utf8(pem).unwrap();
            for line in text.lines().filter(|line| !line.starts_with("-----") && !line.is_empty()) {
                for window in line.as_bytes().windows(PEM_WINDOW) {
                    forbidden.pem_windows.insert(window.try_into().unwrap());
                }
            }
            forbidden.files.push(name);
        }
        assert!(forbidden.files.len() >= 7, "private key files: {:?}", forbidden.files);
        // The public half of a key (n, e) is in its PEM text too; keep only the
        // windows that no certificate or public key file contains in base64 (at
        // any alignment), so that public data cannot raise a false alarm.
        for entry in std::fs::read_dir(vectors_dir().join("keys")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".pem") || forbidden.files.contains(&name) {
                continue;
            }
            let (_, der) = pem_rfc7468::decode_vec(&std::fs::read(&path).unwrap()).unwrap();
            for shift in 0..3 {
                let public = STANDARD.encode(&der[shift..]);
                for window in public.as_bytes().windows(PEM_WINDOW) {
                    forbidden.pem_windows.remove(window);
                }
            }
        }
        assert!(forbidden.pem_windows.len() > 1000);
        let apiv2 = s(&secrets, "apiv2_key");
        let refund_aes_key: String = md5::Md5::digest(apiv2.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        forbidden.add_bytes(&md5::Md5::digest(apiv2.as_bytes()));
        for key in [s(&secrets, "apiv3_key"), apiv2, &refund_aes_key, &refund_aes_key.to_uppercase()] {
            assert_eq!(key.len(), 32);
            forbidden.add_bytes(key.as_bytes());
            for window in key.as_bytes().windows(KEY_WINDOW) {
                forbidden.key_windows.insert(window.try_into().unwrap());
            }
        }
        forbidden
    }

    fn add_bytes(&mut self, secret: &[u8]) {
        for window in secret.windows(BYTE_WINDOW) {
            self.byte_windows.insert(window.try_into().unwrap());
        }
    }

    fn bytes_leak(&self, bytes: &[u8]) -> bool {
        bytes.windows(BYTE_WINDOW).any(|w| self.byte_windows.contains(<&[u8; BYTE_WINDOW]>::try_from(w).unwrap()))
    }

    /// What of the forbidden material `output` contains (empty: nothing).
    ///
    /// The text is read as it is, and as what it may encode: the bytes of its
    /// hex runs (both nibble alignments) and of its decimal `Debug` lists
    /// (`[45, 45, 45, …]`). Each of these layers is searched for secret bytes
    /// and for secret text (PEM lines, API keys), and the base64 runs of each
    /// layer (any alignment) for secret bytes.
    fn leaks(&self, output: &str) -> Vec<&'static str> {
        let mut layers = vec![output.as_bytes().to_vec(), decimal_list(output)];
        for run in runs(output.as_bytes(), |b| b.is_ascii_hexdigit()) {
            for skip in 0..2 {
                layers.push(
                    run[skip..]
                        .chunks_exact(2)
                        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
                        .collect(),
                );
            }
        }
        let mut found = Vec::new();
        for (i, layer) in layers.iter().enumerate() {
            let how = if i == 0 { "" } else { " (encoded)" };
            if self.bytes_leak(layer) {
                found.push(if i == 0 { "raw secret bytes" } else { "hex or decimal of secret bytes" });
            }
            if layer.windows(PEM_WINDOW).any(|w| self.pem_windows.contains(<&[u8; PEM_WINDOW]>::try_from(w).unwrap())) {
                found.push(if how.is_empty() {
                    "PEM text of a private key"
                } else {
                    "encoded PEM text of a private key"
                });
            }
            if layer.windows(KEY_WINDOW).any(|w| self.key_windows.contains(<&[u8; KEY_WINDOW]>::try_from(w).unwrap())) {
                found.push(if how.is_empty() { "APIv3 / APIv2 / refund AES key text" } else { "encoded API key text" });
            }
            for run in runs(layer, |b| b.is_ascii_alphanumeric() || b"+/-_".contains(&b)) {
                for skip in 0..4 {
                    if self.bytes_leak(&base64_groups(&run[skip.min(run.len())..])) {
                        found.push("base64 of secret bytes");
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Maximal runs of bytes that satisfy `pred`, at least 2 × 16 long.
fn runs(bytes: &[u8], pred: impl Fn(u8) -> bool) -> Vec<&[u8]> {
    bytes.split(|&b| !pred(b)).filter(|run| run.len() >= 2 * BYTE_WINDOW).collect()
}

/// Decodes whole groups of four base64 characters (standard or URL-safe).
fn base64_groups(run: &[u8]) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => u32::from(c - b'A'),
        b'a'..=b'z' => u32::from(c - b'a') + 26,
        b'0'..=b'9' => u32::from(c - b'0') + 52,
        b'+' | b'-' => 62,
        _ => 63,
    };
    run.chunks_exact(4)
        .flat_map(|group| {
            let n = group.iter().fold(0u32, |acc, &c| acc << 6 | value(c));
            [(n >> 16) as u8, (n >> 8) as u8, n as u8]
        })
        .collect()
}

/// The bytes of every `Debug`-style list of numbers (`[48, 130, 4, …]`) in the
/// text, runs joined (a break between runs cannot create a false 16-byte match
/// unless the secret itself is there).
fn decimal_list(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for part in text.split(|c: char| !c.is_ascii_digit()) {
        if let Ok(byte) = part.parse::<u8>() {
            out.push(byte);
        } else if !part.is_empty() {
            out.push(0); // a number > 255 breaks a run of bytes
        }
    }
    out
}

#[test]
fn the_detector_finds_planted_leaks() {
    let forbidden = Forbidden::load();
    let secrets = json("keys/secrets.json");
    let pem = read("keys/apiclient_key_pkcs1.pem");
    let (label, der) = pem_rfc7468::decode_vec(&pem).unwrap();
    let ints = private_integers(label, &der);
    let d = &ints[0];
    let p = &ints[1];
    let hex_lower: String = d[7..40].iter().map(|b| format!("{b:02x}")).collect();
    let pem_text = String::from_utf8(pem.clone()).unwrap();
    let pem_line = pem_text.lines().nth(10).unwrap();
    let planted = [
        format!("reason: {hex_lower}"),
        format!("x{}", hex_lower.to_uppercase()),
        format!("Io(\"{}\")", &hex_lower[1..]), // odd nibble alignment
        STANDARD.encode(&p[3..40]),
        format!("b64 {}", STANDARD.encode(&p[4..40])),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&p[5..40]),
        format!("{:?}", &ints[5][..20]),
        format!("line {}", &pem_line[10..40]),
        format!("{:?}", &pem[1000..1040]),
        pem[1200..1240].iter().map(|b| format!("{b:02X}")).collect::<String>(),
        format!("PUB_KEY {}", &s(&secrets, "apiv3_key")[3..12]),
        s(&secrets, "apiv2_key").to_owned(),
        {
            let digest = md5::Md5::digest(s(&secrets, "apiv2_key").as_bytes());
            digest.iter().map(|b| format!("{b:02X}")).collect::<String>()
        },
    ];
    for (i, text) in planted.iter().enumerate() {
        assert!(!forbidden.leaks(text).is_empty(), "planted leak {i} not found: {text}");
    }
    // The one public function documented to return a secret: the APIv2 string to sign.
    let key = ApiV2Key::new(s(&secrets, "apiv2_key")).unwrap();
    let params = Params::from_pairs([("a", "1")]).unwrap();
    let leaks = forbidden.leaks(&v2::sign::string_to_sign(&params, &key));
    assert!(leaks.contains(&"APIv3 / APIv2 / refund AES key text"), "{leaks:?}");
    // Public data of the same keys is not flagged.
    let cert = Certificate::from_pem(read("keys/apiclient_cert.pem")).unwrap();
    let spki_hex: String = cert.public_key().spki_der().iter().map(|b| format!("{b:02x}")).collect();
    for text in [spki_hex, STANDARD.encode(cert.der()), cert.sha256_fingerprint(), format!("{:?}", cert.der())] {
        assert!(forbidden.leaks(&text).is_empty(), "public data flagged: {text}");
    }
}

// ---------------------------------------------------------------------------
// Everything the crate can print

struct Keys {
    merchant: PrivateKey,
    merchant_cert: Certificate,
    platform: PrivateKey,
    platform_cert: Certificate,
    expired_cert: Certificate,
    other: PrivateKey,
    public: PublicKey,
    pub_key_id: String,
    store: TrustStore,
    apiv3: ApiV3Key,
    apiv3_text: String,
    apiv2: ApiV2Key,
    apiv2_text: String,
    mchid: String,
    p12_password: String,
}

fn keys() -> Keys {
    let secrets = json("keys/secrets.json");
    let dir = vectors_dir().join("keys");
    let pem = |name: &str| dir.join(name);
    let store = TrustStore::new();
    let trust = json("keys/trust_store.json");
    for entry in trust["certificates"].as_array().unwrap() {
        store.add_certificate(Certificate::from_pem_file(vectors_dir().join(s(entry, "file"))).unwrap());
    }
    let public = PublicKey::from_pem_file(pem("wechatpay_pub_key.pem")).unwrap();
    store.add_public_key(s(&secrets, "pub_key_id"), public.clone()).unwrap();
    Keys {
        merchant: PrivateKey::from_pem_file(pem("apiclient_key.pem")).unwrap(),
        merchant_cert: Certificate::from_pem_file(pem("apiclient_cert.pem")).unwrap(),
        platform: PrivateKey::from_pem_file(pem("platform_key.pem")).unwrap(),
        platform_cert: Certificate::from_pem_file(pem("platform_cert.pem")).unwrap(),
        expired_cert: Certificate::from_pem_file(pem("platform_expired_cert.pem")).unwrap(),
        other: PrivateKey::from_pem_file(pem("other_key.pem")).unwrap(),
        public,
        pub_key_id: s(&secrets, "pub_key_id").to_owned(),
        store,
        apiv3: ApiV3Key::new(s(&secrets, "apiv3_key")).unwrap(),
        apiv3_text: s(&secrets, "apiv3_key").to_owned(),
        apiv2: ApiV2Key::new(s(&secrets, "apiv2_key")).unwrap(),
        apiv2_text: s(&secrets, "apiv2_key").to_owned(),
        mchid: s(&secrets, "mchid").to_owned(),
        p12_password: s(&secrets, "p12_password").to_owned(),
    }
}

/// `Debug`, alternate `Debug` (and `Display` when given) of one value.
struct Outputs(Vec<(String, String)>);

impl Outputs {
    fn debug(&mut self, what: &str, value: &dyn std::fmt::Debug) {
        self.0.push((format!("{what} (Debug)"), format!("{value:?}")));
        self.0.push((format!("{what} (Debug, alternate)"), format!("{value:#?}")));
    }

    fn both<T: std::fmt::Debug + std::fmt::Display>(&mut self, what: &str, value: &T) {
        self.debug(what, value);
        self.0.push((format!("{what} (Display)"), value.to_string()));
    }

    fn error(&mut self, what: &str, err: &Error) {
        self.both(what, err);
        self.0.push((format!("{what} (kind)"), err.kind().to_string()));
        // The structured details bindings hand out must be as clean as the message.
        self.0.push((format!("{what} (fields)"), format!("{:?}", err.fields())));
        self.0.push((format!("{what} (description)"), err.kind().description().to_owned()));
    }

    fn text(&mut self, what: &str, text: String) {
        self.0.push((what.to_owned(), text));
    }
}

/// Kinds that no input can produce through the public API.
const UNTRIGGERABLE: &[(ErrorKind, &str)] = &[(
    ErrorKind::Backend,
    "raised only when the OS random generator or the crypto library fails for a reason no argument can cause \
     (an RSA or AES operation on a key the library already accepted)",
)];

fn header_pairs(case: &Value) -> Vec<(String, String)> {
    case["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect()
}

/// One input per kind that triggers it through the public API, and the error
/// it gives. Every one that touches a secret uses the vectors' real keys.
fn every_error_kind(k: &Keys) -> Vec<(ErrorKind, &'static str, Error)> {
    let responses = json("response_verify.json");
    let valid_response = &responses[0];
    let headers = WechatpayHeaders::from_pairs(header_pairs(valid_response)).unwrap();
    let body = s(valid_response, "body").as_bytes();
    let ts = headers.timestamp().unwrap();
    let verifier = Verifier::new(k.store.clone(), VerifierOptions::default());
    let with = |edit: &dyn Fn(&mut WechatpayHeaders)| {
        let mut h = headers.clone();
        edit(&mut h);
        h
    };
    let notifications = json("notification_full.json");
    let callback = &notifications[0];
    let callback_body = s(callback, "body");
    let resource: Value = serde_json::from_str(callback_body).unwrap();
    let resource = &resource["resource"];
    let sealed_json = resource::encrypt(&k.apiv3, "0123456789ab", "", "not json").unwrap();
    let envelope = |ciphertext: &str| {
        serde_json::json!({
            "id": "1", "create_time": "t", "resource_type": "encrypt-resource", "event_type": "E",
            "resource": {"algorithm": "AEAD_AES_256_GCM", "ciphertext": ciphertext, "nonce": "0123456789ab"},
        })
        .to_string()
    };
    let p12 = read("keys/apiclient_cert.p12");
    let req_infos = json("v2_refund_req_info.json");
    let req_info = s(&req_infos[0], "req_info");
    let wrong_v2 = ApiV2Key::new(k.apiv2_text.chars().rev().collect::<String>()).unwrap();
    let mut v2_params = Params::from_pairs([("return_code", "SUCCESS")]).unwrap();
    v2_params.set("sign", v2::sign::sign(&v2_params, &wrong_v2, SignType::Md5));
    let too_long = "字".repeat(72);
    let unknown = |h: &mut WechatpayHeaders| h.serial = "0123".into();

    let err = |result: Result<(), Error>| result.unwrap_err();
    vec![
        (
            ErrorKind::KeyFormat,
            "truncated merchant key PEM",
            err(PrivateKey::from_pem(&read("keys/apiclient_key.pem")[..900]).map(drop)),
        ),
        (ErrorKind::KeyFormat, "merchant key DER with a flipped bit", {
            let (_, mut der) = pem_rfc7468::decode_vec(&read("keys/apiclient_key_pkcs1.pem")).unwrap();
            der[300] ^= 1;
            err(PrivateKey::from_der(&der).map(drop))
        }),
        (ErrorKind::KeyFormat, "private key under another label", {
            let text =
                String::from_utf8(read("keys/apiclient_key.pem")).unwrap().replace("PRIVATE KEY", "EC PRIVATE KEY");
            err(PrivateKey::from_pem(text).map(drop))
        }),
        (
            ErrorKind::KeyFormat,
            "private key given as a public key",
            err(PublicKey::from_pem(read("keys/platform_key.pem")).map(drop)),
        ),
        (
            ErrorKind::CertificateFormat,
            "private key given as a certificate",
            err(Certificate::from_pem(read("keys/apiclient_key.pem")).map(drop)),
        ),
        (ErrorKind::CertificateFormat, "private key DER given as a certificate", {
            let (_, der) = pem_rfc7468::decode_vec(&read("keys/apiclient_key.pem")).unwrap();
            err(Certificate::from_der(&der).map(drop))
        }),
        (
            ErrorKind::Pkcs12,
            "PKCS#12 with a wrong password",
            err(PrivateKey::from_pkcs12(&p12, "wrong password").map(drop)),
        ),
        (
            ErrorKind::Pkcs12,
            "truncated PKCS#12",
            err(PrivateKey::from_pkcs12(&p12[..p12.len() / 2], &k.p12_password).map(drop)),
        ),
        (
            ErrorKind::SecretLength,
            "APIv3 key with one character more",
            err(ApiV3Key::new(format!("{}x", k.apiv3_text)).map(drop)),
        ),
        (
            ErrorKind::SecretLength,
            "APIv2 key with one character less",
            err(ApiV2Key::new(&k.apiv2_text[1..]).map(drop)),
        ),
        (
            ErrorKind::HeaderMissing,
            "no headers",
            err(WechatpayHeaders::from_pairs(Vec::<(String, String)>::new()).map(drop)),
        ),
        (
            ErrorKind::HeaderInvalid,
            "non-numeric timestamp",
            err(verifier.verify_at(&with(&|h| h.timestamp = "x".into()), body, ts)),
        ),
        (
            ErrorKind::SignatureTypeUnsupported,
            "SM2 signature type",
            err(verifier.verify_at(&with(&|h| h.signature_type = Some("WECHATPAY2-SM2-WITH-SM3".into())), body, ts)),
        ),
        (
            ErrorKind::SignatureProbe,
            "SIGNTEST probe",
            err(verifier.verify_at(&with(&|h| h.signature = "WECHATPAY/SIGNTEST/x".into()), body, ts)),
        ),
        (
            ErrorKind::SignatureMalformed,
            "signature not base64",
            err(verifier.verify_at(&with(&|h| h.signature = "%%%%".into()), body, ts)),
        ),
        (ErrorKind::SignatureInvalid, "response body changed", err(verifier.verify_at(&headers, b"{}", ts))),
        (
            ErrorKind::SignatureInvalid,
            "APIv2 sign made with another key",
            err(v2::sign::verify(&v2_params, &k.apiv2, SignType::Md5)),
        ),
        (ErrorKind::SerialUnknown, "unknown serial", err(verifier.verify_at(&with(&unknown), body, ts))),
        (ErrorKind::CertificateNotValid, "expired platform certificate", {
            let h = with(&|h| h.serial = k.expired_cert.serial_no().to_owned());
            err(verifier.verify_at(&h, body, ts))
        }),
        (ErrorKind::TimestampOutOfWindow, "stale response", err(verifier.verify_at(&headers, body, ts + 301))),
        (
            ErrorKind::Base64,
            "callback ciphertext not base64",
            err(resource::decrypt(&k.apiv3, "0123456789ab", "", "%").map(drop)),
        ),
        (ErrorKind::NonceLength, "13-byte nonce", err(resource::decrypt(&k.apiv3, "0123456789abc", "", "").map(drop))),
        (
            ErrorKind::CiphertextLength,
            "req_info cut to 17 bytes",
            err(v2::refund::decrypt_req_info(&STANDARD.encode([7u8; 17]), &k.apiv2).map(drop)),
        ),
        (
            ErrorKind::CiphertextLength,
            "sensitive field of 255 bytes",
            err(SensitiveDecryptor::new(k.merchant.clone()).decrypt(&STANDARD.encode([1u8; 255])).map(drop)),
        ),
        (ErrorKind::DecryptFailed, "callback resource under a wrong APIv3 key", {
            let wrong = ApiV3Key::new(k.apiv3_text.chars().rev().collect::<String>()).unwrap();
            err(resource::decrypt(
                &wrong,
                s(resource, "nonce"),
                s(resource, "associated_data"),
                s(resource, "ciphertext"),
            )
            .map(drop))
        }),
        (
            ErrorKind::DecryptFailed,
            "refund req_info under a wrong APIv2 key",
            err(v2::refund::decrypt_req_info(req_info, &wrong_v2).map(drop)),
        ),
        (ErrorKind::DecryptFailed, "sensitive field for another private key", {
            let sealed = SensitiveEncryptor::from_certificate(&k.platform_cert).encrypt("张三").unwrap();
            err(SensitiveDecryptor::new(k.other.clone()).decrypt(&sealed).map(drop))
        }),
        (
            ErrorKind::PlaintextTooLong,
            "216-byte sensitive field",
            err(SensitiveEncryptor::from_certificate(&k.platform_cert).encrypt(&too_long).map(drop)),
        ),
        (ErrorKind::AlgorithmUnsupported, "SM4 resource", {
            let body = callback_body.replace("AEAD_AES_256_GCM", "AEAD_SM4_GCM");
            err(notify::decrypt_event(body.as_bytes(), &k.apiv3).map(drop))
        }),
        (ErrorKind::AlgorithmUnsupported, "unknown APIv2 sign type", err(SignType::parse("SHA1").map(drop))),
        (ErrorKind::NotUtf8, "APIv2 XML that is not UTF-8", err(v2::xml::decode(b"<xml>\xff</xml>").map(drop))),
        (
            ErrorKind::Json,
            "decrypted resource that is not JSON",
            err(notify::decrypt_event(envelope(&sealed_json).as_bytes(), &k.apiv3).map(drop)),
        ),
        (
            ErrorKind::Json,
            "callback body that is not JSON",
            err(notify::decrypt_event(b"{\"id\": 1}", &k.apiv3).map(drop)),
        ),
        (ErrorKind::Xml, "APIv2 XML with a DOCTYPE", err(v2::xml::decode(b"<!DOCTYPE xml><xml/>").map(drop))),
        (ErrorKind::Xml, "refund req_info holding bad XML", {
            let sealed = v2::refund::encrypt_req_info("<root><a>&x;</a></root>", &k.apiv2).unwrap();
            err(v2::refund::decrypt_req_info_params(&sealed, &k.apiv2).map(drop))
        }),
        (
            ErrorKind::BillHashMismatch,
            "altered bill",
            err(bill::verify_bill(b"bill", HashType::Sha1, &"0".repeat(40), false)),
        ),
        (ErrorKind::BillFormat, "damaged gzip", err(bill::gunzip(b"\x1f\x8b\x08\x00garbage", 1 << 20).map(drop))),
        (
            ErrorKind::InvalidArgument,
            "merchant certificate of another key",
            err(Signer::from_certificate(k.mchid.clone(), k.merchant.clone(), &k.platform_cert).map(drop)),
        ),
        (ErrorKind::InvalidArgument, "lowercase method", {
            let signer = Signer::from_certificate(k.mchid.clone(), k.merchant.clone(), &k.merchant_cert).unwrap();
            err(signer.sign_with("post", "/v3/x", "", 1, "n").map(drop))
        }),
        (
            ErrorKind::InvalidArgument,
            "APIv2 verify without sign",
            err(v2::sign::verify(&Params::new(), &k.apiv2, SignType::HmacSha256)),
        ),
        (ErrorKind::Api, "APIv3 error body (no function returns Error::Api: callers wrap ApiError::parse)", {
            let api = ApiError::parse(
                Some(401),
                r#"{"code":"SIGN_ERROR","message":"签名错误","detail":{"field":"x"}}"#.as_bytes(),
            )
            .unwrap();
            Error::Api(Box::new(api))
        }),
        (
            ErrorKind::MultipartFormat,
            "media upload without its delimiter",
            err(media::parse_upload("multipart/form-data; boundary=b", b"garbage").map(drop)),
        ),
        (
            ErrorKind::Io,
            "missing key file",
            err(PrivateKey::from_pem_file(vectors_dir().join("keys/missing_key.pem")).map(drop)),
        ),
    ]
}

#[test]
fn every_error_kind_is_triggered_or_explained() {
    let k = keys();
    let table = every_error_kind(&k);
    for (kind, what, err) in &table {
        assert_eq!(err.kind(), *kind, "{what}: {err:?}");
    }
    let triggered: BTreeSet<ErrorKind> = table.iter().map(|(kind, _, _)| *kind).collect();
    let explained: BTreeSet<ErrorKind> = UNTRIGGERABLE.iter().map(|(kind, _)| *kind).collect();
    assert!(triggered.is_disjoint(&explained), "a kind is both triggered and listed as untriggerable");
    let covered: BTreeSet<ErrorKind> = triggered.union(&explained).copied().collect();
    let all: BTreeSet<ErrorKind> = ErrorKind::ALL.iter().copied().collect();
    assert_eq!(covered, all, "kinds of ErrorKind::ALL missing from the table: {:?}", all.difference(&covered));
}

#[test]
fn no_output_contains_key_material() {
    let forbidden = Forbidden::load();
    let k = keys();
    let mut out = Outputs(Vec::new());

    // Every error kind, and more errors from operations on secrets.
    for (kind, what, err) in every_error_kind(&k) {
        out.error(&format!("{kind} ({what})"), &err);
    }
    for (kind, reason) in UNTRIGGERABLE {
        out.text("untriggerable kind", format!("{kind}: {reason}"));
    }
    for message in ["RSA signing failed", "operating system random generator failed"] {
        out.error("Error::Backend", &Error::Backend(message));
    }
    let p12 = read("keys/apiclient_cert.p12");
    for (what, result) in [
        ("PKCS#12, password of another merchant", PrivateKey::from_pkcs12(&p12, "1900000000").map(drop)),
        ("PKCS#12, APIv3 key as password", PrivateKey::from_pkcs12(&p12, &k.apiv3_text).map(drop)),
        ("PKCS#12 with one flipped byte", {
            let mut bad = p12.clone();
            let at = bad.len() / 2;
            bad[at] ^= 0x40;
            PrivateKey::from_pkcs12(&bad, &k.p12_password).map(drop)
        }),
        (
            "AES PKCS#12 with a wrong password",
            PrivateKey::from_pkcs12(&read("keys/apiclient_cert_aes.p12"), "x").map(drop),
        ),
    ] {
        out.error(what, &result.unwrap_err());
    }
    for name in ["apiclient_key.pem", "apiclient_key_pkcs1.pem", "platform_key.pem", "wechatpay_pub_key_private.pem"] {
        let pem = read(&format!("keys/{name}"));
        let (_, der) = pem_rfc7468::decode_vec(&pem).unwrap();
        for cut in [40, der.len() / 2, der.len() - 1] {
            out.error(&format!("{name} DER cut at {cut}"), &PrivateKey::from_der(&der[..cut]).unwrap_err());
            out.error(
                &format!("{name} DER cut at {cut}, as PKCS#1"),
                &PrivateKey::from_pkcs1_der(&der[..cut]).unwrap_err(),
            );
            out.error(
                &format!("{name} DER cut at {cut}, as a certificate"),
                &Certificate::from_der(&der[..cut]).unwrap_err(),
            );
            out.error(
                &format!("{name} DER cut at {cut}, as a public key"),
                &PublicKey::from_spki_der(&der[..cut]).unwrap_err(),
            );
        }
        for at in [64, 200, 600] {
            let mut bad = pem.clone();
            bad[at] = b'!';
            out.error(&format!("{name} PEM with a bad character"), &PrivateKey::from_pem(&bad).unwrap_err());
        }
        out.error(&format!("{name} as a certificate"), &Certificate::from_pem(&pem).unwrap_err());
        out.error(&format!("{name} as a public key"), &PublicKey::from_pem(&pem).unwrap_err());
        let relabelled = String::from_utf8(pem.clone()).unwrap().replace("PRIVATE KEY", "PUBLIC KEY");
        out.error(&format!("{name} labelled PUBLIC KEY"), &PublicKey::from_pem(&relabelled).unwrap_err());
        let encrypted = String::from_utf8(pem).unwrap().replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY");
        out.error(&format!("{name} labelled ENCRYPTED"), &PrivateKey::from_pem(&encrypted).unwrap_err());
    }
    out.error("APIv3 key as APIv2 key? (33 bytes)", &ApiV2Key::new(format!("{} ", k.apiv3_text)).unwrap_err());
    out.error("APIv2 key as APIv3 key, cut", &ApiV3Key::new(&k.apiv2_text[..31]).unwrap_err());
    // APIv2 sign checks with the real key: altered message, other type, truncated sign.
    let mut params = Params::from_pairs([("out_trade_no", "1217752501201407033233368018")]).unwrap();
    let good = v2::sign::sign(&params, &k.apiv2, SignType::HmacSha256);
    params.set("sign", good.clone());
    out.error("APIv2 sign checked as MD5", &v2::sign::verify(&params, &k.apiv2, SignType::Md5).unwrap_err());
    params.set("sign", good[..40].to_owned());
    out.error("APIv2 truncated sign", &v2::sign::verify(&params, &k.apiv2, SignType::HmacSha256).unwrap_err());
    // Refund req_info: every negative vector, and the real one under the APIv3 key by mistake.
    for case in json("v2_refund_req_info.json").as_array().unwrap() {
        let key = ApiV2Key::new(s(case, "apiv2_key")).unwrap();
        match v2::refund::decrypt_req_info_params(s(case, "req_info"), &key) {
            Ok(map) => out.debug("decrypted req_info", &map),
            Err(e) => out.error(&format!("req_info {}", s(case, "name")), &e),
        }
        let as_v3 = ApiV2Key::new(k.apiv3_text.clone()).unwrap();
        out.error(
            "req_info under the APIv3 key",
            &v2::refund::decrypt_req_info(s(case, "req_info"), &as_v3).unwrap_err(),
        );
    }
    // Callbacks: every vector, through the parser with the real APIv3 key and with a wrong one.
    let verifier = Verifier::new(k.store.clone(), VerifierOptions::default());
    let parser = CallbackParser::new(verifier.clone(), k.apiv3.clone());
    let wrong = CallbackParser::new(verifier.clone(), ApiV3Key::new([b'0'; 32]).unwrap());
    for case in json("notification_full.json").as_array().unwrap() {
        let now: i64 = s(case, "now").parse().unwrap();
        for (which, p) in [("right key", &parser), ("wrong key", &wrong)] {
            match p.parse_at(header_pairs(case), s(case, "body").as_bytes(), now) {
                Ok(event) => {
                    out.debug("CallbackEvent", &event);
                    if let Ok(tx) = event.transaction() {
                        out.debug("Transaction", &tx);
                    }
                    if let Ok(refund) = event.refund() {
                        out.debug("Refund", &refund);
                    }
                }
                Err(e) => out.error(&format!("callback {} ({which})", s(case, "name")), &e),
            }
        }
    }
    for case in json("notification_decrypt.json").as_array().unwrap() {
        if let Ok(key) = ApiV3Key::new(s(case, "apiv3_key")) {
            let result = resource::decrypt(&key, s(case, "nonce"), s(case, "associated_data"), s(case, "ciphertext"));
            if let Err(e) = result {
                out.error(&format!("resource {}", s(case, "name")), &e);
            }
        }
    }
    for case in json("oaep.json").as_array().unwrap() {
        let key = PrivateKey::from_pem_file(vectors_dir().join(s(case, "private_key_file"))).unwrap();
        if let Err(e) = SensitiveDecryptor::new(key).decrypt(s(case, "ciphertext")) {
            out.error(&format!("OAEP {}", s(case, "name")), &e);
        }
    }
    for case in json("response_verify.json").as_array().unwrap() {
        let headers = WechatpayHeaders::from_pairs(header_pairs(case)).unwrap();
        out.debug("WechatpayHeaders", &headers);
        if let Err(e) = verifier.verify_at(&headers, s(case, "body").as_bytes(), headers.timestamp().unwrap_or(0)) {
            out.error(&format!("response {}", s(case, "name")), &e);
        }
    }
    // /v3/certificates: a listing under the real key that holds a private key instead of a certificate.
    let private_pem = String::from_utf8(read("keys/platform_key.pem")).unwrap();
    let sealed = resource::encrypt(&k.apiv3, "0123456789ab", "certificate", &private_pem).unwrap();
    let listing = serde_json::json!({"data": [{"serial_no": "X", "encrypt_certificate": {
        "algorithm": "AEAD_AES_256_GCM", "nonce": "0123456789ab", "associated_data": "certificate",
        "ciphertext": sealed,
    }}]})
    .to_string();
    out.error(
        "listing holding a private key",
        &certificates::decrypt_certificates(listing.as_bytes(), &k.apiv3).unwrap_err(),
    );
    let headers = WechatpayHeaders::from_pairs(header_pairs(&json("response_verify.json")[0])).unwrap();
    out.error(
        "download_response",
        &certificates::download_response_at(
            &headers,
            listing.as_bytes(),
            &k.apiv3,
            &Verifier::new(k.store.clone(), VerifierOptions::default()),
            0,
        )
        .unwrap_err(),
    );

    // Every public type holding a key or a secret, and the others.
    for name in &forbidden.files {
        let key = PrivateKey::from_pem_file(vectors_dir().join("keys").join(name)).unwrap();
        out.debug(&format!("PrivateKey {name}"), &key);
        let decryptor = SensitiveDecryptor::new(key.clone());
        out.debug("SensitiveDecryptor", &decryptor);
        out.text("sign_sha256_base64", key.sign_sha256_base64(b"message").unwrap());
    }
    for file in ["keys/apiclient_cert.p12", "keys/apiclient_cert_aes.p12"] {
        let (key, cert) = PrivateKey::from_pkcs12(&read(file), &k.p12_password).unwrap();
        out.debug("PrivateKey from PKCS#12", &key);
        out.debug("Certificate from PKCS#12", &cert);
    }
    out.debug("ApiV3Key", &k.apiv3);
    out.debug("ApiV2Key", &k.apiv2);
    let signer = Signer::from_certificate(k.mchid.clone(), k.merchant.clone(), &k.merchant_cert).unwrap();
    out.debug("Signer", &signer);
    out.debug("Signer::private_key", signer.private_key());
    out.debug("SignedRequest", &signer.sign("POST", "/v3/pay/transactions/jsapi", "{}").unwrap());
    out.debug("Verifier", &verifier);
    out.debug("TrustStore", &k.store);
    for serial in k.store.serials() {
        out.debug("TrustedKey", &k.store.get(&serial).unwrap());
    }
    out.debug("CallbackParser", &parser);
    out.debug("PublicKey", &k.public);
    for cert in [&k.merchant_cert, &k.platform_cert, &k.expired_cert] {
        out.debug("Certificate", cert);
        out.debug("Certificate::public_key", cert.public_key());
    }
    out.debug("SensitiveEncryptor", &SensitiveEncryptor::from_certificate(&k.platform_cert));
    out.debug(
        "SensitiveEncryptor (public key)",
        &SensitiveEncryptor::from_public_key(k.pub_key_id.clone(), k.public.clone()),
    );
    out.debug("SensitiveDecryptor", &SensitiveDecryptor::new(k.platform.clone()));
    out.debug("Acknowledgement", &Acknowledgement::success());
    out.debug("Acknowledgement", &Acknowledgement::failure());
    // WeChat Pay's side: signers, headers, envelopes, parsed requests and uploads.
    let platform_signer = ResponseSigner::from_certificate(k.platform.clone(), &k.platform_cert).unwrap();
    out.debug("ResponseSigner", &platform_signer);
    out.debug(
        "ResponseSigner (public key)",
        &ResponseSigner::from_public_key_id(k.platform.clone(), k.pub_key_id.clone()),
    );
    out.debug("WechatpayHeaders (signed)", &platform_signer.sign_with(b"{}", 1, "n").unwrap());
    out.debug("WechatpayHeaders (probe)", &platform_signer.probe_at(1).unwrap());
    let envelope = CallbackEnvelope::transaction("EV-1", "2026-11-23T10:34:57+08:00", r#"{"payer":{"openid":"o1"}}"#);
    out.debug("CallbackEnvelope", &envelope);
    out.text("CallbackEnvelope::seal", envelope.seal(&k.apiv3, "abcdefghijkl").unwrap());
    out.text(
        "certificates_body",
        certificates::certificates_body(&k.apiv3, std::slice::from_ref(&k.platform_cert)).unwrap(),
    );
    let request = signer.sign_with("GET", "/v3/certificates", "", 1, "n").unwrap();
    out.debug("Authorization", &sign::parse_authorization(&request.authorization).unwrap());
    out.error(
        "verify_request with another key",
        &sign::verify_request(
            "GET",
            "/v3/certificates",
            b"",
            &request.authorization,
            k.platform_cert.public_key(),
            1,
            300,
        )
        .unwrap_err(),
    );
    out.error("parse_authorization of garbage", &sign::parse_authorization("garbage").unwrap_err());
    out.debug("ApiError::sign_error", &ApiError::sign_error("GET", "/v3/certificates", &request.message));
    let upload_body = MediaUpload::with_boundary("a.jpg", b"\xff\xd8jpeg", "boundary").unwrap();
    out.debug("ReceivedUpload", &media::parse_upload(&upload_body.content_type, &upload_body.body).unwrap());
    out.debug("Params", &Params::from_pairs([("out_trade_no", "1217752501201407033233368018")]).unwrap());
    out.debug("Clock", &wechatpay_core::clock::Clock::manual(1));
    let upload = MediaUpload::with_boundary("a.jpg", b"\xff\xd8jpeg", "boundary").unwrap();
    out.debug("MediaUpload", &upload);
    out.debug("SignedRequest (media)", &upload.sign(&signer, "/v3/merchant/media/upload").unwrap());
    for (kind, hash) in [(HashType::Sha1, "0".repeat(40)), (HashType::Sha256, "0".repeat(64))] {
        out.both("HashType", &kind);
        out.debug("BillVerifier", &BillVerifier::new(kind, &hash, true).unwrap());
    }
    let bill_text = s(&json("bill_hash.json")[0], "bill_text").to_owned();
    out.debug("Bill", &bill::parse_bill(&bill_text).unwrap());
    let api = ApiError::parse(Some(500), br#"{"code":"SYSTEM_ERROR","message":"busy"}"#).unwrap();
    out.both("ApiError", &api);
    out.debug("CodeInfo", api.info().unwrap());
    out.debug("catalogue", &api_error::catalogue());
    out.debug("JsapiParams", &pay_params::jsapi(&k.merchant, "wxd678efh567hg6787", "wx1").unwrap());
    out.debug("AppParams", &pay_params::app(&k.merchant, "wxd678efh567hg6787", &k.mchid, "wx1").unwrap());
    for sign_type in [SignType::Md5, SignType::HmacSha256] {
        out.both("SignType", &sign_type);
        let params = pay_params::jsapi_v2_with(&k.apiv2, sign_type, "wx1", "p", 1, "n").unwrap();
        out.text("JsapiParams (APIv2) JSON", params.to_json());
        out.debug("JsapiParams (APIv2)", &params);
        let params = pay_params::app_v2_with(&k.apiv2, sign_type, "wx1", &k.mchid, "p", 1, "n").unwrap();
        out.text("AppParams (APIv2) JSON", params.to_json());
        out.debug("AppParams (APIv2)", &params);
        let signed = Params::from_pairs([("a", "1")]).unwrap();
        out.text("APIv2 sign", v2::sign::sign(&signed, &k.apiv2, sign_type));
    }
    out.text("req_info", v2::refund::encrypt_req_info("<root><a>1</a></root>", &k.apiv2).unwrap());
    out.text("fail_ack", v2::xml::fail_ack("签名失败"));
    out.debug("OAuthScope", &OAuthScope::Base);
    for kind in ErrorKind::ALL {
        out.both("ErrorKind", kind);
    }

    assert!(out.0.len() > 400, "only {} outputs", out.0.len());
    let leaks: Vec<String> = out
        .0
        .iter()
        .filter_map(|(what, text)| {
            let found = forbidden.leaks(text);
            (!found.is_empty()).then(|| format!("{what}: {found:?}\n    {text}"))
        })
        .collect();
    assert!(leaks.is_empty(), "key material in {} outputs:\n{}", leaks.len(), leaks.join("\n"));
}
