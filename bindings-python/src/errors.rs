//! The exception tree, built at import time from `ErrorKind::ALL`.
//!
//! `WeChatPayError(Exception)` with `.kind`; one grouping base per core error
//! category (`VerificationError`, `DecryptError`, ...); under each, one class
//! per core kind named from it (`SIGNATURE_PROBE` -> `SignatureProbeError`).
//! Nothing here is a hand list of kinds: a kind added to the core gets its
//! class on the next build.

use std::ffi::CString;

use pyo3::exceptions::{PyException, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use wechatpay_core::{Error, ErrorKind};

/// Attribute names a core field must not overwrite on an exception instance.
const RESERVED: &[&str] =
    &["args", "kind", "category", "fields", "code_number", "with_traceback", "add_note", "status", "code", "detail"];

/// The module every class reports as its home (`wechatpay_core.SignatureProbeError`).
const MODULE: &str = "wechatpay_core";

struct Table {
    base: Py<PyType>,
    categories: Vec<(&'static str, Py<PyType>)>,
    kinds: Vec<(ErrorKind, Py<PyType>)>,
}

static TABLE: PyOnceLock<Table> = PyOnceLock::new();

/// The core error category of a kind, as its stable name.
fn category_of(kind: ErrorKind) -> &'static str {
    kind.category().as_str()
}

/// `SIGNATURE_PROBE` -> `SignatureProbe`.
fn camel(screaming: &str) -> String {
    let mut out = String::with_capacity(screaming.len());
    for word in screaming.split('_').filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// The class name of a category. The names the issue and docs promise
/// (`DecryptError`, `ApiResponseError`) are spelled out; any other category
/// gets `<Camel>Error`.
pub(crate) fn category_class_name(category: &str) -> String {
    match category {
        "DECRYPTION" => "DecryptError".to_owned(),
        "PROTOCOL_RESPONSE" => "ApiResponseError".to_owned(),
        other => format!("{}Error", camel(other)),
    }
}

/// The class name of a kind: `SIGNATURE_PROBE` -> `SignatureProbeError`
/// (`API_ERROR` -> `ApiError`: the suffix is not doubled).
pub(crate) fn kind_class_name(kind: &str) -> String {
    let stem = kind.strip_suffix("_ERROR").unwrap_or(kind);
    format!("{}Error", camel(stem))
}

/// A name never shadows a builtin (`EnvironmentError`, `KeyError`, ...): such
/// a name gets the `WeChatPay` prefix.
fn unshadowed(py: Python<'_>, name: String) -> PyResult<String> {
    let builtins = py.import("builtins")?;
    if builtins.hasattr(name.as_str())? { Ok(format!("WeChatPay{name}")) } else { Ok(name) }
}

fn new_class<'py>(
    py: Python<'py>,
    name: &str,
    doc: &str,
    base: &Bound<'py, PyType>,
    attrs: &[(&str, &str)],
) -> PyResult<Py<PyType>> {
    let qualified =
        CString::new(format!("{MODULE}.{name}")).map_err(|_| PyRuntimeError::new_err("exception name contains NUL"))?;
    let doc = CString::new(doc).map_err(|_| PyRuntimeError::new_err("exception doc contains NUL"))?;
    let dict = PyDict::new(py);
    for (key, value) in attrs {
        dict.set_item(*key, *value)?;
    }
    // `new_type` drops its `dict` argument before the FFI call reads it (PyO3
    // 0.30.1): pass a second reference and keep `dict` alive across the call.
    let class = PyErr::new_type(py, &qualified, Some(&doc), Some(base), Some(dict.clone().into_any().unbind()));
    drop(dict);
    class
}

/// Builds every class and adds it to `module`.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let table = TABLE.get_or_try_init(py, || build(py))?;
    module.add("WeChatPayError", table.base.bind(py))?;
    for (category, class) in &table.categories {
        let class = class.bind(py);
        module.add(class.name()?.extract::<String>()?, class)?;
        let _ = category;
    }
    let mut kinds = Vec::with_capacity(table.kinds.len());
    for (kind, class) in &table.kinds {
        let class = class.bind(py);
        module.add(class.name()?.extract::<String>()?, class)?;
        kinds.push((kind.as_str(), class.clone()));
    }
    // `wechatpay_core.ERRORS_BY_KIND["SIGNATURE_PROBE"] is SignatureProbeError`.
    let by_kind = PyDict::new(py);
    for (kind, class) in kinds {
        by_kind.set_item(kind, class)?;
    }
    module.add("ERRORS_BY_KIND", by_kind)?;
    Ok(())
}

fn build(py: Python<'_>) -> PyResult<Table> {
    let exception = py.get_type::<PyException>();
    let base = new_class(
        py,
        "WeChatPayError",
        "Base of every error wechatpay_core raises. `.kind` is the core's stable kind \
         string (e.g. \"SIGNATURE_PROBE\"), `.category` its category.",
        &exception,
        &[],
    )?;
    let mut categories: Vec<(&'static str, Py<PyType>)> = Vec::new();
    let mut kinds = Vec::with_capacity(ErrorKind::ALL.len());
    for &kind in ErrorKind::ALL {
        let category = category_of(kind);
        let parent = match categories.iter().find(|(name, _)| *name == category) {
            Some((_, class)) => class.clone_ref(py),
            None => {
                let name = unshadowed(py, category_class_name(category))?;
                let doc = format!("Every error of the core category {category}.");
                let class = new_class(py, &name, &doc, base.bind(py), &[("category", category)])?;
                categories.push((category, class.clone_ref(py)));
                class
            }
        };
        let name = unshadowed(py, kind_class_name(kind.as_str()))?;
        let doc = format!("The core error kind {} (category {category}).", kind.as_str());
        let class = new_class(py, &name, &doc, parent.bind(py), &[("kind", kind.as_str()), ("category", category)])?;
        kinds.push((kind, class));
    }
    Ok(Table { base, categories, kinds })
}

/// A core error on its way to Python. Binding functions return
/// `Result<T, Failure>` so that `?` works on core results.
pub(crate) struct Failure(PyErr);

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure(Python::attach(|py| to_pyerr(py, &error)))
    }
}

impl From<PyErr> for Failure {
    fn from(error: PyErr) -> Self {
        Failure(error)
    }
}

impl From<Failure> for PyErr {
    fn from(failure: Failure) -> Self {
        failure.0
    }
}

pub(crate) type Res<T> = Result<T, Failure>;

/// The exception instance for a core error: its class, message, `.kind`,
/// `.category`, and for API errors the structured fields.
pub(crate) fn to_pyerr(py: Python<'_>, error: &Error) -> PyErr {
    match build_exception(py, error) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn build_exception(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let table = TABLE.get_or_try_init(py, || build(py))?;
    let kind = error.kind();
    let class = table
        .kinds
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, class)| class.bind(py).clone())
        .unwrap_or_else(|| table.base.bind(py).clone());
    let instance = class.call1((error.to_string(),))?;
    instance.setattr("kind", kind.as_str())?;
    instance.setattr("category", category_of(kind))?;
    instance.setattr("code_number", kind.code())?;
    // The core's structured details (`header`, `serial`, `skew`, ...): never secrets or body text.
    let fields = PyDict::new(py);
    for (name, value) in error.fields() {
        fields.set_item(name, &value)?;
        if !RESERVED.contains(&name) && !instance.hasattr(name)? {
            instance.setattr(name, value)?;
        }
    }
    instance.setattr("fields", fields)?;
    crate::api_error::decorate(py, error, &instance)?;
    Ok(PyErr::from_value(instance))
}

/// The generated class of a kind.
pub(crate) fn class_of(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
    let table = TABLE.get_or_try_init(py, || build(py))?;
    table
        .kinds
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, class)| class.bind(py).clone())
        .ok_or_else(|| PyRuntimeError::new_err("no exception class for a core error kind"))
}
