//! Media uploads as WeChat Pay receives them: `media::parse_upload` on a
//! `Content-Type` line, a line feed, then the body bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_core::ErrorKind;
use wechatpay_core::v3::media::{MediaUpload, parse_upload};
use wechatpay_core_fuzz::check_error_in;

fuzz_target!(|data: &[u8]| {
    let (content_type, body) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (String::from_utf8_lossy(&data[..at]).into_owned(), &data[at + 1..]),
        None => (String::from_utf8_lossy(data).into_owned(), &data[data.len()..]),
    };
    match parse_upload(&content_type, body) {
        Ok(upload) => {
            assert!(serde_json::from_str::<serde_json::Value>(&upload.meta).is_ok());
            let _ = upload.check_sha256();
            // What our own client builds from the parts parses back to the same parts.
            let boundary = "fuzzBoundary0123";
            let collides = upload.file.windows(boundary.len()).any(|w| w == boundary.as_bytes());
            if let (false, Ok(rebuilt)) = (collides, MediaUpload::with_boundary(&upload.filename, &upload.file, boundary)) {
                if let Ok(again) = parse_upload(&rebuilt.content_type, &rebuilt.body) {
                    assert_eq!(again.file, upload.file);
                    assert_eq!(again.filename, upload.filename);
                }
            }
        }
        Err(err) => check_error_in("parse_upload", &err, &[ErrorKind::MultipartFormat, ErrorKind::Json, ErrorKind::NotUtf8]),
    }
});
