//! Orders, refunds, bills and media in memory, optionally persisted to JSON.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SimError;

/// An order as the simulator keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Order {
    pub(crate) trade_type: String,
    pub(crate) appid: String,
    pub(crate) mchid: String,
    pub(crate) description: String,
    pub(crate) out_trade_no: String,
    pub(crate) transaction_id: String,
    pub(crate) notify_url: String,
    pub(crate) attach: Option<String>,
    pub(crate) total: i64,
    pub(crate) currency: String,
    pub(crate) openid: Option<String>,
    /// H5: `scene_info.payer_client_ip` (the cashier's payer must come from it).
    #[serde(default)]
    pub(crate) payer_client_ip: Option<String>,
    /// The prepay id (JSAPI / APP / H5), how the bridge and the H5 cashier find the order.
    #[serde(default)]
    pub(crate) prepay_id: String,
    /// The request body as parsed, to tell a repeat from a conflicting duplicate.
    pub(crate) request: Value,
    /// The answer to the order request (prepay_id / h5_url / code_url).
    pub(crate) answer: Value,
    pub(crate) created_at: i64,
    pub(crate) trade_state: String,
    pub(crate) trade_state_desc: String,
    pub(crate) success_time: Option<String>,
    pub(crate) refunded: i64,
}

impl Order {
    pub(crate) fn to_json(&self) -> Value {
        let paid = self.success_time.is_some();
        let mut v = json!({
            "appid": self.appid,
            "mchid": self.mchid,
            "out_trade_no": self.out_trade_no,
            "trade_type": self.trade_type,
            "trade_state": self.trade_state,
            "trade_state_desc": self.trade_state_desc,
            "amount": if paid {
                json!({"total": self.total, "payer_total": self.total, "currency": self.currency, "payer_currency": self.currency})
            } else {
                json!({"total": self.total, "currency": self.currency})
            },
        });
        if let Some(obj) = v.as_object_mut() {
            if paid {
                obj.insert("transaction_id".into(), self.transaction_id.clone().into());
                obj.insert("bank_type".into(), "OTHERS".into());
                obj.insert("success_time".into(), self.success_time.clone().into());
                obj.insert(
                    "payer".into(),
                    json!({"openid": self.openid.clone().unwrap_or_else(|| "oSimulatedPayer0000000000000".into())}),
                );
            }
            if let Some(attach) = &self.attach {
                obj.insert("attach".into(), attach.clone().into());
            }
        }
        v
    }
}

/// A refund as the simulator keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RefundRecord {
    pub(crate) out_refund_no: String,
    pub(crate) refund_id: String,
    pub(crate) out_trade_no: String,
    pub(crate) transaction_id: String,
    pub(crate) refund: i64,
    pub(crate) total: i64,
    pub(crate) currency: String,
    pub(crate) status: String,
    pub(crate) notify_url: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) request: Value,
    pub(crate) create_time: String,
    pub(crate) success_time: Option<String>,
}

impl RefundRecord {
    pub(crate) fn to_json(&self) -> Value {
        let mut v = json!({
            "refund_id": self.refund_id,
            "out_refund_no": self.out_refund_no,
            "transaction_id": self.transaction_id,
            "out_trade_no": self.out_trade_no,
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": self.create_time,
            "status": self.status,
            "funds_account": "AVAILABLE",
            "amount": {
                "total": self.total, "refund": self.refund, "payer_total": self.total, "payer_refund": self.refund,
                "settlement_refund": self.refund, "settlement_total": self.total, "discount_refund": 0,
                "currency": self.currency, "refund_fee": 0,
            },
        });
        if let (Some(obj), Some(t)) = (v.as_object_mut(), &self.success_time) {
            obj.insert("success_time".into(), t.clone().into());
        }
        v
    }

    /// The resource of a refund callback.
    pub(crate) fn callback_resource(&self, mchid: &str) -> Value {
        let mut v = json!({
            "mchid": mchid,
            "out_trade_no": self.out_trade_no,
            "transaction_id": self.transaction_id,
            "out_refund_no": self.out_refund_no,
            "refund_id": self.refund_id,
            "refund_status": self.status,
            "user_received_account": "支付用户零钱",
            "amount": {"total": self.total, "refund": self.refund, "payer_total": self.total, "payer_refund": self.refund},
        });
        if let (Some(obj), Some(t)) = (v.as_object_mut(), &self.success_time) {
            obj.insert("success_time".into(), t.clone().into());
        }
        v
    }
}

/// Everything that is persisted.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) orders: HashMap<String, Order>,
    /// transaction_id -> out_trade_no
    pub(crate) by_id: HashMap<String, String>,
    pub(crate) refunds: HashMap<String, RefundRecord>,
    #[serde(skip)]
    pub(crate) bills: HashMap<String, Vec<u8>>,
    #[serde(skip)]
    pub(crate) media: HashMap<String, usize>,
    #[serde(skip)]
    pub(crate) file: Option<PathBuf>,
}

impl State {
    pub(crate) fn load(file: Option<&Path>) -> Result<Self, SimError> {
        let mut state = match file {
            Some(path) if path.is_file() => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| SimError::Io(format!("reading {}: {e}", path.display())))?;
                serde_json::from_str::<State>(&text)
                    .map_err(|e| SimError::Config(format!("state file {}: {e}", path.display())))?
            }
            _ => State::default(),
        };
        state.file = file.map(Path::to_path_buf);
        Ok(state)
    }

    /// Writes the state file (if any): a temporary file, then a rename.
    pub(crate) fn save(&self) {
        let Some(path) = &self.file else { return };
        let Ok(text) = serde_json::to_string(self) else { return };
        let tmp = path.with_extension("tmp");
        if std::fs::write(&tmp, text).is_ok() {
            let _ = std::fs::rename(&tmp, path);
        }
    }
}
