//! Key and certificate loading: every PEM and DER entry point of `keys` on the
//! same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::ErrorKind;
use wechatpay_core::keys::{Certificate, PrivateKey, PublicKey};
use wechatpay_core_fuzz::check_error_in;

const KEY: &[ErrorKind] = &[ErrorKind::KeyFormat];
const CERT: &[ErrorKind] = &[ErrorKind::CertificateFormat];
const KEY_OR_CERT: &[ErrorKind] = &[ErrorKind::KeyFormat, ErrorKind::CertificateFormat];

fn check_private(what: &str, result: wechatpay_core::Result<PrivateKey>) {
    match result {
        Ok(key) => {
            assert!((256..=1024).contains(&key.modulus_len()), "{what}: {} bytes", key.modulus_len());
            assert_eq!(format!("{key:?}"), "PrivateKey([redacted])");
        }
        Err(err) => check_error_in(what, &err, KEY),
    }
}

fn check_public(what: &str, result: wechatpay_core::Result<PublicKey>, allowed: &[ErrorKind]) {
    match result {
        Ok(key) => {
            assert!((256..=1024).contains(&key.modulus_len()), "{what}: {} bytes", key.modulus_len());
            // The stored SPKI loads again to the same key.
            let again = PublicKey::from_spki_der(key.spki_der()).expect("stored SPKI reloads");
            assert_eq!(again.modulus_len(), key.modulus_len());
            assert_eq!(again.spki_sha256(), key.spki_sha256());
            // No signature of the wrong length verifies.
            assert!(key.verify_sha256(b"m", &[0; 255]).is_err());
        }
        Err(err) => check_error_in(what, &err, allowed),
    }
}

fn check_certificate(what: &str, result: wechatpay_core::Result<Certificate>, der: Option<&[u8]>) {
    match result {
        Ok(cert) => {
            if let Some(der) = der {
                assert_eq!(cert.der(), der, "{what}: DER kept as given");
            }
            let serial = cert.serial_no();
            assert!(!serial.is_empty() && serial.len() % 2 == 0, "{what}: serial {serial:?}");
            assert!(serial.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)), "{what}: {serial:?}");
            assert_eq!(cert.sha256_fingerprint().len(), 64);
            let _ = format!("{cert:?} {} {}", cert.subject(), cert.issuer());
            let _ = cert.is_valid_at(cert.not_before());
            let again = Certificate::from_der(cert.der()).expect("stored DER reloads");
            assert_eq!(again, cert);
            assert_eq!(again.serial_no(), serial);
            check_public(what, Ok(cert.public_key().clone()), &[]);
        }
        Err(err) => check_error_in(what, &err, CERT),
    }
}

fuzz_target!(|data: &[u8]| {
    check_private("PrivateKey::from_pem", PrivateKey::from_pem(data));
    check_private("PrivateKey::from_der", PrivateKey::from_der(data));
    check_private("PrivateKey::from_pkcs8_der", PrivateKey::from_pkcs8_der(data));
    check_private("PrivateKey::from_pkcs1_der", PrivateKey::from_pkcs1_der(data));
    check_public("PublicKey::from_pem", PublicKey::from_pem(data), KEY_OR_CERT);
    check_public("PublicKey::from_spki_der", PublicKey::from_spki_der(data), KEY);
    check_public("PublicKey::from_pkcs1_der", PublicKey::from_pkcs1_der(data), KEY);
    check_certificate("Certificate::from_pem", Certificate::from_pem(data), None);
    check_certificate("Certificate::from_der", Certificate::from_der(data), Some(data));
});
