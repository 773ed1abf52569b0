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
