#!/usr/bin/env bash
# The shared vector suite through the PHP classes (FFI over libwechatpay).
# Prints exactly one line "php: N passed, M failed"; exits 1 if M > 0.
set -uo pipefail
source "$(dirname "$0")/ffi-common.sh"
dir=${1:-${WECHATPAY_VECTORS:-$ffi_root/../shared/vectors}}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! ffi_build_lib >"$log" 2>&1; then
  cat "$log" >&2
  echo "php: 0 passed, 1 failed"
  exit 1
fi
WECHATPAY_LIB="$ffi_lib/libwechatpay.so" php "$ffi_root/bindings-php/tests/conformance.php" "$dir" >"$log" 2>&1
rc=$?
grep -E '^FAIL ' "$log" >&2
line=$(grep -E '^php: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -z "$line" ]; then
  cat "$log" >&2
  echo "php: 0 passed, 1 failed"
  exit 1
fi
echo "$line"
exit $rc
