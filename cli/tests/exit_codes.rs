//! Exit codes, error output, secrets, and the demo.

mod common;

use common::*;

#[test]
fn usage_errors_exit_2() {
    let run = wechatpay(["sign", "--no-such-flag"]);
    assert_eq!(run.code, 2);
    let run = wechatpay(["no-such-command"]);
    assert_eq!(run.code, 2);
    // A missing required value of the core's domain is usage too.
    let run = wechatpay(["sign", "-X", "GET", "--url", "/v3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error[USAGE]: the merchant id is required"), "{}", run.stderr);
    assert!(run.stderr.contains("  hint: "), "{}", run.stderr);
}

#[test]
fn help_and_version_exit_0_and_document_exit_codes() {
    let run = wechatpay(["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Exit codes:") && run.stdout.contains("3  I/O or network"), "{}", run.stdout);
    let run = wechatpay(["--version"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("wechatpay "));
}

#[test]
fn io_errors_exit_3() {
    let run = wechatpay(["cert", "/nonexistent/cert.pem"]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.starts_with("error[IO]: cannot read /nonexistent/cert.pem"), "{}", run.stderr);
    let run = wechatpay(["--json", "cert", "/nonexistent/cert.pem"]);
    let err: serde_json::Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(err["error"]["kind"], "IO");
    assert_eq!(err["error"]["exit_code"], 3);
}

#[test]
fn secrets_are_never_taken_literally_nor_printed() {
    let case = &cases("notification_decrypt.json")[0];
    let key = s(case, "apiv3_key");
    let run = wechatpay(["decrypt", "--ciphertext", "AAAA", "--nonce", "n", "--apiv3-key", key]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not taken literally"), "{}", run.stderr);
    assert!(!run.stderr.contains(key), "the secret was echoed");
    // From standard input with `-`.
    let run = run_with(
        [
            "decrypt",
            "--ciphertext",
            s(case, "ciphertext"),
            "--nonce",
            s(case, "nonce"),
            "--associated-data",
            s(case, "associated_data"),
            "--apiv3-key",
            "-",
        ],
        &[],
        Some(format!("{key}\n").as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A wrong key: refused (1), kind + message + hint, no secret, no backtrace.
    let dir = tmp();
    let wrong = write(&dir, "k", "0123456789abcdefghijklmnopqrstuv");
    let run = run_with(
        ["decrypt", "--ciphertext", s(case, "ciphertext"), "--nonce", s(case, "nonce"), "--apiv3-key", &at(&wrong)],
        &[("RUST_BACKTRACE", "1")],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error[DECRYPT_FAILED]: "), "{}", run.stderr);
    assert!(run.stderr.contains("hint: usually the wrong key"), "{}", run.stderr);
    assert!(!run.stderr.contains("0123456789abcdefghijklmnopqrstuv") && !run.stderr.contains("backtrace"));
    // A key of the wrong length is KEY_MATERIAL: usage (2).
    let short = write(&dir, "short", "0123456789abcdef");
    let run = wechatpay(["decrypt", "--ciphertext", "AAAA", "--nonce", "n", "--apiv3-key", &at(&short)]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error[SECRET_LENGTH]"), "{}", run.stderr);
}

#[test]
fn verify_reads_a_saved_http_message() {
    let case = cases("response_verify.json").into_iter().next().unwrap();
    let mut raw = String::from("HTTP/1.1 200 OK\r\n");
    for (name, value) in case["headers"].as_object().unwrap() {
        raw.push_str(&format!("{name}: {}\r\n", value.as_str().unwrap()));
    }
    raw.push_str("\r\n");
    raw.push_str(s(&case, "body"));
    let dir = tmp();
    let file = write(&dir, "response.http", raw);
    let cert = vector("keys/platform_cert.pem");
    let ts = s(&case["headers"], "Wechatpay-Timestamp");
    let run =
        wechatpay(["verify", "--http", file.to_str().unwrap(), "--platform-cert", cert.to_str().unwrap(), "--now", ts]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("verified: signed by 1FFD9ECF"), "{}", run.stdout);
    // Now, without --now: far from the signed time, refused as a replay.
    let run = wechatpay(["verify", "--http", file.to_str().unwrap(), "--platform-cert", cert.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("error[TIMESTAMP_OUT_OF_WINDOW]"), "{}", run.stderr);
}

#[test]
fn demo_runs_every_step_and_exits_0() {
    let run = wechatpay(["--json", "demo"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let out = run.json();
    assert_eq!(out["ok"], true);
    assert_eq!(out["verified"], 11);
    assert_eq!(out["steps"].as_array().unwrap().len(), 11);
    let run = wechatpay(["demo"]);
    assert_eq!(run.code, 0);
    for needle in [
        "oauth2/authorize?appid=",
        "POST\\n",
        "/v3/pay/transactions/jsapi\\n",
        "prepay_id",
        "\"paySign\":",
        "TRANSACTION.SUCCESS",
        "acknowledged: HTTP 200",
        "never trusted",
        "REFUND.SUCCESS",
        "SIGNATURE_PROBE",
        "TIMESTAMP_OUT_OF_WINDOW",
        "demo: 11/11 steps verified",
    ] {
        assert!(run.stdout.contains(needle), "missing {needle:?} in\n{}", run.stdout);
    }
}
