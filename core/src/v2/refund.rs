//! The `req_info` of APIv2 refund notifications (退款结果通知).
//!
//! `req_info` is base64 of AES-256-ECB with PKCS#7 padding. The AES key is not
//! the APIv2 key but the 32 ASCII characters of the lowercase hex MD5 of it
//! (PROTOCOL 9.4). The plaintext is XML with root `<root>`.
//!
//! The outer notification carries no `sign`, and ECB has no MAC: the padding
//! check is the only integrity check there is. A wrong key almost always
//! fails it, but an altered `req_info` can decrypt to something. Treat the
//! decrypted fields as claims and confirm a refund with the refund query API
//! before acting on money.
//!
//! ```
//! use wechatpay_core::keys::ApiV2Key;
//! use wechatpay_core::v2::refund;
//!
//! let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
//! let req_info = refund::encrypt_req_info("<root><refund_status>SUCCESS</refund_status></root>", &key)?;
//! let fields = refund::decrypt_req_info_params(&req_info, &key)?;
//! assert_eq!(fields.get("refund_status"), Some("SUCCESS"));
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use zeroize::Zeroizing;

use super::{Params, xml};
use crate::backend::digest::md5;
use crate::backend::{Active, Backend};
use crate::crypto::{pkcs7_pad, pkcs7_unpad};
use crate::encoding::{self, hex_lower_16};
use crate::error::{Error, Result};
use crate::keys::ApiV2Key;

const BLOCK: usize = 16;

/// Decrypts `req_info` to its XML text (`<root>…</root>`).
///
/// Errors: [`Error::Base64`] unless `req_info` is canonical standard base64,
/// [`Error::CiphertextLength`] unless it decodes to a positive multiple of 16
/// bytes, [`Error::DecryptFailed`] when the PKCS#7 padding is wrong (almost
/// always the wrong APIv2 key, e.g. the APIv3 key by mistake),
/// [`Error::NotUtf8`] when the plaintext is not UTF-8.
///
/// ```
/// use wechatpay_core::{ErrorKind, keys::ApiV2Key, v2::refund};
///
/// let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d")?;
/// let other = ApiV2Key::new("00000000000000000000000000000000")?;
/// let req_info = refund::encrypt_req_info("<root><a>1</a></root>", &key)?;
/// assert_eq!(refund::decrypt_req_info(&req_info, &key)?, "<root><a>1</a></root>");
/// assert_eq!(refund::decrypt_req_info(&req_info, &other).unwrap_err().kind(), ErrorKind::DecryptFailed);
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn decrypt_req_info(req_info_b64: &str, key: &ApiV2Key) -> Result<String> {
    let ciphertext = encoding::base64_decode(req_info_b64, "req_info")?;
    if ciphertext.is_empty() || ciphertext.len() % BLOCK != 0 {
        return Err(Error::CiphertextLength { what: "req_info", reason: "must be a positive multiple of 16 bytes" });
    }
    let plaintext = Active::aes256_ecb_decrypt_blocks(&aes_key(key), &ciphertext)?;
    if plaintext.len() != ciphertext.len() {
        return Err(Error::Backend("AES-ECB changed the data length"));
    }
    let plaintext = pkcs7_unpad(plaintext, "PKCS#7 padding is invalid: wrong APIv2 key or altered req_info")?;
    String::from_utf8(plaintext).map_err(|_| Error::NotUtf8 { what: "req_info plaintext" })
}

/// [`decrypt_req_info`], then [`xml::decode`]: the refund fields
/// (`out_refund_no`, `refund_status`, `settlement_refund_fee`, …).
///
/// Errors: those of both steps.
pub fn decrypt_req_info_params(req_info_b64: &str, key: &ApiV2Key) -> Result<Params> {
    let plaintext = decrypt_req_info(req_info_b64, key)?;
    xml::decode(plaintext.as_bytes())
}

/// Encrypts `plaintext` the way WeChat Pay builds `req_info` (PKCS#7,
/// AES-256-ECB under the MD5-derived key, standard base64). For simulators
/// and tests; merchants only decrypt.
///
/// Errors: [`Error::Backend`] if the crypto library fails.
pub fn encrypt_req_info(plaintext: &str, key: &ApiV2Key) -> Result<String> {
    let ciphertext = Active::aes256_ecb_encrypt_blocks(&aes_key(key), &pkcs7_pad(plaintext.as_bytes()))?;
    Ok(encoding::base64_encode(&ciphertext))
}

/// The 32 ASCII bytes of lowercase hex MD5(APIv2 key), used as the AES-256 key.
fn aes_key(key: &ApiV2Key) -> Zeroizing<[u8; 32]> {
    let digest = Zeroizing::new(md5(key.expose().as_bytes()));
    hex_lower_16(&digest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::test_support::cases as test_vectors;
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

    const DOC_KEY: &str = "192006250b4c09247ec02edce69f6a2d";
    const DOC_REQ_INFO: &str = "WBzGpzQuNpcFxIlFjUUD9FKo0rHFKIn0kRJVv7PAhPDSCjWAzcyQtBNpSb92FQg9FKQ3UKchg9ThtBc2nKj5Y9XQBa0sRi19hY8xK6q96ePF0FRsZh9XrYEEcSr4GdYPZADb4Gq4EvlprO5AGKpKnYgy9+AB3siIHVLqKp1e7COZ2o8m8Pqolj4buQSKB3dnXx6Hq8j1F68l6lxMMIaZsuXvebsA8n6+V4UECMEFe/Dh3hUn9pvFStoFaIUgGlrPveulNjbnYpQIfMCHFmPTyTva8s0nD5i6JX5XAq0BxxwEqq9Yyoj6T7S42XVwHnt3HmJjerx/w44NaWa2Wkf0c240MyBkVQn3TsA1hhQ9TPiH8mLWNOvGPq15D3jEoazqirWqhXjmYFFp2hI64U21lZQ8CUhv/ss1l20NYApYeURtCLha3k0GKW1UdNqrHzh1OltPseA++6l+RduAw9CYjyAQEDzE67ANE7TFAprxIf7IbrK7qQeSwYduEMBIbI6G+bgNFXjkuRnaEdJaq9Kw4efPPZd9GywjZfpKAPXZSH99ZC2JUkxv+3h70de3kWcyZ3n4PfVcbSW6jd704c2S4BYlj0HSKB+gKdjJchMaqd95xSi6GXW4jpxoab571C/sOcKr/e7RWL1s5iSUuEU8Av7Lwa+Ht5UtwO2oLAYJOUO/o4tVBkTc/f1hC46LhO8/HwcqqTXjBuKLX1Wwzqj1EB6R2KCtOF2iX96ltH3kBrWf0nYVWcsxiMFZ1rMnvKvLtZtwBCGtVSQM8uuxpZp8MOGpH3s77jKbItVcf5niLWdfCQOlot77JHbLzBa/pdwHhkNRwqlTc8F/3q+dAt3Yt2A+mdTzFguzKIcMWkbESMoIJN/bzvZuGy+/gMi/X6jVSxZhs/Ax/ue7Q2U6VN44mY2Q4h989D/ZlbIFbwsJ/8KzzrKsOjFMxVCWj4Vk+td4tgwdc49fScwWtETwajh0NIOknRZ8K3vSHKNGKRNPsav7KX3cFBZDhH+7LES6bQS593jGMp3qYsxMSDDsO0jMsKhmW0JFFqTsWxTvNqOWTbU=";
    const DOC_XML: &str = "<root><out_refund_no><![CDATA[131811191610442717309]]></out_refund_no><out_trade_no><![CDATA[71106718111915575302817]]></out_trade_no><refund_account><![CDATA[REFUND_SOURCE_RECHARGE_FUNDS]]></refund_account><refund_fee><![CDATA[3960]]></refund_fee><refund_id><![CDATA[50000408942018111907145868882]]></refund_id><refund_recv_accout><![CDATA[支付用户零钱]]></refund_recv_accout><refund_request_source><![CDATA[API]]></refund_request_source><refund_status><![CDATA[SUCCESS]]></refund_status><settlement_refund_fee><![CDATA[3960]]></settlement_refund_fee><settlement_total_fee><![CDATA[3960]]></settlement_total_fee><success_time><![CDATA[2018-11-19 16:24:13]]></success_time><total_fee><![CDATA[3960]]></total_fee><transaction_id><![CDATA[4200000215201811190261405420]]></transaction_id></root>";

    fn key(s: &str) -> ApiV2Key {
        ApiV2Key::new(s).unwrap()
    }

    #[test]
    fn aes_key_is_hex_md5() {
        assert_eq!(&aes_key(&key(DOC_KEY))[..], b"d96eb16afdd491fa1e705096edbc2205");
    }

    #[test]
    fn protocol_appendix_a8() {
        let k = key(DOC_KEY);
        assert_eq!(decrypt_req_info(DOC_REQ_INFO, &k).unwrap(), DOC_XML);
        let map = decrypt_req_info_params(DOC_REQ_INFO, &k).unwrap();
        assert_eq!(map.len(), 13);
        assert_eq!(map.get("refund_recv_accout"), Some("支付用户零钱"));
        assert_eq!(map.get("success_time"), Some("2018-11-19 16:24:13"));
        // ECB is deterministic: encrypting the plaintext gives the same req_info.
        assert_eq!(encrypt_req_info(DOC_XML, &k).unwrap(), DOC_REQ_INFO);
    }

    #[test]
    fn shared_vectors() {
        let cases = test_vectors("v2_refund_req_info.json");
        assert!(cases.len() >= 7, "v2_refund_req_info.json has {} cases", cases.len());
        for case in &cases {
            let name = case["name"].as_str().unwrap();
            let k = key(case["apiv2_key"].as_str().unwrap());
            assert_eq!(&aes_key(&k)[..], case["aes_key"].as_str().unwrap().as_bytes(), "{name}");
            let req_info = case["req_info"].as_str().unwrap();
            let result = decrypt_req_info(req_info, &k);
            if case["valid"].as_bool().unwrap() {
                let expected = case["expected_xml"].as_str().unwrap();
                assert_eq!(result.as_deref(), Ok(expected), "{name}");
                assert_eq!(encrypt_req_info(expected, &k).unwrap(), req_info, "{name}");
                assert!(decrypt_req_info_params(req_info, &k).unwrap().get("refund_status").is_some(), "{name}");
            } else {
                let expected_kind = match name {
                    "neg_wrong_apiv2_key" | "neg_tampered_last_block" => ErrorKind::DecryptFailed,
                    "neg_truncated_not_block_multiple" => ErrorKind::CiphertextLength,
                    "neg_invalid_base64" => ErrorKind::Base64,
                    other => panic!("no expectation for negative case {other}"),
                };
                assert_eq!(result.unwrap_err().kind(), expected_kind, "{name}");
            }
        }
    }

    #[test]
    fn full_padding_block_round_trip() {
        let k = key(DOC_KEY);
        for len in [0, 1, 15, 16, 17, 31, 32, 33] {
            let text = "x".repeat(len);
            let req_info = encrypt_req_info(&text, &k).unwrap();
            let raw = STANDARD.decode(&req_info).unwrap();
            assert_eq!(raw.len(), (len / 16 + 1) * 16, "len {len}");
            assert_eq!(decrypt_req_info(&req_info, &k).unwrap(), text, "len {len}");
        }
    }

    #[test]
    fn rejects_bad_lengths_and_base64() {
        let k = key(DOC_KEY);
        assert_eq!(decrypt_req_info("", &k).unwrap_err().kind(), ErrorKind::CiphertextLength);
        assert_eq!(decrypt_req_info(&STANDARD.encode([0u8; 15]), &k).unwrap_err().kind(), ErrorKind::CiphertextLength);
        assert_eq!(decrypt_req_info(&STANDARD.encode([0u8; 17]), &k).unwrap_err().kind(), ErrorKind::CiphertextLength);
        // Non-canonical trailing bits, missing padding, URL-safe alphabet, whitespace.
        let good = encrypt_req_info("<root/>", &k).unwrap();
        let mut bits = good.clone();
        bits.truncate(bits.len() - 3);
        bits.push_str("B==");
        for bad in
            [bits, good.trim_end_matches('=').to_owned(), good.replace('/', "_").replace('+', "-"), format!(" {good}")]
        {
            if bad == good {
                continue;
            }
            assert_eq!(decrypt_req_info(&bad, &k).unwrap_err(), Error::Base64 { what: "req_info" }, "{bad}");
        }
    }

    #[test]
    fn padding_is_strict() {
        let k = aes_key(&key(DOC_KEY));
        let check = |last_block: [u8; 16]| {
            let ct = Active::aes256_ecb_encrypt_blocks(&k, &last_block).unwrap();
            decrypt_req_info(&STANDARD.encode(ct), &key(DOC_KEY))
        };
        let mut block = [b'a'; 16];
        block[15] = 0;
        assert_eq!(check(block).unwrap_err().kind(), ErrorKind::DecryptFailed);
        block[15] = 17;
        assert_eq!(check(block).unwrap_err().kind(), ErrorKind::DecryptFailed);
        block[15] = 3;
        block[14] = 3;
        assert_eq!(check(block).unwrap_err().kind(), ErrorKind::DecryptFailed);
        block[13] = 3;
        assert_eq!(check(block).unwrap(), "a".repeat(13));
        assert_eq!(check([16; 16]).unwrap(), "");
        let mut almost = [16u8; 16];
        almost[0] = 15;
        assert_eq!(check(almost).unwrap_err().kind(), ErrorKind::DecryptFailed);
        let mut not_utf8 = [1u8; 16];
        not_utf8[0] = 0xff;
        assert_eq!(check(not_utf8).unwrap_err().kind(), ErrorKind::NotUtf8);
    }

    #[test]
    fn decrypted_xml_is_parsed_strictly() {
        let k = key(DOC_KEY);
        let req_info = encrypt_req_info("<!DOCTYPE root><root><a>1</a></root>", &k).unwrap();
        assert_eq!(decrypt_req_info_params(&req_info, &k).unwrap_err().kind(), ErrorKind::Xml);
    }
}
