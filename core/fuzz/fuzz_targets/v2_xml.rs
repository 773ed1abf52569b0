//! APIv2 XML: `xml::decode`; for every decoded map, `encode` then `decode`
//! gives the same map back (when `encode` accepts it: it refuses names that
//! are not `[A-Za-z_][A-Za-z0-9_.-]*` and characters XML 1.0 cannot carry),
//! and `sign::verify` runs on it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::ErrorKind;
use wechatpay_core::v2::{SignType, sign, xml};
use wechatpay_core_fuzz::{apiv2_key, check_error_in};

fn simple_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fuzz_target!(|data: &[u8]| {
    let params = match xml::decode(data) {
        Ok(params) => params,
        Err(err) => return check_error_in("decode", &err, &[ErrorKind::Xml, ErrorKind::NotUtf8]),
    };
    let encodable = params.iter().all(|(k, v)| simple_name(k) && v.chars().all(xml_char));
    match xml::encode(&params) {
        Ok(text) => {
            assert!(encodable);
            match xml::decode(text.as_bytes()) {
                Ok(again) => assert_eq!(again, params, "round trip changed the map; encoded as {text:?}"),
                Err(err) => panic!("encode output does not decode: {err}; encoded as {text:?}"),
            }
        }
        Err(err) => {
            check_error_in("encode", &err, &[ErrorKind::InvalidArgument]);
            assert!(!encodable, "encode refused a map of simple names and XML characters: {err}");
        }
    }
    for sign_type in [SignType::Md5, SignType::HmacSha256] {
        if let Err(err) = sign::verify(&params, &apiv2_key(), sign_type) {
            check_error_in("sign::verify", &err, &[ErrorKind::InvalidArgument, ErrorKind::SignatureInvalid]);
        }
    }
    let _ = xml::fail_ack(&String::from_utf8_lossy(data));
});
