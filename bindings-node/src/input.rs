//! JavaScript inputs in the shapes Node users have: headers from
//! `IncomingMessage.headers`, a fetch `Headers`, a `Map`, an array of pairs
//! or a plain object (names in any case; the core matches them
//! case-insensitively), and bodies as `Buffer`/`Uint8Array` (raw bytes) or a
//! string (used as its UTF-8 bytes).

use napi::bindgen_prelude::*;
use serde_json::Value;

use crate::error::{self, Result};

/// `(name, value)` pairs of a headers-like JS value. Array values (Node gives
/// them for repeated headers) become one pair each; `undefined`/`null` values
/// are skipped; numbers are written in decimal.
pub fn header_pairs(env: &Env, headers: Unknown) -> Result<Vec<(String, String)>> {
    let bad = |reason: &str| error::invalid_argument("headers", reason);
    if headers.get_type().map_err(error::napi_argument("headers"))? != ValueType::Object {
        return Err(bad("expected an object of header names to values, a Headers or a Map"));
    }
    let is_array = headers.is_array().map_err(error::napi_argument("headers"))?;
    // SAFETY of the conversion: the value was just checked to be an object.
    let object = unsafe { headers.cast::<Object>() }.map_err(error::napi_argument("headers"))?;
    let entries: Option<Unknown> = object.get("entries").map_err(error::napi_argument("headers"))?;
    let iterable = !is_array && entries.is_some_and(|f| f.get_type().ok() == Some(ValueType::Function));
    if !iterable && !is_array {
        return object_pairs(env, &object);
    }
    let value: Value = if iterable {
        // fetch Headers, Map, URLSearchParams-like: Object.fromEntries(headers).
        let global = env.get_global().map_err(error::napi_argument("headers"))?;
        let object_ctor: Unknown = global.get_named_property("Object").map_err(error::napi_argument("headers"))?;
        // SAFETY: the global `Object` constructor is an object (a function).
        let object_ctor = unsafe { object_ctor.cast::<Object>() }.map_err(error::napi_argument("headers"))?;
        let from_entries: Function<Unknown, Unknown> =
            object_ctor.get_named_property("fromEntries").map_err(error::napi_argument("headers"))?;
        let plain = from_entries.call(headers).map_err(error::napi_argument("headers"))?;
        // SAFETY: `plain` is a live value of this env.
        unsafe { Value::from_napi_value(env.raw(), plain.raw()) }.map_err(error::napi_argument("headers"))?
    } else {
        // SAFETY: `headers` is a live value of this env.
        unsafe { Value::from_napi_value(env.raw(), headers.raw()) }.map_err(error::napi_argument("headers"))?
    };
    let mut pairs = Vec::new();
    match value {
        Value::Object(map) => {
            for (name, value) in map {
                push_value(&mut pairs, name, value)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Array(pair) if pair.len() == 2 => {
                        let mut pair = pair.into_iter();
                        let (Some(Value::String(name)), Some(value)) = (pair.next(), pair.next()) else {
                            return Err(bad("each [name, value] pair needs a string name"));
                        };
                        push_value(&mut pairs, name, value)?;
                    }
                    _ => return Err(bad("an array of headers must hold [name, value] pairs")),
                }
            }
        }
        _ => return Err(bad("expected an object of header names to values")),
    }
    Ok(pairs)
}

/// A plain object's pairs (`IncomingMessage.headers`, object literals): the own enumerable keys in
/// order, each value read with the key napi handed back (no C-string round trip and re-interning
/// per name, which cost ~1 us per header through `serde_json::Value`), string values directly,
/// any other value through the same `Value` conversion as before. Same pairs, same order.
fn object_pairs(env: &Env, object: &Object) -> Result<Vec<(String, String)>> {
    let failed = |err: napi::Error| error::napi_argument("headers")(err);
    let raw_env = env.raw();
    let mut names = std::ptr::null_mut();
    let mut len = 0u32;
    // SAFETY: `object` is a live object of this env; `names` is then the array napi returned.
    unsafe {
        napi::check_status!(sys::napi_get_property_names(raw_env, object.raw(), &mut names)).map_err(&failed)?;
        napi::check_status!(sys::napi_get_array_length(raw_env, names, &mut len)).map_err(&failed)?;
    }
    let mut pairs = Vec::with_capacity(len as usize);
    for i in 0..len {
        let mut key = std::ptr::null_mut();
        let mut value = std::ptr::null_mut();
        let mut kind = sys::ValueType::napi_undefined;
        // SAFETY: `i` is below the length of `names`; `key` and `value` are live values of this env.
        let name = unsafe {
            napi::check_status!(sys::napi_get_element(raw_env, names, i, &mut key)).map_err(&failed)?;
            napi::check_status!(sys::napi_get_property(raw_env, object.raw(), key, &mut value)).map_err(&failed)?;
            napi::check_status!(sys::napi_typeof(raw_env, value, &mut kind)).map_err(&failed)?;
            short_string(raw_env, key).map_err(&failed)?
        };
        match kind {
            sys::ValueType::napi_undefined => {}
            // SAFETY: `value` is a live string of this env.
            sys::ValueType::napi_string => {
                pairs.push((name, unsafe { short_string(raw_env, value) }.map_err(&failed)?))
            }
            // SAFETY: `value` is a live value of this env.
            _ => push_value(&mut pairs, name, unsafe { Value::from_napi_value(raw_env, value) }.map_err(&failed)?)?,
        }
    }
    Ok(pairs)
}

/// A JS string as Rust text in one napi call when it fits 506 UTF-8 bytes (header names and values
/// do, the 344-character signature included); longer ones take napi-rs's two-call path.
///
/// # Safety
/// `value` must be a live string of `env`.
unsafe fn short_string(env: sys::napi_env, value: sys::napi_value) -> napi::Result<String> {
    let mut buf = [0u8; 512];
    let mut written = 0usize;
    // SAFETY: `buf` has room for 511 bytes and the NUL napi writes after them.
    napi::check_status!(unsafe {
        sys::napi_get_value_string_utf8(env, value, buf.as_mut_ptr().cast(), buf.len(), &mut written)
    })?;
    match std::str::from_utf8(&buf[..written]) {
        // Complete for sure only when a 4-byte character would still have fitted: napi truncates
        // at a character boundary without saying so.
        Ok(text) if written + 4 < buf.len() - 1 => Ok(text.to_owned()),
        // SAFETY: forwarded contract.
        _ => unsafe { String::from_napi_value(env, value) },
    }
}

fn push_value(pairs: &mut Vec<(String, String)>, name: String, value: Value) -> Result<()> {
    match value {
        Value::String(text) => pairs.push((name, text)),
        Value::Number(number) => pairs.push((name, number.to_string())),
        Value::Null => {}
        Value::Array(values) => {
            for value in values {
                match value {
                    Value::String(text) => pairs.push((name.clone(), text)),
                    _ => return Err(error::invalid_argument("headers", "header array values must be strings")),
                }
            }
        }
        _ => return Err(error::invalid_argument("headers", "header values must be strings")),
    }
    Ok(())
}

/// The raw bytes of a body: a string's UTF-8 bytes or a buffer's bytes.
pub fn body_bytes(body: Either<String, Uint8Array>) -> Vec<u8> {
    match body {
        Either::A(text) => text.into_bytes(),
        Either::B(bytes) => bytes.to_vec(),
    }
}

/// Unix seconds from a JS `Date` or a number of seconds.
pub fn unix_seconds(name: &'static str, value: Either<f64, Date>) -> Result<i64> {
    let seconds = match value {
        Either::A(seconds) => seconds,
        Either::B(date) => date.value_of().map_err(error::napi_argument(name))? / 1000.0,
    };
    if !seconds.is_finite() || seconds.abs() > 1.0e12 {
        return Err(error::invalid_argument(name, "not a finite time"));
    }
    Ok(seconds.floor() as i64)
}
