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

echo "==== cli: format (clippy runs workspace-wide in scripts/test.sh; WECHATPAY_CLI_CLIPPY=1 runs it here too)"
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
cargo fmt -p wechatpay-cli --check
if [ "${WECHATPAY_CLI_CLIPPY:-0}" = 1 ]; then
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  cargo clippy --locked -p wechatpay-cli --all-targets -- -D warnings
fi

echo "==== cli: tests (every command against the vectors, explain, exit codes, demo)"
cargo test --locked -p wechatpay-cli

echo "==== cli: the README's first command"
cargo run --locked -q -p wechatpay-cli -- demo --quiet | tail -n 1

echo "cli: all tests passed in $(( $(date +%s) - started )) s"
