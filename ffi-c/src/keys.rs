//! `keys`: private keys, public keys, certificates, the APIv3 key.
//!
//! All four handles are immutable after construction and thread-safe: share one
//! handle between threads freely (but do not free it while another thread uses it).

use std::ffi::c_char;

use wechatpay_core::keys::{ApiV2Key, ApiV3Key, Certificate, PrivateKey, PublicKey};

use crate::boundary::ffi_boundary;
use crate::io::{self, Out};
use crate::result::wechatpay_result;

/// A merchant RSA private key (`apiclient_key.pem`). Thread-safe, immutable.
pub struct wechatpay_private_key {
    pub(crate) inner: PrivateKey,
}

/// An RSA public key (e.g. a WeChat Pay public key, `PUB_KEY_ID_…`). Thread-safe, immutable.
pub struct wechatpay_public_key {
    pub(crate) inner: PublicKey,
}

/// An X.509 certificate (merchant or platform). Thread-safe, immutable.
pub struct wechatpay_certificate {
    pub(crate) inner: Certificate,
}

/// The APIv3 key (32 bytes). Thread-safe, immutable; zeroized when freed.
pub struct wechatpay_apiv3_key {
    pub(crate) inner: ApiV3Key,
}

// ---- private keys ------------------------------------------------------------

/// Loads a PEM private key: `BEGIN PRIVATE KEY` (PKCS#8) or `BEGIN RSA PRIVATE KEY` (PKCS#1).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_private_key_from_pem(
    pem: *const c_char,
    pem_len: usize,
    key_out: *mut *mut wechatpay_private_key,
) -> wechatpay_result {
    ffi_boundary!({
        let pem = unsafe { io::bytes(pem, pem_len, "pem") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_private_key { inner: PrivateKey::from_pem(pem)? }));
        Ok(())
    })
}

/// Loads a DER private key (PKCS#8 `PrivateKeyInfo` or PKCS#1 `RSAPrivateKey`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_private_key_from_der(
    der: *const c_char,
    der_len: usize,
    key_out: *mut *mut wechatpay_private_key,
) -> wechatpay_result {
    ffi_boundary!({
        let der = unsafe { io::bytes(der, der_len, "der") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_private_key { inner: PrivateKey::from_der(der)? }));
        Ok(())
    })
}

/// Reads and loads a PEM private key file (`path` is UTF-8, not NUL-terminated).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_private_key_from_pem_file(
    path: *const c_char,
    path_len: usize,
    key_out: *mut *mut wechatpay_private_key,
) -> wechatpay_result {
    ffi_boundary!({
        let path = unsafe { io::text(path, path_len, "path") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_private_key { inner: PrivateKey::from_pem_file(path)? }));
        Ok(())
    })
}

/// Opens a PKCS#12 bundle (`apiclient_cert.p12`; the password defaults to the
/// merchant id). On success both `key_out` and `cert_out` are written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_private_key_from_pkcs12(
    p12: *const c_char,
    p12_len: usize,
    password: *const c_char,
    password_len: usize,
    key_out: *mut *mut wechatpay_private_key,
    cert_out: *mut *mut wechatpay_certificate,
) -> wechatpay_result {
    ffi_boundary!({
        let p12 = unsafe { io::bytes(p12, p12_len, "p12") }?;
        let password = unsafe { io::text(password, password_len, "password") }?;
        let key_out = unsafe { Out::new(key_out, "key_out") }?;
        let cert_out = unsafe { Out::new(cert_out, "cert_out") }?;
        let (key, cert) = PrivateKey::from_pkcs12(p12, password)?;
        key_out.set(io::into_handle(wechatpay_private_key { inner: key }));
        cert_out.set(io::into_handle(wechatpay_certificate { inner: cert }));
        Ok(())
    })
}

/// The modulus length in bytes (256 for RSA-2048).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_private_key_modulus_len(
    key: *const wechatpay_private_key,
    len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        unsafe { Out::new(len_out, "len_out") }?.set(key.inner.modulus_len());
        Ok(())
    })
}

/// RSASSA-PKCS1-v1_5 SHA-256 signature of `message`, base64 (free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_private_key_sign_sha256_base64(
    key: *const wechatpay_private_key,
    message: *const c_char,
    message_len: usize,
    signature_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let message = unsafe { io::bytes(message, message_len, "message") }?;
        let out = unsafe { Out::new(signature_out, "signature_out") }?;
        out.set(io::c_string(key.inner.sign_sha256_base64(message)?)?);
        Ok(())
    })
}

/// Whether `public_key` is the public half of `key`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_private_key_matches(
    key: *const wechatpay_private_key,
    public_key: *const wechatpay_public_key,
    matches_out: *mut bool,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let public = unsafe { io::handle(public_key, "public_key") }?;
        unsafe { Out::new(matches_out, "matches_out") }?.set(key.inner.matches(&public.inner));
        Ok(())
    })
}

/// Frees a private key (NULL is a no-op). The key material is zeroized.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_private_key_free(key: *mut wechatpay_private_key) {
    ffi_boundary!(value(), { unsafe { io::free_handle(key) } })
}

// ---- public keys ---------------------------------------------------------------

/// Loads a PEM public key (`BEGIN PUBLIC KEY` SPKI or `BEGIN RSA PUBLIC KEY`) or
/// the public key of a PEM certificate.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_public_key_from_pem(
    pem: *const c_char,
    pem_len: usize,
    key_out: *mut *mut wechatpay_public_key,
) -> wechatpay_result {
    ffi_boundary!({
        let pem = unsafe { io::bytes(pem, pem_len, "pem") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_public_key { inner: PublicKey::from_pem(pem)? }));
        Ok(())
    })
}

/// Loads a DER `SubjectPublicKeyInfo`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_public_key_from_spki_der(
    der: *const c_char,
    der_len: usize,
    key_out: *mut *mut wechatpay_public_key,
) -> wechatpay_result {
    ffi_boundary!({
        let der = unsafe { io::bytes(der, der_len, "der") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_public_key { inner: PublicKey::from_spki_der(der)? }));
        Ok(())
    })
}

/// Reads and loads a PEM public key file (or a certificate file's public key).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_public_key_from_pem_file(
    path: *const c_char,
    path_len: usize,
    key_out: *mut *mut wechatpay_public_key,
) -> wechatpay_result {
    ffi_boundary!({
        let path = unsafe { io::text(path, path_len, "path") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_public_key { inner: PublicKey::from_pem_file(path)? }));
        Ok(())
    })
}

/// Lowercase hex SHA-256 of the DER `SubjectPublicKeyInfo` (free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_public_key_spki_sha256(
    key: *const wechatpay_public_key,
    hex_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { Out::new(hex_out, "hex_out") }?;
        out.set(io::c_string(key.inner.spki_sha256())?);
        Ok(())
    })
}

/// The DER `SubjectPublicKeyInfo` (free with `wechatpay_bytes_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_public_key_spki_der(
    key: *const wechatpay_public_key,
    der_out: *mut *mut u8,
    der_len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { Out::new(der_out, "der_out") }?;
        let len_out = unsafe { Out::new(der_len_out, "der_len_out") }?;
        let (ptr, len) = io::c_bytes(key.inner.spki_der().to_vec());
        out.set(ptr);
        len_out.set(len);
        Ok(())
    })
}

/// Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature (raw bytes, not base64) over
/// `message`: `OK`, or `SIGNATURE_INVALID` / `SIGNATURE_MALFORMED`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_public_key_verify_sha256(
    key: *const wechatpay_public_key,
    message: *const c_char,
    message_len: usize,
    signature: *const c_char,
    signature_len: usize,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let message = unsafe { io::bytes(message, message_len, "message") }?;
        let signature = unsafe { io::bytes(signature, signature_len, "signature") }?;
        key.inner.verify_sha256(message, signature)?;
        Ok(())
    })
}

/// Like `wechatpay_public_key_verify_sha256` with a base64 signature (strict, canonical).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_public_key_verify_sha256_base64(
    key: *const wechatpay_public_key,
    message: *const c_char,
    message_len: usize,
    signature: *const c_char,
    signature_len: usize,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::handle(key, "key") }?;
        let message = unsafe { io::bytes(message, message_len, "message") }?;
        let signature = unsafe { io::text(signature, signature_len, "signature") }?;
        key.inner.verify_sha256_base64(message, signature)?;
        Ok(())
    })
}

/// Frees a public key (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_public_key_free(key: *mut wechatpay_public_key) {
    ffi_boundary!(value(), { unsafe { io::free_handle(key) } })
}

// ---- certificates --------------------------------------------------------------

/// Loads a PEM X.509 certificate.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_from_pem(
    pem: *const c_char,
    pem_len: usize,
    cert_out: *mut *mut wechatpay_certificate,
) -> wechatpay_result {
    ffi_boundary!({
        let pem = unsafe { io::bytes(pem, pem_len, "pem") }?;
        let out = unsafe { Out::new(cert_out, "cert_out") }?;
        out.set(io::into_handle(wechatpay_certificate { inner: Certificate::from_pem(pem)? }));
        Ok(())
    })
}

/// Loads a DER X.509 certificate.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_from_der(
    der: *const c_char,
    der_len: usize,
    cert_out: *mut *mut wechatpay_certificate,
) -> wechatpay_result {
    ffi_boundary!({
        let der = unsafe { io::bytes(der, der_len, "der") }?;
        let out = unsafe { Out::new(cert_out, "cert_out") }?;
        out.set(io::into_handle(wechatpay_certificate { inner: Certificate::from_der(der)? }));
        Ok(())
    })
}

/// Reads and loads a PEM certificate file.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_from_pem_file(
    path: *const c_char,
    path_len: usize,
    cert_out: *mut *mut wechatpay_certificate,
) -> wechatpay_result {
    ffi_boundary!({
        let path = unsafe { io::text(path, path_len, "path") }?;
        let out = unsafe { Out::new(cert_out, "cert_out") }?;
        out.set(io::into_handle(wechatpay_certificate { inner: Certificate::from_pem_file(path)? }));
        Ok(())
    })
}

/// Which text property of a certificate `wechatpay_certificate_text` returns.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_certificate_field {
    /// Serial as WeChat Pay prints it (uppercase hex, `Wechatpay-Serial`).
    SerialNo = 0,
    /// Subject, RFC 4514.
    Subject = 1,
    /// Issuer, RFC 4514.
    Issuer = 2,
    /// Uppercase hex SHA-256 of the DER certificate.
    Sha256Fingerprint = 3,
}

/// A text property of a certificate; `field` is a `wechatpay_certificate_field`
/// value (free the text with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_text(
    cert: *const wechatpay_certificate,
    field: u32,
    text_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let cert = unsafe { io::handle(cert, "cert") }?;
        let out = unsafe { Out::new(text_out, "text_out") }?;
        let text = match field {
            0 => cert.inner.serial_no().to_owned(),
            1 => cert.inner.subject().to_owned(),
            2 => cert.inner.issuer().to_owned(),
            3 => cert.inner.sha256_fingerprint(),
            _ => {
                return Err(wechatpay_core::Error::InvalidArgument {
                    name: "field",
                    reason: "not a wechatpay_certificate_field value",
                }
                .into());
            }
        };
        out.set(io::c_string(text)?);
        Ok(())
    })
}

/// `notBefore` and `notAfter` as Unix seconds (both written on success).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_validity(
    cert: *const wechatpay_certificate,
    not_before_out: *mut i64,
    not_after_out: *mut i64,
) -> wechatpay_result {
    ffi_boundary!({
        let cert = unsafe { io::handle(cert, "cert") }?;
        let before = unsafe { Out::new(not_before_out, "not_before_out") }?;
        let after = unsafe { Out::new(not_after_out, "not_after_out") }?;
        before.set(cert.inner.not_before());
        after.set(cert.inner.not_after());
        Ok(())
    })
}

/// Whether `not_before <= unix_time <= not_after`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_is_valid_at(
    cert: *const wechatpay_certificate,
    unix_time: i64,
    valid_out: *mut bool,
) -> wechatpay_result {
    ffi_boundary!({
        let cert = unsafe { io::handle(cert, "cert") }?;
        unsafe { Out::new(valid_out, "valid_out") }?.set(cert.inner.is_valid_at(unix_time));
        Ok(())
    })
}

/// The DER encoding (free with `wechatpay_bytes_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_der(
    cert: *const wechatpay_certificate,
    der_out: *mut *mut u8,
    der_len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let cert = unsafe { io::handle(cert, "cert") }?;
        let out = unsafe { Out::new(der_out, "der_out") }?;
        let len_out = unsafe { Out::new(der_len_out, "der_len_out") }?;
        let (ptr, len) = io::c_bytes(cert.inner.der().to_vec());
        out.set(ptr);
        len_out.set(len);
        Ok(())
    })
}

/// The certificate's public key as a new handle (free with `wechatpay_public_key_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_public_key(
    cert: *const wechatpay_certificate,
    key_out: *mut *mut wechatpay_public_key,
) -> wechatpay_result {
    ffi_boundary!({
        let cert = unsafe { io::handle(cert, "cert") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_public_key { inner: cert.inner.public_key().clone() }));
        Ok(())
    })
}

/// Frees a certificate (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_certificate_free(cert: *mut wechatpay_certificate) {
    ffi_boundary!(value(), { unsafe { io::free_handle(cert) } })
}

// ---- APIv3 key -------------------------------------------------------------------

/// Takes the APIv3 key's 32 bytes (its ASCII characters as they are).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_apiv3_key_new(
    key: *const c_char,
    key_len: usize,
    key_out: *mut *mut wechatpay_apiv3_key,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::bytes(key, key_len, "key") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_apiv3_key { inner: ApiV3Key::new(key)? }));
        Ok(())
    })
}

/// Frees an APIv3 key (NULL is a no-op); the key is zeroized.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_apiv3_key_free(key: *mut wechatpay_apiv3_key) {
    ffi_boundary!(value(), { unsafe { io::free_handle(key) } })
}

// ---- APIv2 key -------------------------------------------------------------------

/// The APIv2 key (32 ASCII characters). Thread-safe, immutable; zeroized when freed.
pub struct wechatpay_apiv2_key {
    pub(crate) inner: ApiV2Key,
}

/// Takes the APIv2 key (its 32 ASCII characters).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_apiv2_key_new(
    key: *const c_char,
    key_len: usize,
    key_out: *mut *mut wechatpay_apiv2_key,
) -> wechatpay_result {
    ffi_boundary!({
        let key = unsafe { io::bytes(key, key_len, "key") }?;
        let out = unsafe { Out::new(key_out, "key_out") }?;
        out.set(io::into_handle(wechatpay_apiv2_key { inner: ApiV2Key::new(key)? }));
        Ok(())
    })
}

/// Frees an APIv2 key (NULL is a no-op); the key is zeroized.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_apiv2_key_free(key: *mut wechatpay_apiv2_key) {
    ffi_boundary!(value(), { unsafe { io::free_handle(key) } })
}
