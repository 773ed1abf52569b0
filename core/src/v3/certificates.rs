//! Platform-certificate download (`GET /v3/certificates`), authenticated.
//!
//! The first download cannot be verified with a certificate one does not have
//! yet. Instead of skipping verification (as several SDKs do), every
//! `encrypt_certificate` is decrypted first (the GCM tag under the APIv3 key
//! authenticates it), the decrypted set is checked against the listed serials,
//! and then the response's own signature is verified with that set.

use serde::Deserialize;

use crate::error::{Error, Result, echo};
use crate::keys::{ApiV3Key, Certificate};
use crate::v3::resource;
use crate::v3::verify::{Verifier, WechatpayHeaders};

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
        if encrypted.algorithm != resource::ALGORITHM {
            return Err(Error::AlgorithmUnsupported {
                what: "encrypt_certificate.algorithm",
                expected: resource::ALGORITHM,
                found: echo(&encrypted.algorithm),
            });
        }
        let pem = resource::decrypt(
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
/// then verifies the response (signature, `verifier`'s replay window,
/// validity at `now`) with them. Returns the certificates, ready for a
/// [`TrustStore`](crate::v3::verify::TrustStore).
///
/// The certificates of the body are tried together with those `verifier`
/// already trusts (on a detached copy: the verifier's store is not changed).
/// A merchant that uses only the WeChat Pay public key gets `{"data":[]}` or an
/// API error here; an empty list is returned as such, its signature checked
/// against the public key the verifier holds.
pub fn download_response_at(
    headers: &WechatpayHeaders,
    body: &[u8],
    apiv3_key: &ApiV3Key,
    verifier: &Verifier,
    now: i64,
) -> Result<Vec<Certificate>> {
    let certificates = decrypt_certificates(body, apiv3_key)?;
    let store = verifier.trust_store().detached_copy();
    for certificate in &certificates {
        store.add_certificate(certificate.clone());
    }
    Verifier::new(store, verifier.options().clone()).verify_at(headers, body, now)?;
    Ok(certificates)
}

/// [`download_response_at`] with the verifier's clock as now.
pub fn download_response(
    headers: &WechatpayHeaders,
    body: &[u8],
    apiv3_key: &ApiV3Key,
    verifier: &Verifier,
) -> Result<Vec<Certificate>> {
    download_response_at(headers, body, apiv3_key, verifier, verifier.options().clock.now())
}

/// The body of a `/v3/certificates` answer, as WeChat Pay builds it (for a
/// simulator or a test): each certificate's serial, validity as
/// `effective_time` / `expire_time` (`+08:00`), and its PEM encrypted under the
/// APIv3 key with associated data `certificate` and a fresh 12-character nonce.
///
/// ```
/// # let dir = format!("{}/keys/", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()));
/// use wechatpay_core::keys::{ApiV3Key, Certificate};
/// use wechatpay_core::v3::certificates::{certificates_body, decrypt_certificates};
/// let key = ApiV3Key::new("BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78")?;
/// let cert = Certificate::from_pem_file(format!("{dir}platform_cert.pem"))?;
/// let body = certificates_body(&key, &[cert.clone()])?;
/// assert_eq!(decrypt_certificates(body.as_bytes(), &key)?, [cert]);
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn certificates_body(apiv3_key: &ApiV3Key, certificates: &[Certificate]) -> Result<String> {
    let mut data = Vec::with_capacity(certificates.len());
    for certificate in certificates {
        let nonce = crate::nonce::generate_len(crate::nonce::GCM_NONCE_LEN)?;
        let ciphertext = resource::encrypt(apiv3_key, &nonce, "certificate", &certificate.to_pem())?;
        data.push(serde_json::json!({
            "serial_no": certificate.serial_no(),
            "effective_time": crate::clock::format_china(certificate.not_before())?,
            "expire_time": crate::clock::format_china(certificate.not_after())?,
            "encrypt_certificate": {
                "algorithm": resource::ALGORITHM,
                "nonce": nonce,
                "associated_data": "certificate",
                "ciphertext": ciphertext,
            },
        }));
    }
    serde_json::to_string(&serde_json::json!({ "data": data }))
        .map_err(|err| Error::json("/v3/certificates body", &err))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::keys::PrivateKey;
    use crate::v3::verify::{TrustStore, VerifierOptions};

    fn pem(name: &str) -> String {
        crate::test_support::read_string(&format!("keys/{name}"))
    }

    fn verifier(store: TrustStore) -> Verifier {
        Verifier::new(store, VerifierOptions::default())
    }

    fn key() -> ApiV3Key {
        ApiV3Key::new("BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78").unwrap()
    }

    /// A `/v3/certificates` body as WeChat Pay builds it, each entry listed
    /// under `serial` (which may be a lie, to test the check).
    fn body(entries: &[(&str, &str)], apiv3_key: &ApiV3Key) -> String {
        let certificates: Vec<Certificate> =
            entries.iter().map(|(_, file)| Certificate::from_pem(pem(file)).unwrap()).collect();
        let mut body: serde_json::Value =
            serde_json::from_str(&certificates_body(apiv3_key, &certificates).unwrap()).unwrap();
        for (entry, (serial, _)) in body["data"].as_array_mut().unwrap().iter_mut().zip(entries) {
            entry["serial_no"] = (*serial).into();
        }
        body.to_string()
    }

    fn signed_headers(body: &str, signer_key: &str, serial: &str, timestamp: i64) -> WechatpayHeaders {
        let key = PrivateKey::from_pem(pem(signer_key)).unwrap();
        let nonce = "c5ac7061fccab6bf3e254dcf98995b8c";
        let signature = key.sign_sha256_base64(format!("{timestamp}\n{nonce}\n{body}\n").as_bytes()).unwrap();
        WechatpayHeaders {
            timestamp: timestamp.to_string(),
            nonce: nonce.into(),
            serial: serial.into(),
            signature,
            signature_type: None,
            request_id: None,
        }
    }

    const P1: &str = "1FFD9ECF271B7477C83ED82F1AF813A54B87007C";
    const P2: &str = "76CC70354CFE7C3DCB75E9F754D4CEB61212062D";
    const NOW: i64 = 1_795_392_000; // 2026-11-23

    #[test]
    fn bootstrap_download_is_authenticated_by_its_own_content() {
        let body = body(&[(P1, "platform_cert.pem"), (P2, "platform2_cert.pem")], &key());
        let headers = signed_headers(&body, "platform2_key.pem", P2, NOW);
        let certificates =
            download_response_at(&headers, body.as_bytes(), &key(), &verifier(TrustStore::new()), NOW).unwrap();
        let serials: Vec<&str> = certificates.iter().map(Certificate::serial_no).collect();
        assert_eq!(serials, [P1, P2]);
        let store = TrustStore::new();
        certificates.into_iter().for_each(|c| store.add_certificate(c));
        // platform2 stays valid longer: it is the one to encrypt with.
        assert_eq!(store.certificate_for_encryption_at(NOW).map(|c| c.serial_no().to_owned()).as_deref(), Some(P2));
    }

    #[test]
    fn a_response_signed_by_a_key_outside_the_set_is_refused() {
        let body = body(&[(P1, "platform_cert.pem")], &key());
        let headers = signed_headers(&body, "other_key.pem", P1, NOW);
        let err =
            download_response_at(&headers, body.as_bytes(), &key(), &verifier(TrustStore::new()), NOW).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SignatureInvalid);
        // Signed by platform2, which the body does not contain: unknown serial, no download attempted.
        let headers = signed_headers(&body, "platform2_key.pem", P2, NOW);
        let err =
            download_response_at(&headers, body.as_bytes(), &key(), &verifier(TrustStore::new()), NOW).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SerialUnknown);
    }

    #[test]
    fn wrong_apiv3_key_mislabelled_serial_and_bad_shapes_are_typed() {
        let other = ApiV3Key::new("0123456789abcdefghijklmnopqrstuv").unwrap();
        let body_other_key = body(&[(P1, "platform_cert.pem")], &other);
        let err = decrypt_certificates(body_other_key.as_bytes(), &key()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::DecryptFailed);
        let mislabelled = body(&[(P2, "platform_cert.pem")], &key());
        let err = decrypt_certificates(mislabelled.as_bytes(), &key()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CertificateFormat);
        assert_eq!(decrypt_certificates(b"{\"data\":{}}", &key()).unwrap_err().kind(), ErrorKind::Json);
        assert!(decrypt_certificates(b"{\"data\":[]}", &key()).unwrap().is_empty());
        let sm4 = body(&[(P1, "platform_cert.pem")], &key()).replace("AEAD_AES_256_GCM", "AEAD_SM4_GCM");
        assert_eq!(decrypt_certificates(sm4.as_bytes(), &key()).unwrap_err().kind(), ErrorKind::AlgorithmUnsupported);
    }

    #[test]
    fn an_empty_list_is_verified_with_the_fallback_store() {
        let body = "{\"data\":[]}";
        let headers =
            signed_headers(body, "wechatpay_pub_key_private.pem", "PUB_KEY_ID_0119000001092025111800000000000001", NOW);
        let err =
            download_response_at(&headers, body.as_bytes(), &key(), &verifier(TrustStore::new()), NOW).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SerialUnknown);
        let store = TrustStore::new();
        let public = crate::keys::PublicKey::from_pem(pem("wechatpay_pub_key.pem")).unwrap();
        store.add_public_key("PUB_KEY_ID_0119000001092025111800000000000001", public).unwrap();
        assert!(
            download_response_at(&headers, body.as_bytes(), &key(), &verifier(store.clone()), NOW).unwrap().is_empty()
        );
        assert_eq!(store.len(), 1, "the verifier's own store is not changed");
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;
    use crate::ErrorKind;
    use crate::keys::PrivateKey;
    use crate::test_support::read_string;
    use crate::v3::verify::{TrustStore, VerifierOptions};

    #[test]
    fn the_callers_replay_window_applies() {
        let key = ApiV3Key::new("BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78").unwrap();
        let body = r#"{"data":[]}"#;
        let signer = PrivateKey::from_pem(read_string("keys/wechatpay_pub_key_private.pem")).unwrap();
        let id = "PUB_KEY_ID_0119000001092025111800000000000001";
        let (timestamp, nonce) = (1_795_392_000i64, "n");
        let signature = signer.sign_sha256_base64(format!("{timestamp}\n{nonce}\n{body}\n").as_bytes()).unwrap();
        let headers = WechatpayHeaders {
            timestamp: timestamp.to_string(),
            nonce: nonce.into(),
            serial: id.into(),
            signature,
            signature_type: None,
            request_id: None,
        };
        let store = TrustStore::new();
        store
            .add_public_key(id, crate::keys::PublicKey::from_pem(read_string("keys/wechatpay_pub_key.pem")).unwrap())
            .unwrap();
        let narrow = Verifier::new(store, VerifierOptions { replay_window: 10, ..Default::default() });
        assert!(download_response_at(&headers, body.as_bytes(), &key, &narrow, timestamp + 10).is_ok());
        let err = download_response_at(&headers, body.as_bytes(), &key, &narrow, timestamp + 11).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TimestampOutOfWindow);
    }
}
