#!/usr/bin/env bash
# The shared vector suite through the C ABI. Prints exactly one line
# "c: N passed, M failed" (build output goes to stderr only on failure); exits 1 if M > 0.
set -uo pipefail
source "$(dirname "$0")/ffi-common.sh"
dir=${1:-${WECHATPAY_VECTORS:-$ffi_root/../shared/vectors}}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { ffi_build_lib && ffi_cc "$ffi_out/vectors" "$ffi_root/tests/c/vectors.c"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "c: 0 passed, 1 failed"
  exit 1
fi
"$ffi_out/vectors" "$dir" >"$log" 2>&1
rc=$?
grep -E '^FAIL ' "$log" >&2
line=$(grep -E '^c: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -z "$line" ]; then
  cat "$log" >&2
  echo "c: 0 passed, 1 failed"
  exit 1
fi
echo "$line"
exit $rc
