//! Response verification: `WechatpayHeaders::from_pairs` and
//! `Verifier::verify_at` on a whole HTTP message (headers, empty line, raw
//! body), at the message's own timestamp and at a fixed clock.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::v3::verify::WechatpayHeaders;
use wechatpay_core_fuzz::{Message, NOW, VERIFIER, VERIFY_KINDS, check_error_in};

fuzz_target!(|data: &[u8]| {
    let message = Message::parse(data);
    let headers = match WechatpayHeaders::from_pairs(&message.headers) {
        Ok(headers) => headers,
        Err(err) => return check_error_in("from_pairs", &err, VERIFY_KINDS),
    };
    // The signed message is exactly timestamp \n nonce \n body \n.
    let signed = headers.message(message.body);
    assert_eq!(signed.len(), headers.timestamp.len() + headers.nonce.len() + message.body.len() + 3);
    assert!(signed.ends_with(b"\n"));
    if let Ok(timestamp) = headers.timestamp() {
        assert!(timestamp >= 0);
        assert!(timestamp.to_string().len() <= headers.timestamp.len());
    }
    let at_own_time = VERIFIER.verify_at(&headers, message.body, message.now());
    if let Err(err) = &at_own_time {
        check_error_in("verify_at (own timestamp)", err, VERIFY_KINDS);
    }
    match VERIFIER.verify_at(&headers, message.body, NOW) {
        // A signature that verifies at one clock verifies at every clock in the window.
        Ok(()) => assert!(at_own_time.is_ok() || headers.timestamp().is_err()),
        Err(err) => check_error_in("verify_at (fixed clock)", &err, VERIFY_KINDS),
    }
});
