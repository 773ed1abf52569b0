//! Python values in, Python values out: headers, raw bodies, JSON.
//!
//! No protocol logic: header *matching* (case-insensitive, `HTTP_WECHATPAY_*`)
//! is the core's; this only turns whatever header object a framework hands
//! out into `(name, value)` string pairs.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::Value;

/// Header pairs from a `dict`, any mapping with `.items()` (Werkzeug/Flask
/// `EnvironHeaders`, Django `HttpHeaders` and `request.META`, Starlette
/// `Headers`, `requests`' `CaseInsensitiveDict`, `httpx.Headers`), or any
/// iterable of `(name, value)` pairs (ASGI's raw `bytes` pairs too).
/// Entries whose name or value is neither `str` nor `bytes` are not headers
/// (Django's `META` holds `wsgi.input` and friends) and are left out.
pub(crate) fn header_pairs(headers: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let iterable = if headers.is_instance_of::<PyDict>() || headers.hasattr("items")? {
        // Multi-value mappings (Werkzeug, Starlette, httpx) yield every pair from items().
        headers.call_method0("items")?
    } else if headers.is_instance_of::<PyString>() || headers.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "headers must be a mapping or an iterable of (name, value) pairs, not a string",
        ));
    } else {
        headers.clone()
    };
    let mut pairs = Vec::new();
    for item in iterable
        .try_iter()
        .map_err(|_| PyTypeError::new_err("headers must be a mapping or an iterable of (name, value) pairs"))?
    {
        let item = item?;
        let (name, value) = match item.cast::<PyTuple>() {
            Ok(tuple) if tuple.len() == 2 => (tuple.get_item(0)?, tuple.get_item(1)?),
            _ => match item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>() {
                Ok(pair) => pair,
                Err(_) => {
                    return Err(PyTypeError::new_err("each header must be a (name, value) pair"));
                }
            },
        };
        let (Some(name), Some(value)) = (text(&name)?, text(&value)?) else {
            continue;
        };
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// A header name or value: `str`, or `bytes` as HTTP carries them (ISO-8859-1).
fn text(value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Some(b.as_bytes().iter().map(|&byte| char::from(byte)).collect()));
    }
    Ok(None)
}

const BODY_IS_STR: &str = "body must be the raw bytes exactly as received (bytes), not str: \
     decoding and re-encoding text can change the bytes WeChat Pay signed. \
     Pass request.get_data() (Flask), request.body (Django), await request.body() \
     (Starlette/FastAPI) or response.content (requests/httpx)";

/// A raw body that must be the received bytes: `bytes`, `bytearray` or
/// `memoryview`; a `str` is refused with a `TypeError` saying why.
pub(crate) fn raw_body(body: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if body.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(BODY_IS_STR));
    }
    bytes_like(body, "body")
}

/// `bytes`, `bytearray` or `memoryview` (copied: the GIL is released while it is used).
pub(crate) fn bytes_like(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = value.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if value.hasattr("tobytes")?
        && let Ok(b) = value.call_method0("tobytes")?.cast::<PyBytes>()
    {
        return Ok(b.as_bytes().to_vec());
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be bytes, bytearray or memoryview, not {}",
        value.get_type().name()?
    )))
}

/// Text the caller may hold as `str` or as UTF-8 `bytes` (a request body to
/// sign, a PEM file's content).
pub(crate) fn str_or_utf8(value: &Bound<'_, PyAny>, what: &'static str) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    let bytes = bytes_like(value, what).map_err(|_| PyTypeError::new_err(format!("{what} must be str or bytes")))?;
    String::from_utf8(bytes).map_err(|_| crate::errors::Failure::from(wechatpay_core::Error::NotUtf8 { what }).into())
}

/// `bytes` or `str` (its UTF-8 bytes): key files, p12 data.
pub(crate) fn bytes_or_str(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    bytes_like(value, what).map_err(|_| PyTypeError::new_err(format!("{what} must be bytes or str")))
}

/// A JSON value as plain Python objects (`dict`, `list`, `str`, `int`, `float`, `bool`, `None`).
pub(crate) fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                PyInt::new(py, i).into_any()
            } else if let Some(u) = n.as_u64() {
                PyInt::new(py, u).into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A `dict[str, str]` (APIv2 parameters) as pairs; anything else is a TypeError.
pub(crate) fn str_map(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<(String, String)>> {
    let mapping = value
        .cast::<PyMapping>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a mapping of str to str")))?;
    let mut out = Vec::new();
    for item in mapping.items()?.iter() {
        let (k, v): (String, String) =
            item.extract().map_err(|_| PyTypeError::new_err(format!("{what} must map str to str")))?;
        out.push((k, v));
    }
    Ok(out)
}
