//! `v3::media`: image / video upload bodies (multipart with the signed `meta`).

use napi::bindgen_prelude::*;
use napi_derive::napi;
use wechatpay_core::v3::media as core;

use crate::error::{self, Result};
use crate::v3::sign::{SignedRequest, Signer};

/// A multipart upload body and the `meta` JSON that is signed.
#[napi]
pub struct MediaUpload {
    inner: core::MediaUpload,
}

#[napi]
impl MediaUpload {
    /// `new MediaUpload(filename, fileBytes, boundary?)`.
    #[napi(constructor, catch_unwind)]
    pub fn new(filename: String, file: Uint8Array, boundary: Option<String>) -> Result<Self> {
        let inner = match boundary {
            Some(boundary) => core::MediaUpload::with_boundary(&filename, &file, &boundary),
            None => core::MediaUpload::new(&filename, &file),
        };
        Ok(Self { inner: inner.map_err(error::core)? })
    }

    /// The signed `meta` JSON.
    #[napi(getter, catch_unwind)]
    pub fn meta(&self) -> String {
        self.inner.meta.clone()
    }

    /// Lowercase hex SHA-256 of the file.
    #[napi(getter, catch_unwind)]
    pub fn sha256(&self) -> String {
        self.inner.sha256.clone()
    }

    /// The `Content-Type` header (with the boundary).
    #[napi(getter, catch_unwind)]
    pub fn content_type(&self) -> String {
        self.inner.content_type.clone()
    }

    /// The request body.
    #[napi(getter, catch_unwind)]
    pub fn body(&self) -> Buffer {
        self.inner.body.clone().into()
    }

    /// Signs `POST url` over `meta`.
    #[napi(catch_unwind)]
    pub fn sign(&self, signer: &Signer, url: String) -> Result<SignedRequest> {
        Ok(self.inner.sign(&signer.inner, &url).map_err(error::core)?.into())
    }
}

/// A multipart upload as received (the WeChat Pay side, or a test double of it).
#[napi(object)]
pub struct ReceivedUpload {
    pub meta: String,
    pub filename: String,
    pub sha256: String,
    pub file_content_type: Option<String>,
    pub file: Buffer,
    /// Whether `sha256` is the SHA-256 of `file`.
    pub sha256_matches: bool,
}

/// Parses a multipart upload body by its `Content-Type` boundary.
#[napi(catch_unwind)]
pub fn parse_upload(content_type: String, body: Uint8Array) -> Result<ReceivedUpload> {
    let upload = core::parse_upload(&content_type, &body).map_err(error::core)?;
    let sha256_matches = upload.check_sha256().is_ok();
    Ok(ReceivedUpload {
        sha256_matches,
        meta: upload.meta,
        filename: upload.filename,
        sha256: upload.sha256,
        file_content_type: upload.file_content_type,
        file: upload.file.into(),
    })
}
