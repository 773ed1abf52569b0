//! `/v3/certificates`: `decrypt_certificates` on the body and
//! `download_response` on the whole HTTP message (headers, empty line, body),
//! with and without the vectors' trust store as fallback.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::ErrorKind;
use wechatpay_core::v3::certificates::{decrypt_certificates, download_response_at};
use wechatpay_core::v3::verify::{TrustStore, Verifier, VerifierOptions, WechatpayHeaders};
use wechatpay_core_fuzz::{Message, RESOURCE_KINDS, TRUST_STORE, VERIFY_KINDS, apiv3_key, check_error_in};

fuzz_target!(|data: &[u8]| {
    let message = Message::parse(data);
    let key = apiv3_key();
    let mut kinds: Vec<ErrorKind> = RESOURCE_KINDS.to_vec();
    kinds.push(ErrorKind::CertificateFormat);
    let decrypted = decrypt_certificates(message.body, &key);
    match &decrypted {
        Ok(certificates) => {
            for cert in certificates {
                assert!(!cert.serial_no().is_empty());
            }
        }
        Err(err) => check_error_in("decrypt_certificates", err, &kinds),
    }
    let headers = match WechatpayHeaders::from_pairs(&message.headers) {
        Ok(headers) => headers,
        Err(err) => return check_error_in("from_pairs", &err, VERIFY_KINDS),
    };
    kinds.extend_from_slice(VERIFY_KINDS);
    for fallback in [TrustStore::new(), TRUST_STORE.clone()] {
        let verifier = Verifier::new(fallback, VerifierOptions::default());
        match download_response_at(&headers, message.body, &key, &verifier, message.now()) {
            // Verified certificates are exactly the decrypted ones.
            Ok(certificates) => assert_eq!(decrypted.as_ref().ok(), Some(&certificates)),
            Err(err) => check_error_in("download_response", &err, &kinds),
        }
    }
});
