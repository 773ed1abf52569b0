//! Platform-certificate download (`GET /v3/certificates`), authenticated.
//!
//! The first download cannot be verified with a certificate one does not have
//! yet. Instead of skipping verification (as several SDKs do), every
//! `encrypt_certificate` is decrypted first (the GCM tag under the APIv3 key
//! authenticates it), the decrypted set is checked against the listed serials,
//! and then the response's own signature is verified with that set.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::keys::{ApiV3Key, Certificate};
use crate::v3::cipher;
use crate::v3::verify::{TrustStore, Verifier, WechatpayHeaders};

#[derive(Deserialize)]
struct Listing {
    data: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    serial_no: String,
    encrypt_certificate: Encrypted,
}

#[derive(Deserialize)]
struct Encrypted {
    algorithm: String,
    nonce: String,
    #[serde(default)]
    associated_data: Option<String>,
    ciphertext: String,
}

/// Decrypts every certificate of a `/v3/certificates` body. Each must decrypt,
/// parse, and carry the serial it is listed under. Does **not** verify the
/// response signature: use [`download_response`] for that.
pub fn decrypt_certificates(body: &[u8], apiv3_key: &ApiV3Key) -> Result<Vec<Certificate>> {
    let listing: Listing = serde_json::from_slice(body).map_err(|err| Error::json("/v3/certificates body", &err))?;
    let mut certificates = Vec::with_capacity(listing.data.len());
    for entry in listing.data {
        let encrypted = entry.encrypt_certificate;
        if encrypted.algorithm != cipher::ALGORITHM {
            return Err(Error::AlgorithmUnsupported {
                what: "encrypt_certificate.algorithm",
                found: encrypted.algorithm,
            });
        }
        let pem = cipher::decrypt_resource(
            apiv3_key,
            &encrypted.nonce,
            encrypted.associated_data.as_deref().unwrap_or_default(),
            &encrypted.ciphertext,
        )?;
        let certificate = Certificate::from_pem(&pem)?;
        if certificate.serial_no() != entry.serial_no {
            return Err(Error::CertificateFormat {
                reason: "a decrypted certificate's serial differs from its serial_no",
            });
        }
        certificates.push(certificate);
    }
    Ok(certificates)
}

/// Handles a complete `/v3/certificates` response: decrypts the certificates,
/// then verifies the response (signature, replay window, validity at `now`)
/// with them. Returns the certificates, ready for a [`TrustStore`].
///
/// A merchant that uses only the WeChat Pay public key gets `{"data":[]}` or an
/// API error here; an empty list is returned as such (then the response cannot
/// be verified with its own content, so its signature is checked against
/// `fallback`, the store you already have, if given).
pub fn download_response(
    headers: &WechatpayHeaders,
    body: &[u8],
    apiv3_key: &ApiV3Key,
    fallback: Option<&TrustStore>,
    now: i64,
) -> Result<Vec<Certificate>> {
    let certificates = decrypt_certificates(body, apiv3_key)?;
    let mut store = fallback.cloned().unwrap_or_default();
    for certificate in &certificates {
        store.add_certificate(certificate.clone());
    }
    Verifier::new(store).verify_at(headers, body, now)?;
    Ok(certificates)
}
