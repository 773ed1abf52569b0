#!/usr/bin/env bash
# Runs the shared vectors (DIR, default $WECHATPAY_VECTORS, else ../shared/vectors)
# through the Node binding and prints exactly one line: "node: N passed, M failed".
# Builds the addon first if it is missing (build output goes to stderr).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${WECHATPAY_VECTORS:-$root/../shared/vectors}}
pkg=$root/bindings-node
if ! ls "$pkg"/wechatpay-core.*.node >/dev/null 2>&1; then
  { cd "$pkg" && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build; } >&2 || {
    echo "node: 0 passed, 1 failed"
    exit 1
  }
fi
WECHATPAY_VECTORS=$dir node "$pkg/test/conformance.js" "$dir"
