//! The production backend: AWS-LC through `aws-lc-rs`.

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use aws_lc_rs::cipher::{
    AES_128, AES_256, DecryptingKey, DecryptionContext, EncryptingKey, EncryptionContext, UnboundCipherKey,
};
use aws_lc_rs::iv::FixedLength;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{
    OAEP_SHA1_MGF1SHA1, OaepPrivateDecryptingKey, OaepPublicEncryptingKey, PrivateDecryptingKey, PublicEncryptingKey,
};
use aws_lc_rs::signature::{self, ParsedPublicKey, RsaKeyPair};

use super::Backend;
use crate::encoding;
use crate::error::{Error, Result, hints};

pub(crate) struct AwsLc;

pub(crate) struct PrivateKey {
    signing: RsaKeyPair,
    decrypting: OaepPrivateDecryptingKey,
}

pub(crate) struct PublicKey {
    // Parsed once: `UnparsedPublicKey` would re-parse the SPKI DER on every verify.
    verifying: ParsedPublicKey,
    encrypting: OaepPublicEncryptingKey,
    modulus_len: usize,
}

const KEY_REJECTED: Error = Error::KeyFormat { reason: "not an RSA key of 2048 to 8192 bits" };

impl Backend for AwsLc {
    const NAME: &'static str = "aws-lc-rs";
    type PrivateKey = PrivateKey;
    type PublicKey = PublicKey;

    fn private_key_from_pkcs8(der: &[u8]) -> Result<PrivateKey> {
        // The same algorithm rule as the rustcrypto backend (see encoding.rs).
        if !encoding::pkcs8_is_rsa_encryption(der) {
            return Err(KEY_REJECTED);
        }
        let signing = RsaKeyPair::from_pkcs8(der).map_err(|_| KEY_REJECTED)?;
        let decrypting = PrivateDecryptingKey::from_pkcs8(der).map_err(|_| KEY_REJECTED)?;
        let decrypting = OaepPrivateDecryptingKey::new(decrypting).map_err(|_| KEY_REJECTED)?;
        Ok(PrivateKey { signing, decrypting })
    }

    fn public_key_from_spki(der: &[u8]) -> Result<PublicKey> {
        // aws-lc ignores the AlgorithmIdentifier parameters; require NULL (see encoding.rs).
        if !encoding::spki_is_rsa_encryption(der) {
            return Err(KEY_REJECTED);
        }
        let encrypting = PublicEncryptingKey::from_der(der).map_err(|_| KEY_REJECTED)?;
        let encrypting = OaepPublicEncryptingKey::new(encrypting).map_err(|_| KEY_REJECTED)?;
        let modulus_len = encrypting.key_size_bytes();
        if !(256..=1024).contains(&modulus_len) {
            return Err(KEY_REJECTED);
        }
        let verifying = ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der).map_err(|_| KEY_REJECTED)?;
        Ok(PublicKey { verifying, encrypting, modulus_len })
    }

    fn private_modulus_len(key: &PrivateKey) -> usize {
        key.signing.public_modulus_len()
    }

    fn public_modulus_len(key: &PublicKey) -> usize {
        key.modulus_len
    }

    fn sign_sha256(key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>> {
        let mut signature = vec![0; key.signing.public_modulus_len()];
        key.signing
            .sign(&signature::RSA_PKCS1_SHA256, &SystemRandom::new(), message, &mut signature)
            .map_err(|_| Error::Backend("RSA signing failed"))?;
        Ok(signature)
    }

    fn verify_sha256(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        key.verifying.verify_sig(message, signature).is_ok()
    }

    fn oaep_sha1_encrypt(key: &PublicKey, plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0; key.encrypting.ciphertext_size()];
        let written = key
            .encrypting
            .encrypt(&OAEP_SHA1_MGF1SHA1, plaintext, &mut out, None)
            .map_err(|_| Error::Backend("RSA-OAEP encryption failed"))?
            .len();
        out.truncate(written);
        Ok(out)
    }

    fn oaep_sha1_decrypt(key: &PrivateKey, ciphertext: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0; key.decrypting.min_output_size()];
        let written = key
            .decrypting
            .decrypt(&OAEP_SHA1_MGF1SHA1, ciphertext, &mut out, None)
            .map_err(|_| hints::OAEP_FAILED)?
            .len();
        out.truncate(written);
        Ok(out)
    }

    fn aes256_gcm_encrypt(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let key = gcm_key(key)?;
        let mut in_out = plaintext.to_vec();
        key.seal_in_place_append_tag(Nonce::assume_unique_for_key(*nonce), Aad::from(aad), &mut in_out)
            .map_err(|_| Error::Backend("AES-GCM encryption failed"))?;
        Ok(in_out)
    }

    fn aes256_gcm_decrypt(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], ciphertext_and_tag: &[u8]) -> Result<Vec<u8>> {
        let key = gcm_key(key)?;
        let mut in_out = ciphertext_and_tag.to_vec();
        let len = key
            .open_in_place(Nonce::assume_unique_for_key(*nonce), Aad::from(aad), &mut in_out)
            .map_err(|_| hints::GCM_FAILED)?
            .len();
        in_out.truncate(len);
        Ok(in_out)
    }

    fn aes256_ecb_encrypt_blocks(key: &[u8; 32], data: &[u8]) -> Result<Vec<u8>> {
        // Same error as the rustcrypto backend (and as decryption), not `Backend`.
        if !data.len().is_multiple_of(16) {
            return Err(Error::CiphertextLength { what: "AES-ECB data", reason: "not a multiple of 16 bytes" });
        }
        let unbound = UnboundCipherKey::new(&AES_256, key).map_err(|_| Error::Backend("AES key rejected"))?;
        let key = EncryptingKey::ecb(unbound).map_err(|_| Error::Backend("AES-ECB unavailable"))?;
        let mut in_out = data.to_vec();
        key.encrypt(&mut in_out).map_err(|_| Error::Backend("AES-ECB encryption failed"))?;
        Ok(in_out)
    }

    fn aes256_ecb_decrypt_blocks(key: &[u8; 32], data: &[u8]) -> Result<Vec<u8>> {
        let unbound = UnboundCipherKey::new(&AES_256, key).map_err(|_| Error::Backend("AES key rejected"))?;
        let key = DecryptingKey::ecb(unbound).map_err(|_| Error::Backend("AES-ECB unavailable"))?;
        let mut in_out = data.to_vec();
        let len = key
            .decrypt(&mut in_out, DecryptionContext::None)
            .map_err(|_| Error::CiphertextLength { what: "AES-ECB ciphertext", reason: "not a multiple of 16 bytes" })?
            .len();
        in_out.truncate(len);
        Ok(in_out)
    }

    fn aes128_cbc_encrypt_blocks(key: &[u8; 16], iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>> {
        check_blocks("AES-CBC data", data)?;
        let unbound = UnboundCipherKey::new(&AES_128, key).map_err(|_| Error::Backend("AES key rejected"))?;
        let key = EncryptingKey::cbc(unbound).map_err(|_| Error::Backend("AES-CBC unavailable"))?;
        let mut in_out = data.to_vec();
        key.less_safe_encrypt(&mut in_out, EncryptionContext::Iv128(FixedLength::from(iv)))
            .map_err(|_| Error::Backend("AES-CBC encryption failed"))?;
        Ok(in_out)
    }

    fn aes128_cbc_decrypt_blocks(key: &[u8; 16], iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>> {
        check_blocks("AES-CBC ciphertext", data)?;
        let unbound = UnboundCipherKey::new(&AES_128, key).map_err(|_| Error::Backend("AES key rejected"))?;
        let key = DecryptingKey::cbc(unbound).map_err(|_| Error::Backend("AES-CBC unavailable"))?;
        let mut in_out = data.to_vec();
        let len = key
            .decrypt(&mut in_out, DecryptionContext::Iv128(FixedLength::from(iv)))
            .map_err(|_| Error::Backend("AES-CBC decryption failed"))?
            .len();
        in_out.truncate(len);
        Ok(in_out)
    }

    fn fill_random(out: &mut [u8]) -> Result<()> {
        aws_lc_rs::rand::fill(out).map_err(|_| Error::Backend("operating system random generator failed"))
    }
}

fn check_blocks(what: &'static str, data: &[u8]) -> Result<()> {
    if data.len().is_multiple_of(16) {
        Ok(())
    } else {
        Err(Error::CiphertextLength { what, reason: "not a multiple of 16 bytes" })
    }
}

fn gcm_key(key: &[u8; 32]) -> Result<LessSafeKey> {
    UnboundKey::new(&AES_256_GCM, key).map(LessSafeKey::new).map_err(|_| Error::Backend("AES-256-GCM key rejected"))
}
