//! `v2`: the legacy APIv2: parameter maps, MD5 / HMAC-SHA256 signs, XML, and
//! refund-notification `req_info` decryption.

use std::ffi::c_char;

use wechatpay_core::v2::{self, Params, SignType};

use crate::boundary::{FfiResult, ffi_boundary};
use crate::io::{self, BytesOut, Out};
use crate::keys::wechatpay_apiv2_key;
use crate::result::wechatpay_result;

/// APIv2 parameters: unique names with values, in insertion order. Not thread-safe
/// while being changed (`_set` needs exclusive use); read-only use is thread-safe.
pub struct wechatpay_v2_params {
    pub(crate) inner: Params,
}

/// `"MD5"` or `"HMAC-SHA256"` (the `sign_type` field's values).
pub(crate) unsafe fn sign_type(ptr: *const c_char, len: usize) -> FfiResult<SignType> {
    // SAFETY: forwarded contract.
    Ok(SignType::parse(unsafe { io::text(ptr, len, "sign_type") }?)?)
}

/// An empty parameter map.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_params_new(params_out: *mut *mut wechatpay_v2_params) -> wechatpay_result {
    ffi_boundary!({
        let out = unsafe { Out::new(params_out, "params_out") }?;
        out.set(io::into_handle(wechatpay_v2_params { inner: Params::new() }));
        Ok(())
    })
}

/// Sets a parameter (replacing an existing value in place).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_params_set(
    params: *mut wechatpay_v2_params,
    name: *const c_char,
    name_len: usize,
    value: *const c_char,
    value_len: usize,
) -> wechatpay_result {
    ffi_boundary!({
        let params = unsafe { io::handle_mut(params, "params") }?;
        let name = unsafe { io::text(name, name_len, "name") }?;
        let value = unsafe { io::text(value, value_len, "value") }?;
        params.inner.set(name, value);
        Ok(())
    })
}

/// Number of parameters.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_params_len(
    params: *const wechatpay_v2_params,
    len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let params = unsafe { io::handle(params, "params") }?;
        unsafe { Out::new(len_out, "len_out") }?.set(params.inner.len());
        Ok(())
    })
}

/// The `index`-th parameter in insertion order (both written on success; free both
/// with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_params_entry(
    params: *const wechatpay_v2_params,
    index: usize,
    name_out: *mut *mut c_char,
    value_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let params = unsafe { io::handle(params, "params") }?;
        let name_out = unsafe { Out::new(name_out, "name_out") }?;
        let value_out = unsafe { Out::new(value_out, "value_out") }?;
        let (name, value) = params.inner.iter().nth(index).ok_or_else(|| io::bad_field("index"))?;
        let name = io::c_string(name)?;
        match io::c_string(value) {
            Ok(value) => {
                name_out.set(name);
                value_out.set(value);
                Ok(())
            }
            Err(e) => {
                // SAFETY: `name` was just made by c_string.
                unsafe { io::free_string(name) };
                Err(e)
            }
        }
    })
}

/// The value of `name` (`INVALID_ARGUMENT` when absent; free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_params_get(
    params: *const wechatpay_v2_params,
    name: *const c_char,
    name_len: usize,
    value_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let params = unsafe { io::handle(params, "params") }?;
        let name = unsafe { io::text(name, name_len, "name") }?;
        let out = unsafe { Out::new(value_out, "value_out") }?;
        let value = params.inner.get(name).ok_or_else(|| io::bad_field("name"))?;
        out.set(io::c_string(value)?);
        Ok(())
    })
}

/// Frees a parameter map (NULL is a no-op).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_params_free(params: *mut wechatpay_v2_params) {
    ffi_boundary!(value(), { unsafe { io::free_handle(params) } })
}

/// Decodes an APIv2 XML document (`<xml><k><![CDATA[v]]></k>…</xml>`); DOCTYPE,
/// duplicate names and nesting are rejected (`XML`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_xml_decode(
    xml: *const c_char,
    xml_len: usize,
    params_out: *mut *mut wechatpay_v2_params,
) -> wechatpay_result {
    ffi_boundary!({
        let xml = unsafe { io::bytes(xml, xml_len, "xml") }?;
        let out = unsafe { Out::new(params_out, "params_out") }?;
        out.set(io::into_handle(wechatpay_v2_params { inner: v2::xml::decode(xml)? }));
        Ok(())
    })
}

/// Encodes parameters as APIv2 XML (free with `wechatpay_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_xml_encode(
    params: *const wechatpay_v2_params,
    xml_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let params = unsafe { io::handle(params, "params") }?;
        let out = unsafe { Out::new(xml_out, "xml_out") }?;
        out.set(io::c_string(v2::xml::encode(&params.inner)?)?);
        Ok(())
    })
}

/// The exact string that is hashed (`k=v&…&key=…`). It contains the APIv2 key:
/// never log it. Free with `wechatpay_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_string_to_sign(
    params: *const wechatpay_v2_params,
    key: *const wechatpay_apiv2_key,
    text_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let params = unsafe { io::handle(params, "params") }?;
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { Out::new(text_out, "text_out") }?;
        out.set(io::c_string(v2::sign::string_to_sign(&params.inner, &key.inner))?);
        Ok(())
    })
}

/// The uppercase hex sign of `params` (`sign_type` `"MD5"` or `"HMAC-SHA256"`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_sign(
    params: *const wechatpay_v2_params,
    key: *const wechatpay_apiv2_key,
    sign_type_name: *const c_char,
    sign_type_len: usize,
    sign_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let params = unsafe { io::handle(params, "params") }?;
        let key = unsafe { io::handle(key, "key") }?;
        let sign_type = unsafe { sign_type(sign_type_name, sign_type_len) }?;
        let out = unsafe { Out::new(sign_out, "sign_out") }?;
        out.set(io::c_string(v2::sign::sign(&params.inner, &key.inner, sign_type))?);
        Ok(())
    })
}

/// Checks the `sign` parameter: `OK`, or `SIGNATURE_INVALID` / `HEADER_MISSING`-style kinds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_verify(
    params: *const wechatpay_v2_params,
    key: *const wechatpay_apiv2_key,
    sign_type_name: *const c_char,
    sign_type_len: usize,
) -> wechatpay_result {
    ffi_boundary!({
        let params = unsafe { io::handle(params, "params") }?;
        let key = unsafe { io::handle(key, "key") }?;
        let sign_type = unsafe { sign_type(sign_type_name, sign_type_len) }?;
        v2::sign::verify(&params.inner, &key.inner, sign_type)?;
        Ok(())
    })
}

/// Decrypts a refund notification's `req_info` (base64 AES-256-ECB) to its XML
/// text (NUL-terminated too; free with `wechatpay_bytes_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_refund_decrypt_req_info(
    req_info: *const c_char,
    req_info_len: usize,
    key: *const wechatpay_apiv2_key,
    xml_out: *mut *mut u8,
    xml_len_out: *mut usize,
) -> wechatpay_result {
    ffi_boundary!({
        let req_info = unsafe { io::text(req_info, req_info_len, "req_info") }?;
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { BytesOut::new(xml_out, xml_len_out, "xml_out") }?;
        out.set(v2::refund::decrypt_req_info(req_info, &key.inner)?.into_bytes());
        Ok(())
    })
}

/// Decrypts `req_info` and decodes its XML into parameters.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_refund_decrypt_req_info_params(
    req_info: *const c_char,
    req_info_len: usize,
    key: *const wechatpay_apiv2_key,
    params_out: *mut *mut wechatpay_v2_params,
) -> wechatpay_result {
    ffi_boundary!({
        let req_info = unsafe { io::text(req_info, req_info_len, "req_info") }?;
        let key = unsafe { io::handle(key, "key") }?;
        let out = unsafe { Out::new(params_out, "params_out") }?;
        let params = v2::refund::decrypt_req_info_params(req_info, &key.inner)?;
        out.set(io::into_handle(wechatpay_v2_params { inner: params }));
        Ok(())
    })
}

/// The XML answer to an APIv2 notification: success (`fail_message` NULL) or
/// failure with `fail_message`. Free with `wechatpay_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wechatpay_v2_xml_ack(
    fail_message: *const c_char,
    fail_message_len: usize,
    xml_out: *mut *mut c_char,
) -> wechatpay_result {
    ffi_boundary!({
        let fail = unsafe { io::opt_text(fail_message, fail_message_len, "fail_message") }?;
        let out = unsafe { Out::new(xml_out, "xml_out") }?;
        let xml = match fail {
            None => v2::xml::success_ack().to_owned(),
            Some(message) => v2::xml::fail_ack(message),
        };
        out.set(io::c_string(xml)?);
        Ok(())
    })
}
