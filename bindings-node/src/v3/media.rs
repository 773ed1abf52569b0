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
