//! `resource`: AEAD_AES_256_GCM resources (callbacks, certificates), and
//! `sensitive`: RSA-OAEP sensitive fields.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};
use wechatpay_core::v3::{resource as core, sensitive};

use crate::errors::Res;
use crate::keys::{ApiV3Key, Certificate, PrivateKey, PublicKey};

/// Decrypts a resource (`ciphertext` base64 with its tag) to text.
#[pyfunction]
fn decrypt(py: Python<'_>, apiv3_key: &ApiV3Key, nonce: &str, associated_data: &str, ciphertext: &str) -> Res<String> {
    Ok(py.detach(|| core::decrypt(&apiv3_key.0, nonce, associated_data, ciphertext))?)
}

/// Decrypts a resource to bytes.
#[pyfunction]
fn decrypt_bytes<'py>(
    py: Python<'py>,
    apiv3_key: &ApiV3Key,
    nonce: &str,
    associated_data: &str,
    ciphertext: &str,
) -> Res<Bound<'py, PyBytes>> {
    let plain = py.detach(|| core::decrypt_bytes(&apiv3_key.0, nonce, associated_data, ciphertext))?;
    Ok(PyBytes::new(py, &plain))
}

/// Encrypts bytes to a resource ciphertext (base64 with tag).
#[pyfunction]
fn encrypt_bytes(
    py: Python<'_>,
    apiv3_key: &ApiV3Key,
    nonce: &str,
    associated_data: &str,
    plaintext: &Bound<'_, PyAny>,
) -> Res<String> {
    let plaintext = crate::convert::bytes_like(plaintext, "plaintext")?;
    Ok(py.detach(|| core::encrypt_bytes(&apiv3_key.0, nonce, associated_data, &plaintext))?)
}

/// Encrypts text to a resource ciphertext (base64 with tag).
#[pyfunction]
fn encrypt(py: Python<'_>, apiv3_key: &ApiV3Key, nonce: &str, associated_data: &str, plaintext: &str) -> Res<String> {
    Ok(py.detach(|| core::encrypt(&apiv3_key.0, nonce, associated_data, plaintext))?)
}

pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = crate::submodule(parent, "resource")?;
    m.add("ALGORITHM", core::ALGORITHM)?;
    m.add_function(wrap_pyfunction!(decrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(decrypt_bytes, &m)?)?;
    m.add_function(wrap_pyfunction!(encrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(encrypt_bytes, &m)?)?;
    parent.add_class::<SensitiveEncryptor>()?;
    parent.add_class::<SensitiveDecryptor>()?;
    Ok(())
}

/// Encrypts sensitive fields (names, phone numbers) to a platform certificate
/// or WeChat Pay public key; send `.serial` as `Wechatpay-Serial`.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct SensitiveEncryptor(sensitive::SensitiveEncryptor);

#[pymethods]
impl SensitiveEncryptor {
    #[classmethod]
    fn from_certificate(_cls: &Bound<'_, PyType>, certificate: &Certificate) -> Self {
        Self(sensitive::SensitiveEncryptor::from_certificate(&certificate.0))
    }
    /// Encrypts to a WeChat Pay public key; `key_id` is its `PUB_KEY_ID_...`.
    #[classmethod]
    fn from_public_key(_cls: &Bound<'_, PyType>, key_id: &str, public_key: &PublicKey) -> Res<Self> {
        Ok(Self(sensitive::SensitiveEncryptor::from_public_key(key_id, public_key.0.clone())?))
    }
    /// Encrypts to the certificate of `trust_store` to use at `now` (default: now).
    #[classmethod]
    #[pyo3(signature = (trust_store, now = None))]
    fn from_trust_store(
        _cls: &Bound<'_, PyType>,
        trust_store: &crate::verify::TrustStore,
        now: Option<&Bound<'_, PyAny>>,
    ) -> Res<Self> {
        let now = match now {
            Some(now) => crate::unix_seconds(now)?,
            None => wechatpay_core::clock::now(),
        };
        Ok(Self(sensitive::SensitiveEncryptor::from_trust_store_at(&trust_store.0, now)?))
    }
    /// What the request's `Wechatpay-Serial` header must carry.
    #[getter]
    fn serial(&self) -> &str {
        self.0.serial()
    }
    /// Most plaintext bytes one field can hold (214 for RSA-2048).
    #[getter]
    fn max_plaintext_len(&self) -> usize {
        self.0.max_plaintext_len()
    }
    /// Encrypts one field to base64.
    fn encrypt(&self, py: Python<'_>, plaintext: &str) -> Res<String> {
        Ok(py.detach(|| self.0.encrypt(plaintext))?)
    }
    fn __repr__(&self) -> String {
        format!("SensitiveEncryptor(serial='{}')", self.0.serial())
    }
}

/// Decrypts sensitive fields WeChat Pay encrypted to the merchant key.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct SensitiveDecryptor(sensitive::SensitiveDecryptor);

#[pymethods]
impl SensitiveDecryptor {
    #[new]
    fn new(private_key: &PrivateKey) -> Self {
        Self(sensitive::SensitiveDecryptor::new(private_key.0.clone()))
    }
    /// Decrypts one base64 field to text.
    fn decrypt(&self, py: Python<'_>, ciphertext: &str) -> Res<String> {
        Ok(py.detach(|| self.0.decrypt(ciphertext))?)
    }
    fn __repr__(&self) -> &'static str {
        "SensitiveDecryptor([redacted])"
    }
}
