//! Keys, certificates and secrets: parsed once, shared everywhere.
//!
//! * [`PrivateKey`]: the merchant API key (`apiclient_key.pem`) from PKCS#8 or
//!   PKCS#1, PEM or DER, or from the PKCS#12 bundle (`apiclient_cert.p12`).
//! * [`PublicKey`]: the WeChat Pay public key (`pub_key.pem`, SPKI), a PKCS#1
//!   public key, or the key of a certificate.
//! * [`Certificate`]: an X.509 certificate (platform or merchant) with the facts
//!   WeChat Pay cares about (serial as `openssl x509 -serial` prints it, validity).
//! * [`ApiV3Key`]: the 32-byte APIv3 key used for AES-256-GCM, and beside it
//!   [`ApiV2Key`], the 32-byte APIv2 key of the legacy XML API (MD5 /
//!   HMAC-SHA256 signs, refund `req_info`). Both take the same input types.
//!
//! Every value is parsed into the crypto backend's own key object when it is
//! built; signing and verifying never touch PEM again. All types are
//! `Send + Sync` and cheap to clone (`Arc`).

use std::fmt;
use std::sync::Arc;

use x509_cert::der::{Decode, Encode};
use zeroize::Zeroizing;

use crate::backend::{Active, Backend, digest};
use crate::clock;
use crate::encoding;
use crate::error::{Error, Result};

const PEM_BAD: Error = Error::KeyFormat { reason: "not a PEM document (expected -----BEGIN …----- armour)" };

/// OAEP overhead with SHA-1: 2 × 20 + 2 bytes (so 214 bytes fit RSA-2048).
pub(crate) const OAEP_SHA1_OVERHEAD: usize = 42;

/// An RSA private key (the merchant API key). Prints as `[redacted]`; the key
/// material is zeroized when the last clone is dropped.
///
/// ```
/// # let pem = std::fs::read_to_string(format!("{}/keys/apiclient_key_pkcs1.pem", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()))).unwrap();
/// use wechatpay_core::keys::PrivateKey;
/// let key = PrivateKey::from_pem(&pem)?; // PKCS#1 and PKCS#8 both load
/// assert_eq!(format!("{key:?}"), "PrivateKey([redacted])");
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    inner: Arc<PrivateKeyInner>,
    modulus_len: usize,
}

struct PrivateKeyInner {
    key: <Active as Backend>::PrivateKey,
    // Kept for PKCS#8 export (`.p12` extraction); zeroized with the key.
    pkcs8: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey([redacted])")
    }
}

impl PrivateKey {
    /// Loads a PEM private key: `BEGIN PRIVATE KEY` (PKCS#8) or
    /// `BEGIN RSA PRIVATE KEY` (PKCS#1). Surrounding whitespace is tolerated;
    /// anything else around the armour is not.
    pub fn from_pem(pem: impl AsRef<[u8]>) -> Result<Self> {
        let (label, der) = decode_pem(pem.as_ref())?;
        match label.as_str() {
            "PRIVATE KEY" => Self::from_pkcs8_der(&der),
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(&der),
            "ENCRYPTED PRIVATE KEY" => Err(Error::KeyFormat {
                reason: "the PEM key is encrypted; export it without a passphrase (openssl pkcs8 -nocrypt)",
            }),
            "CERTIFICATE" => Err(Error::KeyFormat { reason: "this is a certificate, not a private key" }),
            "PUBLIC KEY" | "RSA PUBLIC KEY" => {
                Err(Error::KeyFormat { reason: "this is a public key, not a private key" })
            }
            _ => Err(Error::KeyFormat { reason: "PEM label is not PRIVATE KEY or RSA PRIVATE KEY" }),
        }
    }

    /// Loads a DER private key, PKCS#8 `PrivateKeyInfo` or PKCS#1 `RSAPrivateKey`.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        Self::from_pkcs8_der(der).or_else(|_| Self::from_pkcs1_der(der))
    }

    /// Loads an unencrypted PKCS#8 `PrivateKeyInfo` (DER).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let key = <Active as Backend>::private_key_from_pkcs8(der)?;
        let modulus_len = <Active as Backend>::private_modulus_len(&key);
        Ok(Self { inner: Arc::new(PrivateKeyInner { key, pkcs8: Zeroizing::new(der.to_vec()) }), modulus_len })
    }

    /// Loads a PKCS#1 `RSAPrivateKey` (DER).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        Self::from_pkcs8_der(&encoding::pkcs1_private_to_pkcs8(der))
    }

    /// Reads and loads a PEM file (see [`PrivateKey::from_pem`]).
    pub fn from_pem_file(path: impl AsRef<std::path::Path>) -> Result<Self> {
        Self::from_pem(&*read_file(path.as_ref())?)
    }

    /// Loads the key and certificate of a PKCS#12 bundle (`apiclient_cert.p12`,
    /// whose password defaults to the merchant id). Both the legacy
    /// 3DES/SHA-1 files WeChat Pay issues and OpenSSL 3 AES/PBKDF2 files load.
    pub fn from_pkcs12(p12: &[u8], password: &str) -> Result<(PrivateKey, Certificate)> {
        use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
        let store = KeyStore::from_pkcs12(p12, password, Pkcs12ImportPolicy::Strict).map_err(|err| match err {
            p12_keystore::error::Error::MacError(_) => {
                Error::Pkcs12 { reason: "the MAC does not verify: wrong password or damaged file" }
            }
            _ => Error::Pkcs12 { reason: "not a readable PKCS#12 file" },
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or(Error::Pkcs12 { reason: "the file holds no private key with a certificate" })?;
        let key = PrivateKey::from_pkcs8_der(chain.key().as_der())?;
        let cert_der =
            chain.certs().first().ok_or(Error::Pkcs12 { reason: "the private key has no certificate" })?.as_der();
        let cert = Certificate::from_der(cert_der)?;
        if !key.matches(&cert.public_key) {
            return Err(Error::Pkcs12 { reason: "the certificate does not belong to the private key" });
        }
        Ok((key, cert))
    }

    /// Modulus length in bytes (256 for RSA-2048).
    pub fn modulus_len(&self) -> usize {
        self.modulus_len
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `message` (raw bytes).
    pub fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>> {
        <Active as Backend>::sign_sha256(&self.inner.key, message)
    }

    /// The signature of `message`, base64: what WeChat Pay calls `signature`,
    /// `paySign` or `sign`.
    pub fn sign_sha256_base64(&self, message: &[u8]) -> Result<String> {
        Ok(encoding::base64_encode(&self.sign_sha256(message)?))
    }

    /// RSAES-OAEP (SHA-1, MGF1-SHA-1, empty label) decryption of a raw
    /// ciphertext, as WeChat Pay encrypts sensitive fields; the plaintext is
    /// returned as bytes. [`crate::v3::sensitive`] is the base64/UTF-8 step.
    ///
    /// Errors: [`Error::CiphertextLength`] unless the ciphertext is as long as
    /// the modulus, [`Error::DecryptFailed`] otherwise (wrong key or altered).
    pub fn decrypt_oaep_sha1(&self, ciphertext: &[u8]) -> Result<Vec<u8>> {
        if ciphertext.len() != self.modulus_len {
            return Err(Error::CiphertextLength {
                what: "ciphertext",
                reason: "differs from the key's modulus length",
            });
        }
        <Active as Backend>::oaep_sha1_decrypt(&self.inner.key, ciphertext)
    }

    /// The public half of this key.
    pub fn public_key(&self) -> Result<PublicKey> {
        let spki = encoding::pkcs8_private_to_spki(&self.inner.pkcs8)
            .ok_or(Error::KeyFormat { reason: "the private key's public half cannot be read" })?;
        PublicKey::from_spki_der(&spki)
    }

    /// The key as unencrypted PKCS#8 DER. **This is the secret**: write it
    /// only where the key belongs (e.g. extracting `apiclient_key.pem` from
    /// `apiclient_cert.p12`); the buffer is zeroized on drop.
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.inner.pkcs8.to_vec())
    }

    /// The key as `-----BEGIN PRIVATE KEY-----` PEM (PKCS#8, unencrypted), the
    /// form of `apiclient_key.pem`. **This is the secret**; zeroized on drop.
    ///
    /// ```
    /// # let p12 = std::fs::read(format!("{}/keys/apiclient_cert.p12", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()))).unwrap();
    /// use wechatpay_core::keys::PrivateKey;
    /// let (key, cert) = PrivateKey::from_pkcs12(&p12, "1900000109")?;
    /// let pem = key.to_pkcs8_pem();
    /// assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    /// assert!(PrivateKey::from_pem(pem.as_bytes())?.matches(cert.public_key()));
    /// assert!(cert.to_pem().starts_with("-----BEGIN CERTIFICATE-----\n"));
    /// # Ok::<(), wechatpay_core::Error>(())
    /// ```
    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        encoding::pem_encode("PRIVATE KEY", &self.inner.pkcs8)
    }

    /// Whether `public` is the public half of this key. PKCS#1 v1.5 signatures
    /// are deterministic, so one signature proves it without exposing the key.
    pub fn matches(&self, public: &PublicKey) -> bool {
        const PROBE: &[u8] = b"wechatpay-core key pair check";
        self.sign_sha256(PROBE).is_ok_and(|sig| public.verify_sha256(PROBE, &sig).is_ok())
    }
}

/// An RSA public key: the WeChat Pay public key or a certificate's key.
#[derive(Clone)]
pub struct PublicKey {
    inner: Arc<<Active as Backend>::PublicKey>,
    spki_der: Arc<[u8]>,
    modulus_len: usize,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("bits", &(self.modulus_len * 8))
            .field("spki_sha256", &self.spki_sha256())
            .finish()
    }
}

impl PublicKey {
    /// Loads `BEGIN PUBLIC KEY` (SPKI), `BEGIN RSA PUBLIC KEY` (PKCS#1) or the
    /// key of a `BEGIN CERTIFICATE`.
    pub fn from_pem(pem: impl AsRef<[u8]>) -> Result<Self> {
        let (label, der) = decode_pem(pem.as_ref())?;
        match label.as_str() {
            "PUBLIC KEY" => Self::from_spki_der(&der),
            "RSA PUBLIC KEY" => Self::from_pkcs1_der(&der),
            "CERTIFICATE" => Ok(Certificate::from_der(&der)?.public_key),
            "PRIVATE KEY" | "RSA PRIVATE KEY" => {
                Err(Error::KeyFormat { reason: "this is a private key; give the public key or certificate" })
            }
            _ => Err(Error::KeyFormat { reason: "PEM label is not PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE" }),
        }
    }

    /// Loads a DER `SubjectPublicKeyInfo`.
    pub fn from_spki_der(der: &[u8]) -> Result<Self> {
        let key = <Active as Backend>::public_key_from_spki(der)?;
        let modulus_len = <Active as Backend>::public_modulus_len(&key);
        Ok(Self { inner: Arc::new(key), spki_der: der.into(), modulus_len })
    }

    /// Loads a DER PKCS#1 `RSAPublicKey`.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        Self::from_spki_der(&encoding::pkcs1_public_to_spki(der))
    }

    /// Reads and loads a PEM file (see [`PublicKey::from_pem`]).
    pub fn from_pem_file(path: impl AsRef<std::path::Path>) -> Result<Self> {
        Self::from_pem(&*read_file(path.as_ref())?)
    }

    /// Modulus length in bytes (256 for RSA-2048): the exact length a signature must have.
    pub fn modulus_len(&self) -> usize {
        self.modulus_len
    }

    /// The DER `SubjectPublicKeyInfo`.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// Lowercase hex SHA-256 of the DER `SubjectPublicKeyInfo` (a key's identity).
    pub fn spki_sha256(&self) -> String {
        encoding::hex_lower(&digest::sha256(&self.spki_der))
    }

    /// Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature over raw bytes.
    ///
    /// Errors: [`Error::SignatureMalformed`] unless the signature has the
    /// modulus length, [`Error::SignatureInvalid`] when it does not verify.
    pub fn verify_sha256(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        if signature.len() != self.modulus_len {
            return Err(Error::SignatureMalformed {
                reason: "length differs from the key's modulus (256 bytes for RSA-2048)",
            });
        }
        if <Active as Backend>::verify_sha256(&self.inner, message, signature) {
            Ok(())
        } else {
            Err(Error::SignatureInvalid)
        }
    }

    /// [`PublicKey::verify_sha256`] for a base64 signature (`signature`,
    /// `paySign`, `Wechatpay-Signature`): canonical standard base64 only.
    pub fn verify_sha256_base64(&self, message: &[u8], signature: &str) -> Result<()> {
        let raw = encoding::base64_decode(signature, "signature")
            .map_err(|_| Error::SignatureMalformed { reason: "not canonical standard base64" })?;
        self.verify_sha256(message, &raw)
    }

    /// `-----BEGIN PUBLIC KEY-----` PEM (SPKI), the form of WeChat Pay's `pub_key.pem`.
    pub fn to_pem(&self) -> String {
        encoding::pem_encode("PUBLIC KEY", &self.spki_der).to_string()
    }

    /// RSAES-OAEP (SHA-1, MGF1-SHA-1, empty label) encryption of raw bytes,
    /// randomised. [`crate::v3::sensitive`] is the step with base64 and the
    /// `Wechatpay-Serial` to send.
    ///
    /// Errors: [`Error::PlaintextTooLong`] beyond what the key holds (214
    /// bytes for RSA-2048: the modulus less 42 bytes of OAEP-SHA-1 overhead).
    pub fn encrypt_oaep_sha1(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        let max = self.modulus_len().saturating_sub(OAEP_SHA1_OVERHEAD);
        if plaintext.len() > max {
            return Err(Error::PlaintextTooLong { what: "OAEP plaintext", max, actual: plaintext.len() });
        }
        <Active as Backend>::oaep_sha1_encrypt(&self.inner, plaintext)
    }
}

/// An X.509 certificate: a platform certificate (which verifies WeChat Pay's
/// signatures) or the merchant API certificate (whose serial goes in
/// `Authorization`).
///
/// ```
/// # let pem = std::fs::read_to_string(format!("{}/keys/platform_cert.pem", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()))).unwrap();
/// use wechatpay_core::keys::Certificate;
/// let cert = Certificate::from_pem(&pem)?;
/// assert_eq!(cert.serial_no(), "1FFD9ECF271B7477C83ED82F1AF813A54B87007C");
/// assert!(cert.is_valid_at(1_795_392_000));
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Certificate {
    facts: Arc<CertificateFacts>,
    public_key: PublicKey,
}

struct CertificateFacts {
    der: Vec<u8>,
    serial_no: String,
    not_before: i64,
    not_after: i64,
    subject: String,
    issuer: String,
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("serial_no", &self.facts.serial_no)
            .field("subject", &self.facts.subject)
            .field("not_before", &clock::utc_or_seconds(self.facts.not_before))
            .field("not_after", &clock::utc_or_seconds(self.facts.not_after))
            .finish()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.facts.der == other.facts.der
    }
}

impl Eq for Certificate {}

impl Certificate {
    /// Loads one `BEGIN CERTIFICATE` PEM block.
    pub fn from_pem(pem: impl AsRef<[u8]>) -> Result<Self> {
        let (label, der) = decode_pem(pem.as_ref()).map_err(|_| Error::CertificateFormat {
            reason: "not a PEM document (expected -----BEGIN CERTIFICATE----- armour)",
        })?;
        if label != "CERTIFICATE" {
            return Err(Error::CertificateFormat { reason: "PEM label is not CERTIFICATE" });
        }
        Self::from_der(&der)
    }

    /// Loads a DER certificate. Trailing bytes are rejected.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        let cert = x509_cert::Certificate::from_der(der)
            .map_err(|_| Error::CertificateFormat { reason: "not a DER X.509 certificate" })?;
        let tbs = cert.tbs_certificate();
        let serial = tbs.serial_number().as_bytes();
        // WeChat Pay prints the serial's magnitude: a DER sign byte 0x00 is not part of it.
        let serial = match serial {
            [0, rest @ ..] if !rest.is_empty() => rest,
            other => other,
        };
        let validity = tbs.validity();
        let spki = tbs
            .subject_public_key_info()
            .to_der()
            .map_err(|_| Error::CertificateFormat { reason: "subject public key cannot be encoded" })?;
        let public_key = PublicKey::from_spki_der(&spki).map_err(|_| Error::CertificateFormat {
            reason: "the certificate's key is not an RSA key of 2048 to 8192 bits",
        })?;
        let unix = |t: x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
        let facts = CertificateFacts {
            der: der.to_vec(),
            serial_no: encoding::hex_upper(serial),
            not_before: unix(validity.not_before),
            not_after: unix(validity.not_after),
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
        };
        Ok(Self { facts: Arc::new(facts), public_key })
    }

    /// Reads and loads a PEM file.
    pub fn from_pem_file(path: impl AsRef<std::path::Path>) -> Result<Self> {
        Self::from_pem(&*read_file(path.as_ref())?)
    }

    /// Serial number as `openssl x509 -noout -serial` prints it and WeChat Pay
    /// sends it in `Wechatpay-Serial`: uppercase hex, two digits per byte.
    pub fn serial_no(&self) -> &str {
        &self.facts.serial_no
    }

    /// Start of validity, Unix seconds.
    pub fn not_before(&self) -> i64 {
        self.facts.not_before
    }

    /// End of validity, Unix seconds.
    pub fn not_after(&self) -> i64 {
        self.facts.not_after
    }

    /// Whether `not_before <= unix_time <= not_after`.
    pub fn is_valid_at(&self, unix_time: i64) -> bool {
        self.facts.not_before <= unix_time && unix_time <= self.facts.not_after
    }

    /// Subject as an RFC 4514 string (last RDN first), e.g. `CN=…,O=…,C=CN`.
    pub fn subject(&self) -> &str {
        &self.facts.subject
    }

    /// Issuer as an RFC 4514 string.
    pub fn issuer(&self) -> &str {
        &self.facts.issuer
    }

    /// Uppercase hex SHA-256 of the DER certificate.
    pub fn sha256_fingerprint(&self) -> String {
        encoding::hex_upper(&digest::sha256(&self.facts.der))
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.facts.der
    }

    /// `-----BEGIN CERTIFICATE-----` PEM, 64 columns, ending with a line feed.
    pub fn to_pem(&self) -> String {
        encoding::pem_encode("CERTIFICATE", &self.facts.der).to_string()
    }

    /// The certificate's public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }
}

/// The APIv3 key (APIv3密钥): 32 bytes used as they are as the AES-256-GCM key
/// of callbacks and certificate downloads. Prints as `[redacted]`, zeroized on drop.
///
/// ```
/// use wechatpay_core::keys::ApiV3Key;
/// assert!(ApiV3Key::new("0123456789abcdefghijklmnopqrstuv").is_ok());
/// assert_eq!(ApiV3Key::new("too short").unwrap_err().kind().as_str(), "SECRET_LENGTH");
/// ```
#[derive(Clone)]
pub struct ApiV3Key(Zeroizing<[u8; 32]>);

impl fmt::Debug for ApiV3Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiV3Key([redacted])")
    }
}

impl ApiV3Key {
    /// Takes the key's bytes (its 32 ASCII characters, not hex- or base64-decoded).
    pub fn new(key: impl AsRef<[u8]>) -> Result<Self> {
        let key = key.as_ref();
        let bytes: [u8; 32] =
            key.try_into().map_err(|_| Error::SecretLength { what: "APIv3 key", expected: 32, actual: key.len() })?;
        Ok(Self(Zeroizing::new(bytes)))
    }

    pub(crate) fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

/// The APIv2 key (APIv2密钥): exactly 32 bytes of text, the secret of MD5 /
/// HMAC-SHA256 signs and of the refund `req_info`. A different secret from
/// the [`ApiV3Key`] although both are 32 characters, so they are easy to mix
/// up. Prints as `[redacted]`, zeroized on drop.
///
/// ```
/// use wechatpay_core::keys::ApiV2Key;
///
/// let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
/// assert_eq!(format!("{key:?}"), "ApiV2Key([redacted])");
/// assert_eq!(ApiV2Key::new("too short").unwrap_err().kind().as_str(), "SECRET_LENGTH");
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
#[derive(Clone)]
pub struct ApiV2Key(Zeroizing<[u8; 32]>);

impl fmt::Debug for ApiV2Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiV2Key([redacted])")
    }
}

impl ApiV2Key {
    /// Takes the key's 32 bytes (its characters as set in the merchant platform).
    ///
    /// Errors: [`Error::SecretLength`] unless 32 bytes, [`Error::NotUtf8`]
    /// unless text (it is hashed as part of a string).
    pub fn new(key: impl AsRef<[u8]>) -> Result<Self> {
        let key = key.as_ref();
        let bytes: [u8; 32] =
            key.try_into().map_err(|_| Error::SecretLength { what: "APIv2 key", expected: 32, actual: key.len() })?;
        let bytes = Zeroizing::new(bytes);
        if std::str::from_utf8(&bytes[..]).is_err() {
            return Err(Error::NotUtf8 { what: "APIv2 key" });
        }
        Ok(Self(bytes))
    }

    /// The key as text; only the signing and decryption code may see it.
    pub(crate) fn expose(&self) -> &str {
        // Checked to be UTF-8 in `new`.
        std::str::from_utf8(&self.0[..]).unwrap_or_default()
    }
}

/// The label and the DER, zeroized on drop: a private key handed to a public
/// key or certificate loader by mistake must not stay behind in freed memory.
fn decode_pem(input: &[u8]) -> Result<(String, Zeroizing<Vec<u8>>)> {
    // Files saved by editors often carry a BOM or stray blank lines.
    let input = input.strip_prefix("\u{feff}".as_bytes()).unwrap_or(input).trim_ascii();
    let (label, der) = pem_rfc7468::decode_vec(input).map_err(|_| PEM_BAD)?;
    Ok((label.to_owned(), Zeroizing::new(der)))
}

fn read_file(path: &std::path::Path) -> Result<Zeroizing<Vec<u8>>> {
    // The path is not a secret, the contents may be (whichever loader was called):
    // only the path and the OS reason are reported, and the bytes are zeroized.
    std::fs::read(path).map(Zeroizing::new).map_err(|err| Error::Io(format!("{}: {}", path.display(), err.kind())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    use crate::test_support::read;

    #[test]
    fn pkcs1_and_pkcs8_give_the_same_signatures() {
        let a = PrivateKey::from_pem(read("keys/apiclient_key.pem")).unwrap();
        let b = PrivateKey::from_pem(read("keys/apiclient_key_pkcs1.pem")).unwrap();
        assert_eq!(a.sign_sha256(b"x").unwrap(), b.sign_sha256(b"x").unwrap());
        assert_eq!(a.modulus_len(), 256);
    }

    #[test]
    fn oaep_takes_and_gives_raw_bytes() {
        let private = PrivateKey::from_pem(read("keys/apiclient_key.pem")).unwrap();
        let public = private.public_key().unwrap();
        let binary = [0u8, 0xff, 0xfe, 0x80, 0];
        let sealed = public.encrypt_oaep_sha1(&binary).unwrap();
        assert_eq!(sealed.len(), 256);
        assert_ne!(public.encrypt_oaep_sha1(&binary).unwrap(), sealed, "OAEP is randomised");
        assert_eq!(private.decrypt_oaep_sha1(&sealed).unwrap(), binary);
        assert_eq!(public.encrypt_oaep_sha1(&[]).map(|c| private.decrypt_oaep_sha1(&c).unwrap()).unwrap(), b"");
        assert_eq!(public.encrypt_oaep_sha1(&[1; 214]).map(|c| c.len()).unwrap(), 256);
        assert_eq!(public.encrypt_oaep_sha1(&[1; 215]).unwrap_err().kind(), ErrorKind::PlaintextTooLong);
        assert_eq!(private.decrypt_oaep_sha1(&sealed[1..]).unwrap_err().kind(), ErrorKind::CiphertextLength);
        let mut tampered = sealed.clone();
        tampered[7] ^= 1;
        assert_eq!(private.decrypt_oaep_sha1(&tampered).unwrap_err().kind(), ErrorKind::DecryptFailed);
        let other = PrivateKey::from_pem(read("keys/platform_key.pem")).unwrap();
        assert_eq!(other.decrypt_oaep_sha1(&sealed).unwrap_err().kind(), ErrorKind::DecryptFailed);
    }

    #[test]
    fn der_forms_load() {
        let (_, pkcs8) = decode_pem(&read("keys/apiclient_key.pem")).unwrap();
        let (_, pkcs1) = decode_pem(&read("keys/apiclient_key_pkcs1.pem")).unwrap();
        let a = PrivateKey::from_der(&pkcs8).unwrap();
        let b = PrivateKey::from_der(&pkcs1).unwrap();
        assert_eq!(a.sign_sha256(b"m").unwrap(), b.sign_sha256(b"m").unwrap());
    }

    #[test]
    fn pkcs12_both_encryptions_load_and_wrong_password_is_typed() {
        let key = PrivateKey::from_pem(read("keys/apiclient_key.pem")).unwrap();
        for file in ["keys/apiclient_cert.p12", "keys/apiclient_cert_aes.p12"] {
            let (k, cert) = PrivateKey::from_pkcs12(&read(file), "1900000109").unwrap();
            assert_eq!(cert.serial_no(), "296D147D571B14F7E5D66631C45FC6E6DEEA77EC");
            assert_eq!(k.sign_sha256(b"p").unwrap(), key.sign_sha256(b"p").unwrap());
            let err = PrivateKey::from_pkcs12(&read(file), "wrong").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Pkcs12);
        }
        assert_eq!(PrivateKey::from_pkcs12(b"garbage", "x").unwrap_err().kind(), ErrorKind::Pkcs12);
    }

    #[test]
    fn public_keys_in_every_form() {
        let spki = PublicKey::from_pem(read("keys/wechatpay_pub_key.pem")).unwrap();
        let priv_key = PrivateKey::from_pem(read("keys/wechatpay_pub_key_private.pem")).unwrap();
        assert!(priv_key.matches(&spki));
        let cert = PublicKey::from_pem(read("keys/platform_cert.pem")).unwrap();
        assert!(!priv_key.matches(&cert));
        // PKCS#1 RSAPublicKey: strip the SPKI wrapper by re-encoding via the DER helper round trip.
        let spki_der = spki.spki_der().to_vec();
        let pkcs1 = x509_cert::spki::SubjectPublicKeyInfoOwned::from_der(&spki_der).unwrap();
        let pkcs1 = pkcs1.subject_public_key.raw_bytes().to_vec();
        let again = PublicKey::from_pkcs1_der(&pkcs1).unwrap();
        assert_eq!(again.spki_der(), spki.spki_der());
    }

    #[test]
    fn secrets_never_print() {
        let pem = read("keys/apiclient_key.pem");
        let key = PrivateKey::from_pem(&pem).unwrap();
        assert_eq!(format!("{key:?}"), "PrivateKey([redacted])");
        let v3 = ApiV3Key::new("BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78").unwrap();
        assert!(!format!("{v3:?}").contains("BZ8C"));
        let v2 = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        assert_eq!(format!("{v2:?} {:#?}", v2.clone()), "ApiV2Key([redacted]) ApiV2Key([redacted])");
        assert_eq!(v2.expose(), "192006250b4c09247ec02edce69f6a2d");
    }

    #[test]
    fn apiv2_key_length_and_text_are_checked() {
        let err = ApiV2Key::new("192006250b4c09247ec02edce69f6a2").unwrap_err();
        assert_eq!(err, Error::SecretLength { what: "APIv2 key", expected: 32, actual: 31 });
        assert_eq!(ApiV2Key::new("").unwrap_err().kind(), ErrorKind::SecretLength);
        // 11 CJK characters are 33 bytes: the rule counts bytes.
        assert_eq!(ApiV2Key::new("一二三四五六七八九十壹").unwrap_err().kind(), ErrorKind::SecretLength);
        assert_eq!(ApiV2Key::new([0xffu8; 32]).unwrap_err().kind(), ErrorKind::NotUtf8);
        assert!(ApiV2Key::new(b"192006250b4c09247ec02edce69f6a2d").is_ok());
    }

    #[test]
    fn exports_load_back() {
        let key = PrivateKey::from_pem(read("keys/apiclient_key_pkcs1.pem")).unwrap();
        let pkcs8 = PrivateKey::from_pem(read("keys/apiclient_key.pem")).unwrap();
        assert_eq!(&key.to_pkcs8_der()[..], &pkcs8.to_pkcs8_der()[..]);
        assert_eq!(key.to_pkcs8_pem().as_bytes(), &read("keys/apiclient_key.pem")[..]);
        let cert = Certificate::from_pem(read("keys/apiclient_cert.pem")).unwrap();
        assert_eq!(cert.to_pem().as_bytes(), &read("keys/apiclient_cert.pem")[..]);
        let public = key.public_key().unwrap();
        assert_eq!(public.spki_der(), cert.public_key().spki_der());
        let spki = PublicKey::from_pem(read("keys/wechatpay_pub_key.pem")).unwrap();
        assert_eq!(spki.to_pem().as_bytes(), &read("keys/wechatpay_pub_key.pem")[..]);
        let sig = key.sign_sha256_base64(b"m").unwrap();
        public.verify_sha256_base64(b"m", &sig).unwrap();
        assert_eq!(public.verify_sha256_base64(b"n", &sig).unwrap_err().kind(), ErrorKind::SignatureInvalid);
        assert_eq!(public.verify_sha256_base64(b"m", "AAAA").unwrap_err().kind(), ErrorKind::SignatureMalformed);
        assert_eq!(public.verify_sha256_base64(b"m", "!").unwrap_err().kind(), ErrorKind::SignatureMalformed);
    }

    #[test]
    fn bad_inputs_have_kinds() {
        assert_eq!(PrivateKey::from_pem("nope").unwrap_err().kind(), ErrorKind::KeyFormat);
        assert_eq!(PrivateKey::from_pem(read("keys/platform_cert.pem")).unwrap_err().kind(), ErrorKind::KeyFormat);
        assert_eq!(PrivateKey::from_der(b"\x30\x03\x02\x01\x00").unwrap_err().kind(), ErrorKind::KeyFormat);
        assert_eq!(PublicKey::from_pem(read("keys/apiclient_key.pem")).unwrap_err().kind(), ErrorKind::KeyFormat);
        assert_eq!(
            Certificate::from_pem(read("keys/apiclient_key.pem")).unwrap_err().kind(),
            ErrorKind::CertificateFormat
        );
        assert_eq!(Certificate::from_der(b"\x30\x00").unwrap_err().kind(), ErrorKind::CertificateFormat);
        let mut pem = String::from_utf8(read("keys/platform_cert.pem")).unwrap();
        pem.push_str("trailing text");
        assert_eq!(Certificate::from_pem(&pem).unwrap_err().kind(), ErrorKind::CertificateFormat);
        assert_eq!(PrivateKey::from_pem_file("/nonexistent/key.pem").unwrap_err().kind(), ErrorKind::Io);
    }

    #[test]
    fn whitespace_and_bom_around_pem_are_tolerated() {
        let mut pem = b"\xef\xbb\xbf\n\n".to_vec();
        pem.extend(read("keys/platform_cert.pem"));
        pem.extend(b"\n\n  ");
        assert!(Certificate::from_pem(&pem).is_ok());
    }

    #[test]
    fn serial_with_sign_byte_is_dropped() {
        // A serial whose top bit is set is encoded with a leading 00 (21 octets for a 20-byte serial).
        for entry in serde_json::from_slice::<Vec<serde_json::Value>>(&read("cert_info.json")).unwrap() {
            if entry.get("kind").is_some() {
                continue;
            }
            let cert = Certificate::from_pem(read(entry["file"].as_str().unwrap())).unwrap();
            assert_eq!(cert.serial_no(), entry["serial_no"].as_str().unwrap());
        }
    }
}
