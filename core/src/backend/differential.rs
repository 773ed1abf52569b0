//! Differential fuzzing: one input, both backends, any difference is a finding.
//!
//! Compiled with the `fuzzing` feature (for the `differential` target of
//! `core/fuzz`) and in unit tests whenever both backends are built. It is not
//! part of the API: hidden from the docs and free to change.
//!
//! [`compare`] reads an operation and its operands from the input and runs it
//! through `aws-lc-rs` and RustCrypto. Deterministic outputs must be equal byte
//! for byte, verdicts equal, randomised outputs must decrypt under both, and
//! failures must have the same [`ErrorKind`](crate::ErrorKind).
//!
//! Keys: the merchant key (`apiclient_key.pem`), the merchant certificate's
//! key (its public half) and the platform certificate's key from the shared
//! vectors. With `fuzzing` they are embedded at build time from
//! `../../shared/vectors/keys/`; in unit tests without it they are read from
//! `WECHATPAY_VECTORS` (default `../../shared/vectors`).

use std::sync::LazyLock;

use x509_cert::der::{DecodePem, Encode};

use super::Backend;
use super::aws_lc::AwsLc;
use super::rust_crypto::RustCrypto;
use crate::error::Result;

/// What [`compare`] returns: `Err` describes the first difference found.
pub type Outcome = std::result::Result<(), String>;

/// Number of operations [`compare`] chooses from (`input[0] % OPERATIONS`).
pub const OPERATIONS: u8 = 10;

/// Runs the operation that `input` describes on both backends and reports the
/// first difference in result bytes, verdict or error kind.
///
/// Layout: `input[0] % 10` picks the operation, the rest are its operands, read
/// front to back (missing bytes read as zero, so every input is valid):
///
/// | op | operation | operands |
/// | --- | --- | --- |
/// | 0 | RSA PKCS#1 v1.5 SHA-256 verify | key (`& 1`: merchant / platform), message length (2 bytes, big endian), message, signature = rest |
/// | 1 | sign, then verify the signature and a tampered copy | tamper mode, position, message = rest |
/// | 2 | RSA-OAEP decrypt with the merchant key | ciphertext = rest |
/// | 3 | RSA-OAEP encrypt under each backend, decrypt under both | tamper mode, position, plaintext = rest |
/// | 4 | AES-256-GCM decrypt | key (32), nonce (12), AAD length (1), AAD, ciphertext ‖ tag = rest |
/// | 5 | AES-256-GCM encrypt (must be equal), then decrypt | key, nonce, AAD length, AAD, tamper mode, position, plaintext = rest |
/// | 6 | AES-256-ECB decrypt blocks | key (32), data = rest (any length) |
/// | 7 | AES-256-ECB encrypt blocks, then decrypt | key (32), data = rest (any length) |
/// | 8 | parse a `SubjectPublicKeyInfo` | DER = rest |
/// | 9 | parse a PKCS#8 `PrivateKeyInfo`, sign with it | DER = rest |
///
/// Beyond the differences, it also fails when both backends accept a tampered
/// signature or ciphertext, or a round trip does not give the input back.
pub fn compare(input: &[u8]) -> Outcome {
    let keys = KEYS.as_ref().map_err(Clone::clone)?;
    let mut input = Input(input);
    match input.byte() % OPERATIONS {
        0 => verify(keys, input),
        1 => sign(keys, input),
        2 => oaep_decrypt(keys, input),
        3 => oaep_round_trip(keys, input),
        4 => gcm_decrypt(input),
        5 => gcm_round_trip(input),
        6 => ecb_decrypt(input),
        7 => ecb_round_trip(input),
        8 => parse_public(input),
        _ => parse_private(input),
    }
}

/// The vector keys, parsed by both backends.
struct Keys {
    aws_private: <AwsLc as Backend>::PrivateKey,
    rc_private: <RustCrypto as Backend>::PrivateKey,
    /// `[merchant (the public half of the private key), platform]`.
    aws_public: [<AwsLc as Backend>::PublicKey; 2],
    rc_public: [<RustCrypto as Backend>::PublicKey; 2],
}

static KEYS: LazyLock<std::result::Result<Keys, String>> = LazyLock::new(load_keys);

/// `(apiclient_key.pem, apiclient_cert.pem, platform_cert.pem)`.
#[cfg(feature = "fuzzing")]
fn key_files() -> std::result::Result<[Vec<u8>; 3], String> {
    const KEY: &[u8] =
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors/keys/apiclient_key.pem"));
    const CERT: &[u8] =
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors/keys/apiclient_cert.pem"));
    const PLATFORM: &[u8] =
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors/keys/platform_cert.pem"));
    Ok([KEY.to_vec(), CERT.to_vec(), PLATFORM.to_vec()])
}

/// `(apiclient_key.pem, apiclient_cert.pem, platform_cert.pem)`.
#[cfg(not(feature = "fuzzing"))]
fn key_files() -> std::result::Result<[Vec<u8>; 3], String> {
    let dir = std::env::var("WECHATPAY_VECTORS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned());
    let read = |name: &str| {
        let path = format!("{dir}/keys/{name}");
        std::fs::read(&path).map_err(|err| format!("{path}: {err}"))
    };
    Ok([read("apiclient_key.pem")?, read("apiclient_cert.pem")?, read("platform_cert.pem")?])
}

fn load_keys() -> std::result::Result<Keys, String> {
    let [key_pem, cert_pem, platform_pem] = key_files()?;
    let (label, pkcs8) =
        pem_rfc7468::decode_vec(key_pem.trim_ascii()).map_err(|err| format!("apiclient_key.pem: {err}"))?;
    if label != "PRIVATE KEY" {
        return Err("apiclient_key.pem is not PKCS#8".to_owned());
    }
    let spki = |pem: &[u8], name: &str| {
        let cert = x509_cert::Certificate::from_pem(pem.trim_ascii()).map_err(|err| format!("{name}: {err}"))?;
        cert.tbs_certificate().subject_public_key_info().to_der().map_err(|err| format!("{name}: {err}"))
    };
    let spkis = [spki(&cert_pem, "apiclient_cert.pem")?, spki(&platform_pem, "platform_cert.pem")?];
    let loaded = |what: &str, err: crate::Error| format!("{what}: {err}");
    let aws_public = [
        AwsLc::public_key_from_spki(&spkis[0]).map_err(|e| loaded("aws-lc merchant public key", e))?,
        AwsLc::public_key_from_spki(&spkis[1]).map_err(|e| loaded("aws-lc platform public key", e))?,
    ];
    let rc_public = [
        RustCrypto::public_key_from_spki(&spkis[0]).map_err(|e| loaded("rustcrypto merchant public key", e))?,
        RustCrypto::public_key_from_spki(&spkis[1]).map_err(|e| loaded("rustcrypto platform public key", e))?,
    ];
    Ok(Keys {
        aws_private: AwsLc::private_key_from_pkcs8(&pkcs8).map_err(|e| loaded("aws-lc private key", e))?,
        rc_private: RustCrypto::private_key_from_pkcs8(&pkcs8).map_err(|e| loaded("rustcrypto private key", e))?,
        aws_public,
        rc_public,
    })
}

/// Operands, read front to back; reading past the end gives zeros / nothing.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&first, rest)) => {
                self.0 = rest;
                first
            }
            None => 0,
        }
    }

    fn take(&mut self, len: usize) -> &'a [u8] {
        let (head, tail) = self.0.split_at(len.min(self.0.len()));
        self.0 = tail;
        head
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        for (to, from) in out.iter_mut().zip(self.take(N)) {
            *to = *from;
        }
        out
    }

    fn rest(self) -> &'a [u8] {
        self.0
    }
}

/// Both succeed with the same bytes (`Some`), or both fail with the same kind (`None`).
fn same_result(what: &str, aws: Result<Vec<u8>>, rc: Result<Vec<u8>>) -> std::result::Result<Option<Vec<u8>>, String> {
    match (aws, rc) {
        (Ok(aws), Ok(rc)) if aws == rc => Ok(Some(aws)),
        (Ok(aws), Ok(rc)) => {
            Err(format!("{what}: different output (aws-lc {} bytes, rustcrypto {} bytes)", aws.len(), rc.len()))
        }
        (Err(aws), Err(rc)) if aws.kind() == rc.kind() => Ok(None),
        (Err(aws), Err(rc)) => Err(format!("{what}: aws-lc fails with {}, rustcrypto with {}", aws.kind(), rc.kind())),
        (Ok(_), Err(rc)) => Err(format!("{what}: aws-lc succeeds, rustcrypto fails with {} ({rc})", rc.kind())),
        (Err(aws), Ok(_)) => Err(format!("{what}: rustcrypto succeeds, aws-lc fails with {} ({aws})", aws.kind())),
    }
}

fn same_verdict(what: &str, aws: bool, rc: bool) -> std::result::Result<bool, String> {
    if aws == rc { Ok(aws) } else { Err(format!("{what}: aws-lc says {aws}, rustcrypto says {rc}")) }
}

fn verify_both(keys: &Keys, which: usize, message: &[u8], signature: &[u8]) -> std::result::Result<bool, String> {
    let (Some(aws_key), Some(rc_key)) = (keys.aws_public.get(which), keys.rc_public.get(which)) else {
        return Err(format!("no public key {which}"));
    };
    let aws = AwsLc::verify_sha256(aws_key, message, signature);
    let rc = RustCrypto::verify_sha256(rc_key, message, signature);
    same_verdict(&format!("verify with key {which}, {}-byte signature", signature.len()), aws, rc)
}

fn verify(keys: &Keys, mut input: Input<'_>) -> Outcome {
    let which = usize::from(input.byte() & 1);
    let message_len = usize::from(u16::from_be_bytes(input.array::<2>()));
    let message = input.take(message_len);
    verify_both(keys, which, message, input.rest()).map(drop)
}

/// A changed copy of `data`, or `None` for "leave it as it is".
///
/// Modes: 0 unchanged, 1 flip one bit, 2 drop leading zero bytes, 3 prepend a
/// zero byte, 4 append a zero byte, 5 drop the last byte.
fn tamper(data: &[u8], mode: u8, position: u8) -> Option<Vec<u8>> {
    let mut out = data.to_vec();
    match mode % 6 {
        0 => return None,
        1 => {
            let len = out.len();
            let byte = out.get_mut(usize::from(position) * 7 % len.max(1))?;
            *byte ^= 1 << (position % 8);
        }
        2 => {
            let zeros = out.iter().take_while(|&&b| b == 0).count();
            out.drain(..zeros);
        }
        3 => out.insert(0, 0),
        4 => out.push(0),
        _ => {
            out.pop();
        }
    }
    (out != data).then_some(out)
}

fn sign(keys: &Keys, mut input: Input<'_>) -> Outcome {
    let (mode, position) = (input.byte(), input.byte());
    let message = input.rest();
    let aws = AwsLc::sign_sha256(&keys.aws_private, message);
    let rc = RustCrypto::sign_sha256(&keys.rc_private, message);
    let Some(signature) = same_result("sign", aws, rc)? else { return Ok(()) };
    if !verify_both(keys, 0, message, &signature)? {
        return Err("both backends reject their own signature".to_owned());
    }
    if verify_both(keys, 1, message, &signature)? {
        return Err("the platform key accepts a signature of the merchant key".to_owned());
    }
    if let Some(tampered) = tamper(&signature, mode, position)
        && verify_both(keys, 0, message, &tampered)?
    {
        return Err(format!("both backends accept a tampered signature (mode {})", mode % 6));
    }
    Ok(())
}

fn oaep_decrypt(keys: &Keys, input: Input<'_>) -> Outcome {
    let ciphertext = input.rest();
    let aws = AwsLc::oaep_sha1_decrypt(&keys.aws_private, ciphertext);
    let rc = RustCrypto::oaep_sha1_decrypt(&keys.rc_private, ciphertext);
    same_result(&format!("OAEP decrypt of {} bytes", ciphertext.len()), aws, rc).map(drop)
}

fn oaep_round_trip(keys: &Keys, mut input: Input<'_>) -> Outcome {
    let (mode, position) = (input.byte(), input.byte());
    let plaintext = input.rest();
    let aws = AwsLc::oaep_sha1_encrypt(&keys.aws_public[0], plaintext);
    let rc = RustCrypto::oaep_sha1_encrypt(&keys.rc_public[0], plaintext);
    let ciphertexts = match (aws, rc) {
        (Ok(aws), Ok(rc)) => [aws, rc],
        (Err(aws), Err(rc)) if aws.kind() == rc.kind() => return Ok(()),
        (aws, rc) => {
            let verdict =
                |r: &Result<Vec<u8>>| r.as_ref().map(|_| "ok".to_owned()).unwrap_or_else(|e| e.kind().to_string());
            return Err(format!(
                "OAEP encrypt of {} bytes: aws-lc {}, rustcrypto {}",
                plaintext.len(),
                verdict(&aws),
                verdict(&rc)
            ));
        }
    };
    for (by, ciphertext) in ["aws-lc", "rustcrypto"].into_iter().zip(ciphertexts) {
        let tampered = tamper(&ciphertext, mode, position);
        let ciphertext = tampered.as_deref().unwrap_or(&ciphertext);
        let aws = AwsLc::oaep_sha1_decrypt(&keys.aws_private, ciphertext);
        let rc = RustCrypto::oaep_sha1_decrypt(&keys.rc_private, ciphertext);
        let decrypted = same_result(&format!("OAEP decrypt of {by}'s ciphertext"), aws, rc)?;
        match (tampered.is_some(), decrypted) {
            (false, Some(decrypted)) if decrypted == plaintext => {}
            (false, _) => return Err(format!("OAEP round trip through {by}'s ciphertext lost the plaintext")),
            (true, Some(_)) => return Err(format!("both backends decrypt a tampered OAEP ciphertext of {by}")),
            (true, None) => {}
        }
    }
    Ok(())
}

fn gcm_operands<'a>(input: &mut Input<'a>) -> ([u8; 32], [u8; 12], &'a [u8]) {
    let key = input.array::<32>();
    let nonce = input.array::<12>();
    let aad_len = usize::from(input.byte());
    (key, nonce, input.take(aad_len))
}

fn gcm_decrypt(mut input: Input<'_>) -> Outcome {
    let (key, nonce, aad) = gcm_operands(&mut input);
    let sealed = input.rest();
    let aws = AwsLc::aes256_gcm_decrypt(&key, &nonce, aad, sealed.to_vec());
    let rc = RustCrypto::aes256_gcm_decrypt(&key, &nonce, aad, sealed.to_vec());
    same_result(&format!("GCM decrypt of {} bytes", sealed.len()), aws, rc).map(drop)
}

fn gcm_round_trip(mut input: Input<'_>) -> Outcome {
    let (key, nonce, aad) = gcm_operands(&mut input);
    let (mode, position) = (input.byte(), input.byte());
    let plaintext = input.rest();
    let aws = AwsLc::aes256_gcm_encrypt(&key, &nonce, aad, plaintext);
    let rc = RustCrypto::aes256_gcm_encrypt(&key, &nonce, aad, plaintext);
    let Some(sealed) = same_result("GCM encrypt", aws, rc)? else { return Ok(()) };
    let tampered = tamper(&sealed, mode, position);
    let sealed = tampered.as_deref().unwrap_or(&sealed);
    let aws = AwsLc::aes256_gcm_decrypt(&key, &nonce, aad, sealed.to_vec());
    let rc = RustCrypto::aes256_gcm_decrypt(&key, &nonce, aad, sealed.to_vec());
    match (tampered.is_some(), same_result("GCM decrypt of a fresh ciphertext", aws, rc)?) {
        (false, Some(opened)) if opened == plaintext => Ok(()),
        (false, _) => Err("GCM round trip lost the plaintext".to_owned()),
        (true, Some(_)) => Err(format!("both backends open a tampered GCM ciphertext (mode {})", mode % 6)),
        (true, None) => Ok(()),
    }
}

fn ecb_decrypt(mut input: Input<'_>) -> Outcome {
    let key = input.array::<32>();
    let data = input.rest();
    let aws = AwsLc::aes256_ecb_decrypt_blocks(&key, data);
    let rc = RustCrypto::aes256_ecb_decrypt_blocks(&key, data);
    same_result(&format!("ECB decrypt of {} bytes", data.len()), aws, rc).map(drop)
}

fn ecb_round_trip(mut input: Input<'_>) -> Outcome {
    let key = input.array::<32>();
    let data = input.rest();
    let aws = AwsLc::aes256_ecb_encrypt_blocks(&key, data);
    let rc = RustCrypto::aes256_ecb_encrypt_blocks(&key, data);
    let Some(encrypted) = same_result(&format!("ECB encrypt of {} bytes", data.len()), aws, rc)? else {
        return Ok(());
    };
    let aws = AwsLc::aes256_ecb_decrypt_blocks(&key, &encrypted);
    let rc = RustCrypto::aes256_ecb_decrypt_blocks(&key, &encrypted);
    match same_result("ECB decrypt of a fresh ciphertext", aws, rc)? {
        Some(decrypted) if decrypted == data => Ok(()),
        _ => Err("ECB round trip lost the data".to_owned()),
    }
}

/// Both accept the key with the same modulus length, or both reject it alike.
fn same_key<A, R>(
    what: &str,
    aws: Result<A>,
    rc: Result<R>,
    aws_len: fn(&A) -> usize,
    rc_len: fn(&R) -> usize,
) -> std::result::Result<Option<(A, R)>, String> {
    match (aws, rc) {
        (Ok(aws), Ok(rc)) if aws_len(&aws) == rc_len(&rc) => Ok(Some((aws, rc))),
        (Ok(aws), Ok(rc)) => {
            Err(format!("{what}: modulus of {} bytes (aws-lc) vs {} (rustcrypto)", aws_len(&aws), rc_len(&rc)))
        }
        (Err(aws), Err(rc)) if aws.kind() == rc.kind() => Ok(None),
        (Err(aws), Err(rc)) => Err(format!("{what}: aws-lc fails with {}, rustcrypto with {}", aws.kind(), rc.kind())),
        (Ok(_), Err(rc)) => Err(format!("{what}: aws-lc accepts, rustcrypto rejects ({rc})")),
        (Err(aws), Ok(_)) => Err(format!("{what}: rustcrypto accepts, aws-lc rejects ({aws})")),
    }
}

fn parse_public(input: Input<'_>) -> Outcome {
    let der = input.rest();
    let aws = AwsLc::public_key_from_spki(der);
    let rc = RustCrypto::public_key_from_spki(der);
    same_key("SPKI", aws, rc, AwsLc::public_modulus_len, RustCrypto::public_modulus_len).map(drop)
}

fn parse_private(input: Input<'_>) -> Outcome {
    let der = input.rest();
    let aws = AwsLc::private_key_from_pkcs8(der);
    let rc = RustCrypto::private_key_from_pkcs8(der);
    let Some((aws, rc)) = same_key("PKCS#8", aws, rc, AwsLc::private_modulus_len, RustCrypto::private_modulus_len)?
    else {
        return Ok(());
    };
    let message = b"wechatpay-core differential";
    same_result("sign with a parsed key", AwsLc::sign_sha256(&aws, message), RustCrypto::sign_sha256(&rc, message))
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: deterministic, so a failure names a reproducible input.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn bytes(&mut self, len: usize) -> Vec<u8> {
            (0..len).map(|_| self.next() as u8).collect()
        }
    }

    /// Lengths where the operations change behaviour: empty, below/at/above a
    /// GCM tag or an AES block, an RSA-2048 block and its neighbours.
    const LENGTHS: [usize; 12] = [0, 1, 15, 16, 17, 31, 32, 200, 214, 215, 255, 256];

    #[test]
    fn backends_agree_on_random_inputs() {
        let mut rng = Rng(0x5eed_cafe_f00d_0001);
        let mut count = 0;
        for round in 0..40 {
            for op in 0..OPERATIONS {
                let header_len = rng.next() as usize % 64;
                let len = LENGTHS[(round + usize::from(op)) % LENGTHS.len()] + header_len;
                let mut input = vec![op];
                input.extend(rng.bytes(len));
                if let Err(difference) = compare(&input) {
                    panic!("op {op}, input {input:02x?}: {difference}");
                }
                count += 1;
            }
        }
        assert_eq!(count, 40 * usize::from(OPERATIONS));
    }

    #[test]
    fn edge_inputs_agree() {
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        for op in 0..OPERATIONS {
            inputs.push(vec![op]);
            for len in LENGTHS {
                inputs.push([vec![op], vec![0; len]].concat());
                inputs.push([vec![op], vec![0xff; len]].concat());
            }
        }
        // Every tamper mode for the sign and round-trip operations.
        for mode in 0..6 {
            for position in [0, 1, 37, 255] {
                inputs.push([vec![1, mode, position], b"message".to_vec()].concat());
                inputs.push([vec![3, mode, position], b"plaintext".to_vec()].concat());
                inputs.push([vec![5], vec![7; 45], vec![mode, position], b"plaintext".to_vec()].concat());
            }
        }
        for input in inputs {
            if let Err(difference) = compare(&input) {
                panic!("input {input:02x?}: {difference}");
            }
        }
    }

    #[test]
    fn a_real_signature_verifies_through_op_0() {
        let keys = KEYS.as_ref().unwrap();
        let message = b"1795392011\nnonce\n{}\n";
        let signature = AwsLc::sign_sha256(&keys.aws_private, message).unwrap();
        let mut input = vec![0, 0, 0, message.len() as u8];
        input.extend_from_slice(message);
        input.extend_from_slice(&signature);
        assert_eq!(compare(&input), Ok(()));
        assert!(verify_both(keys, 0, message, &signature).unwrap());
    }
}
