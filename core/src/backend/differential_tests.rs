//! Differential tests: `aws-lc-rs` and RustCrypto must agree byte for byte
//! (deterministic operations), accept each other's output (randomised ones)
//! and reject the same bad inputs with the same error kind.
//!
//! Keys: the merchant and platform test keys of the shared vectors
//! (`WECHATPAY_VECTORS`, default `../../shared/vectors`), PKCS#8 for the
//! private halves and the certificates' SubjectPublicKeyInfo for the public.

use std::sync::LazyLock;

use proptest::prelude::*;
use x509_cert::Certificate;
use x509_cert::der::{DecodePem, Encode};

use super::Backend;
use super::aws_lc::AwsLc;
use super::rust_crypto::RustCrypto;
use crate::error::{ErrorKind, Result};

/// One RSA key pair, parsed by both backends.
struct Pair {
    name: &'static str,
    aws_private: <AwsLc as Backend>::PrivateKey,
    aws_public: <AwsLc as Backend>::PublicKey,
    rc_private: <RustCrypto as Backend>::PrivateKey,
    rc_public: <RustCrypto as Backend>::PublicKey,
    /// A signature over [`FIXED_MESSAGE`], for the tampering properties.
    fixed_signature: Vec<u8>,
}

const FIXED_MESSAGE: &[u8] = b"GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n";

fn read(name: &str) -> Vec<u8> {
    crate::test_support::read(&format!("keys/{name}"))
}

fn load_pair(name: &'static str, key_file: &str, cert_file: &str) -> Pair {
    let key_pem = read(key_file);
    let (label, pkcs8) = pem_rfc7468::decode_vec(key_pem.trim_ascii()).unwrap();
    assert_eq!(label, "PRIVATE KEY", "{key_file} is not PKCS#8");
    let cert = Certificate::from_pem(read(cert_file).trim_ascii()).unwrap();
    let spki = cert.tbs_certificate().subject_public_key_info().to_der().unwrap();

    let aws_private = AwsLc::private_key_from_pkcs8(&pkcs8).unwrap();
    let rc_private = RustCrypto::private_key_from_pkcs8(&pkcs8).unwrap();
    let aws_public = AwsLc::public_key_from_spki(&spki).unwrap();
    let rc_public = RustCrypto::public_key_from_spki(&spki).unwrap();
    assert_eq!(AwsLc::private_modulus_len(&aws_private), 256);
    assert_eq!(RustCrypto::private_modulus_len(&rc_private), 256);
    assert_eq!(AwsLc::public_modulus_len(&aws_public), 256);
    assert_eq!(RustCrypto::public_modulus_len(&rc_public), 256);

    let fixed_signature = AwsLc::sign_sha256(&aws_private, FIXED_MESSAGE).unwrap();
    assert_eq!(RustCrypto::sign_sha256(&rc_private, FIXED_MESSAGE).unwrap(), fixed_signature);
    Pair { name, aws_private, aws_public, rc_private, rc_public, fixed_signature }
}

static PAIRS: LazyLock<[Pair; 2]> = LazyLock::new(|| {
    [
        load_pair("apiclient", "apiclient_key.pem", "apiclient_cert.pem"),
        load_pair("platform", "platform_key.pem", "platform_cert.pem"),
    ]
});

/// Both verdicts, asserting that they agree.
fn verify_both(pair: &Pair, message: &[u8], signature: &[u8]) -> bool {
    let aws = AwsLc::verify_sha256(&pair.aws_public, message, signature);
    let rc = RustCrypto::verify_sha256(&pair.rc_public, message, signature);
    assert_eq!(aws, rc, "{}: aws-lc says {aws}, rustcrypto says {rc}", pair.name);
    aws
}

/// Both results fail, with the same error kind; returns that kind.
fn same_failure<T: std::fmt::Debug>(what: &str, aws: Result<T>, rc: Result<T>) -> ErrorKind {
    match (aws, rc) {
        (Err(a), Err(r)) => {
            assert_eq!(a.kind(), r.kind(), "{what}: aws-lc fails with {a}, rustcrypto with {r}");
            a.kind()
        }
        (aws, rc) => panic!("{what}: expected both to fail, aws-lc gave {aws:?}, rustcrypto gave {rc:?}"),
    }
}

fn pair_index() -> impl Strategy<Value = usize> {
    0..2usize
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// PKCS#1 v1.5 is deterministic: both backends give the same bytes, and
    /// each verifies the other's signature (under the right key only).
    #[test]
    fn rsa_signatures_identical_and_cross_verify(
        index in pair_index(),
        message in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        let pair = &PAIRS[index];
        let aws = AwsLc::sign_sha256(&pair.aws_private, &message).unwrap();
        let rc = RustCrypto::sign_sha256(&pair.rc_private, &message).unwrap();
        prop_assert_eq!(&aws, &rc);
        prop_assert!(AwsLc::verify_sha256(&pair.aws_public, &message, &rc));
        prop_assert!(RustCrypto::verify_sha256(&pair.rc_public, &message, &aws));
        // The other key verifies neither.
        prop_assert!(!verify_both(&PAIRS[1 - index], &message, &aws));
    }

    /// OAEP is randomised: what one backend encrypts the other decrypts, both
    /// ways, for every plaintext length up to the 214-byte maximum.
    #[test]
    fn oaep_cross_decrypt(
        index in pair_index(),
        plaintext in proptest::collection::vec(any::<u8>(), 0..=214),
    ) {
        let pair = &PAIRS[index];
        let by_aws = AwsLc::oaep_sha1_encrypt(&pair.aws_public, &plaintext).unwrap();
        let by_rc = RustCrypto::oaep_sha1_encrypt(&pair.rc_public, &plaintext).unwrap();
        prop_assert_eq!(by_aws.len(), 256);
        prop_assert_eq!(by_rc.len(), 256);
        prop_assert_eq!(RustCrypto::oaep_sha1_decrypt(&pair.rc_private, &by_aws).unwrap(), plaintext.clone());
        prop_assert_eq!(AwsLc::oaep_sha1_decrypt(&pair.aws_private, &by_rc).unwrap(), plaintext);
    }

    /// A changed OAEP ciphertext, or one for the other key, fails on both with
    /// the same kind.
    #[test]
    fn oaep_tampered_fails_alike(
        index in pair_index(),
        plaintext in proptest::collection::vec(any::<u8>(), 0..=214),
        bit in 0..2048usize,
        other_key in any::<bool>(),
    ) {
        let pair = &PAIRS[index];
        let mut ciphertext = AwsLc::oaep_sha1_encrypt(&pair.aws_public, &plaintext).unwrap();
        let decrypting = if other_key {
            &PAIRS[1 - index]
        } else {
            ciphertext[bit / 8] ^= 1 << (bit % 8);
            pair
        };
        let kind = same_failure(
            "tampered OAEP",
            AwsLc::oaep_sha1_decrypt(&decrypting.aws_private, &ciphertext),
            RustCrypto::oaep_sha1_decrypt(&decrypting.rc_private, &ciphertext),
        );
        prop_assert_eq!(kind, ErrorKind::DecryptFailed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A flipped bit anywhere in a valid signature, or in the message, gives
    /// `false` on both backends.
    #[test]
    fn rsa_tampered_signatures_rejected_alike(
        index in pair_index(),
        bit in 0..2048usize,
        message_bit in 0..(FIXED_MESSAGE.len() * 8),
    ) {
        let pair = &PAIRS[index];
        prop_assert!(verify_both(pair, FIXED_MESSAGE, &pair.fixed_signature));
        let mut signature = pair.fixed_signature.clone();
        signature[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(!verify_both(pair, FIXED_MESSAGE, &signature));
        let mut message = FIXED_MESSAGE.to_vec();
        message[message_bit / 8] ^= 1 << (message_bit % 8);
        prop_assert!(!verify_both(pair, &message, &pair.fixed_signature));
    }

    /// Random bytes of any length near the modulus size are not a signature
    /// for either backend; nor is a valid signature cut short or extended.
    #[test]
    fn rsa_random_signatures_rejected_alike(
        index in pair_index(),
        message in proptest::collection::vec(any::<u8>(), 0..4096),
        signature in proptest::collection::vec(any::<u8>(), 0..=300),
        cut in 0..256usize,
        extra in proptest::collection::vec(any::<u8>(), 1..4),
    ) {
        let pair = &PAIRS[index];
        prop_assert!(!verify_both(pair, &message, &signature));
        let full = &pair.fixed_signature;
        prop_assert!(!verify_both(pair, FIXED_MESSAGE, &full[..cut]));
        prop_assert!(!verify_both(pair, FIXED_MESSAGE, &[full.as_slice(), &extra].concat()));
        prop_assert!(!verify_both(pair, FIXED_MESSAGE, &[&extra, full.as_slice()].concat()));
    }

    /// AES-256-GCM is deterministic for a given nonce: same ciphertext and tag,
    /// each backend opens the other's output, and a flipped bit (in the
    /// ciphertext, the tag or the AAD) fails on both with the same kind.
    #[test]
    fn gcm_identical_and_cross_decrypt(
        key in any::<[u8; 32]>(),
        nonce in any::<[u8; 12]>(),
        aad in proptest::collection::vec(any::<u8>(), 0..64),
        plaintext in proptest::collection::vec(any::<u8>(), 0..2048),
        flip in any::<prop::sample::Index>(),
        flip_aad in any::<bool>(),
        bit in 0..8u8,
    ) {
        let aws = AwsLc::aes256_gcm_encrypt(&key, &nonce, &aad, &plaintext).unwrap();
        let rc = RustCrypto::aes256_gcm_encrypt(&key, &nonce, &aad, &plaintext).unwrap();
        prop_assert_eq!(&aws, &rc);
        prop_assert_eq!(aws.len(), plaintext.len() + 16);
        prop_assert_eq!(AwsLc::aes256_gcm_decrypt(&key, &nonce, &aad, &rc).unwrap(), plaintext.clone());
        prop_assert_eq!(RustCrypto::aes256_gcm_decrypt(&key, &nonce, &aad, &aws).unwrap(), plaintext);

        let (mut sealed, mut aad) = (aws, aad);
        if flip_aad && !aad.is_empty() {
            let i = flip.index(aad.len());
            aad[i] ^= 1 << bit;
        } else {
            let i = flip.index(sealed.len());
            sealed[i] ^= 1 << bit;
        }
        let kind = same_failure(
            "tampered GCM",
            AwsLc::aes256_gcm_decrypt(&key, &nonce, &aad, &sealed),
            RustCrypto::aes256_gcm_decrypt(&key, &nonce, &aad, &sealed),
        );
        prop_assert_eq!(kind, ErrorKind::DecryptFailed);
    }

    /// Input shorter than a tag is rejected alike.
    #[test]
    fn gcm_short_input_fails_alike(
        key in any::<[u8; 32]>(),
        nonce in any::<[u8; 12]>(),
        short in proptest::collection::vec(any::<u8>(), 0..16),
    ) {
        same_failure(
            "GCM input shorter than the tag",
            AwsLc::aes256_gcm_decrypt(&key, &nonce, b"", &short),
            RustCrypto::aes256_gcm_decrypt(&key, &nonce, b"", &short),
        );
    }

    /// AES-256-ECB blocks: identical both ways, and each inverts the other.
    #[test]
    fn ecb_blocks_identical(
        key in any::<[u8; 32]>(),
        blocks in proptest::collection::vec(any::<[u8; 16]>(), 0..32),
    ) {
        let data = blocks.concat();
        let aws = AwsLc::aes256_ecb_encrypt_blocks(&key, &data).unwrap();
        let rc = RustCrypto::aes256_ecb_encrypt_blocks(&key, &data).unwrap();
        prop_assert_eq!(&aws, &rc);
        prop_assert_eq!(AwsLc::aes256_ecb_decrypt_blocks(&key, &rc).unwrap(), data.clone());
        prop_assert_eq!(RustCrypto::aes256_ecb_decrypt_blocks(&key, &aws).unwrap(), data.clone());
        prop_assert_eq!(
            AwsLc::aes256_ecb_decrypt_blocks(&key, &data).unwrap(),
            RustCrypto::aes256_ecb_decrypt_blocks(&key, &data).unwrap()
        );
    }

    /// AES-128-CBC blocks: identical both ways, each inverts the other, and
    /// data that is not whole blocks fails alike.
    #[test]
    fn cbc_blocks_identical(
        key in any::<[u8; 16]>(),
        iv in any::<[u8; 16]>(),
        data in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let aws = AwsLc::aes128_cbc_encrypt_blocks(&key, &iv, &data);
        let rc = RustCrypto::aes128_cbc_encrypt_blocks(&key, &iv, &data);
        if data.len() % 16 != 0 {
            same_failure("CBC encrypt of partial blocks", aws, rc);
            same_failure(
                "CBC decrypt of partial blocks",
                AwsLc::aes128_cbc_decrypt_blocks(&key, &iv, &data),
                RustCrypto::aes128_cbc_decrypt_blocks(&key, &iv, &data),
            );
        } else {
            let (aws, rc) = (aws.unwrap(), rc.unwrap());
            prop_assert_eq!(&aws, &rc);
            prop_assert_eq!(AwsLc::aes128_cbc_decrypt_blocks(&key, &iv, &rc).unwrap(), data.clone());
            prop_assert_eq!(RustCrypto::aes128_cbc_decrypt_blocks(&key, &iv, &aws).unwrap(), data.clone());
            prop_assert_eq!(
                AwsLc::aes128_cbc_decrypt_blocks(&key, &iv, &data).unwrap(),
                RustCrypto::aes128_cbc_decrypt_blocks(&key, &iv, &data).unwrap()
            );
        }
    }

    /// Data that is not whole blocks fails on both, with the same kind.
    #[test]
    fn ecb_partial_blocks_fail_alike(
        key in any::<[u8; 32]>(),
        data in proptest::collection::vec(any::<u8>(), 0..512)
            .prop_filter("not whole blocks", |d| d.len() % 16 != 0),
    ) {
        same_failure(
            "ECB encrypt of partial blocks",
            AwsLc::aes256_ecb_encrypt_blocks(&key, &data),
            RustCrypto::aes256_ecb_encrypt_blocks(&key, &data),
        );
        same_failure(
            "ECB decrypt of partial blocks",
            AwsLc::aes256_ecb_decrypt_blocks(&key, &data),
            RustCrypto::aes256_ecb_decrypt_blocks(&key, &data),
        );
    }
}

/// 215 bytes is one more than OAEP-SHA-1 fits in a 2048-bit key: both refuse.
#[test]
fn oaep_215_bytes_fails_alike() {
    for pair in PAIRS.iter() {
        for len in [215, 216, 256, 1000] {
            let plaintext = vec![0x5a; len];
            same_failure(
                "OAEP plaintext too long",
                AwsLc::oaep_sha1_encrypt(&pair.aws_public, &plaintext),
                RustCrypto::oaep_sha1_encrypt(&pair.rc_public, &plaintext),
            );
        }
    }
}
