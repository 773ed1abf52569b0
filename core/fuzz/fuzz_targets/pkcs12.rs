//! PKCS#12: `PrivateKey::from_pkcs12` with the right password (the vectors'
//! merchant id) and with a wrong one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::ErrorKind;
use wechatpay_core::keys::PrivateKey;
use wechatpay_core_fuzz::{P12_PASSWORD, check_error_in};

const KINDS: &[ErrorKind] = &[ErrorKind::Pkcs12, ErrorKind::KeyFormat, ErrorKind::CertificateFormat];

fuzz_target!(|data: &[u8]| {
    for password in [P12_PASSWORD, ""] {
        match PrivateKey::from_pkcs12(data, password) {
            // Only a key with the certificate that belongs to it is returned.
            Ok((key, cert)) => assert!(key.matches(cert.public_key())),
            Err(err) => check_error_in("from_pkcs12", &err, KINDS),
        }
    }
});
