//! The flat XML of APIv2: one root element whose children are the parameters.
//!
//! [`decode`] is deliberately narrow. APIv2 bodies are `<xml><k>v</k>…</xml>`
//! and nothing more, so anything richer is refused instead of being
//! interpreted: a DOCTYPE (the door to XXE and entity-expansion bombs),
//! entities other than the five predefined ones, processing instructions,
//! nested elements, repeated names, text or elements after the root. Values
//! are returned exactly as written (no trimming), with escapes and CDATA
//! resolved, so that [`sign::verify`](super::sign::verify) sees what WeChat
//! Pay signed.
//!
//! ```
//! use wechatpay_core::v2::xml;
//!
//! let params = xml::decode(b"<xml><return_code><![CDATA[SUCCESS]]></return_code><n>1 &lt; 2</n></xml>")?;
//! assert_eq!(params.get("return_code"), Some("SUCCESS"));
//! assert_eq!(params.get("n"), Some("1 < 2"));
//! assert_eq!(xml::encode(&params)?, "<xml><return_code>SUCCESS</return_code><n><![CDATA[1 < 2]]></n></xml>");
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

use super::Params;
use crate::error::{Error, Result};

/// Parses an APIv2 XML message into its parameters (the root's children), in
/// document order.
///
/// The root's name is not checked: APIv2 messages use `<xml>`, the decrypted
/// refund `req_info` uses `<root>`. An empty child (`<k/>` or `<k></k>`) gives
/// an empty value. Whitespace between elements is ignored; whitespace inside a
/// value is kept. Comments are skipped. Attributes are ignored (APIv2 sends none).
///
/// Errors: [`Error::NotUtf8`] for bytes that are not UTF-8, [`Error::Xml`] for
/// malformed XML and for everything outside the flat APIv2 shape (see the
/// [module docs](self)).
///
/// ```
/// use wechatpay_core::{ErrorKind, v2::xml};
///
/// let bomb = br#"<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]><xml><k>&a;</k></xml>"#;
/// assert_eq!(xml::decode(bomb).unwrap_err().kind(), ErrorKind::Xml);
/// assert_eq!(xml::decode(b"<xml><k>1</k><k>2</k></xml>").unwrap_err().kind(), ErrorKind::Xml);
/// ```
pub fn decode(xml: &[u8]) -> Result<Params> {
    let text = std::str::from_utf8(xml).map_err(|_| Error::NotUtf8 { what: "XML" })?;
    let mut reader = Reader::from_str(text);
    // Set every option the safety of this parser relies on, rather than
    // trusting quick-xml's defaults to stay the same across releases.
    let config = reader.config_mut();
    config.check_end_names = true;
    config.allow_unmatched_ends = false;
    config.allow_dangling_amp = false;
    config.expand_empty_elements = false;
    config.trim_text(false);

    let mut params = Params::new();
    let mut state = State::BeforeRoot;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(_) => return Err(xml_error("not well-formed XML", reader.error_position())),
        };
        let at = reader.buffer_position();
        let xml_error = |reason: &'static str| xml_error(reason, at);
        match event {
            Event::Decl(_) if matches!(state, State::BeforeRoot) => {}
            Event::Decl(_) => return Err(xml_error("XML declaration after the start of the document")),
            Event::DocType(_) => {
                return Err(xml_error("DOCTYPE is not allowed (no DTD, no custom entities)"));
            }
            Event::PI(_) => return Err(xml_error("processing instructions are not allowed")),
            Event::Comment(_) => {}
            Event::Start(e) => {
                state = match state {
                    State::BeforeRoot => State::InRoot,
                    State::InRoot => {
                        let name = e.name().as_ref().to_owned();
                        if params.get(&name).is_some() {
                            return Err(xml_error(DUPLICATE));
                        }
                        State::InField { name, value: String::new() }
                    }
                    State::InField { .. } => return Err(xml_error(NESTED)),
                    State::AfterRoot => return Err(xml_error(TRAILING)),
                };
            }
            Event::Empty(e) => match state {
                State::BeforeRoot => state = State::AfterRoot,
                State::InRoot => params.insert(e.name().as_ref(), "").map_err(|_| xml_error(DUPLICATE))?,
                State::InField { .. } => return Err(xml_error(NESTED)),
                State::AfterRoot => return Err(xml_error(TRAILING)),
            },
            Event::End(_) => {
                state = match state {
                    State::InField { name, value } => {
                        params.insert(name, value).map_err(|_| xml_error(DUPLICATE))?;
                        State::InRoot
                    }
                    State::InRoot => State::AfterRoot,
                    // quick-xml reports unmatched end tags itself; kept for safety.
                    State::BeforeRoot | State::AfterRoot => return Err(xml_error("end tag without start tag")),
                };
            }
            Event::Text(t) => match &mut state {
                State::InField { value, .. } => push_checked(value, &t.xml10_content(), at)?,
                _ if t.bytes().all(is_xml_whitespace) => {}
                _ => return Err(xml_error(STRAY_TEXT)),
            },
            Event::CData(c) => match &mut state {
                State::InField { value, .. } => push_checked(value, &c.xml10_content(), at)?,
                _ => return Err(xml_error(STRAY_TEXT)),
            },
            Event::GeneralRef(r) => match &mut state {
                State::InField { value, .. } => value.push(resolve_reference(&r, at)?),
                _ => return Err(xml_error(STRAY_TEXT)),
            },
            Event::Eof => {
                return match state {
                    State::AfterRoot => Ok(params),
                    State::BeforeRoot => Err(xml_error("no root element")),
                    State::InRoot | State::InField { .. } => Err(xml_error("document ends inside an element")),
                };
            }
        }
    }
}

/// Where [`decode`] is in the one shape it accepts.
enum State {
    BeforeRoot,
    InRoot,
    InField { name: String, value: String },
    AfterRoot,
}

/// Appends text to a value, refusing characters XML 1.0 does not allow.
fn push_checked(value: &mut String, text: &str, at: u64) -> Result<()> {
    if !text.chars().all(is_xml_char) {
        return Err(xml_error("a value contains a character XML 1.0 does not allow (a control character)", at));
    }
    value.push_str(text);
    Ok(())
}

/// Only the five predefined entities and character references exist without a DTD.
fn resolve_reference(r: &BytesRef<'_>, at: u64) -> Result<char> {
    let resolved = r.resolve_char_ref().map_err(|_| xml_error("a character reference is malformed", at))?;
    let ch = match resolved {
        Some(ch) => ch,
        None => match &**r {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => return Err(xml_error("an entity is not defined (only the 5 XML entities are)", at)),
        },
    };
    if !is_xml_char(ch) {
        return Err(xml_error("a character reference is not an XML 1.0 character", at));
    }
    Ok(ch)
}

fn is_xml_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// XML 1.0 `Char`: what may appear in a document at all.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

// The reasons never quote the document: a decrypted `req_info` is payer data.
fn xml_error(reason: &'static str, at: u64) -> Error {
    Error::Xml { reason, position: usize::try_from(at).unwrap_or(usize::MAX) }
}

const DUPLICATE: &str = "an element appears more than once";
const NESTED: &str = "nested elements are not allowed: APIv2 parameters are flat";
const TRAILING: &str = "content after the root element";
const STRAY_TEXT: &str = "text outside a parameter element";

/// Serialises parameters as `<xml><k>v</k>…</xml>`, in their order.
///
/// A value containing any of `<`, `>`, `&`, `"`, `'` is wrapped in
/// `<![CDATA[…]]>`, as the official SDKs do; a `]]>` inside it is split over
/// two CDATA sections. A carriage return is written as `&#xD;`, since an XML
/// parser would otherwise turn it into a line feed and change the signed value.
///
/// Errors: [`Error::InvalidArgument`] when a name is not of the form
/// `[A-Za-z_][A-Za-z0-9_.-]*` (every APIv2 parameter name is), or a value holds
/// a character that XML 1.0 cannot carry (e.g. NUL or other C0 controls).
///
/// ```
/// use wechatpay_core::v2::{Params, xml};
///
/// let params = Params::from_pairs([("body", "A&B"), ("total_fee", "1")])?;
/// assert_eq!(xml::encode(&params)?, "<xml><body><![CDATA[A&B]]></body><total_fee>1</total_fee></xml>");
/// # Ok::<(), wechatpay_core::Error>(())
/// ```
pub fn encode(params: &Params) -> Result<String> {
    let capacity = params.iter().map(|(k, v)| 2 * k.len() + v.len() + 17).sum::<usize>() + 11;
    let mut out = String::with_capacity(capacity);
    out.push_str("<xml>");
    for (name, value) in params.iter() {
        if !is_simple_name(name) {
            return Err(Error::InvalidArgument {
                name: "params",
                reason: "a parameter name is not an XML name of the form [A-Za-z_][A-Za-z0-9_.-]*",
            });
        }
        if !value.chars().all(is_xml_char) {
            return Err(Error::InvalidArgument {
                name: "params",
                reason: "a value contains a character that XML 1.0 cannot carry (a control character)",
            });
        }
        out.push('<');
        out.push_str(name);
        out.push('>');
        push_value(&mut out, value, needs_cdata(value));
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out.push_str("</xml>");
    Ok(out)
}

fn is_simple_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn needs_cdata(value: &str) -> bool {
    value.contains(['<', '>', '&', '"', '\''])
}

/// Writes `value` either raw or as CDATA; `value` holds only XML characters.
fn push_value(out: &mut String, value: &str, cdata: bool) {
    if !cdata {
        // No markup characters, so only CR needs care.
        for part in value.split_inclusive('\r') {
            match part.strip_suffix('\r') {
                Some(text) => {
                    out.push_str(text);
                    out.push_str("&#xD;");
                }
                None => out.push_str(part),
            }
        }
        return;
    }
    out.push_str("<![CDATA[");
    let mut rest = value;
    while let Some(pos) = rest.find(['\r', ']']) {
        let (before, tail) = rest.split_at(pos);
        out.push_str(before);
        if let Some(after) = tail.strip_prefix('\r') {
            // CDATA cannot escape anything: step out for the reference.
            out.push_str("]]>&#xD;<![CDATA[");
            rest = after;
        } else if let Some(after) = tail.strip_prefix("]]>") {
            // `]]` ends this section, `>` starts the next one.
            out.push_str("]]]]><![CDATA[>");
            rest = after;
        } else {
            out.push(']');
            rest = tail.get(1..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out.push_str("]]>");
}

/// The acknowledgement that stops WeChat Pay from re-delivering an APIv2
/// notification (PROTOCOL 9.3). Byte-exact.
///
/// ```
/// assert_eq!(
///     wechatpay_core::v2::xml::success_ack(),
///     "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"
/// );
/// ```
pub fn success_ack() -> &'static str {
    "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"
}

/// A `FAIL` acknowledgement with `msg` as `return_msg`; WeChat Pay will
/// deliver the notification again later.
///
/// `msg` is always written as CDATA (split around `]]>`); characters that
/// XML cannot carry are replaced by U+FFFD so that the answer stays well formed.
///
/// ```
/// assert_eq!(
///     wechatpay_core::v2::xml::fail_ack("签名失败"),
///     "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名失败]]></return_msg></xml>"
/// );
/// ```
#[must_use]
pub fn fail_ack(msg: &str) -> String {
    let msg: String = msg.chars().map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' }).collect();
    let mut out = String::with_capacity(msg.len() + 96);
    out.push_str("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg>");
    push_value(&mut out, &msg, true);
    out.push_str("</return_msg></xml>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn map(pairs: &[(&str, &str)]) -> Params {
        Params::from_pairs(pairs.iter().copied()).unwrap()
    }

    fn kind(xml: &str) -> ErrorKind {
        decode(xml.as_bytes()).unwrap_err().kind()
    }

    #[test]
    fn decodes_a_notification() {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n  <appid><![CDATA[wx2421b1c4370ec43b]]></appid>\n  \
                    <attach><![CDATA[支付测试]]></attach>\n  <total_fee>1</total_fee>\n  <empty></empty><self_closed/>\n\
                    <!-- a comment --></xml>\n";
        let params = decode(body.as_bytes()).unwrap();
        assert_eq!(
            params,
            map(&[
                ("appid", "wx2421b1c4370ec43b"),
                ("attach", "支付测试"),
                ("total_fee", "1"),
                ("empty", ""),
                ("self_closed", "")
            ])
        );
    }

    #[test]
    fn escapes_cdata_and_references() {
        let params = decode(
            b"<xml><a>&lt;&gt;&amp;&quot;&apos;</a><b><![CDATA[<x>&amp;]]></b><c>&#20320;&#x597D;</c>\
              <d> x <![CDATA[y]]> z </d><e>a\r\nb</e></xml>",
        )
        .unwrap();
        assert_eq!(params.get("a").unwrap(), "<>&\"'");
        assert_eq!(params.get("b").unwrap(), "<x>&amp;");
        assert_eq!(params.get("c").unwrap(), "你好");
        assert_eq!(params.get("d").unwrap(), " x y z ");
        assert_eq!(params.get("e").unwrap(), "a\nb");
    }

    #[test]
    fn accepts_any_root_and_an_empty_one() {
        assert_eq!(decode(b"<root><k>v</k></root>").unwrap(), map(&[("k", "v")]));
        assert_eq!(decode(b"<xml/>").unwrap(), Params::new());
        assert_eq!(decode(b"<xml></xml>").unwrap(), Params::new());
        // A UTF-8 byte order mark is not content.
        assert_eq!(decode("\u{feff}<xml><k>v</k></xml>".as_bytes()).unwrap(), map(&[("k", "v")]));
    }

    #[test]
    fn rejects_doctype_and_entity_bombs() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xml><k>&lol3;</k></xml>"#;
        assert_eq!(kind(laughs), ErrorKind::Xml);
        let xxe = r#"<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><k>&xxe;</k></xml>"#;
        assert_eq!(kind(xxe), ErrorKind::Xml);
        assert_eq!(kind("<!DOCTYPE xml><xml/>"), ErrorKind::Xml);
        // Without a DTD, an unknown entity is still refused rather than kept or dropped.
        assert_eq!(kind("<xml><k>&lol;</k></xml>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>&#0;</k></xml>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>&#x1;</k></xml>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>a & b</k></xml>"), ErrorKind::Xml);
    }

    #[test]
    fn rejects_shapes_other_than_flat() {
        assert_eq!(kind("<xml><k>1</k><k>2</k></xml>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>1</k><k/></xml>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k><x>1</x></k></xml>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>1<x/></k></xml>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>1</k></xml><xml/>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>1</k></xml>tail"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>1</k></xml><![CDATA[x]]>"), ErrorKind::Xml);
        assert_eq!(kind("<xml>text<k>1</k></xml>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><![CDATA[x]]><k>1</k></xml>"), ErrorKind::Xml);
        assert_eq!(kind("text<xml/>"), ErrorKind::Xml);
        assert_eq!(kind("<xml><k>1</k><?pi x?></xml>"), ErrorKind::Xml);
    }

    #[test]
    fn rejects_malformed() {
        for bad in
            ["", "   ", "<xml>", "<xml><k>1</k>", "<xml><k>1</j></xml>", "<xml></k></xml>", "</xml>", "<xml><k>1"]
        {
            assert_eq!(kind(bad), ErrorKind::Xml, "{bad:?}");
        }
        assert_eq!(decode(b"<xml><k>\xff</k></xml>").unwrap_err(), Error::NotUtf8 { what: "XML" });
        // What encode refuses to write, decode refuses to read.
        for raw in ["<xml><k>a\u{1}b</k></xml>", "<xml><k><![CDATA[\u{8}]]></k></xml>", "<xml><k>\u{FFFE}</k></xml>"] {
            assert_eq!(kind(raw), ErrorKind::Xml, "{raw:?}");
        }
        let err = decode("<xml><secret>张三</secret><secret>李四</secret></xml>".as_bytes()).unwrap_err();
        assert!(!format!("{err} {err:?}").contains("张三") && !format!("{err:?}").contains("secret"), "{err:?}");
    }

    #[test]
    fn encodes_with_cdata_only_where_needed() {
        let params = map(&[("b", "plain"), ("a", "x<y"), ("c", ""), ("d", "it's"), ("e", "中文")]);
        assert_eq!(
            encode(&params).unwrap(),
            "<xml><b>plain</b><a><![CDATA[x<y]]></a><c></c><d><![CDATA[it's]]></d><e>中文</e></xml>"
        );
        assert_eq!(encode(&Params::new()).unwrap(), "<xml></xml>");
    }

    #[test]
    fn splits_cdata_terminator() {
        let params = map(&[("k", "a]]>b]]>"), ("j", "]]]>"), ("m", "]] >")]);
        let xml = encode(&params).unwrap();
        assert_eq!(
            xml,
            "<xml><k><![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]></k><j><![CDATA[]]]]]><![CDATA[>]]></j>\
             <m><![CDATA[]] >]]></m></xml>"
        );
        assert_eq!(decode(xml.as_bytes()).unwrap(), params);
    }

    #[test]
    fn round_trip() {
        let params = map(&[
            ("appid", "wxd930ea5d5a258f4f"),
            ("body", "商品 A & B <特价> \"quoted\" 'single'"),
            ("attach", "a=1&b=2"),
            ("crlf", "line1\r\nline2\rline3\n"),
            ("cdata_cr", "<a>\r</a>]]>"),
            ("spaces", "  padded  "),
            ("empty", ""),
            ("Upper_case-1.2", "v"),
        ]);
        let xml = encode(&params).unwrap();
        assert_eq!(decode(xml.as_bytes()).unwrap(), params);
    }

    #[test]
    fn encode_rejects_bad_names_and_values() {
        for name in ["", "1a", "a b", "a<b", "a:b", "-a", "名字"] {
            let err = encode(&map(&[(name, "v")])).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{name:?}");
        }
        for value in ["\0", "a\u{1}b", "\u{FFFE}"] {
            let err = encode(&map(&[("k", value)])).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{value:?}");
        }
    }

    #[test]
    fn acks() {
        assert_eq!(
            success_ack(),
            "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"
        );
        assert_eq!(decode(success_ack().as_bytes()).unwrap(), map(&[("return_code", "SUCCESS"), ("return_msg", "OK")]));
        assert_eq!(
            fail_ack("bad sign"),
            "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[bad sign]]></return_msg></xml>"
        );
        let tricky = fail_ack("x]]><inject/>\0");
        assert_eq!(
            decode(tricky.as_bytes()).unwrap(),
            map(&[("return_code", "FAIL"), ("return_msg", "x]]><inject/>\u{FFFD}")])
        );
    }
}
