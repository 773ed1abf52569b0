//! The simulator's key material: generated on first run into a directory, or
//! loaded from one.
//!
//! Layout of the directory (the file names of `shared/vectors/keys`):
//!
//! | file | what |
//! | --- | --- |
//! | `ca_cert.pem`, `ca_key.pem` | the simulator's CA (signs the merchant and platform certificates) |
//! | `apiclient_key.pem`, `apiclient_cert.pem` | the merchant API key and certificate (the merchant signs requests with it) |
//! | `platform_key.pem`, `platform_cert.pem` | the platform certificate mode: WeChat Pay signs responses and callbacks with it |
//! | `wechatpay_pub_key.pem`, `wechatpay_pub_key_private.pem` | the public-key mode: the WeChat Pay public key (and its private half, the simulator's) |
//! | `merchant.json` | `mchid`, `appid`, `merchant_serial_no`, `platform_serial_no`, `pub_key_id`, `apiv3_key`, `apiv2_key` |
//!
//! Key generation is not a protocol step; the core has none, so this module
//! uses `rcgen` (on aws-lc-rs) for RSA-2048 keys and X.509 certificates.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use wechatpay_core::keys::{ApiV2Key, ApiV3Key, Certificate, PrivateKey, PublicKey};

use crate::SimError;

/// The ids and secrets of the simulated merchant (written to `merchant.json`).
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MerchantInfo {
    /// 商户号.
    pub mchid: String,
    /// The appid bound to the merchant.
    pub appid: String,
    /// Serial of `apiclient_cert.pem` (the merchant's `serial_no`).
    pub merchant_serial_no: String,
    /// Serial of `platform_cert.pem`.
    pub platform_serial_no: String,
    /// `PUB_KEY_ID_…` of `wechatpay_pub_key.pem`.
    pub pub_key_id: String,
    /// The APIv3 key (32 characters).
    pub apiv3_key: String,
    /// The APIv2 key (32 characters).
    pub apiv2_key: String,
}

impl std::fmt::Debug for MerchantInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MerchantInfo")
            .field("mchid", &self.mchid)
            .field("appid", &self.appid)
            .field("merchant_serial_no", &self.merchant_serial_no)
            .field("platform_serial_no", &self.platform_serial_no)
            .field("pub_key_id", &self.pub_key_id)
            .field("apiv3_key", &"[redacted]")
            .field("apiv2_key", &"[redacted]")
            .finish()
    }
}

/// Every key the simulator uses, parsed once.
#[derive(Debug, Clone)]
pub struct SimKeys {
    /// Where the files are.
    pub dir: PathBuf,
    /// Ids and secrets.
    pub info: MerchantInfo,
    /// The simulator CA's certificate.
    pub ca_cert: Certificate,
    /// The merchant's private key (for a client).
    pub merchant_key: PrivateKey,
    /// The merchant's API certificate (the simulator verifies requests with it).
    pub merchant_cert: Certificate,
    /// The platform private key (signs in certificate mode).
    pub platform_key: PrivateKey,
    /// The platform certificate.
    pub platform_cert: Certificate,
    /// The private half of the WeChat Pay public key (signs in public-key mode).
    pub pub_key_private: PrivateKey,
    /// The WeChat Pay public key (`PUB_KEY_ID_…`).
    pub pub_key: PublicKey,
    /// The APIv3 key.
    pub apiv3_key: ApiV3Key,
    /// The APIv2 key.
    pub apiv2_key: ApiV2Key,
}

/// A generated certificate and its key, as PEM.
pub struct GeneratedCert {
    /// The certificate, PEM.
    pub cert_pem: String,
    /// The private key, PKCS#8 PEM.
    pub key_pem: String,
}

fn keygen_err(what: &str, err: impl std::fmt::Display) -> SimError {
    SimError::Keys(format!("{what}: {err}"))
}

/// Random decimal digits (from the core's CSPRNG nonce).
pub(crate) fn random_digits(len: usize) -> Result<String, SimError> {
    let nonce = wechatpay_core::nonce::generate_len(len)?;
    Ok(nonce.bytes().map(|b| char::from(b'0' + b % 10)).collect())
}

/// A 20-byte certificate serial that prints as 40 uppercase hex digits.
fn random_serial() -> Result<Vec<u8>, SimError> {
    let nonce = wechatpay_core::nonce::generate_len(20)?;
    let mut bytes: Vec<u8> = nonce.bytes().map(|b| b.wrapping_mul(37) ^ 0x5a).collect();
    if let Some(first) = bytes.first_mut() {
        *first = 0x10 | (*first & 0x6f); // positive, no leading zero octet
    }
    Ok(bytes)
}

fn offset_time(unix: i64) -> Result<time::OffsetDateTime, SimError> {
    time::OffsetDateTime::from_unix_timestamp(unix).map_err(|e| keygen_err("validity", e))
}

fn rsa_key() -> Result<rcgen::KeyPair, SimError> {
    rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).map_err(|e| keygen_err("RSA key generation", e))
}

/// The simulator CA: a self-signed certificate and its key.
pub struct SimCa {
    params: rcgen::CertificateParams,
    key: rcgen::KeyPair,
    /// The CA certificate, PEM.
    pub cert_pem: String,
}

impl SimCa {
    /// A new CA valid from `not_before` to `not_after` (Unix seconds).
    pub fn generate(not_before: i64, not_after: i64) -> Result<Self, SimError> {
        let key = rsa_key()?;
        let mut params = rcgen::CertificateParams::default();
        params.distinguished_name = dn("WeChat Pay Simulator CA", "Tenpay.com Root CA (simulated)");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
        params.serial_number = Some(rcgen::SerialNumber::from(random_serial()?));
        params.not_before = offset_time(not_before)?;
        params.not_after = offset_time(not_after)?;
        let cert = params.self_signed(&key).map_err(|e| keygen_err("CA certificate", e))?;
        Ok(Self { cert_pem: cert.pem(), params, key })
    }

    /// Loads a CA from its PEM certificate and key (as written by [`SimCa::generate`]).
    pub fn load(cert_pem: &str, key_pem: &str) -> Result<Self, SimError> {
        let key = rcgen::KeyPair::from_pem(key_pem).map_err(|e| keygen_err("ca_key.pem", e))?;
        let mut params = rcgen::CertificateParams::default();
        params.distinguished_name = dn("WeChat Pay Simulator CA", "Tenpay.com Root CA (simulated)");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
        Ok(Self { params, key, cert_pem: cert_pem.to_owned() })
    }

    /// The CA key, PKCS#8 PEM.
    pub fn key_pem(&self) -> String {
        self.key.serialize_pem()
    }

    /// Issues a leaf certificate (new RSA-2048 key, random 40-hex serial) for
    /// `common_name`, valid from `not_before` to `not_after`.
    pub fn issue(
        &self,
        common_name: &str,
        org: &str,
        not_before: i64,
        not_after: i64,
    ) -> Result<GeneratedCert, SimError> {
        let key = rsa_key()?;
        let mut params = rcgen::CertificateParams::default();
        params.distinguished_name = dn(common_name, org);
        params.is_ca = rcgen::IsCa::ExplicitNoCa;
        params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature, rcgen::KeyUsagePurpose::KeyEncipherment];
        params.serial_number = Some(rcgen::SerialNumber::from(random_serial()?));
        params.not_before = offset_time(not_before)?;
        params.not_after = offset_time(not_after)?;
        let issuer = rcgen::Issuer::from_params(&self.params, &self.key);
        let cert = params.signed_by(&key, &issuer).map_err(|e| keygen_err("certificate", e))?;
        Ok(GeneratedCert { cert_pem: cert.pem(), key_pem: key.serialize_pem() })
    }
}

fn dn(common_name: &str, org: &str) -> rcgen::DistinguishedName {
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CountryName, "CN");
    dn.push(rcgen::DnType::OrganizationName, org);
    dn.push(rcgen::DnType::CommonName, common_name);
    dn
}

/// A fresh RSA-2048 key pair as PKCS#8 PEM (e.g. for a WeChat Pay public key).
pub fn generate_key_pem() -> Result<String, SimError> {
    Ok(rsa_key()?.serialize_pem())
}

const FILES: [&str; 10] = [
    "ca_cert.pem",
    "ca_key.pem",
    "apiclient_key.pem",
    "apiclient_cert.pem",
    "platform_key.pem",
    "platform_cert.pem",
    "wechatpay_pub_key.pem",
    "wechatpay_pub_key_private.pem",
    "merchant.json",
    "README.txt",
];

fn write(dir: &Path, name: &str, text: &str) -> Result<(), SimError> {
    let path = dir.join(name);
    fs::write(&path, text).map_err(|e| SimError::Io(format!("writing {}: {e}", path.display())))
}

fn read(dir: &Path, name: &str) -> Result<String, SimError> {
    let path = dir.join(name);
    fs::read_to_string(&path).map_err(|e| SimError::Io(format!("reading {}: {e}", path.display())))
}

impl SimKeys {
    /// Loads the keys from `dir` if `merchant.json` is there, otherwise
    /// generates a complete set into `dir` (created if needed).
    pub fn load_or_generate(dir: &Path) -> Result<Self, SimError> {
        if dir.join("merchant.json").is_file() { Self::load(dir) } else { Self::generate(dir) }
    }

    /// Generates a complete set of keys into `dir` (overwriting).
    pub fn generate(dir: &Path) -> Result<Self, SimError> {
        fs::create_dir_all(dir).map_err(|e| SimError::Io(format!("creating {}: {e}", dir.display())))?;
        let now = wechatpay_core::clock::now();
        let (from, until) = (now - 86_400, now + 5 * 365 * 86_400);
        let ca = SimCa::generate(from, now + 10 * 365 * 86_400)?;
        let mchid = format!("19{}", random_digits(8)?);
        let merchant = ca.issue(&mchid, "WeChat Pay Simulator merchant", from, until)?;
        let platform = ca.issue("Tenpay.com sign", "Tenpay.com (simulated)", from, until)?;
        let pub_key_private = generate_key_pem()?;
        let public_pem = PrivateKey::from_pem(&pub_key_private)?.public_key()?.to_pem();
        let merchant_cert = Certificate::from_pem(&merchant.cert_pem)?;
        let platform_cert = Certificate::from_pem(&platform.cert_pem)?;
        let info = MerchantInfo {
            appid: format!("wx{}", wechatpay_core::nonce::generate_len(16)?.to_lowercase()),
            mchid,
            merchant_serial_no: merchant_cert.serial_no().to_owned(),
            platform_serial_no: platform_cert.serial_no().to_owned(),
            pub_key_id: format!("PUB_KEY_ID_01{}", random_digits(26)?),
            apiv3_key: wechatpay_core::nonce::generate_len(32)?,
            apiv2_key: wechatpay_core::nonce::generate_len(32)?,
        };
        let json = serde_json::to_string_pretty(&info).map_err(|e| SimError::Io(format!("merchant.json: {e}")))?;
        for (name, text) in [
            ("ca_cert.pem", ca.cert_pem.as_str()),
            ("ca_key.pem", ca.key_pem().as_str()),
            ("apiclient_key.pem", merchant.key_pem.as_str()),
            ("apiclient_cert.pem", merchant.cert_pem.as_str()),
            ("platform_key.pem", platform.key_pem.as_str()),
            ("platform_cert.pem", platform.cert_pem.as_str()),
            ("wechatpay_pub_key.pem", public_pem.as_str()),
            ("wechatpay_pub_key_private.pem", pub_key_private.as_str()),
            ("merchant.json", json.as_str()),
            ("README.txt", README),
        ] {
            write(dir, name, text)?;
        }
        Self::load(dir)
    }

    /// Loads a key directory (see the module doc for the layout).
    pub fn load(dir: &Path) -> Result<Self, SimError> {
        let info: MerchantInfo = serde_json::from_str(&read(dir, "merchant.json")?)
            .map_err(|e| SimError::Keys(format!("merchant.json: {e}")))?;
        let merchant_cert = Certificate::from_pem(read(dir, "apiclient_cert.pem")?)?;
        let platform_cert = Certificate::from_pem(read(dir, "platform_cert.pem")?)?;
        let merchant_key = PrivateKey::from_pem(read(dir, "apiclient_key.pem")?)?;
        let platform_key = PrivateKey::from_pem(read(dir, "platform_key.pem")?)?;
        if !merchant_key.matches(merchant_cert.public_key()) || !platform_key.matches(platform_cert.public_key()) {
            return Err(SimError::Keys("a certificate does not belong to its key".into()));
        }
        let pub_key_private = PrivateKey::from_pem(read(dir, "wechatpay_pub_key_private.pem")?)?;
        let pub_key = PublicKey::from_pem(read(dir, "wechatpay_pub_key.pem")?)?;
        if !pub_key_private.matches(&pub_key) {
            return Err(SimError::Keys("wechatpay_pub_key.pem does not belong to its private key".into()));
        }
        let mut info = info;
        info.merchant_serial_no = merchant_cert.serial_no().to_owned();
        info.platform_serial_no = platform_cert.serial_no().to_owned();
        Ok(Self {
            dir: dir.to_path_buf(),
            ca_cert: Certificate::from_pem(read(dir, "ca_cert.pem")?)?,
            apiv3_key: ApiV3Key::new(&info.apiv3_key)?,
            apiv2_key: ApiV2Key::new(&info.apiv2_key)?,
            info,
            merchant_key,
            merchant_cert,
            platform_key,
            platform_cert,
            pub_key_private,
            pub_key,
        })
    }

    /// The simulator CA of this directory (to issue more platform certificates, e.g. for a rotation).
    pub fn ca(&self) -> Result<SimCa, SimError> {
        SimCa::load(&read(&self.dir, "ca_cert.pem")?, &read(&self.dir, "ca_key.pem")?)
    }

    /// The file names a key directory holds.
    pub fn file_names() -> &'static [&'static str] {
        &FILES
    }
}

const README: &str = "Keys of the local WeChat Pay simulator (wechatpay-sim). TEST KEYS ONLY: never use them with the real gateway.\n\
apiclient_key.pem / apiclient_cert.pem: the merchant API key and certificate (sign requests; serial in merchant.json).\n\
platform_cert.pem: the platform certificate that signs responses and callbacks in certificate mode.\n\
wechatpay_pub_key.pem + merchant.json pub_key_id: the WeChat Pay public key (public-key mode).\n\
merchant.json: mchid, appid, serials, APIv3 and APIv2 keys.\n";
