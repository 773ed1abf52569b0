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
use crate::error::{Error, Result};

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
        let key = RsaPrivateKey::from_pkcs8_der(der).map_err(|_| KEY_REJECTED)?;
        key.validate().map_err(|_| KEY_REJECTED)?;
        check_size(key.size())?;
        Ok(key)
    }

    fn public_key_from_spki(der: &[u8]) -> Result<RsaPublicKey> {
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
        key.decrypt(Oaep::<sha1::Sha1>::new(), ciphertext).map_err(|_| super_oaep_failed())
    }

    fn aes256_gcm_encrypt(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let cipher = Aes256Gcm::new(&(*key).into());
        cipher
            .encrypt(&Nonce::from(*nonce), Payload { msg: plaintext, aad })
            .map_err(|_| Error::Backend("AES-GCM encryption failed"))
    }

    fn aes256_gcm_decrypt(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], ciphertext_and_tag: &[u8]) -> Result<Vec<u8>> {
        let cipher = Aes256Gcm::new(&(*key).into());
        cipher.decrypt(&Nonce::from(*nonce), Payload { msg: ciphertext_and_tag, aad }).map_err(|_| super_gcm_failed())
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

    fn fill_random(out: &mut [u8]) -> Result<()> {
        getrandom::fill(out).map_err(|_| Error::Backend("operating system random generator failed"))
    }
}

fn ecb_cipher(key: &[u8; 32], data: &[u8]) -> Result<aes::Aes256> {
    if !data.len().is_multiple_of(16) {
        return Err(Error::CiphertextLength { what: "AES-ECB data", reason: "not a multiple of 16 bytes" });
    }
    Ok(<aes::Aes256 as aes::cipher::KeyInit>::new(&(*key).into()))
}

fn super_gcm_failed() -> Error {
    Error::DecryptFailed {
        hint: "GCM tag mismatch: wrong APIv3 key, nonce or associated_data, or the ciphertext was altered",
    }
}

fn super_oaep_failed() -> Error {
    Error::DecryptFailed {
        hint: "RSA-OAEP(SHA-1) decryption failed: wrong private key, another padding, or the ciphertext was altered",
    }
}
