//! Typed views of decrypted callback resources (`CallbackEvent.transaction()` / `.refund()`).
//! Each is a frozen wrapper around the core struct; fields are read-only properties.

use pyo3::prelude::*;
use wechatpay_core::v3::notify as core;

/// A wrapper class whose properties clone the named fields of the core struct.
macro_rules! view {
    ($name:ident, $core:ty, [$($field:ident: $ty:ty),* $(,)?] $(, nested [$($nfield:ident: $nty:ident),* $(,)?])?) => {
        #[doc = concat!("The `", stringify!($name), "` view of a decrypted resource (every field may be `None`).")]
        #[pyclass(frozen, module = "wechatpay_core")]
        pub(crate) struct $name(pub(crate) $core);

        #[pymethods]
        impl $name {
            $(
                #[getter]
                fn $field(&self) -> $ty {
                    self.0.$field.clone()
                }
            )*
            $($(
                #[getter]
                fn $nfield(&self) -> Option<$nty> {
                    self.0.$nfield.clone().map($nty)
                }
            )*)?
            fn __repr__(&self) -> String {
                format!("{}({:?})", stringify!($name), self.0)
            }
        }
    };
}

view!(Payer, core::Payer, [openid: Option<String>]);
view!(
    TransactionAmount,
    core::TransactionAmount,
    [total: Option<i64>, payer_total: Option<i64>, currency: Option<String>, payer_currency: Option<String>]
);
view!(
    Transaction,
    core::Transaction,
    [
        appid: Option<String>,
        mchid: Option<String>,
        out_trade_no: Option<String>,
        transaction_id: Option<String>,
        trade_type: Option<String>,
        trade_state: Option<String>,
        trade_state_desc: Option<String>,
        bank_type: Option<String>,
        attach: Option<String>,
        success_time: Option<String>,
    ],
    nested [payer: Payer, amount: TransactionAmount]
);
view!(
    RefundAmount,
    core::RefundAmount,
    [total: Option<i64>, refund: Option<i64>, payer_total: Option<i64>, payer_refund: Option<i64>]
);
view!(
    Refund,
    core::Refund,
    [
        mchid: Option<String>,
        out_trade_no: Option<String>,
        transaction_id: Option<String>,
        out_refund_no: Option<String>,
        refund_id: Option<String>,
        refund_status: Option<String>,
        success_time: Option<String>,
        user_received_account: Option<String>,
    ],
    nested [amount: RefundAmount]
);

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Payer>()?;
    m.add_class::<TransactionAmount>()?;
    m.add_class::<Transaction>()?;
    m.add_class::<RefundAmount>()?;
    m.add_class::<Refund>()?;
    Ok(())
}
