//! APIv2 refund notifications: `refund::decrypt_req_info_params` on the
//! `req_info` text (base64 → AES-256-ECB → PKCS#7 → UTF-8 → XML).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::ErrorKind;
use wechatpay_core::v2::{refund, xml};
use wechatpay_core_fuzz::{apiv2_key, check_error_in};

const KINDS: &[ErrorKind] =
    &[ErrorKind::Base64, ErrorKind::CiphertextLength, ErrorKind::DecryptFailed, ErrorKind::NotUtf8, ErrorKind::Xml];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let key = apiv2_key();
    match refund::decrypt_req_info(&text, &key) {
        Ok(plaintext) => {
            // Encrypting the plaintext again gives the same req_info (ECB, PKCS#7).
            assert_eq!(refund::encrypt_req_info(&plaintext, &key).ok().as_deref(), Some(&*text));
            let map = refund::decrypt_req_info_params(&text, &key);
            assert_eq!(
                map.as_ref().map_err(|e| e.kind()),
                xml::decode(plaintext.as_bytes()).as_ref().map_err(|e| e.kind())
            );
            if let Err(err) = map {
                check_error_in("decrypt_req_info_params", &err, KINDS);
            }
        }
        Err(err) => check_error_in("decrypt_req_info", &err, KINDS),
    }
});
