//! WeChat Pay's side of request signing: `parse_authorization` and
//! `verify_request` on a whole HTTP request (`:method` and `:path` pseudo
//! headers, `Authorization`, empty line, body), checked with the vectors'
//! merchant certificate at the request's own timestamp.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::v3::sign::{SCHEME, parse_authorization, verify_request};
use wechatpay_core_fuzz::{MERCHANT_CERT, Message, REQUEST_KINDS, check_error_in};

fuzz_target!(|data: &[u8]| {
    let message = Message::parse(data);
    let header = |name: &str, default: &str| {
        message.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map_or(default.to_owned(), |(_, v)| v.trim().to_owned())
    };
    let (method, url, authorization) = (header(":method", "POST"), header(":path", "/"), header("Authorization", ""));
    let parsed = parse_authorization(&authorization);
    let now = parsed.as_ref().ok().and_then(|p| p.timestamp().ok()).unwrap_or(0);
    let verified = verify_request(&method, &url, message.body, &authorization, MERCHANT_CERT.public_key(), now, 300);
    match (&parsed, &verified) {
        (Ok(parsed), Ok(seen)) => {
            assert_eq!(parsed, seen);
            // Accepted means the merchant key really signed exactly this message.
            let signed = seen.message(&method, &url, message.body);
            assert!(MERCHANT_CERT.public_key().verify_sha256_base64(&signed, &seen.signature).is_ok());
        }
        (Ok(_), Err(err)) => check_error_in("verify_request", err, REQUEST_KINDS),
        (Err(a), Err(b)) => {
            check_error_in("parse_authorization", a, REQUEST_KINDS);
            assert_eq!(a, b, "verify_request reports the parse error");
        }
        (Err(_), Ok(_)) => panic!("verify_request accepted what parse_authorization refused"),
    }
    if let Ok(parsed) = parsed {
        // Written back in another order, the header parses to the same pairs.
        let again = format!(
            "{SCHEME} signature=\"{}\",serial_no=\"{}\",nonce_str=\"{}\",timestamp=\"{}\",mchid=\"{}\"",
            parsed.signature, parsed.serial_no, parsed.nonce_str, parsed.timestamp, parsed.mchid
        );
        assert_eq!(parse_authorization(&again).as_ref(), Ok(&parsed));
    }
});
