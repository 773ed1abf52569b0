//! Media upload (`/v3/merchant/media/upload` and its siblings): the `meta`
//! JSON with the file's SHA-256, the `multipart/form-data` body, and the
//! signature, which covers the `meta` JSON only.
//!
//! ```
//! # let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors/keys/apiclient_key.pem")).unwrap();
//! use wechatpay_core::keys::PrivateKey;
//! use wechatpay_core::v3::{media::MediaUpload, sign::Signer};
//! let signer = Signer::new("1900000109", "296D147D571B14F7E5D66631C45FC6E6DEEA77EC", PrivateKey::from_pem(&pem)?)?;
//! let upload = MediaUpload::new("filea.jpg", b"hello")?;
//! assert_eq!(upload.meta, r#"{"filename":"filea.jpg","sha256":"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}"#);
//! let signed = upload.sign(&signer, "/v3/merchant/media/upload")?; // Authorization over meta
//! assert!(signed.message.ends_with(&format!("{}\n", upload.meta)));
//! // send upload.body with Content-Type: upload.content_type
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use crate::backend::digest;
use crate::encoding;
use crate::error::{Error, Result};
use crate::v3::sign::{SignedRequest, Signer, generate_nonce};

/// A prepared upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaUpload {
    /// `{"filename":"…","sha256":"…"}`: the `meta` part, and the signed body.
    pub meta: String,
    /// Lowercase hex SHA-256 of the file.
    pub sha256: String,
    /// `multipart/form-data; boundary=…`.
    pub content_type: String,
    /// The complete multipart body (meta part, then file part).
    pub body: Vec<u8>,
}

impl MediaUpload {
    /// Prepares an upload with a random boundary.
    pub fn new(filename: &str, file: &[u8]) -> Result<Self> {
        Self::with_boundary(filename, file, &generate_nonce()?)
    }

    /// Prepares an upload with a given boundary (reproducible bodies).
    pub fn with_boundary(filename: &str, file: &[u8], boundary: &str) -> Result<Self> {
        if filename.is_empty() || filename.chars().any(|c| c.is_control() || c == '"' || c == '/' || c == '\\') {
            return Err(Error::InvalidArgument {
                name: "filename",
                reason: "must be a plain file name without quotes, slashes or control characters",
            });
        }
        if boundary.is_empty()
            || boundary.len() > 70
            || !boundary.bytes().all(|b| b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b))
        {
            return Err(Error::InvalidArgument {
                name: "boundary",
                reason: "must be 1 to 70 RFC 2046 boundary characters",
            });
        }
        let sha256 = encoding::hex_lower(&digest::sha256(file));
        let meta = serde_json::json!({ "filename": filename, "sha256": sha256 }).to_string();
        let mut body = Vec::with_capacity(file.len() + meta.len() + 300);
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"meta\";\r\nContent-Type: application/json\r\n\r\n{meta}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {}\r\n\r\n",
                content_type_for(filename)
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Ok(Self { meta, sha256, content_type: format!("multipart/form-data; boundary={boundary}"), body })
    }

    /// Signs the upload request: `POST`, `url`, and the meta JSON as body.
    pub fn sign(&self, signer: &Signer, url: &str) -> Result<SignedRequest> {
        signer.sign("POST", url, &self.meta)
    }
}

fn content_type_for(filename: &str) -> &'static str {
    let extension = filename.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "bmp" => "image/bmp",
        "gif" => "image/gif",
        "mp4" => "video/mp4",
        "avi" => "video/x-msvideo",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_layout_is_exact() {
        let upload = MediaUpload::with_boundary("a.png", b"\x89PNG", "B0UND").unwrap();
        let expected = format!(
            "--B0UND\r\nContent-Disposition: form-data; name=\"meta\";\r\nContent-Type: application/json\r\n\r\n{}\r\n--B0UND\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n",
            upload.meta
        );
        assert!(upload.body.starts_with(expected.as_bytes()));
        assert!(upload.body.ends_with(b"\x89PNG\r\n--B0UND--\r\n"));
        assert_eq!(upload.content_type, "multipart/form-data; boundary=B0UND");
    }

    #[test]
    fn hostile_names_are_refused() {
        for name in ["", "a\".jpg", "a\r\nX: y.jpg", "../a.jpg"] {
            assert_eq!(
                MediaUpload::with_boundary(name, b"x", "b").unwrap_err().kind(),
                crate::ErrorKind::InvalidArgument
            );
        }
        assert_eq!(
            MediaUpload::with_boundary("a.jpg", b"x", "bad boundary").unwrap_err().kind(),
            crate::ErrorKind::InvalidArgument
        );
        // JSON escaping keeps meta valid for names with unicode and backslash-free specials.
        let upload = MediaUpload::with_boundary("照片 1.jpg", b"x", "b").unwrap();
        let meta: serde_json::Value = serde_json::from_str(&upload.meta).unwrap();
        assert_eq!(meta["filename"], "照片 1.jpg");
    }
}
