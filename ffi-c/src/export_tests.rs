//! Every `extern "C"` export runs inside `ffi_boundary!`: counted over the sources.
//! Test code only (`#[cfg(test)]`): nothing here is reachable from C.

use std::path::Path;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) -> TestResult {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sources(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("export_tests.rs") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path)?));
        }
    }
    Ok(())
}

#[test]
fn every_export_is_guarded_by_the_boundary() -> TestResult {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files)?;
    let (mut exports, mut guarded, mut no_mangle) = (0, 0, 0);
    let mut names = std::collections::BTreeSet::new();
    for (path, text) in &files {
        no_mangle += text.matches("#[unsafe(no_mangle)]").count();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("extern \"C\" fn ") {
            exports += 1;
            let after = &rest[at + "extern \"C\" fn ".len()..];
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            assert!(name.starts_with("wechatpay_"), "{path}: export `{name}` lacks the wechatpay_ prefix");
            assert!(names.insert(name.clone()), "{path}: `{name}` exported twice");
            // The body starts at the first `{` after the signature; its first token must be the macro.
            let body = after.find('{').map(|b| after[b + 1..].trim_start()).unwrap_or("");
            if !body.starts_with("ffi_boundary!(") {
                return Err(format!("{path}: `{name}` does not start with ffi_boundary!").into());
            }
            guarded += 1;
            rest = after;
        }
    }
    assert!(exports > 0);
    assert_eq!(exports, guarded, "exports vs guarded bodies");
    assert_eq!(exports, no_mangle, "every export is #[unsafe(no_mangle)] and nothing else is");
    // And the committed header declares exactly these functions.
    let header = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../include/wechatpay.h"))?;
    for name in &names {
        assert!(header.contains(&format!(" {name}(")) || header.contains(&format!("*{name}(")), "header lacks {name}");
    }
    // Declarations start at column 0 (cbindgen's layout); comments and directives do not count.
    let declared = header
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()) && l.contains("wechatpay_") && l.contains('('))
        .filter(|l| !l.starts_with("typedef") && !l.starts_with("enum") && !l.starts_with("struct"))
        .count();
    assert_eq!(declared, names.len(), "header declares {declared} functions, sources export {}", names.len());
    Ok(())
}

#[test]
fn every_handle_says_whether_it_is_thread_safe() -> TestResult {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files)?;
    let mut handles = 0;
    for (path, text) in &files {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if let Some(rest) = line.strip_prefix("pub struct wechatpay_") {
                handles += 1;
                let docs: String = lines[..i].iter().rev().take_while(|l| l.starts_with("///")).copied().collect();
                assert!(docs.contains("hread-safe"), "{path}: wechatpay_{rest} does not document thread safety");
            }
        }
    }
    assert!(handles >= 20, "{handles} handles");
    Ok(())
}

/// The handles documented as thread-safe wrap core types that are `Send + Sync`.
#[test]
fn thread_safe_handles_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<crate::keys::wechatpay_private_key>();
    check::<crate::keys::wechatpay_public_key>();
    check::<crate::keys::wechatpay_certificate>();
    check::<crate::keys::wechatpay_apiv3_key>();
    check::<crate::keys::wechatpay_apiv2_key>();
    check::<crate::v3::sign::wechatpay_signer>();
    check::<crate::v3::sign::wechatpay_signed_request>();
    check::<crate::v3::verify::wechatpay_trust_store>();
    check::<crate::v3::verify::wechatpay_headers>();
    check::<crate::v3::verify::wechatpay_verifier>();
    check::<crate::v3::verify::wechatpay_response_signer>();
    check::<crate::v3::notify::wechatpay_callback_parser>();
    check::<crate::v3::notify::wechatpay_callback_event>();
    check::<crate::v3::sensitive::wechatpay_sensitive_encryptor>();
    check::<crate::v3::sensitive::wechatpay_sensitive_decryptor>();
    check::<crate::v3::media::wechatpay_media_upload>();
    check::<crate::v3::bill::wechatpay_bill_verifier>();
    check::<crate::v3::certificates::wechatpay_certificate_list>();
    check::<crate::api_error::wechatpay_api_error>();
    check::<crate::v2::wechatpay_v2_params>();
}
