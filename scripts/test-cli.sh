#!/usr/bin/env bash
# Sets up and runs every test of the `wechatpay` command line tool (cli/).
# Needs only the Rust toolchain; the tests run the real binary on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
export CARGO_TERM_COLOR=never
[ -d "$WECHATPAY_VECTORS" ] || { echo "vectors not found at $WECHATPAY_VECTORS (set WECHATPAY_VECTORS)"; exit 1; }
started=$(date +%s)

echo "==== cli: format and lints"
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
cargo fmt -p wechatpay-cli --check
cargo clippy --locked -p wechatpay-cli --all-targets -- -D warnings

echo "==== cli: tests (every command against the vectors, explain, exit codes, demo)"
cargo test --locked -p wechatpay-cli

echo "==== cli: the README's first command"
cargo run --locked -q -p wechatpay-cli -- demo --quiet | tail -n 1

echo "cli: all tests passed in $(( $(date +%s) - started )) s"
