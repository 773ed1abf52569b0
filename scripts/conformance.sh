#!/usr/bin/env bash
# Runs the shared-vector suite of every face that exists against DIR
# (default: $WECHATPAY_VECTORS, else ../shared/vectors) and prints one line per
# face: "<face>: N passed, M failed". Exits non-zero if any face failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${WECHATPAY_VECTORS:-$root/../shared/vectors}}
dir=$(cd "$dir" 2>/dev/null && pwd) || { echo "conformance: no such directory: ${1:-$dir}" >&2; exit 2; }
export WECHATPAY_VECTORS=$dir
cd "$root"
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# face_line FACE SUMMARY_PREFIX COMMAND...: runs COMMAND, finds "PREFIX N passed, M failed".
face_line() {
  local face=$1 prefix=$2
  shift 2
  "$@" >"$log" 2>&1
  local rc=$?
  local line
  line=$(grep -E "^${prefix}[0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "${face}: 0 passed, 1 failed"
    sed 's/^/    /' "$log" | tail -n 30 >&2
    status=1
    return
  fi
  local counts=${line#"$prefix"}
  echo "${face}: ${counts}"
  grep -E '^FAIL ' "$log" | sed 's/^/    /' >&2
  case $counts in *" 0 failed"*) [ $rc -eq 0 ] || status=1 ;; *) status=1 ;; esac
}

face_line rust "conformance: " cargo test -q --locked -p wechatpay-core --test conformance -- --nocapture
# Every other face has its own runner printing exactly "<face>: N passed, M failed".
for face in c php python node; do
  runner=scripts/conformance-$face.sh
  [ -x "$runner" ] || continue
  face_line "$face" "$face: " "$runner" "$dir"
done
exit $status
