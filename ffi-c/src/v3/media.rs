//! `v3::media`: image/video uploads (meta JSON, multipart body, signature).

use std::ffi::c_char;

use wechatpay_core::v3::media::MediaUpload;

use crate::boundary::ffi_boundary;
use crate::io::{self, BytesOut, Out};
use crate::result::wechatpay_result;
use crate::v3::sign::{wechatpay_signed_request, wechatpay_signer};

/// A prepared upload: meta JSON, SHA-256, content type and multipart body. Immutable, thread-safe.
pub struct wechatpay_media_upload {
    pub(crate) inner: MediaUpload,
}

/// Which text `wechatpay_media_upload_text` returns.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wechatpay_media_field {
    /// `{"filename":"…","sha256":"…"}`: the `meta` part, and the signed body.
    Meta = 0,
    /// Lowercase hex SHA-256 of the file.
    Sha256 = 1,
    /// `multipart/form-data; boundary=…`.
    ContentType = 2,
}

/// Prepares an upload of `file` named `filename`. `boundary` may be NULL (random) or
/// a given RFC 2046 boundary (reproducible bodies).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_media_upload_new(
    filename: *const c_char,
    filename_len: usize,
    file: *const c_char,
    file_len: usize,
    boundary: *const c_char,
    boundary_len: usize,
    upload_out: *mut *mut wechatpay_media_upload,
) -> wechatpay_result {
    ffi_boundary!({
        let filename = unsafe { io::text(filename, filename_len, "filename") }?;
        let file = unsafe { io::bytes(file, file_len, "file") }?;
        let boundary = unsafe { io::opt_text(boundary, boundary_len, "boundary") }?;
        let out = unsafe { Out::new(upload_out, "upload_out") }?;
        let upload = match boundary {
            Some(b) => MediaUpload::with_boundary(filename, file, b)?,
            None => MediaUpload::new(filename, file)?,
        };
        out.set(io::into_handle(wechatpay_media_upload { inner: upload }));
        Ok(())
    })
}

/// A text of the upload; `field` is a `wechatpay_media_field` value (free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_media_upload_text(
    upload: *const wechatpay_media_upload,
    field: u32,
    text_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let upload = unsafe { io::handle(upload, "upload") }?;
        let out = unsafe { Out::new(text_out, "text_out") }?;
        let u = &upload.inner;
        let text = match field {
            0 => &u.meta,
            1 => &u.sha256,
            2 => &u.content_type,
            _ => return Err(io::bad_field("field")),
        };
        out.set(io::c_string(text.as_str())?);
        Ok(())
    })
}

/// The complete multipart body (free with `wechatpay_bytes_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_media_upload_body(
    upload: *const wechatpay_media_upload,
    body_out: *mut *mut u8,
    body_len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let upload = unsafe { io::handle(upload, "upload") }?;
        let out = unsafe { BytesOut::new(body_out, body_len_out, "body_out") }?;
        out.set(upload.inner.body.clone());
        Ok(())
    })
}

/// Signs the upload request (`POST url`, the meta JSON as signed body).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_media_upload_sign(
    upload: *const wechatpay_media_upload,
    signer: *const wechatpay_signer,
    url: *const c_char,
    url_len: usize,
    request_out: *mut *mut wechatpay_signed_request,
) -> wechatpay_result {
    ffi_boundary!({
        let upload = unsafe { io::handle(upload, "upload") }?;
        let signer = unsafe { io::handle(signer, "signer") }?;
        let url = unsafe { io::text(url, url_len, "url") }?;
        let out = unsafe { Out::new(request_out, "request_out") }?;
        out.set(io::into_handle(wechatpay_signed_request { inner: upload.inner.sign(&signer.inner, url)? }));
        Ok(())
    })
}

/// Frees an upload (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_media_upload_free(upload: *mut wechatpay_media_upload) {
    ffi_boundary!(value(), { unsafe { io::free_handle(upload) } })
}
