#![allow(dead_code)]
//! Helpers: run the real `wechatpay` binary, read the shared vectors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

pub fn vectors() -> PathBuf {
    std::env::var_os("WECHATPAY_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors")))
}

pub fn vector(path: &str) -> PathBuf {
    vectors().join(path)
}

pub fn cases(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(vector(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str::<Vec<Value>>(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

pub fn secrets() -> Value {
    serde_json::from_str(&std::fs::read_to_string(vector("keys/secrets.json")).unwrap()).unwrap()
}

/// A fresh directory under the target dir.
pub fn tmp() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `@path` for a secret flag.
pub fn at(path: &Path) -> String {
    format!("@{}", path.display())
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
}

pub fn wechatpay<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_with(args, &[], None)
}

pub fn run_with<I, S>(args: I, env: &[(&str, &str)], stdin: Option<&[u8]>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wechatpay"));
    cmd.args(args);
    for var in [
        "WECHATPAY_APIV3_KEY",
        "WECHATPAY_APIV2_KEY",
        "WECHATPAY_MCHID",
        "WECHATPAY_KEY_FILE",
        "WECHATPAY_CERT_FILE",
        "WECHATPAY_SERIAL",
        "WECHATPAY_PLATFORM_CERT",
        "WECHATPAY_P12_PASSWORD",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn wechatpay");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let Output { status, stdout, stderr } = child.wait_with_output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

pub fn s<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field].as_str().unwrap_or_else(|| panic!("{}: {field}", case["name"]))
}

/// Headers of a case as a JSON file.
pub fn headers_file(dir: &Path, case: &Value) -> PathBuf {
    write(dir, "headers.json", case["headers"].to_string())
}
