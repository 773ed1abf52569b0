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
