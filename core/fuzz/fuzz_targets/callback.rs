//! Callbacks: `CallbackParser::parse_at` on a whole HTTP message (headers,
//! empty line, raw body), and `decrypt_event` on the body alone so that the
//! JSON and AES-GCM steps are reached without a valid signature.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use wechatpay_core::ErrorKind;
use wechatpay_core::v3::notify::{CallbackEvent, CallbackParser, decrypt_event};
use wechatpay_core_fuzz::{Message, RESOURCE_KINDS, VERIFIER, VERIFY_KINDS, apiv3_key, check_error, check_error_in};

static PARSER: LazyLock<CallbackParser> = LazyLock::new(|| CallbackParser::new(VERIFIER.clone(), apiv3_key()));

fn check_event(event: &CallbackEvent) {
    assert_eq!(event.resource_type, "encrypt-resource");
    assert_eq!(serde_json::from_str::<serde_json::Value>(event.plaintext()).ok(), event.resource().ok());
    // A typed view exists only for its own original_type; a wrong type is InvalidArgument.
    for (original_type, view) in [("transaction", event.transaction().map(drop)), ("refund", event.refund().map(drop))]
    {
        match view {
            Ok(()) => assert_eq!(event.original_type, original_type),
            Err(err) if event.original_type == original_type => {
                check_error_in("callback view", &err, &[ErrorKind::Json])
            }
            Err(err) => check_error_in("callback view", &err, &[ErrorKind::InvalidArgument]),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let message = Message::parse(data);
    let kinds: Vec<ErrorKind> = VERIFY_KINDS.iter().chain(RESOURCE_KINDS).copied().collect();
    let parsed = PARSER.parse_at(&message.headers, message.body, message.now());
    match &parsed {
        Ok(event) => check_event(event),
        Err(err) => check_error_in("callback parse_at", err, &kinds),
    }
    let decrypted = decrypt_event(message.body, &apiv3_key());
    match &decrypted {
        Ok(event) => check_event(event),
        Err(err) => check_error_in("callback decrypt_event", err, RESOURCE_KINDS),
    }
    // A callback that passes every check decrypts to the same event alone.
    if let Ok(event) = &parsed {
        assert_eq!(decrypted.as_ref().ok(), Some(event));
    }
    // The same headers in CGI form (HTTP_WECHATPAY_SIGNATURE) give the same verdict.
    let cgi: Vec<(String, String)> = message
        .headers
        .iter()
        .map(|(name, value)| (format!("HTTP_{}", name.to_ascii_uppercase().replace('-', "_")), value.clone()))
        .collect();
    if message.headers.iter().all(|(name, _)| name.is_ascii() && !name.contains('_')) {
        let again = PARSER.parse_at(&cgi, message.body, message.now());
        assert_eq!(again.as_ref().map_err(|e| e.kind()), parsed.as_ref().map_err(|e| e.kind()));
    } else if let Err(err) = PARSER.parse_at(&cgi, message.body, message.now()) {
        check_error("callback parse_at (CGI names)", &err);
    }
});
