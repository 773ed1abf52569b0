//! Reading `(pointer, length)` inputs and handing Rust-owned strings and
//! buffers to C. Every raw-pointer access of the crate goes through here.

use std::ffi::{CString, c_char};

use crate::boundary::{FfiError, FfiResult};

/// Borrows `len` bytes at `ptr`. NULL is an error even when `len` is 0.
///
/// # Safety
/// `ptr` must be NULL or valid for reads of `len` bytes for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const c_char, len: usize, name: &'static str) -> FfiResult<&'a [u8]> {
    if ptr.is_null() {
        return Err(FfiError::Null(name));
    }
    if len > isize::MAX as usize {
        return Err(FfiError::Length(name));
    }
    // SAFETY: non-NULL, and the caller guarantees `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// Borrows `len` bytes at `ptr` as UTF-8 text.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize, name: &'static str) -> FfiResult<&'a str> {
    // SAFETY: forwarded contract.
    let raw = unsafe { bytes(ptr, len, name) }?;
    std::str::from_utf8(raw).map_err(|_| FfiError::Utf8(name))
}

/// `count` `(pointer, length)` text pairs given as three parallel arrays.
///
/// # Safety
/// Each array must be NULL or valid for `count` elements, each element as [`text`].
pub(crate) unsafe fn text_array<'a>(
    ptrs: *const *const c_char,
    lens: *const usize,
    count: usize,
    name: &'static str,
) -> FfiResult<Vec<&'a str>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if ptrs.is_null() || lens.is_null() {
        return Err(FfiError::Null(name));
    }
    if count > isize::MAX as usize / std::mem::size_of::<usize>() {
        return Err(FfiError::Length(name));
    }
    // SAFETY: non-NULL and `count` elements long by the caller's contract.
    let (ptrs, lens) = unsafe { (std::slice::from_raw_parts(ptrs, count), std::slice::from_raw_parts(lens, count)) };
    // SAFETY: each pair is valid by the caller's contract.
    ptrs.iter().zip(lens).map(|(p, l)| unsafe { text(*p, *l, name) }).collect()
}

/// Borrows a handle.
///
/// # Safety
/// `ptr` must be NULL or point to a live `T` created by this library.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T, name: &'static str) -> FfiResult<&'a T> {
    // SAFETY: the caller guarantees a live handle when non-NULL.
    unsafe { ptr.as_ref() }.ok_or(FfiError::Null(name))
}

/// Borrows a handle mutably (for handles documented as not thread-safe).
///
/// # Safety
/// `ptr` must be NULL or point to a live `T` no other thread uses now.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T, name: &'static str) -> FfiResult<&'a mut T> {
    // SAFETY: the caller guarantees exclusive access when non-NULL.
    unsafe { ptr.as_mut() }.ok_or(FfiError::Null(name))
}

/// An out-pointer, checked for NULL before any work is done; written only by [`Out::set`].
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// # Safety
    /// `ptr` must be NULL or valid for one write of `T`.
    pub(crate) unsafe fn new(ptr: *mut T, name: &'static str) -> FfiResult<Self> {
        if ptr.is_null() { Err(FfiError::Null(name)) } else { Ok(Out(ptr)) }
    }

    pub(crate) fn set(self, value: T) {
        // SAFETY: checked non-NULL and writable in `new`; `write` drops nothing
        // (the caller's slot is uninitialised or a plain C value).
        unsafe { self.0.write(value) }
    }
}

/// Moves a handle to C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Frees a handle made by [`into_handle`]; NULL is a no-op.
///
/// # Safety
/// `ptr` must be NULL or come from [`into_handle`] for the same `T`, not yet freed.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: by the caller's contract it came from Box::into_raw.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// A Rust string as a NUL-terminated C string (freed by `wechatpay_string_free`).
pub(crate) fn c_string(text: impl Into<Vec<u8>>) -> FfiResult<*mut c_char> {
    CString::new(text).map(CString::into_raw).map_err(|_| {
        FfiError::Core(wechatpay_core::Error::InvalidArgument {
            name: "output",
            reason: "text contains a NUL byte; use the _bytes variant",
        })
    })
}

/// Bytes as a buffer C frees with `wechatpay_bytes_free(ptr, len)`. A NUL byte
/// follows the `len` bytes, so text outputs can be used as C strings too.
pub(crate) fn c_bytes(mut data: Vec<u8>) -> (*mut u8, usize) {
    let len = data.len();
    data.push(0);
    let boxed = data.into_boxed_slice();
    (Box::into_raw(boxed).cast::<u8>(), len)
}

/// # Safety
/// `ptr`/`len` must come from [`c_bytes`] and not have been freed; NULL is a no-op.
pub(crate) unsafe fn free_bytes(ptr: *mut u8, len: usize) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: c_bytes allocated exactly len + 1 bytes as a boxed slice.
    let mut boxed = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len + 1)) };
    wipe(&mut boxed);
}

/// # Safety
/// `ptr` must be NULL or come from [`c_string`] and not have been freed.
pub(crate) unsafe fn free_string(ptr: *mut c_char) {
    if !ptr.is_null() {
        // SAFETY: by contract it came from CString::into_raw.
        let mut bytes = unsafe { CString::from_raw(ptr) }.into_bytes();
        wipe(&mut bytes);
    }
}

/// Overwrites a buffer before it is freed: outputs may hold decrypted payer data.
fn wipe(buffer: &mut [u8]) {
    for byte in buffer.iter_mut() {
        // SAFETY: `byte` is a valid, exclusive reference.
        unsafe { std::ptr::write_volatile(byte, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

/// Header pairs given as parallel arrays: `names[i]`/`name_lens[i]` and `values[i]`/`value_lens[i]`.
///
/// # Safety
/// Each array must be valid for `count` elements, each element as [`text`].
pub(crate) unsafe fn header_pairs<'a>(
    names: *const *const c_char,
    name_lens: *const usize,
    values: *const *const c_char,
    value_lens: *const usize,
    count: usize,
) -> FfiResult<Vec<(&'a str, &'a str)>> {
    // SAFETY: forwarded contract.
    let names = unsafe { text_array(names, name_lens, count, "header_names") }?;
    // SAFETY: forwarded contract.
    let values = unsafe { text_array(values, value_lens, count, "header_values") }?;
    Ok(names.into_iter().zip(values).collect())
}

/// Writes a byte output (pointer + length), both or neither.
pub(crate) struct BytesOut {
    ptr: Out<*mut u8>,
    len: Out<usize>,
}

impl BytesOut {
    /// # Safety
    /// Both pointers must be NULL or valid for one write.
    pub(crate) unsafe fn new(ptr: *mut *mut u8, len: *mut usize, name: &'static str) -> FfiResult<Self> {
        // SAFETY: forwarded contract.
        Ok(BytesOut { ptr: unsafe { Out::new(ptr, name) }?, len: unsafe { Out::new(len, name) }? })
    }

    pub(crate) fn set(self, data: Vec<u8>) {
        let (ptr, len) = c_bytes(data);
        self.ptr.set(ptr);
        self.len.set(len);
    }
}

/// An optional text argument: NULL means absent.
///
/// # Safety
/// As [`text`].
pub(crate) unsafe fn opt_text<'a>(ptr: *const c_char, len: usize, name: &'static str) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { text(ptr, len, name) }.map(Some)
    }
}

/// An invalid-argument error for an out-of-range enum code.
pub(crate) fn bad_field(name: &'static str) -> FfiError {
    FfiError::Core(wechatpay_core::Error::InvalidArgument { name, reason: "not one of the documented values" })
}

/// A `&'static str` as a static NUL-terminated C string (interned once per distinct text).
pub(crate) fn static_c_str(text: &'static str) -> *const c_char {
    use std::sync::Mutex;
    // A plain Vec (not a HashMap) so that leak checkers see every entry as reachable.
    static TABLE: Mutex<Vec<(usize, usize, &'static std::ffi::CStr)>> = Mutex::new(Vec::new());
    let mut table = match TABLE.lock() {
        Ok(t) => t,
        Err(p) => p.into_inner(),
    };
    let key = (text.as_ptr() as usize, text.len());
    if let Some((_, _, c)) = table.iter().find(|(p, l, _)| (*p, *l) == key) {
        return c.as_ptr();
    }
    let owned: &'static std::ffi::CStr =
        Box::leak(CString::new(text.replace('\0', "")).unwrap_or_default().into_boxed_c_str());
    table.push((key.0, key.1, owned));
    owned.as_ptr()
}
