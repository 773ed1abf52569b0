//! `keys`: PrivateKey, PublicKey, Certificate, ApiV3Key.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};
use wechatpay_core::keys;
use zeroize::Zeroizing;

use crate::convert::{bytes_like, bytes_or_str};
use crate::errors::Res;

/// An RSA private key (the merchant API key). Prints as `[redacted]`.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct PrivateKey(pub(crate) keys::PrivateKey);

#[pymethods]
impl PrivateKey {
    /// PEM (`BEGIN PRIVATE KEY` or `BEGIN RSA PRIVATE KEY`), as `str` or `bytes`.
    #[classmethod]
    fn from_pem(_cls: &Bound<'_, PyType>, py: Python<'_>, pem: &Bound<'_, PyAny>) -> Res<Self> {
        let pem = Zeroizing::new(bytes_or_str(pem, "pem")?);
        Ok(Self(py.detach(|| keys::PrivateKey::from_pem(&*pem))?))
    }

    /// DER, PKCS#8 or PKCS#1.
    #[classmethod]
    fn from_der(_cls: &Bound<'_, PyType>, py: Python<'_>, der: &Bound<'_, PyAny>) -> Res<Self> {
        let der = Zeroizing::new(bytes_like(der, "der")?);
        Ok(Self(py.detach(|| keys::PrivateKey::from_der(&der))?))
    }

    /// Reads a PEM file.
    #[classmethod]
    fn from_file(_cls: &Bound<'_, PyType>, py: Python<'_>, path: std::path::PathBuf) -> Res<Self> {
        Ok(Self(py.detach(|| keys::PrivateKey::from_pem_file(&path))?))
    }

    /// Key and certificate of a PKCS#12 bundle (`apiclient_cert.p12`; the password defaults to the mchid).
    #[classmethod]
    fn from_pkcs12(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        password: &str,
    ) -> Res<(Self, Certificate)> {
        let data = Zeroizing::new(bytes_like(data, "data")?);
        let (key, cert) = py.detach(|| keys::PrivateKey::from_pkcs12(&data, password))?;
        Ok((Self(key), Certificate(cert)))
    }

    /// Modulus length in bytes (256 for RSA-2048).
    #[getter]
    fn modulus_len(&self) -> usize {
        self.0.modulus_len()
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `message`.
    fn sign_sha256<'py>(&self, py: Python<'py>, message: &Bound<'py, PyAny>) -> Res<Bound<'py, PyBytes>> {
        let message = bytes_or_str(message, "message")?;
        let signature = py.detach(|| self.0.sign_sha256(&message))?;
        Ok(PyBytes::new(py, &signature))
    }

    /// The public half.
    #[getter]
    fn public_key(&self) -> Res<PublicKey> {
        Ok(PublicKey(self.0.public_key()?))
    }

    /// The key as unencrypted PKCS#8 DER (a secret: store it like the PEM file).
    fn to_pkcs8_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_pkcs8_der())
    }

    /// The key as `BEGIN PRIVATE KEY` PEM (a secret).
    fn to_pkcs8_pem(&self) -> String {
        self.0.to_pkcs8_pem().to_string()
    }

    /// Whether `public` is the public half of this key.
    fn matches(&self, py: Python<'_>, public: &PublicKey) -> bool {
        py.detach(|| self.0.matches(&public.0))
    }

    fn __repr__(&self) -> &'static str {
        "PrivateKey([redacted])"
    }
}

/// An RSA public key: the WeChat Pay public key, or a certificate's key.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct PublicKey(pub(crate) keys::PublicKey);

#[pymethods]
impl PublicKey {
    /// PEM: `BEGIN PUBLIC KEY`, `BEGIN RSA PUBLIC KEY` or a certificate's key.
    #[classmethod]
    fn from_pem(_cls: &Bound<'_, PyType>, py: Python<'_>, pem: &Bound<'_, PyAny>) -> Res<Self> {
        let pem = bytes_or_str(pem, "pem")?;
        Ok(Self(py.detach(|| keys::PublicKey::from_pem(&pem))?))
    }

    /// DER SubjectPublicKeyInfo.
    #[classmethod]
    fn from_der(_cls: &Bound<'_, PyType>, py: Python<'_>, der: &Bound<'_, PyAny>) -> Res<Self> {
        let der = bytes_like(der, "der")?;
        Ok(Self(py.detach(|| keys::PublicKey::from_spki_der(&der))?))
    }

    /// Reads a PEM file.
    #[classmethod]
    fn from_file(_cls: &Bound<'_, PyType>, py: Python<'_>, path: std::path::PathBuf) -> Res<Self> {
        Ok(Self(py.detach(|| keys::PublicKey::from_pem_file(&path))?))
    }

    #[getter]
    fn modulus_len(&self) -> usize {
        self.0.modulus_len()
    }

    /// Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
    #[getter]
    fn spki_sha256(&self) -> String {
        self.0.spki_sha256()
    }

    /// The DER SubjectPublicKeyInfo.
    fn spki_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.spki_der())
    }

    /// Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature of `message`; raises
    /// `SignatureInvalidError` (or `SignatureMalformedError`) when it does not verify.
    fn verify_sha256(&self, py: Python<'_>, message: &Bound<'_, PyAny>, signature: &Bound<'_, PyAny>) -> Res<()> {
        let message = bytes_or_str(message, "message")?;
        let signature = bytes_like(signature, "signature")?;
        Ok(py.detach(|| self.0.verify_sha256(&message, &signature))?)
    }

    /// Like `verify_sha256` with the signature as (strict) base64 text.
    fn verify_sha256_base64(&self, py: Python<'_>, message: &Bound<'_, PyAny>, signature: &str) -> Res<()> {
        let message = bytes_or_str(message, "message")?;
        Ok(py.detach(|| self.0.verify_sha256_base64(&message, signature))?)
    }

    /// `BEGIN PUBLIC KEY` PEM.
    fn to_pem(&self) -> String {
        self.0.to_pem()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PublicKey>().is_ok_and(|o| o.get().0.spki_der() == self.0.spki_der())
    }

    fn __hash__(&self) -> u64 {
        crate::hash_bytes(self.0.spki_der())
    }

    fn __repr__(&self) -> String {
        format!("PublicKey(bits={}, spki_sha256='{}')", self.0.modulus_len() * 8, self.0.spki_sha256())
    }
}

/// An X.509 certificate (platform or merchant).
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct Certificate(pub(crate) keys::Certificate);

#[pymethods]
impl Certificate {
    /// One `BEGIN CERTIFICATE` PEM block, as `str` or `bytes`.
    #[classmethod]
    fn from_pem(_cls: &Bound<'_, PyType>, py: Python<'_>, pem: &Bound<'_, PyAny>) -> Res<Self> {
        let pem = bytes_or_str(pem, "pem")?;
        Ok(Self(py.detach(|| keys::Certificate::from_pem(&pem))?))
    }

    /// A DER certificate.
    #[classmethod]
    fn from_der(_cls: &Bound<'_, PyType>, py: Python<'_>, der: &Bound<'_, PyAny>) -> Res<Self> {
        let der = bytes_like(der, "der")?;
        Ok(Self(py.detach(|| keys::Certificate::from_der(&der))?))
    }

    /// Reads a PEM file.
    #[classmethod]
    fn from_file(_cls: &Bound<'_, PyType>, py: Python<'_>, path: std::path::PathBuf) -> Res<Self> {
        Ok(Self(py.detach(|| keys::Certificate::from_pem_file(&path))?))
    }

    /// Serial as WeChat Pay and `openssl x509 -serial` print it (uppercase hex).
    #[getter]
    fn serial_no(&self) -> &str {
        self.0.serial_no()
    }

    /// Start of validity, an aware UTC `datetime`.
    #[getter]
    fn not_before<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::utc_datetime(py, self.0.not_before())
    }

    /// End of validity, an aware UTC `datetime`.
    #[getter]
    fn not_after<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::utc_datetime(py, self.0.not_after())
    }

    /// RFC 4514 subject.
    #[getter]
    fn subject(&self) -> &str {
        self.0.subject()
    }

    /// RFC 4514 issuer.
    #[getter]
    fn issuer(&self) -> &str {
        self.0.issuer()
    }

    /// Uppercase hex SHA-256 of the DER certificate.
    #[getter]
    fn fingerprint_sha256(&self) -> String {
        self.0.sha256_fingerprint()
    }

    /// The certificate's public key.
    #[getter]
    fn public_key(&self) -> PublicKey {
        PublicKey(self.0.public_key().clone())
    }

    /// `BEGIN CERTIFICATE` PEM.
    fn to_pem(&self) -> String {
        self.0.to_pem()
    }

    /// The DER encoding.
    fn der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.der())
    }

    /// Whether `when` (an aware `datetime`, or Unix seconds) is within the validity period.
    fn is_valid_at(&self, when: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.0.is_valid_at(crate::unix_seconds(when)?))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Certificate>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __hash__(&self) -> u64 {
        crate::hash_bytes(self.0.der())
    }

    fn __repr__(&self) -> String {
        format!("Certificate(serial_no='{}', subject='{}')", self.0.serial_no(), self.0.subject())
    }
}

/// The 32-byte APIv3 key (AES-256-GCM). Prints as `[redacted]`.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct ApiV3Key(pub(crate) keys::ApiV3Key);

#[pymethods]
impl ApiV3Key {
    /// `key`: the 32 ASCII characters set in the merchant platform, `str` or `bytes`.
    #[new]
    fn new(key: &Bound<'_, PyAny>) -> Res<Self> {
        let key = Zeroizing::new(bytes_or_str(key, "key")?);
        Ok(Self(keys::ApiV3Key::new(&*key)?))
    }

    fn __repr__(&self) -> &'static str {
        "ApiV3Key([redacted])"
    }
}

/// The 32-character APIv2 key (MD5 / HMAC-SHA256 signs, refund `req_info`). Prints as `[redacted]`.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct ApiV2Key(pub(crate) keys::ApiV2Key);

#[pymethods]
impl ApiV2Key {
    #[new]
    fn new(key: &Bound<'_, PyAny>) -> Res<Self> {
        let key = Zeroizing::new(bytes_or_str(key, "key")?);
        Ok(Self(keys::ApiV2Key::new(&*key)?))
    }

    fn __repr__(&self) -> &'static str {
        "ApiV2Key([redacted])"
    }
}
