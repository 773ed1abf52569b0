#!/usr/bin/env bash
# Runs the shared vectors through the Python binding and prints exactly one
# line: "python: N passed, M failed" (failures are listed on stderr).
# Exits 1 if M > 0. Usage: scripts/conformance-python.sh [DIR]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${WECHATPAY_VECTORS:-$root/../shared/vectors}}
dir=$(cd "$dir" 2>/dev/null && pwd) || { echo "python: 0 passed, 1 failed"; echo "no such directory: ${1:-$dir}" >&2; exit 1; }
export WECHATPAY_VECTORS=$dir
venv=$root/target/python-conformance-venv
log=$(mktemp)
trap 'rm -f "$log"' EXIT
{
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" && "$venv/bin/python" -m pip install -q "maturin>=1.9,<2"
  fi
  # Reuses target/ (cargo is a no-op when nothing changed) and skips the isolated build env.
  PATH="$venv/bin:$PATH" PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install -q --no-build-isolation --force-reinstall --no-deps "$root/bindings-python"
} >"$log" 2>&1 || { echo "python: 0 passed, 1 failed"; cat "$log" >&2; exit 1; }
"$venv/bin/python" "$root/bindings-python/tests/vectors.py" "$dir" >"$log" 2>&1
rc=$?
grep -v '^python: ' "$log" >&2
line=$(grep -E '^python: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -z "$line" ]; then
  echo "python: 0 passed, 1 failed"
  exit 1
fi
echo "$line"
exit $rc
