//! The pure-Rust backend: RustCrypto `rsa` 0.10-rc, `aes-gcm`, `aes`.
//!
//! Built with the `rustcrypto` feature, for targets without a C toolchain and as
//! an independent implementation for differential tests. `rsa` has no fix for
//! RUSTSEC-2023-0071 (Marvin timing side channel on decryption): prefer the
//! `aws-lc` backend in production.

use aes::cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};

use super::Backend;
use super::digest;
use crate::encoding;
use crate::error::{Error, Result, hints};

pub(crate) struct RustCrypto;

const KEY_REJECTED: Error = Error::KeyFormat { reason: "not an RSA key of 2048 to 8192 bits" };

fn check_size(bytes: usize) -> Result<usize> {
    if (256..=1024).contains(&bytes) { Ok(bytes) } else { Err(KEY_REJECTED) }
}

impl Backend for RustCrypto {
    const NAME: &'static str = "rustcrypto";
    type PrivateKey = RsaPrivateKey;
    type PublicKey = RsaPublicKey;

    fn private_key_from_pkcs8(der: &[u8]) -> Result<RsaPrivateKey> {
        // `rsa` also takes the RSASSA-PSS OID; aws-lc does not (see encoding.rs).
        if !encoding::pkcs8_is_rsa_encryption(der) {
            return Err(KEY_REJECTED);
        }
        let key = RsaPrivateKey::from_pkcs8_der(der).map_err(|_| KEY_REJECTED)?;
        key.validate().map_err(|_| KEY_REJECTED)?;
        check_size(key.size())?;
        if !stored_crt_values_match(der, &key) {
            return Err(KEY_REJECTED);
        }
        Ok(key)
    }

    fn public_key_from_spki(der: &[u8]) -> Result<RsaPublicKey> {
        if !encoding::spki_is_rsa_encryption(der) {
            return Err(KEY_REJECTED);
        }
        let key = RsaPublicKey::from_public_key_der(der).map_err(|_| KEY_REJECTED)?;
        check_size(key.size())?;
        Ok(key)
    }

    fn private_modulus_len(key: &RsaPrivateKey) -> usize {
        key.size()
    }

    fn public_modulus_len(key: &RsaPublicKey) -> usize {
        key.size()
    }

    fn sign_sha256(key: &RsaPrivateKey, message: &[u8]) -> Result<Vec<u8>> {
        key.sign(Pkcs1v15Sign::new::<sha2::Sha256>(), &digest::sha256(message))
            .map_err(|_| Error::Backend("RSA signing failed"))
    }

    fn verify_sha256(key: &RsaPublicKey, message: &[u8], signature: &[u8]) -> bool {
        key.verify(Pkcs1v15Sign::new::<sha2::Sha256>(), &digest::sha256(message), signature).is_ok()
    }

    fn oaep_sha1_encrypt(key: &RsaPublicKey, plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut rng = rsa::rand_core::UnwrapErr(getrandom::SysRng);
        key.encrypt(&mut rng, Oaep::<sha1::Sha1>::new(), plaintext)
            .map_err(|_| Error::Backend("RSA-OAEP encryption failed"))
    }

    fn oaep_sha1_decrypt(key: &RsaPrivateKey, ciphertext: &[u8]) -> Result<Vec<u8>> {
        key.decrypt(Oaep::<sha1::Sha1>::new(), ciphertext).map_err(|_| hints::OAEP_FAILED)
    }

    fn aes256_gcm_encrypt(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let cipher = Aes256Gcm::new(&(*key).into());
        cipher
            .encrypt(&Nonce::from(*nonce), Payload { msg: plaintext, aad })
            .map_err(|_| Error::Backend("AES-GCM encryption failed"))
    }

    fn aes256_gcm_decrypt(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], ciphertext_and_tag: &[u8]) -> Result<Vec<u8>> {
        let cipher = Aes256Gcm::new(&(*key).into());
        cipher.decrypt(&Nonce::from(*nonce), Payload { msg: ciphertext_and_tag, aad }).map_err(|_| hints::GCM_FAILED)
    }

    fn aes256_ecb_encrypt_blocks(key: &[u8; 32], data: &[u8]) -> Result<Vec<u8>> {
        let cipher = ecb_cipher(key, data)?;
        let mut out = data.to_vec();
        for block in out.chunks_exact_mut(16) {
            let block: &mut Array<u8, _> = block.try_into().map_err(|_| Error::Backend("AES block"))?;
            cipher.encrypt_block(block);
        }
        Ok(out)
    }

    fn aes256_ecb_decrypt_blocks(key: &[u8; 32], data: &[u8]) -> Result<Vec<u8>> {
        let cipher = ecb_cipher(key, data)?;
        let mut out = data.to_vec();
        for block in out.chunks_exact_mut(16) {
            let block: &mut Array<u8, _> = block.try_into().map_err(|_| Error::Backend("AES block"))?;
            cipher.decrypt_block(block);
        }
        Ok(out)
    }

    fn aes128_cbc_encrypt_blocks(key: &[u8; 16], iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>> {
        let cipher = block_cipher_128("AES-CBC data", key, data)?;
        let mut out = data.to_vec();
        let mut previous = *iv;
        for block in out.chunks_exact_mut(16) {
            block.iter_mut().zip(previous).for_each(|(byte, chained)| *byte ^= chained);
            let block: &mut Array<u8, _> = block.try_into().map_err(|_| Error::Backend("AES block"))?;
            cipher.encrypt_block(block);
            previous.copy_from_slice(block);
        }
        Ok(out)
    }

    fn aes128_cbc_decrypt_blocks(key: &[u8; 16], iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>> {
        let cipher = block_cipher_128("AES-CBC ciphertext", key, data)?;
        let mut out = data.to_vec();
        let mut previous = *iv;
        for block in out.chunks_exact_mut(16) {
            let mut this_ciphertext = [0u8; 16];
            this_ciphertext.copy_from_slice(block);
            let array: &mut Array<u8, _> = block.try_into().map_err(|_| Error::Backend("AES block"))?;
            cipher.decrypt_block(array);
            block.iter_mut().zip(previous).for_each(|(byte, chained)| *byte ^= chained);
            previous = this_ciphertext;
        }
        Ok(out)
    }

    fn fill_random(out: &mut [u8]) -> Result<()> {
        getrandom::fill(out).map_err(|_| Error::Backend("operating system random generator failed"))
    }
}

/// Whether the CRT values stored in the key (`exponent1`, `exponent2`,
/// `coefficient`) are the ones its `d`, `p` and `q` give.
///
/// `rsa` ignores the stored values and recomputes them, so without this check
/// a key file whose CRT values are damaged loads here while aws-lc (like
/// OpenSSL) refuses it: the two backends would disagree on the same file.
/// Found by the `differential` fuzz target; such a file is damaged, so both
/// now refuse it.
fn stored_crt_values_match(pkcs8: &[u8], key: &RsaPrivateKey) -> bool {
    use rsa::pkcs1::der::Decode;
    use rsa::pkcs1::{EncodeRsaPrivateKey, RsaPrivateKeyRef};
    use rsa::pkcs8::PrivateKeyInfoRef;

    let Ok(info) = PrivateKeyInfoRef::from_der(pkcs8) else { return false };
    let Ok(stored) = RsaPrivateKeyRef::try_from(info.private_key) else { return false };
    let Ok(canonical) = key.to_pkcs1_der() else { return false };
    let Ok(computed) = RsaPrivateKeyRef::from_der(canonical.as_bytes()) else { return false };
    [
        (stored.exponent1, computed.exponent1),
        (stored.exponent2, computed.exponent2),
        (stored.coefficient, computed.coefficient),
    ]
    .iter()
    .all(|(stored, computed)| stored.as_bytes() == computed.as_bytes())
}

fn block_cipher_128(what: &'static str, key: &[u8; 16], data: &[u8]) -> Result<aes::Aes128> {
    if !data.len().is_multiple_of(16) {
        return Err(Error::CiphertextLength { what, reason: "not a multiple of 16 bytes" });
    }
    Ok(<aes::Aes128 as aes::cipher::KeyInit>::new(&(*key).into()))
}

fn ecb_cipher(key: &[u8; 32], data: &[u8]) -> Result<aes::Aes256> {
    if !data.len().is_multiple_of(16) {
        return Err(Error::CiphertextLength { what: "AES-ECB data", reason: "not a multiple of 16 bytes" });
    }
    Ok(<aes::Aes256 as aes::cipher::KeyInit>::new(&(*key).into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// Input of the `differential` fuzz target's first crash (op 9, PKCS#8
    /// parse), without the op byte: the vectors' `platform_key.pem` with one
    /// byte of its CRT `coefficient` changed. aws-lc refused it; RustCrypto,
    /// which recomputes the coefficient, loaded it.
    const DAMAGED_COEFFICIENT: &str = concat!(
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCYJDh/K9UhD4GdlJVih3G5VotutlDeZg6v63feqX1H/yqG",
        "vr31nWzoGTyKJ6agJef+C8N+jQddChqGw0NGIOm1KOJ11z71mvJzB2lOeYiftXnd+fD6pyYrerF4VXt/ovUykMZfnafyM++P",
        "0Nln8ZblUm9i+kP06qq1J5gXwXPgsSXTIG5ZiK5k0TzKlJQgk4fkcbwjIYpcxwIf7B1a0MPj24+FxqrqnmBV1nL48BG9HUYU",
        "z4Fl2m7qeCtUtU2X5zIfXDlHLBYXeyGKQ16Q+ZbqZdzUwRczYyX143T0Z1QCQK8L1M6kkE0DFStVzY2plC0Hnjt3u5rhLtH3",
        "mm3XgyEfAgMBAAECggEADEedeRjm7+8veAeTyHXEMRW81VJz09o1me9jJ8lS/6pRxWRvMqbihm1FsfpMpvpy73ywP8OkR4HW",
        "7ZpPEMGmpg+cZQSFjrn96FjodVlhNKV80PTT2syo9l4bJZTzYzRE9DAz7WhtM3hg//ZMcJOoU+7DvMppt8KacAVib5sWqO5O",
        "MwSmxns7Lv2wRhIeaI7GnmoStJRXQB2+xbz2c2d6PtdfC50oHCARRAngn+DYH/nXgs/VS6gNcCgJ7QWomFFY/pemmgkiuxOZ",
        "t+NYmBVgod4nasvWBuCaToYlo5QSwb/GAmmko6aUxRVh4b34aYuwP424AtVNCob4vhqpHUlKoQKBgQDPd7VA6V0YicNdL4em",
        "vSfOdKHOW9h6TMSimJdZO4F7T245J+A2JZuRzXhA7DKLKzS9oiNr4Lmnn1gQbu3tgQHlNl77e5KbZbaAnT3UE3GZlgm5beEV",
        "QWlMbmnOH/vKhGAAagWXWsTrflsi34rI4YqRfWZW3zZJRDrZKaurf8MW0QKBgQC7u0hf3FHFJOm9rOflqR5czBIEI2GXfEF4",
        "m1Ti0e11muokAM7uy41QZAw2Yo5zvIPH3SCVsq8wHA+pmVlXQA0p8ExPu7S814BJc0DqfNrj1DeNleuI0sMe7FwCWB7DsFAq",
        "oV/iznQ7MFD3a6MNuMmvpRiRw1o8cKM3v4X4gDCU7wKBgG9ByeCihLso/ayWVY+UNqmfoDnyxRdo3bY4UEmZAKnpAboC6VkA",
        "N/orjsZ6I+y/4cukDIzIeacra2V8p3lLSoHp82u3a/qLxCAastJtDumHLXXUN/VXG6nSOElCm5uR+42dTZxKH/oNy7/a0ylA",
        "0jeNYPlLQGhv/4L/tsEEhdFRAoGAX9dDIb1m+ZDYy/7j/PmUCKgeYoJ1plLHUf1rHskxw6Ks+mh3PK4qnOoW2gUC2M9bL8QS",
        "iJpKmfMZg+pIFCUdE1Ycf3BC203hrp3qfEv1q+6B1gS91IJVHwpoBsJaIml24+yy+SWRbU5DZ61J9w1p2gQdQP1MqiKPETzz",
        "9mPraX0CgYEAiyNDIPenM5hWYz6ICVC4J+Cy7l4ntHBghgddAN0cktSa6zD5TUtCIIwW6WJYXlSva2NDgZFyeSNOYqPnJxZH",
        "q6C+a26IVn5YSvs6P9xjeSYu3IQ1tTuQ+XkFVgQwZMOjiKgnXhGPU/5LrT0mrtYGfUWJFwEb/5jQ0tuRGkEAq7E=",
    );

    #[test]
    fn key_with_damaged_crt_values_is_refused_as_by_aws_lc() {
        let der = crate::encoding::base64_decode(DAMAGED_COEFFICIENT, "test key").unwrap();
        let Err(err) = RustCrypto::private_key_from_pkcs8(&der) else { panic!("the damaged key must be refused") };
        assert_eq!(err.kind(), ErrorKind::KeyFormat);
        #[cfg(feature = "aws-lc")]
        {
            use super::super::aws_lc::AwsLc;
            assert_eq!(AwsLc::private_key_from_pkcs8(&der).err().map(|e| e.kind()), Some(ErrorKind::KeyFormat));
            assert_eq!(super::super::differential::compare(&[&[9][..], &der].concat()), Ok(()));
        }
    }
}
