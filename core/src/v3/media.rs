//! Media upload (`/v3/merchant/media/upload` and its siblings): the `meta`
//! JSON with the file's SHA-256, the `multipart/form-data` body, and the
//! signature, which covers the `meta` JSON only.
//!
//! ```
//! # let pem = std::fs::read_to_string(format!("{}/keys/apiclient_key.pem", std::env::var("WECHATPAY_VECTORS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors").to_owned()))).unwrap();
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

use serde::Deserialize;

use crate::backend::digest;
use crate::encoding;
use crate::error::{Error, Result};
use crate::nonce;
use crate::v3::sign::{SignedRequest, Signer};

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
        Self::with_boundary(filename, file, &nonce::generate()?)
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

/// A media upload as WeChat Pay's side receives it: the `meta` part exactly
/// as sent (the bytes the request signature covers), the file, and what the
/// meta says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedUpload {
    /// The `meta` part's bytes as text, exactly as sent: verify the request's
    /// signature over this.
    pub meta: String,
    /// `meta.filename`.
    pub filename: String,
    /// `meta.sha256` (lowercase hex as WeChat Pay expects it).
    pub sha256: String,
    /// The `file` part's `Content-Type`, if given.
    pub file_content_type: Option<String>,
    /// The file's bytes.
    pub file: Vec<u8>,
}

impl ReceivedUpload {
    /// Whether the file's SHA-256 is the one the meta announces (hex case
    /// ignored). [`Error::InvalidArgument`] (`sha256`) if it is not.
    pub fn check_sha256(&self) -> Result<()> {
        if encoding::hex_lower(&digest::sha256(&self.file)).eq_ignore_ascii_case(&self.sha256) {
            Ok(())
        } else {
            Err(Error::InvalidArgument { name: "sha256", reason: "meta.sha256 is not the SHA-256 of the file" })
        }
    }
}

#[derive(Deserialize)]
struct Meta {
    filename: String,
    sha256: String,
}

/// Reads a media-upload body (`multipart/form-data` with a `meta` JSON part
/// and a `file` part), as WeChat Pay does. `content_type` is the request's
/// `Content-Type` header (its `boundary` parameter is used).
///
/// Strict, since the body comes from outside: CRLF line ends, exactly one
/// `meta` and one `file` part, a closing delimiter, header lines at most 8 KiB,
/// no other parts. Errors: [`Error::MultipartFormat`] for the layout,
/// [`Error::Json`] when `meta` is not `{"filename": …, "sha256": …}`.
///
/// ```
/// use wechatpay_core::v3::media::{self, MediaUpload};
/// let upload = MediaUpload::with_boundary("filea.jpg", b"hello", "B0UND")?;
/// let received = media::parse_upload(&upload.content_type, &upload.body)?;
/// assert_eq!((received.meta.as_str(), received.file.as_slice()), (upload.meta.as_str(), &b"hello"[..]));
/// received.check_sha256()?;
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn parse_upload(content_type: &str, body: &[u8]) -> Result<ReceivedUpload> {
    let boundary = boundary_of(content_type)?;
    let mut meta: Option<String> = None;
    let mut file: Option<(Option<String>, Vec<u8>)> = None;
    let delimiter = format!("--{boundary}");
    let mut rest = body
        .strip_prefix(delimiter.as_bytes())
        .ok_or(multipart("the body does not start with the boundary delimiter"))?;
    let separator = format!("\r\n--{boundary}");
    loop {
        if let Some(after) = rest.strip_prefix(b"--") {
            if !(after.is_empty() || after == b"\r\n") {
                return Err(multipart("content after the closing delimiter"));
            }
            break;
        }
        rest = rest.strip_prefix(b"\r\n").ok_or(multipart("a delimiter is not followed by CRLF"))?;
        let header_end = find(rest, b"\r\n\r\n").ok_or(multipart("a part's headers do not end"))?;
        if header_end > 8 * 1024 {
            return Err(multipart("a part's headers are longer than 8 KiB"));
        }
        let headers =
            std::str::from_utf8(&rest[..header_end]).map_err(|_| multipart("a part's headers are not UTF-8"))?;
        let content_start = header_end + 4;
        let content_len = find(&rest[content_start..], separator.as_bytes())
            .ok_or(multipart("a part is not closed by a delimiter"))?;
        let content = &rest[content_start..content_start + content_len];
        rest = &rest[content_start + content_len + separator.len()..];
        let (name, part_type) = part_headers(headers)?;
        match name.as_str() {
            "meta" if meta.is_none() => {
                meta = Some(String::from_utf8(content.to_vec()).map_err(|_| Error::NotUtf8 { what: "meta" })?);
            }
            "file" if file.is_none() => file = Some((part_type, content.to_vec())),
            "meta" | "file" => return Err(multipart("a part appears twice")),
            _ => return Err(multipart("a part other than meta and file")),
        }
    }
    let meta = meta.ok_or(multipart("the meta part is missing"))?;
    let (file_content_type, file) = file.ok_or(multipart("the file part is missing"))?;
    let parsed: Meta = serde_json::from_str(&meta).map_err(|err| Error::json("media meta", &err))?;
    Ok(ReceivedUpload { filename: parsed.filename, sha256: parsed.sha256, meta, file_content_type, file })
}

fn multipart(reason: &'static str) -> Error {
    Error::MultipartFormat { reason }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The `boundary` of `multipart/form-data; boundary=…` (optionally quoted).
fn boundary_of(content_type: &str) -> Result<String> {
    let mut params = content_type.split(';');
    let media_type = params.next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case("multipart/form-data") {
        return Err(multipart("Content-Type is not multipart/form-data"));
    }
    for param in params {
        let Some((key, value)) = param.split_once('=') else { continue };
        if key.trim().eq_ignore_ascii_case("boundary") {
            let value = value.trim();
            let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
            if value.is_empty() || value.len() > 70 {
                return Err(multipart("the boundary is empty or longer than 70 characters"));
            }
            return Ok(value.to_owned());
        }
    }
    Err(multipart("Content-Type has no boundary"))
}

/// The `name` of a part's `Content-Disposition: form-data` and its `Content-Type`.
fn part_headers(headers: &str) -> Result<(String, Option<String>)> {
    let mut name = None;
    let mut content_type = None;
    for line in headers.split("\r\n") {
        let (key, value) = line.split_once(':').ok_or(multipart("a part header line has no colon"))?;
        let value = value.trim();
        if key.eq_ignore_ascii_case("Content-Disposition") {
            let mut fields = value.split(';').map(str::trim);
            if !fields.next().is_some_and(|kind| kind.eq_ignore_ascii_case("form-data")) {
                return Err(multipart("a part is not form-data"));
            }
            for field in fields {
                if let Some(quoted) = field.strip_prefix("name=") {
                    name = Some(quoted.trim_matches('"').to_owned());
                }
            }
        } else if key.eq_ignore_ascii_case("Content-Type") {
            content_type = Some(value.to_owned());
        }
    }
    Ok((name.ok_or(multipart("a part has no Content-Disposition name"))?, content_type))
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
    fn uploads_parse_back_and_bad_layouts_are_typed() {
        let upload = MediaUpload::with_boundary("a.png", b"\x89PNG\r\n--B0UN", "B0UND").unwrap();
        let received = parse_upload(&upload.content_type, &upload.body).unwrap();
        assert_eq!(received.file, b"\x89PNG\r\n--B0UN");
        assert_eq!(received.file_content_type.as_deref(), Some("image/png"));
        assert_eq!(received.filename, "a.png");
        received.check_sha256().unwrap();
        let quoted = parse_upload("multipart/form-data; boundary=\"B0UND\"", &upload.body).unwrap();
        assert_eq!(quoted, received);
        let mut forged = received.clone();
        forged.file.push(0);
        assert_eq!(forged.check_sha256().unwrap_err().kind(), crate::ErrorKind::InvalidArgument);
        let body = String::from_utf8_lossy(&upload.body).into_owned();
        for (content_type, body) in [
            ("text/plain; boundary=B0UND", body.clone()),
            ("multipart/form-data", body.clone()),
            ("multipart/form-data; boundary=OTHER", body.clone()),
            ("multipart/form-data; boundary=B0UND", body.replace("--B0UND--\r\n", "")),
            ("multipart/form-data; boundary=B0UND", body.replace("name=\"file\"", "name=\"meta\"")),
            ("multipart/form-data; boundary=B0UND", body.replace("name=\"file\"", "name=\"extra\"")),
            ("multipart/form-data; boundary=B0UND", body.replace("\r\n\r\n", "\n\n")),
            ("multipart/form-data; boundary=B0UND", format!("{body}trailing")),
            ("multipart/form-data; boundary=B0UND", String::new()),
        ] {
            let err = parse_upload(content_type, body.as_bytes()).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::MultipartFormat, "{content_type} {body:?}");
        }
        let bad_meta = body.replace(&upload.meta, "{\"filename\":1}");
        assert_eq!(parse_upload(&upload.content_type, bad_meta.as_bytes()).unwrap_err().kind(), crate::ErrorKind::Json);
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
