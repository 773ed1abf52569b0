//! Byte-level encodings shared by the protocol modules: the one base64 entry
//! point (strict), the one hex helper (constant time), PEM, the DER wrappers
//! that turn PKCS#1 keys into PKCS#8 / SPKI, and percent encoding.

use base64_simd::STANDARD;

use crate::error::{Error, Result};

/// Standard base64 with padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    STANDARD.encode_to_string(bytes)
}

/// Standard, padded, canonical base64: no whitespace, no URL-safe alphabet, no
/// non-zero trailing bits. Lenient decoders are how forged values slip through.
///
/// SIMD (`base64-simd`, runtime-dispatched): every callback resource and
/// signature header passes here, and a scalar decoder was half the time of a
/// 64 KiB resource decryption. Only public data is decoded here; PEM (which
/// holds private keys) goes through `pem-rfc7468`'s constant-time decoder.
pub(crate) fn base64_decode(text: &str, what: &'static str) -> Result<Vec<u8>> {
    STANDARD.decode_to_vec(text).map_err(|_| Error::Base64 { what })
}

/// One hex digit of the nibble `n` (0..16), without a branch or a table
/// lookup on it: some of what is hex-encoded (the APIv2 refund AES key) is
/// secret.
fn hex_digit(n: u8, uppercase: bool) -> u8 {
    let n = n & 0x0f;
    // 0xff when n > 9, else 0.
    let letter = 0u8.wrapping_sub(9u8.wrapping_sub(n) >> 7);
    let gap = if uppercase { b'A' - b'9' - 1 } else { b'a' - b'9' - 1 };
    b'0' + n + (letter & gap)
}

fn hex(bytes: &[u8], uppercase: bool) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(hex_digit(b >> 4, uppercase)));
        out.push(char::from(hex_digit(*b, uppercase)));
    }
    out
}

/// Uppercase hex (serials, fingerprints, APIv2 signs).
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    hex(bytes, true)
}

/// Lowercase hex (digests).
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    hex(bytes, false)
}

/// Lowercase hex of a 16-byte digest as 32 ASCII bytes, zeroized on drop (the
/// refund AES key).
pub(crate) fn hex_lower_16(bytes: &[u8; 16]) -> zeroize::Zeroizing<[u8; 32]> {
    let mut out = zeroize::Zeroizing::new([0u8; 32]);
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        if let [hi, lo] = pair {
            *hi = hex_digit(b >> 4, false);
            *lo = hex_digit(*b, false);
        }
    }
    out
}

/// Hex in either case to bytes; `None` for odd lengths or non-hex characters.
pub(crate) fn hex_decode(s: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let (pairs, rest) = s.as_bytes().as_chunks::<2>();
    if !rest.is_empty() {
        return None;
    }
    pairs.iter().map(|&[hi, lo]| Some(nibble(hi)? << 4 | nibble(lo)?)).collect()
}

/// PEM armour at 64 columns, LF line ends, ending with a line feed.
pub(crate) fn pem_encode(label: &str, der: &[u8]) -> zeroize::Zeroizing<String> {
    let body = zeroize::Zeroizing::new(base64_encode(der));
    let mut out = zeroize::Zeroizing::new(String::with_capacity(body.len() + body.len() / 64 + 2 * label.len() + 40));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for line in body.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is UTF-8.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

/// DER header (tag + definite length) for `len` content bytes.
fn der_header(tag: u8, len: usize, out: &mut Vec<u8>) {
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let be = len.to_be_bytes();
        let skip = be.iter().take_while(|&&b| b == 0).count();
        let significant = &be[skip..];
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

fn der_wrap(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    der_header(tag, content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

/// `AlgorithmIdentifier { rsaEncryption, NULL }`.
const RSA_ALGORITHM_ID: &[u8] =
    &[0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

/// Whether a DER `SubjectPublicKeyInfo` names `rsaEncryption` with NULL
/// parameters (RFC 3279 §2.3.1), the one form RSA public keys take.
///
/// Both backends check it before parsing, so that they accept the same keys:
/// aws-lc ignores the parameters (as OpenSSL does) and RustCrypto also takes
/// the RSASSA-PSS OID. Found by the `differential` fuzz target.
pub(crate) fn spki_is_rsa_encryption(der: &[u8]) -> bool {
    use x509_cert::der::Decode;
    x509_cert::spki::SubjectPublicKeyInfoRef::from_der(der).is_ok_and(|spki| is_rsa_encryption(&spki.algorithm))
}

/// Whether a DER PKCS#8 `PrivateKeyInfo` names `rsaEncryption` with NULL
/// parameters (RFC 8017 A.1); see [`spki_is_rsa_encryption`].
pub(crate) fn pkcs8_is_rsa_encryption(der: &[u8]) -> bool {
    use x509_cert::der::Decode;
    use x509_cert::der::asn1::AnyRef;
    // PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm, privateKey, … }
    let Ok(fields) = Vec::<AnyRef<'_>>::from_der(der) else { return false };
    fields
        .get(1)
        .and_then(|field| field.decode_as::<x509_cert::spki::AlgorithmIdentifierRef<'_>>().ok())
        .is_some_and(|algorithm| is_rsa_encryption(&algorithm))
}

fn is_rsa_encryption(algorithm: &x509_cert::spki::AlgorithmIdentifierRef<'_>) -> bool {
    use x509_cert::der::Encode;
    algorithm.to_der().is_ok_and(|der| der == RSA_ALGORITHM_ID)
}

/// PKCS#1 `RSAPrivateKey` → PKCS#8 `PrivateKeyInfo`, so that both backends
/// need only one private-key parser. The result holds the key: zeroize it.
pub(crate) fn pkcs1_private_to_pkcs8(pkcs1: &[u8]) -> zeroize::Zeroizing<Vec<u8>> {
    let mut content = zeroize::Zeroizing::new(Vec::with_capacity(pkcs1.len() + 32));
    content.extend_from_slice(&[0x02, 0x01, 0x00]);
    content.extend_from_slice(RSA_ALGORITHM_ID);
    der_header(0x04, pkcs1.len(), &mut content);
    content.extend_from_slice(pkcs1);
    zeroize::Zeroizing::new(der_wrap(0x30, &content))
}

/// The `SubjectPublicKeyInfo` of the public half of an RSA PKCS#8
/// `PrivateKeyInfo`: `RSAPublicKey { modulus, publicExponent }` taken from
/// the second and third fields of the `RSAPrivateKey`. `None` if the DER is
/// not of that shape.
pub(crate) fn pkcs8_private_to_spki(pkcs8: &[u8]) -> Option<Vec<u8>> {
    use x509_cert::der::asn1::AnyRef;
    use x509_cert::der::{Decode, Encode, Tag, Tagged};
    let fields = Vec::<AnyRef<'_>>::from_der(pkcs8).ok()?;
    let private_key = fields.get(2).filter(|field| field.tag() == Tag::OctetString)?;
    let rsa = Vec::<AnyRef<'_>>::from_der(private_key.value()).ok()?;
    let mut public = Vec::new();
    for field in rsa.get(1..3)? {
        public.extend_from_slice(&field.to_der().ok()?);
    }
    Some(pkcs1_public_to_spki(&der_wrap(0x30, &public)))
}

/// PKCS#1 `RSAPublicKey` → `SubjectPublicKeyInfo`.
pub(crate) fn pkcs1_public_to_spki(pkcs1: &[u8]) -> Vec<u8> {
    let mut bit_string = Vec::with_capacity(pkcs1.len() + 1);
    bit_string.push(0);
    bit_string.extend_from_slice(pkcs1);
    let mut content = RSA_ALGORITHM_ID.to_vec();
    content.extend_from_slice(&der_wrap(0x03, &bit_string));
    der_wrap(0x30, &content)
}

/// Percent-encodes everything but RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`), as `redirect_uri` / `redirect_url` require.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push_str(&hex_upper(&[byte]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_strict() {
        assert_eq!(base64_decode("aGVsbG8=", "x").unwrap(), b"hello");
        for bad in ["aGVsbG8", "aGVsbG9=", "aGVs bG8=", "aGVsbG8=\n", "a-_=", "aGVsbG8=="] {
            assert_eq!(base64_decode(bad, "x").unwrap_err().kind(), crate::ErrorKind::Base64, "{bad:?}");
        }
    }

    proptest::proptest! {
        /// The SIMD codec agrees with the `base64` crate's strict standard
        /// engine on every input: same bytes out, same inputs refused.
        #[test]
        #[cfg_attr(miri, ignore = "thousands of SIMD-dispatch calls: minutes under Miri; base64_is_strict covers it there")]
        fn base64_agrees_with_the_reference_engine(
            data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            junk in "[A-Za-z0-9+/=_\\- \n]{0,40}",
            cut in 0usize..8,
        ) {
            use base64::Engine;
            let reference = base64::engine::general_purpose::STANDARD;
            let encoded = base64_encode(&data);
            proptest::prop_assert_eq!(&encoded, &reference.encode(&data));
            proptest::prop_assert_eq!(base64_decode(&encoded, "x").ok(), Some(data.clone()));
            let damaged = format!("{}{junk}", &encoded[..encoded.len().saturating_sub(cut)]);
            proptest::prop_assert_eq!(base64_decode(&damaged, "x").ok(), reference.decode(&damaged).ok(), "{:?}", damaged);
        }
    }

    #[test]
    fn percent_encoding_matches_the_official_h5_example() {
        assert_eq!(percent_encode("https://www.wechatpay.com.cn"), "https%3A%2F%2Fwww.wechatpay.com.cn");
        assert_eq!(percent_encode("a b&c=中"), "a%20b%26c%3D%E4%B8%AD");
    }

    #[test]
    fn hex_helpers() {
        assert_eq!(hex_upper(&[0x00, 0x9a, 0xff]), "009AFF");
        let all: Vec<u8> = (0u8..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(hex_upper(&all), expected);
        assert_eq!(hex_lower(&all), expected.to_lowercase());
        assert_eq!(hex_decode(&expected).unwrap(), all);
        assert_eq!(hex_decode(&expected.to_lowercase()).unwrap(), all);
        assert_eq!(hex_decode("abc"), None);
        assert_eq!(hex_decode("zz"), None);
        let lower = hex_lower_16(&[
            0xd9, 0x6e, 0xb1, 0x6a, 0xfd, 0xd4, 0x91, 0xfa, 0x1e, 0x70, 0x50, 0x96, 0xed, 0xbc, 0x22, 0x05,
        ]);
        assert_eq!(&lower[..], b"d96eb16afdd491fa1e705096edbc2205");
    }

    #[test]
    fn pem_is_64_columns() {
        let pem = pem_encode("TEST", &[7u8; 100]);
        let lines: Vec<&str> = pem.lines().collect();
        assert_eq!(lines[0], "-----BEGIN TEST-----");
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines.last(), Some(&"-----END TEST-----"));
        assert_eq!(pem_rfc7468::decode_vec(pem.as_bytes()).unwrap(), ("TEST", vec![7u8; 100]));
    }

    /// Input of the `differential` fuzz target's second crash (op 8, SPKI
    /// parse), without the op byte: an RSA-2056 `SubjectPublicKeyInfo` whose
    /// AlgorithmIdentifier parameters are `[5]` (`85 00`) instead of NULL.
    /// aws-lc accepted it (it ignores the parameters), RustCrypto did not.
    const SPKI_PARAMS_NOT_NULL: &str = concat!(
        "MIIBIjANBgkqhkiG9w0BAQGFAAOCAQ8AMIIBCgKCAQFQ5pxgn+2p1LcDMhHeEh7odpFNawLIXU8ruNSaxO/jDYJVqxXvk7Gt",
        "icEyic0mXVD8VJHgtUgHttzjX8QdFs1p9St1nDZed9quJ7ojDrMnRRRhZ7o2zAMA2g6D84dGjUsQUYjE+fucErgA/VM6anpj",
        "HsohbGYATQToZB85AfrDTL5OmzooHYpvAgSxVz2sxLgoaCK/vIBodNEXiwuN3Vz/VQXKgTsIt54mv3SR58Z32hxAZYOQQ8cB",
        "89dkGwNHtt8rhWp+3cVekwkuiarog12GjnuqwOCG/WpMDVQRbIsFTCSdf8qW6EfFVWY+yvR3Hja1HEy1tHs4UnflJzSnC2Vh",
        "NwIDAQAB",
    );

    fn vector_spki() -> Vec<u8> {
        let pem = crate::test_support::read("keys/wechatpay_pub_key.pem");
        pem_rfc7468::decode_vec(pem.trim_ascii()).unwrap().1
    }

    #[test]
    fn rsa_algorithm_identifier_must_be_rsa_encryption_with_null() {
        use x509_cert::der::asn1::ObjectIdentifier;
        use x509_cert::der::{Decode, Encode};
        use x509_cert::spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

        let good = vector_spki();
        assert!(spki_is_rsa_encryption(&good));
        let crash = base64_decode(SPKI_PARAMS_NOT_NULL, "test").unwrap();
        assert!(!spki_is_rsa_encryption(&crash));
        let with = |oid: &str, parameters| {
            let spki = SubjectPublicKeyInfoRef::from_der(&good).unwrap();
            let algorithm = AlgorithmIdentifierRef { oid: ObjectIdentifier::new_unwrap(oid), parameters };
            SubjectPublicKeyInfoRef { algorithm, subject_public_key: spki.subject_public_key }.to_der().unwrap()
        };
        // Parameters absent, and the RSASSA-PSS OID (which RustCrypto's parser takes).
        assert!(!spki_is_rsa_encryption(&with("1.2.840.113549.1.1.1", None)));
        assert!(!spki_is_rsa_encryption(&with("1.2.840.113549.1.1.10", None)));
        assert!(spki_is_rsa_encryption(&with("1.2.840.113549.1.1.1", Some(x509_cert::der::asn1::AnyRef::NULL))));

        // The public API refuses the crash input whatever the backend.
        let err = crate::keys::PublicKey::from_spki_der(&crash).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::KeyFormat);
        #[cfg(all(feature = "aws-lc", feature = "rustcrypto"))]
        assert_eq!(crate::backend::differential::compare(&[&[8][..], &crash].concat()), Ok(()));

        // PKCS#8: the vector key, and the same key relabelled RSASSA-PSS.
        let pem = crate::test_support::read("keys/apiclient_key.pem");
        let mut pkcs8 = pem_rfc7468::decode_vec(pem.trim_ascii()).unwrap().1;
        assert!(pkcs8_is_rsa_encryption(&pkcs8));
        let oid_end =
            pkcs8.windows(9).position(|w| w == [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]).unwrap() + 8;
        pkcs8[oid_end] = 0x0a;
        assert!(!pkcs8_is_rsa_encryption(&pkcs8));
        assert_eq!(crate::keys::PrivateKey::from_pkcs8_der(&pkcs8).unwrap_err().kind(), crate::ErrorKind::KeyFormat);
        assert!(!pkcs8_is_rsa_encryption(b""));
        assert!(!pkcs8_is_rsa_encryption(&crash));
    }

    #[test]
    fn der_lengths() {
        let mut out = Vec::new();
        der_header(0x04, 0x7f, &mut out);
        assert_eq!(out, [0x04, 0x7f]);
        out.clear();
        der_header(0x04, 0x80, &mut out);
        assert_eq!(out, [0x04, 0x81, 0x80]);
        out.clear();
        der_header(0x30, 0x04a8, &mut out);
        assert_eq!(out, [0x30, 0x82, 0x04, 0xa8]);
    }
}
