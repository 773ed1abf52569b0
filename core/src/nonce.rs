//! Random strings: the `nonce_str` of requests and payment parameters (32
//! characters), the 12-character nonces of AES-GCM resources, multipart
//! boundaries.
//!
//! ```
//! use wechatpay_core::nonce;
//! let request_nonce = nonce::generate()?;            // 32 characters of [0-9A-Za-z]
//! let gcm_nonce = nonce::generate_len(nonce::GCM_NONCE_LEN)?; // 12 characters: the bytes are the IV
//! assert_eq!((request_nonce.len(), gcm_nonce.len()), (32, 12));
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use crate::backend::{Active, Backend};
use crate::error::{Error, Result};

/// The length of a request or payment-parameter nonce (`nonce_str`).
pub const DEFAULT_LEN: usize = 32;
/// The length of an AES-GCM resource nonce: its 12 bytes are the IV.
pub const GCM_NONCE_LEN: usize = 12;
/// The longest nonce [`generate_len`] makes.
pub const MAX_LEN: usize = 1024;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A 32-character nonce from `[0-9A-Za-z]`, drawn from the OS CSPRNG.
pub fn generate() -> Result<String> {
    generate_len(DEFAULT_LEN)
}

/// A nonce of `len` characters (1 to [`MAX_LEN`]) from `[0-9A-Za-z]`.
///
/// Bytes >= 248 are rejected and redrawn, so each of the 62 symbols is equally
/// likely (248 = 4 × 62; plain `% 62` would favour the first eight symbols).
pub fn generate_len(len: usize) -> Result<String> {
    if !(1..=MAX_LEN).contains(&len) {
        return Err(Error::InvalidArgument { name: "len", reason: "a nonce is 1 to 1024 characters" });
    }
    let mut out = String::with_capacity(len);
    let mut pool = [0u8; 64];
    while out.len() < len {
        <Active as Backend>::fill_random(&mut pool)?;
        for &byte in &pool {
            if byte < 248 && out.len() < len {
                out.push(char::from(BASE62[usize::from(byte % 62)]));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_base62_and_unbiased_enough() {
        let mut counts = [0u32; 62];
        for _ in 0..2000 {
            let nonce = generate().unwrap();
            assert_eq!(nonce.len(), 32);
            for b in nonce.bytes() {
                let at = BASE62.iter().position(|&c| c == b).unwrap();
                counts[at] += 1;
            }
        }
        // 64,000 draws, 1032 expected per symbol; a `% 62` bias on bytes would put the
        // first eight symbols at ~1290. Bounds are > 6 sigma from the mean.
        for (i, &n) in counts.iter().enumerate() {
            assert!((840..1230).contains(&n), "symbol {i} drawn {n} times");
        }
    }

    #[test]
    fn lengths() {
        assert_eq!(generate_len(GCM_NONCE_LEN).unwrap().len(), 12);
        assert_eq!(generate_len(1).unwrap().len(), 1);
        assert_eq!(generate_len(MAX_LEN).unwrap().len(), MAX_LEN);
        for bad in [0, MAX_LEN + 1] {
            assert_eq!(generate_len(bad).unwrap_err().kind(), crate::ErrorKind::InvalidArgument);
        }
        assert_ne!(generate().unwrap(), generate().unwrap());
    }
}
