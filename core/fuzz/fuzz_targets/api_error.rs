//! APIv3 error bodies: `ApiError::parse`, its catalogue lookup and display.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::api_error::{ApiError, lookup};
use wechatpay_core::{Error, ErrorKind};
use wechatpay_core_fuzz::check_error_in;

fuzz_target!(|data: &[u8]| {
    let status = data.first().map(|&b| 400 + u16::from(b));
    let with_status = ApiError::parse(status, data);
    let without = ApiError::parse(None, data);
    match (with_status, without) {
        (Ok(with_status), Ok(without)) => {
            assert!(!with_status.code.is_empty());
            assert_eq!(with_status.code, without.code);
            assert_eq!(with_status.message, without.message);
            assert_eq!(with_status.detail, without.detail);
            assert_ne!(with_status.detail, Some(serde_json::Value::Null));
            let text = with_status.to_string();
            assert!(text.starts_with(&with_status.code));
            let _ = (with_status.is_safe_to_resend(), without.is_safe_to_resend(), with_status.detail_str("field"));
            if let Some(info) = with_status.info() {
                assert_eq!(lookup(info.code).map(|i| i.code), Some(info.code));
            }
            let err = Error::Api(Box::new(with_status));
            assert_eq!(err.kind(), ErrorKind::Api);
            assert_eq!(err.to_string(), text);
        }
        (Err(a), Err(b)) => {
            check_error_in("ApiError::parse", &a, &[ErrorKind::Json]);
            assert_eq!(a, b);
        }
        _ => panic!("the status changed whether the body parses"),
    }
});
