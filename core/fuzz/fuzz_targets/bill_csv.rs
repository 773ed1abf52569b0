//! Bills: `parse_bill` on the bytes as text, and the integrity check as
//! gzip: `gunzip` must agree with the streaming `BillVerifier` (fed in chunks
//! of two sizes) and with `verify_bill`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sha1::Digest;
use wechatpay_core::ErrorKind;
use wechatpay_core::v3::bill::{BillVerifier, HashType, gunzip, parse_bill, verify_bill};
use wechatpay_core_fuzz::check_error_in;

/// Output cap for `gunzip`; larger outputs are checked only for "no panic".
const MAX_LEN: usize = 4 << 20;

fn streamed(data: &[u8], chunk: usize, expected: &str) -> wechatpay_core::Result<()> {
    let verifier = BillVerifier::new(HashType::Sha1, expected, true)?;
    for part in data.chunks(chunk) {
        verifier.update(part)?;
    }
    verifier.finish()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match parse_bill(text) {
            Ok(bill) => {
                for record in bill.rows.iter().chain([&bill.summary]) {
                    assert_eq!(record.len(), record.names().len());
                    assert!(!record.is_empty());
                    for name in record.names() {
                        assert!(record.get(name).is_some());
                    }
                }
                assert!(serde_json::to_string(&bill).is_ok());
            }
            Err(err) => check_error_in("parse_bill", &err, &[ErrorKind::BillFormat]),
        }
    }

    // Plain bills: the digest of the bytes themselves.
    let sha1 = hex(&sha1::Sha1::digest(data));
    assert_eq!(verify_bill(data, HashType::Sha1, &sha1.to_uppercase(), false), Ok(()));

    let chunk = 1 + data.len() % 61;
    let zero = "0".repeat(40);
    match gunzip(data, MAX_LEN) {
        Ok(plain) => {
            let expected = hex(&sha1::Sha1::digest(&plain));
            assert_eq!(streamed(data, chunk, &expected), Ok(()), "chunked verifier disagrees with gunzip");
            assert_eq!(verify_bill(data, HashType::Sha1, &expected, true), Ok(()));
            let wrong = streamed(data, usize::MAX, &zero);
            if expected != zero {
                assert_eq!(wrong.map_err(|e| e.kind()), Err(ErrorKind::BillHashMismatch));
            }
        }
        Err(err) => {
            check_error_in("gunzip", &err, &[ErrorKind::BillFormat]);
            let too_long = err.to_string().contains("longer than max_len");
            for result in [streamed(data, chunk, &zero), streamed(data, usize::MAX, &zero)] {
                match result {
                    Ok(()) => panic!("verifier accepts what gunzip rejects: {err}"),
                    Err(e) if !too_long => {
                        assert_eq!(e.kind(), ErrorKind::BillFormat, "gunzip: {err}; verifier: {e}")
                    }
                    Err(e) => check_error_in("BillVerifier", &e, &[ErrorKind::BillFormat, ErrorKind::BillHashMismatch]),
                }
            }
        }
    }
});
