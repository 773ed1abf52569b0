//! The async variants: a closure computed on the libuv thread pool, its
//! result converted on the JS thread. Panics are caught in both halves.

use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::bindgen_prelude::*;

use crate::error::{self, Failure};

/// A job for the libuv pool: `work` runs off the JS thread and yields `T`
/// (plain Rust data), which is converted to the JS value `J`.
pub struct Job<T, J> {
    work: Option<Box<dyn FnOnce() -> std::result::Result<T, Failure> + Send>>,
    to_js: fn(T) -> J,
}

impl<T, J> Job<T, J> {
    pub fn new(work: impl FnOnce() -> std::result::Result<T, Failure> + Send + 'static, to_js: fn(T) -> J) -> Self {
        Job { work: Some(Box::new(work)), to_js }
    }
}

impl<T: Send + 'static, J: ToNapiValue + TypeName> Task for Job<T, J> {
    type Output = std::result::Result<T, Failure>;
    type JsValue = J;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let Some(work) = self.work.take() else {
            return Ok(Err(error::panicked()));
        };
        Ok(catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| Err(error::panicked())))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(value) => {
                let to_js = self.to_js;
                catch_unwind(AssertUnwindSafe(|| to_js(value))).map_err(|_| error::reject(&env, error::panicked()))
            }
            Err(failure) => Err(error::reject(&env, failure)),
        }
    }
}

/// Shorthand for the return type of the async exports.
pub type Async<T, J> = AsyncTask<Job<T, J>>;

pub fn spawn<T: Send + 'static, J: ToNapiValue + TypeName>(
    work: impl FnOnce() -> std::result::Result<T, Failure> + Send + 'static,
    to_js: fn(T) -> J,
) -> Async<T, J> {
    AsyncTask::new(Job::new(work, to_js))
}
