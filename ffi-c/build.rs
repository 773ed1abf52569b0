//! Regenerates `include/wechatpay.h` with the pinned cbindgen whenever the
//! FFI sources change. The header is committed; `scripts/gen-header.sh` and the
//! face's test script fail when the committed copy differs from a fresh one.

use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");
    let config = match cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")) {
        Ok(config) => config,
        Err(e) => {
            println!("cargo:warning=cbindgen.toml: {e}");
            std::process::exit(1);
        }
    };
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor, patch) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    let after = format!(
        "#define WECHATPAY_VERSION \"{version}\"\n#define WECHATPAY_VERSION_MAJOR {major}\n#define WECHATPAY_VERSION_MINOR {minor}\n#define WECHATPAY_VERSION_PATCH {patch}"
    );
    match cbindgen::Builder::new().with_crate(&crate_dir).with_config(config).with_after_include(after).generate() {
        Ok(bindings) => {
            bindings.write_to_file(crate_dir.join("../include/wechatpay.h"));
        }
        Err(e) => {
            println!("cargo:warning=cbindgen failed: {e}");
            std::process::exit(1);
        }
    }
}
