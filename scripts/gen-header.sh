#!/usr/bin/env bash
# Regenerates the committed generated files of the C/PHP face:
#   include/wechatpay.h                      cbindgen 0.29.4 (pinned build-dependency; ffi-c/build.rs)
#   bindings-php/src/FFI/wechatpay.h          the PHP FFI header, derived from it
#   bindings-php/src/Exception/*Exception.php one class per result code, from its enum
# With --check, fails when any of them differs from the committed copy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --locked -q -p wechatpay-ffi
php bindings-php/tools/generate.php include/wechatpay.h bindings-php/src
if [ "${1:-}" = "--check" ]; then
  if ! git diff --exit-code -- include/ bindings-php/src/FFI bindings-php/src/Exception; then
    echo "generated files drifted: run scripts/gen-header.sh and commit" >&2
    exit 1
  fi
  untracked=$(git ls-files --others --exclude-standard -- include/ bindings-php/src/FFI bindings-php/src/Exception)
  if [ -n "$untracked" ]; then
    echo "generated files not committed: $untracked" >&2
    exit 1
  fi
fi
