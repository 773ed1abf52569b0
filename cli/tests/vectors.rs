//! Every command against the shared vectors, through the real binary.

mod common;

use base64::Engine;
use common::*;
use serde_json::Value;

#[test]
fn sign_and_authorization_match_request_sign_vectors() {
    let dir = tmp();
    let mut checked = 0;
    for case in cases("request_sign.json") {
        let body = write(&dir, "body", s(&case, "body"));
        let key = vector(s(&case, "key_file"));
        let args = |cmd: &str| {
            vec![
                "--json".to_owned(),
                cmd.to_owned(),
                "--mchid".into(),
                s(&case, "mchid").into(),
                "--serial".into(),
                s(&case, "serial_no").into(),
                "--key".into(),
                key.display().to_string(),
                "-X".into(),
                s(&case, "method").into(),
                "--url".into(),
                s(&case, "url").into(),
                "--body".into(),
                at(&body),
                "--timestamp".into(),
                s(&case, "timestamp").into(),
                "--nonce".into(),
                s(&case, "nonce_str").into(),
            ]
        };
        let run = wechatpay(args("sign"));
        assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
        let out = run.json();
        if case["valid"].as_bool().unwrap() {
            assert_eq!(out["message"], case["message"], "{}", case["name"]);
            assert_eq!(out["signature"], case["signature"], "{}", case["name"]);
            assert_eq!(out["authorization"], case["authorization"], "{}", case["name"]);
            // The header alone, byte for byte (text mode).
            let mut plain = args("authorization");
            plain.remove(0);
            let run = wechatpay(plain);
            assert_eq!(run.stdout, format!("{}\n", s(&case, "authorization")), "{}", case["name"]);
        } else {
            assert_ne!(out["signature"], case["signature"], "{}", case["name"]);
        }
        checked += 1;
    }
    assert_eq!(checked, 16);
}

#[test]
fn sign_reads_a_request_file_and_the_certificate_serial() {
    let dir = tmp();
    let case = &cases("request_sign.json")[1];
    let request = write(
        &dir,
        "req.json",
        serde_json::json!({"method": case["method"], "url": case["url"], "body": case["body"]}).to_string(),
    );
    let run = run_with(
        [
            "--json",
            "sign",
            "--request",
            request.to_str().unwrap(),
            "--timestamp",
            s(case, "timestamp"),
            "--nonce",
            s(case, "nonce_str"),
        ],
        &[
            ("WECHATPAY_MCHID", s(case, "mchid")),
            ("WECHATPAY_KEY_FILE", vector(s(case, "key_file")).to_str().unwrap()),
            ("WECHATPAY_CERT_FILE", vector(s(case, "cert_file")).to_str().unwrap()),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["authorization"], case["authorization"]);
    // Text mode shows the message line by line with visible line ends.
    let run = run_with(
        ["sign", "--request", request.to_str().unwrap(), "--timestamp", "1", "--nonce", "n"],
        &[
            ("WECHATPAY_MCHID", "1900000109"),
            ("WECHATPAY_KEY_FILE", vector("keys/apiclient_key.pem").to_str().unwrap()),
            ("WECHATPAY_CERT_FILE", vector("keys/apiclient_cert.pem").to_str().unwrap()),
        ],
        None,
    );
    assert!(run.stdout.contains("  POST\\n\n  /v3/pay/transactions/jsapi\\n\n  1\\n\n  n\\n\n"), "{}", run.stdout);
}

#[test]
fn verify_matches_response_verify_vectors() {
    let dir = tmp();
    let trust = vector("keys/trust_store.json");
    let mut n = 0;
    for case in cases("response_verify.json") {
        let headers = headers_file(&dir, &case);
        let body = write(&dir, "body", s(&case, "body"));
        // No clock check in this file: "now" is the signed timestamp.
        let now = case["headers"]["Wechatpay-Timestamp"].as_str().filter(|t| t.parse::<i64>().is_ok()).unwrap_or("0");
        let run = wechatpay([
            "--json",
            "verify",
            "--headers",
            headers.to_str().unwrap(),
            "--body",
            body.to_str().unwrap(),
            "--trust-store",
            trust.to_str().unwrap(),
            "--now",
            now,
        ]);
        if case["valid"].as_bool().unwrap() {
            assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
            assert_eq!(run.json()["serial"], case["headers"]["Wechatpay-Serial"]);
        } else {
            assert_eq!(run.code, 1, "{}: {}{}", case["name"], run.stdout, run.stderr);
            let err: Value = serde_json::from_str(run.stderr.trim()).unwrap();
            assert_eq!(err["error"]["category"], "VERIFICATION", "{}", case["name"]);
        }
        n += 1;
    }
    assert_eq!(n, 24);
}

#[test]
fn notify_and_explain_callback_match_notification_full_vectors() {
    let dir = tmp();
    let trust = vector("keys/trust_store.json");
    let mut n = 0;
    for case in cases("notification_full.json") {
        let headers = headers_file(&dir, &case);
        let body = write(&dir, "body", s(&case, "body"));
        let key = write(&dir, "apiv3", s(&case, "apiv3_key"));
        let now = case["now"].as_str().unwrap();
        let window = case["max_clock_skew_seconds"].to_string();
        let common = [
            "--headers",
            headers.to_str().unwrap(),
            "--body",
            body.to_str().unwrap(),
            "--trust-store",
            trust.to_str().unwrap(),
            "--now",
            now,
            "--window",
            &window,
        ];
        let mut args = vec!["--json", "notify"];
        args.extend(common);
        let keyflag = at(&key);
        args.extend(["--apiv3-key", keyflag.as_str()]);
        let run = wechatpay(&args);
        let mut explain = vec!["--json", "explain", "callback"];
        explain.extend(common);
        explain.extend(["--apiv3-key", keyflag.as_str()]);
        let explained = wechatpay(&explain);
        if case["valid"].as_bool().unwrap() {
            assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
            let event = run.json();
            assert_eq!(event["resource"], case["resource"], "{}", case["name"]);
            assert_eq!(explained.code, 0, "{}: {}", case["name"], explained.stdout);
            assert_eq!(explained.json()["verdict"], "accepted");
        } else {
            assert_eq!(run.code, 1, "{}: {}", case["name"], run.stderr);
            assert_eq!(explained.code, 1, "{}: {}", case["name"], explained.stdout);
            let report = explained.json();
            assert_eq!(report["verdict"], "refused");
            assert!(!report["cause"].as_str().unwrap().is_empty(), "{}: {report}", case["name"]);
        }
        // The decrypted resource, and the key, never reach stderr.
        assert!(!run.stderr.contains(s(&case, "apiv3_key")));
        n += 1;
    }
    assert_eq!(n, 13);
}

#[test]
fn decrypt_matches_notification_decrypt_vectors() {
    let dir = tmp();
    for case in cases("notification_decrypt.json") {
        let key = write(&dir, "apiv3", s(&case, "apiv3_key"));
        let run = wechatpay([
            "decrypt",
            "--ciphertext",
            s(&case, "ciphertext"),
            "--nonce",
            s(&case, "nonce"),
            "--associated-data",
            s(&case, "associated_data"),
            "--apiv3-key",
            &at(&key),
        ]);
        if case["valid"].as_bool().unwrap() {
            assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
            assert_eq!(run.stdout, format!("{}\n", s(&case, "plaintext")), "{}", case["name"]);
        } else {
            assert!(matches!(run.code, 1 | 2), "{}: {} {}", case["name"], run.code, run.stderr);
            assert!(run.stdout.is_empty());
        }
    }
    // The key from the environment, the resource as a JSON object.
    let case = cases("notification_decrypt.json").into_iter().find(|c| c["valid"] == true).unwrap();
    let resource = serde_json::json!({"ciphertext": case["ciphertext"], "nonce": case["nonce"], "associated_data": case["associated_data"]});
    let file = write(&dir, "resource.json", resource.to_string());
    let run = run_with(
        ["--json", "decrypt", "--resource", &at(&file)],
        &[("WECHATPAY_APIV3_KEY", s(&case, "apiv3_key"))],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["plaintext"], case["plaintext"]);
}

#[test]
fn pay_params_match_vectors() {
    for case in cases("pay_params.json") {
        let kind = s(&case, "kind");
        let key = vector(s(&case, "key_file"));
        let mut args = vec![
            kind.to_owned(),
            "--appid".into(),
            s(&case, "appid").into(),
            "--prepay-id".into(),
            s(&case, "prepay_id").into(),
            "--key".into(),
            key.display().to_string(),
            "--timestamp".into(),
            s(&case, "timestamp").into(),
            "--nonce".into(),
            s(&case, "nonce_str").into(),
        ];
        if kind == "app" {
            args.extend(["--mchid".into(), s(&case, "mchid").into()]);
        }
        let run = wechatpay(&args);
        assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
        let sign = if kind == "app" { "sign" } else { "paySign" };
        if case["valid"].as_bool().unwrap() {
            // Byte for byte, in WeChat's field order.
            assert_eq!(run.stdout, format!("{}\n", case["expected"]), "{}", case["name"]);
        } else {
            assert_ne!(run.json()[sign], case["expected"][sign], "{}", case["name"]);
        }
    }
}

#[test]
fn h5_and_oauth_urls() {
    let run = wechatpay([
        "h5-url",
        "--h5-url",
        "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1&package=1",
        "--redirect-url",
        "https://www.wechatpay.com.cn",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1&package=1&redirect_url=https%3A%2F%2Fwww.wechatpay.com.cn\n"
    );
    let run = wechatpay([
        "--json",
        "oauth-url",
        "--appid",
        "wxd678efh567hg6787",
        "--redirect-uri",
        "https://shop.example/pay",
        "--scope",
        "userinfo",
        "--state",
        "s1",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let url = run.json()["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxd678efh567hg6787&redirect_uri=https%3A%2F%2Fshop.example%2Fpay"), "{url}");
    assert!(url.contains("scope=snsapi_userinfo") && url.contains("state=s1") && url.ends_with("#wechat_redirect"));
}

#[test]
fn oaep_decrypts_vectors_and_round_trips() {
    let secrets = secrets();
    for case in cases("oaep.json") {
        let key = vector(s(&case, "private_key_file"));
        let run = wechatpay(["oaep", "decrypt", s(&case, "ciphertext"), "--key", key.to_str().unwrap()]);
        if case["valid"].as_bool().unwrap() {
            assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
            assert_eq!(run.stdout, format!("{}\n", s(&case, "plaintext")), "{}", case["name"]);
            let public = vector(s(&case, "public_key_file"));
            let mut args = vec!["--json".to_owned(), "oaep".into(), "encrypt".into(), s(&case, "plaintext").into()];
            if s(&case, "public_key_file").ends_with("pub_key.pem") {
                args.extend([
                    "--public-key".into(),
                    public.display().to_string(),
                    "--public-key-id".into(),
                    secrets["pub_key_id"].as_str().unwrap().into(),
                ]);
            } else {
                args.extend(["--platform-cert".into(), public.display().to_string()]);
            }
            let enc = wechatpay(&args);
            assert_eq!(enc.code, 0, "{}: {}", case["name"], enc.stderr);
            let ct = enc.json()["ciphertext"].as_str().unwrap().to_owned();
            let dec = wechatpay(["oaep", "decrypt", &ct, "--key", key.to_str().unwrap()]);
            assert_eq!(dec.stdout, format!("{}\n", s(&case, "plaintext")), "{}", case["name"]);
        } else {
            assert_eq!(run.code, 1, "{}: {}", case["name"], run.stderr);
        }
    }
}

#[test]
fn v2_sign_and_verify_match_vectors() {
    let dir = tmp();
    for case in cases("v2_sign.json") {
        let params = write(&dir, "params.json", case["params"].to_string());
        let key = write(&dir, "apiv2", s(&case, "key"));
        let st = s(&case, "sign_type");
        let run =
            wechatpay(["--json", "v2", "sign", params.to_str().unwrap(), "--sign-type", st, "--apiv2-key", &at(&key)]);
        assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
        let out = run.json();
        assert_eq!(out["sign"], case["expected_sign"], "{}", case["name"]);
        let expected = s(&case, "string_to_sign").replace(&format!("key={}", s(&case, "key")), "key=[redacted]");
        assert_eq!(out["string_to_sign"], expected.as_str(), "{}", case["name"]);
        assert!(!run.stdout.contains(s(&case, "key")), "the APIv2 key is printed");
        if case["params"].get("sign").is_some() {
            let run =
                wechatpay(["v2", "verify", params.to_str().unwrap(), "--sign-type", st, "--apiv2-key", &at(&key)]);
            let want = if case["valid"].as_bool().unwrap() { 0 } else { 1 };
            assert_eq!(run.code, want, "{}: {}", case["name"], run.stderr);
        }
    }
}

#[test]
fn v2_xml_round_trip_and_refund_info_vectors() {
    let dir = tmp();
    let json = write(&dir, "p.json", r#"{"return_code":"SUCCESS","appid":"wx1","body":"<a>&"}"#);
    let xml = wechatpay(["v2", "xml", json.to_str().unwrap()]);
    assert_eq!(xml.code, 0, "{}", xml.stderr);
    let xml_file = write(&dir, "p.xml", xml.stdout.trim());
    let back = wechatpay(["v2", "xml", xml_file.to_str().unwrap()]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(back.json(), serde_json::json!({"return_code":"SUCCESS","appid":"wx1","body":"<a>&"}));
    let doctype = write(&dir, "d.xml", "<!DOCTYPE x><xml><a>1</a></xml>");
    assert_eq!(wechatpay(["v2", "xml", doctype.to_str().unwrap()]).code, 2);

    for case in cases("v2_refund_req_info.json") {
        let key = write(&dir, "apiv2", s(&case, "apiv2_key"));
        let run = wechatpay(["v2", "refund-info", s(&case, "req_info"), "--apiv2-key", &at(&key)]);
        if case["valid"].as_bool().unwrap() {
            assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
            assert_eq!(run.stdout, format!("{}\n", s(&case, "expected_xml")), "{}", case["name"]);
        } else {
            assert_eq!(run.code, 1, "{}: {}", case["name"], run.stderr);
        }
    }
}

#[test]
fn cert_matches_cert_info_and_extracts_both_p12_files() {
    let dir = tmp();
    for case in cases("cert_info.json") {
        let file = vector(s(&case, "file"));
        match case.get("kind").and_then(Value::as_str) {
            None => {
                let run = wechatpay(["--json", "cert", file.to_str().unwrap(), "--now", s(&case, "reference_time")]);
                assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
                let out = run.json();
                for field in
                    ["serial_no", "subject", "issuer", "not_before", "not_after", "sha256_fingerprint", "spki_sha256"]
                {
                    assert_eq!(out[field], case[field], "{} {field}", case["name"]);
                }
                let valid = !case["expired_at_reference"].as_bool().unwrap()
                    && !case["not_yet_valid_at_reference"].as_bool().unwrap();
                assert_eq!(out["valid_now"], valid, "{}", case["name"]);
            }
            Some("public_key") => {
                let out = wechatpay(["--json", "cert", file.to_str().unwrap()]).json();
                assert_eq!(out["spki_sha256"], case["spki_sha256"]);
                assert_eq!(out["kind"], "public_key");
            }
            Some("pkcs12") => {
                let password = write(&dir, "password", s(&case, "password"));
                let out_dir = dir.join(s(&case, "name"));
                let run = wechatpay([
                    "--json",
                    "cert",
                    file.to_str().unwrap(),
                    "--password",
                    &at(&password),
                    "--extract",
                    out_dir.to_str().unwrap(),
                ]);
                assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
                let out = run.json();
                assert_eq!(out["serial_no"], case["cert_serial_no"]);
                assert_eq!(out["key_matches_certificate"], true);
                // The extracted files are the key and certificate of the vectors.
                let want = std::fs::read_to_string(vector(s(&case, "matches_cert_file"))).unwrap();
                let got = std::fs::read_to_string(out_dir.join("apiclient_cert.pem")).unwrap();
                assert_eq!(got.trim(), want.trim(), "{}", case["name"]);
                let key = wechatpay(["--json", "cert", out_dir.join("apiclient_key.pem").to_str().unwrap()]).json();
                let want = wechatpay(["--json", "cert", vector(s(&case, "matches_key_file")).to_str().unwrap()]).json();
                assert_eq!(key["spki_sha256"], want["spki_sha256"]);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = std::fs::metadata(out_dir.join("apiclient_key.pem")).unwrap().permissions().mode();
                    assert_eq!(mode & 0o077, 0, "the key file is readable by others");
                }
                // Existing files are not overwritten without --force.
                let again = wechatpay([
                    "cert",
                    file.to_str().unwrap(),
                    "--password",
                    &at(&password),
                    "--extract",
                    out_dir.to_str().unwrap(),
                ]);
                assert_eq!(again.code, 3, "{}", again.stderr);
                // The default password is the merchant id; a wrong one is refused as KEY_MATERIAL (2).
                let run =
                    run_with(["cert", file.to_str().unwrap()], &[("WECHATPAY_MCHID", s(&case, "password"))], None);
                assert_eq!(run.code, 0, "{}", run.stderr);
                let wrong = write(&dir, "wrong", "nope");
                let run = wechatpay(["cert", file.to_str().unwrap(), "--password", &at(&wrong)]);
                assert_eq!(run.code, 2);
                assert!(run.stderr.contains("error[PKCS12]"), "{}", run.stderr);
            }
            other => panic!("unknown kind {other:?}"),
        }
    }
}

#[test]
fn bill_verify_matches_bill_hash_vectors() {
    let dir = tmp();
    for case in cases("bill_hash.json") {
        let gz = base64::engine::general_purpose::STANDARD.decode(s(&case, "bill_gzip")).unwrap();
        let gz_file = write(&dir, "bill.gz", gz);
        let run = wechatpay([
            "--json",
            "bill",
            "verify",
            gz_file.to_str().unwrap(),
            "--gzip",
            "--hash-type",
            s(&case, "hash_type"),
            "--hash-value",
            s(&case, "hash_value"),
            "--parse",
        ]);
        if case["valid"].as_bool().unwrap() {
            assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
            if let Some(parsed) = case.get("parsed") {
                assert_eq!(
                    run.json()["bill"]["rows"].as_array().map(Vec::len),
                    parsed["rows"].as_array().map(Vec::len)
                );
            }
            let text = write(&dir, "bill.csv", s(&case, "bill_text"));
            let run = wechatpay([
                "bill",
                "verify",
                text.to_str().unwrap(),
                "--hash-type",
                "SHA256",
                "--hash-value",
                s(&case, "sha256"),
            ]);
            assert_eq!(run.code, 0, "{}: {}", case["name"], run.stderr);
        } else {
            assert_eq!(run.code, 1, "{}: {}", case["name"], run.stderr);
            assert!(run.stderr.contains("BILL_HASH_MISMATCH") || run.stderr.contains("BILL"), "{}", run.stderr);
        }
    }
}

#[test]
fn errors_catalogue_and_kinds() {
    let all = wechatpay(["--json", "errors"]).json();
    let all = all.as_array().unwrap();
    assert!(all.len() > 20);
    let paying = wechatpay(["--json", "errors", "USERPAYING"]).json();
    assert_eq!(paying["code"], "USER_PAYING");
    assert_eq!(paying["safe_to_resend"], false);
    let system = wechatpay(["errors", "SYSTEMERROR"]);
    assert_eq!(system.code, 0);
    assert!(system.stdout.contains("safe to resend: yes"), "{}", system.stdout);
    assert!(system.stdout.contains("action: "));
    assert_eq!(wechatpay(["errors", "NO_SUCH_CODE"]).code, 2);
    let kinds = wechatpay(["--json", "errors", "--kinds"]).json();
    let kinds = kinds.as_array().unwrap();
    assert_eq!(kinds.len(), wechatpay_core::ErrorKind::ALL.len());
    for (k, core) in kinds.iter().zip(wechatpay_core::ErrorKind::ALL) {
        assert_eq!(k["kind"], core.as_str());
        assert_eq!(k["code"], core.code());
    }
    // docs/cli.md carries the same table.
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/cli.md")).unwrap();
    let table = wechatpay(["errors", "--kinds"]).stdout;
    assert!(docs.contains(table.trim()), "docs/cli.md's kind table drifted: run `wechatpay errors --kinds`");
}
