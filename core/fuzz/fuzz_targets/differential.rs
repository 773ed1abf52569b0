//! Differential: the same operation on aws-lc-rs and RustCrypto
//! (`wechatpay_core::backend::differential::compare`); any difference in
//! output bytes, verdict or error kind is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(difference) = wechatpay_core::backend::differential::compare(data) {
        panic!("backends differ: {difference}");
    }
});
