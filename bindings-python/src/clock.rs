//! `clock`: where "now" comes from (the system clock, or a manual one for tests).

use pyo3::prelude::*;
use pyo3::types::PyType;
use wechatpay_core::clock as core;

use crate::errors::Res;

/// A source of Unix seconds. `Clock.manual(t)` is shared by every verifier
/// built with it: `set` / `advance` move them all.
#[pyclass(frozen, module = "wechatpay_core")]
pub(crate) struct Clock(pub(crate) core::Clock);

#[pymethods]
impl Clock {
    /// The system clock.
    #[classmethod]
    fn system(_cls: &Bound<'_, PyType>) -> Self {
        Self(core::Clock::system())
    }
    /// A manual clock that starts at `now` (Unix seconds or an aware datetime).
    #[classmethod]
    fn manual(_cls: &Bound<'_, PyType>, now: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(core::Clock::manual(crate::unix_seconds(now)?)))
    }
    #[getter]
    fn is_manual(&self) -> bool {
        self.0.is_manual()
    }
    /// The current time, Unix seconds.
    fn now(&self) -> i64 {
        self.0.now()
    }
    /// Sets a manual clock.
    fn set(&self, now: &Bound<'_, PyAny>) -> Res<()> {
        Ok(self.0.set(crate::unix_seconds(now)?)?)
    }
    /// Moves a manual clock.
    fn advance(&self, seconds: i64) -> Res<()> {
        Ok(self.0.advance(seconds)?)
    }
    fn __repr__(&self) -> String {
        if self.0.is_manual() { format!("Clock.manual({})", self.0.now()) } else { "Clock.system()".to_owned() }
    }
}
