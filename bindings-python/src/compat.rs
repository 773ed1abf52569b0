//! TEMPORARY until CORE_V1 brings `ErrorKind::category()`: removed on rebase.
use wechatpay_core::ErrorKind;

pub(crate) fn category(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::HeaderMissing
        | ErrorKind::HeaderInvalid
        | ErrorKind::SignatureTypeUnsupported
        | ErrorKind::SignatureProbe
        | ErrorKind::SignatureMalformed
        | ErrorKind::SignatureInvalid
        | ErrorKind::SerialUnknown
        | ErrorKind::CertificateNotValid
        | ErrorKind::TimestampOutOfWindow => "VERIFICATION",
        ErrorKind::DecryptFailed | ErrorKind::CiphertextLength | ErrorKind::NonceLength => "DECRYPTION",
        ErrorKind::KeyFormat | ErrorKind::CertificateFormat | ErrorKind::Pkcs12 | ErrorKind::SecretLength => {
            "KEY_MATERIAL"
        }
        ErrorKind::Api => "PROTOCOL_RESPONSE",
        ErrorKind::Io | ErrorKind::Backend => "ENVIRONMENT",
        _ => "INPUT",
    }
}

/// TEMPORARY until the core's `clock` module: the system clock in Unix seconds.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
