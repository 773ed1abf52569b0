#!/usr/bin/env bash
# The one command that sets up and runs every test of the project (CI runs
# exactly this through .ci/run). Safe to run on a fresh machine: it installs
# what it needs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
export CARGO_TERM_COLOR=never
fuzz_seconds=${WECHATPAY_FUZZ_SECONDS:-15}

step() { printf '\n==== %s\n' "$*"; }
started=$(date +%s)

step "toolchain"
cargo --version
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done
[ -d "$WECHATPAY_VECTORS" ] || { echo "vectors not found at $WECHATPAY_VECTORS (set WECHATPAY_VECTORS)"; exit 1; }

step "format, lints (both backends), docs"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets --features wechatpay-core/rustcrypto -- -D warnings
cargo clippy --locked -p wechatpay-core --all-targets --no-default-features --features rustcrypto -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --locked --workspace --no-deps

step "tests: the core on the aws-lc backend (default); each face tests its own crate below"
cargo test --locked -p wechatpay-core

step "tests: rustcrypto backend"
cargo test --locked -p wechatpay-core --no-default-features --features rustcrypto

step "tests: differential (both backends in one build)"
cargo test --locked -p wechatpay-core --features rustcrypto --lib

# The faces: each script installs what its face needs, builds it once into the
# shared target directory and runs all of its tests.
for face in ffi c php python node compat sim browser cli bench; do
  script=scripts/test-$face.sh
  [ -x "$script" ] || continue
  step "face: $face ($script)"
  face_started=$(date +%s)
  "$script"
  echo "face $face took $(( $(date +%s) - face_started ))s"
done

step "conformance: every face against $WECHATPAY_VECTORS"
scripts/conformance.sh "$WECHATPAY_VECTORS"

if [ -x scripts/fuzz.sh ] && [ "$fuzz_seconds" != 0 ]; then
  step "fuzzing: every target for ${fuzz_seconds}s"
  scripts/fuzz.sh "$fuzz_seconds"
fi

step "miri: pure-Rust parsing code"
scripts/miri.sh

step "demo"
cargo run --locked -q -p wechatpay-core --example quickstart >/dev/null
echo "quickstart ran"

step "all tests passed in $(( $(date +%s) - started ))s"
