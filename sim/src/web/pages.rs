//! The HTML of WeChat's pages as the simulator shows them: readable, Chinese
//! with English, each saying what the real page would say and why.

use crate::server::yuan;

/// Text for HTML.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value for a `<script>`: JSON, with `<` escaped so no `</script>` can end it.
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()).replace('<', "\\u003c")
}

const STYLE: &str = "
body{margin:0;font-family:-apple-system,'PingFang SC','WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;background:#ededed;color:#111}
.bar{background:#07c160;color:#fff;padding:12px 16px;font-size:17px;font-weight:600}
.bar small{font-weight:400;opacity:.85;margin-left:8px}
.card{background:#fff;margin:16px;padding:24px 20px;border-radius:8px;text-align:center}
.icon{font-size:56px;line-height:1;margin:8px 0 16px}
.zh{font-size:20px;font-weight:600;margin:8px 0}
.en{font-size:15px;color:#555;margin:8px 0;line-height:1.45}
.code{font-family:monospace;color:#888;font-size:13px;margin-top:12px}
.amount{font-size:40px;font-weight:600;margin:12px 0}
.merchant{color:#555;font-size:15px}
button,.btn{display:block;width:100%;box-sizing:border-box;margin:12px 0 0;padding:12px;font-size:17px;border-radius:6px;border:0;cursor:pointer;text-decoration:none}
.primary{background:#07c160;color:#fff}.plain{background:#f2f2f2;color:#111}.danger{background:#fff;color:#fa5151;border:1px solid #fa5151}
.sim{color:#999;font-size:12px;margin:16px;text-align:center}
";

fn page(title: &str, bar: &str, body: &str, transparent: bool) -> String {
    let extra = if transparent { "body{background:rgba(0,0,0,.45)}.sim{color:#eee}" } else { "" };
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{}</title><style>{STYLE}{extra}</style></head><body><div class=\"bar\">{}</div>{body}\
<div class=\"sim\">wechatpay-sim · 模拟的微信页面 / simulated WeChat page</div></body></html>",
        escape(title),
        bar
    )
}

fn card(icon: &str, zh: &str, en: &str, code: Option<u32>) -> String {
    let code = code.map(|c| format!("<div class=\"code\">错误码 / error code: {c}</div>")).unwrap_or_default();
    format!(
        "<div class=\"card\"><div class=\"icon\">{icon}</div><div class=\"zh\" id=\"message\">{}</div><div class=\"en\">{}</div>{code}</div>",
        escape(zh),
        escape(en)
    )
}

/// WeChat's error page (OAuth and the like).
pub(crate) fn error(title: &str, zh: &str, en: &str, code: Option<u32>) -> String {
    page(title, &format!("{}<small>WeChat</small>", escape(title)), &card("⚠️", zh, en, code), false)
}

/// The authorize step: silent for `snsapi_base`, a consent page for `snsapi_userinfo`.
/// Either checks that the URL ended with `#wechat_redirect`.
pub(crate) fn authorize(scope: &str, allow: &str, deny: &str) -> String {
    let silent = scope == "snsapi_base";
    let body = if silent {
        card("⏳", "正在跳转…", "Redirecting back to the merchant with a code (snsapi_base, silent).", None)
    } else {
        "<div class=\"card\"><div class=\"icon\">👤</div><div class=\"zh\">网页由该公众号开发，请确认授权以下信息</div>\
<div class=\"en\">This page asks for your public profile (nickname, avatar): snsapi_userinfo.</div>\
<button class=\"primary\" id=\"allow\">允许 / Allow</button><button class=\"plain\" id=\"deny\">拒绝 / Deny</button></div>"
            .to_owned()
    };
    let script = format!(
        "<script>(function(){{var allow={},deny={};\
if(location.hash!=='#wechat_redirect'){{document.querySelector('.card').innerHTML='<div class=\"icon\">⚠️</div><div class=\"zh\" id=\"message\">链接缺少 #wechat_redirect</div><div class=\"en\">The authorize URL must end with #wechat_redirect.</div>';return}}\
{}}})()</script>",
        js(allow),
        js(deny),
        if silent {
            "location.replace(allow);"
        } else {
            "document.getElementById('allow').onclick=function(){location.replace(allow)};document.getElementById('deny').onclick=function(){location.replace(deny)};"
        }
    );
    page("微信授权", "微信授权<small>WeChat authorization</small>", &format!("{body}{script}"), false)
}

/// The script of the cashier frame: posts the payer's choice, then tells the page.
fn cashier_script(ticket: &str) -> String {
    format!(
        "<script>(function(){{var ticket={};function act(a){{\
document.querySelectorAll('button').forEach(function(b){{b.disabled=true}});\
fetch('/sim/wx/cashier/'+ticket+'/'+a,{{method:'POST'}}).then(function(r){{return r.json()}})\
.catch(function(){{return {{result:'fail',errmsg:'network error'}}}})\
.then(function(r){{parent.postMessage({{source:'wechatpay-sim',ticket:ticket,result:r.result,errmsg:r.errmsg}},'*')}})}}\
document.querySelectorAll('button[data-action]').forEach(function(b){{b.onclick=function(){{act(b.dataset.action)}}}})}})()</script>",
        js(ticket)
    )
}

/// The payment sheet shown over the merchant's page.
pub(crate) fn cashier(ticket: &str, mchid: &str, description: &str, total: i64, miniprogram: bool) -> String {
    let body = format!(
        "<div class=\"card\"><div class=\"merchant\">{}</div><div class=\"merchant\">商户号 / merchant {}</div>\
<div class=\"amount\" id=\"amount\">¥{}</div>\
<button class=\"primary\" data-action=\"pay\" id=\"pay\">立即支付 / Pay now</button>\
<button class=\"danger\" data-action=\"fail\" id=\"fail\">模拟支付失败 / Simulate a failure</button>\
<button class=\"plain\" data-action=\"cancel\" id=\"cancel\">取消 / Cancel</button></div>",
        escape(description),
        escape(mchid),
        yuan(total)
    );
    let bar = if miniprogram {
        "微信支付<small>WeChat Pay · mini-program</small>"
    } else {
        "微信支付<small>WeChat Pay</small>"
    };
    page("微信支付", bar, &format!("{body}{}", cashier_script(ticket)), true)
}

/// WeChat's refusal to start the payment (what the real client shows in an alert).
pub(crate) fn cashier_refusal(ticket: &str, zh: &str, en: &str) -> String {
    let body = format!(
        "<div class=\"card\"><div class=\"icon\">⚠️</div><div class=\"zh\" id=\"message\">{}</div><div class=\"en\">{}</div>\
<button class=\"primary\" data-action=\"ack\" id=\"ack\">确定 / OK</button></div>",
        escape(zh),
        escape(en)
    );
    page("微信支付", "微信支付<small>WeChat Pay</small>", &format!("{body}{}", cashier_script(ticket)), true)
}

/// The H5 cashier's error page.
pub(crate) fn h5_error(zh: &str, en: &str) -> String {
    page("微信支付", "微信支付<small>WeChat Pay · H5</small>", &card("⚠️", zh, en, None), false)
}

/// The H5 cashier.
pub(crate) fn h5_cashier(visit: &str, mchid: &str, description: &str, total: i64) -> String {
    let form = |action: &str, class: &str, label: &str| {
        format!(
            "<form method=\"post\" action=\"/cgi-bin/mmpayweb-bin/h5pay\"><input type=\"hidden\" name=\"visit\" value=\"{}\">\
<input type=\"hidden\" name=\"action\" value=\"{action}\"><button class=\"{class}\" id=\"{action}\">{label}</button></form>",
            escape(visit)
        )
    };
    let body = format!(
        "<div class=\"card\"><div class=\"merchant\">{}</div><div class=\"merchant\">商户号 / merchant {}</div>\
<div class=\"amount\" id=\"amount\">¥{}</div>{}{}</div>",
        escape(description),
        escape(mchid),
        yuan(total),
        form("pay", "primary", "确认支付 / Confirm payment"),
        form("cancel", "plain", "取消支付 / Cancel")
    );
    page("微信支付", "微信支付<small>WeChat Pay · H5</small>", &body, false)
}

/// The end of an H5 payment without a `redirect_url`.
pub(crate) fn h5_done(paid: bool) -> String {
    let body = if paid {
        card("✅", "支付成功", "Paid. (No redirect_url: the merchant's page is not reopened.)", None)
    } else {
        card("↩️", "已取消支付", "Cancelled. (No redirect_url.)", None)
    };
    page("微信支付", "微信支付<small>WeChat Pay · H5</small>", &body, false)
}
