#!/usr/bin/env bash
# Every face of wechatpay-core against the peers in its runtime, in one run, as paired ratios
# (issue 14). Installs the peers at pinned versions into a cache directory, builds our faces the
# way their test scripts do (release profile, one cargo invocation), writes the shared fixtures,
# runs one harness per runtime (ours and the peers alternate A B A B in the same process), then
# writes bench/results/{latest.json,latest.md,ratios.svg}. Numbers are for reading, never asserted.
#
#   bench/run.sh                 full run (5 rounds, 300 ms samples, 100 MiB bill): ~5-8 min on 2 cores
#   bench/run.sh --quick         2 rounds, 40 ms samples, 8 MiB bill; results in target/bench/results-quick
#   bench/run.sh --only sign,verify   only these operations (names as in latest.json "op", before ':')
#   bench/run.sh --out DIR       results elsewhere
#
# Environment: WECHATPAY_VECTORS (keys), WECHATPAY_BENCH_CACHE (default ~/.cache/wechatpay-bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
cache=${WECHATPAY_BENCH_CACHE:-$HOME/.cache/wechatpay-bench}
mode=full rounds=5 sample_ms=300 bill_mib=100 out=$root/bench/results only=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) mode=quick rounds=2 sample_ms=40 bill_mib=8 out=$root/target/bench/results-quick ;;
    --only) only=$2; shift ;;
    --out) out=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    *) echo "usage: bench/run.sh [--quick] [--only ops] [--out DIR] [--rounds N]" >&2; exit 2 ;;
  esac
  shift
done
started=$SECONDS
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
step() { printf '\n==== bench: %s (%ds)\n' "$*" $((SECONDS - started)); }

# Pinned peers (issue 14). Bump deliberately, with a run.
PLUGIN_VERSION=0.9.6
NODE_V3_VERSION=2.2.1
WECHATPAYV3_VERSION=2.0.4
MATURIN_SPEC='maturin>=1.9,<2'   # bindings-python/pyproject.toml

step "tools"
# shellcheck source=../scripts/ffi-common.sh
source "$root/scripts/ffi-common.sh"
ffi_install_packages   # gcc, libssl-dev, libcjson-dev, php-cli (FFI) + opcache: what the C/PHP face uses
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
python=${PYTHON:-python3}
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-dev >/dev/null
  python=python3
fi
command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }

step "peers (cache: $cache)"
mkdir -p "$cache/node"
pkg_version() { node -p "try { require('$cache/node/node_modules/$1/package.json').version } catch { '' }"; }
if [ "$(pkg_version wechatpay-axios-plugin)" != "$PLUGIN_VERSION" ] || [ "$(pkg_version wechatpay-node-v3)" != "$NODE_V3_VERSION" ]; then
  [ -f "$cache/node/package.json" ] || echo '{"name":"wechatpay-bench-peers","private":true}' >"$cache/node/package.json"
  (cd "$cache/node" && npm install --no-audit --no-fund --save-exact --loglevel=error \
    "wechatpay-axios-plugin@$PLUGIN_VERSION" "wechatpay-node-v3@$NODE_V3_VERSION")
fi
echo "npm: wechatpay-axios-plugin $(pkg_version wechatpay-axios-plugin), wechatpay-node-v3 $(pkg_version wechatpay-node-v3)"
venv=$cache/py
export PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
if [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("wechatpayv3"))' 2>/dev/null)" != "$WECHATPAYV3_VERSION" ] ||
  ! "$venv/bin/python" -c 'import maturin' 2>/dev/null; then
  "$venv/bin/pip" install -q "wechatpayv3==$WECHATPAYV3_VERSION" "$MATURIN_SPEC"
fi
echo "pypi: wechatpayv3 $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("wechatpayv3"))')"

step "build ours (release: libwechatpay for C/PHP, the Node addon, the Rust harness)"
nice -n 10 cargo build --release --locked -q -p wechatpay-ffi -p wechatpay-node -p wechatpay-bench
work=$root/target/bench
mkdir -p "$work"
cp target/release/libwechatpay_node.so "$work/wechatpay-core.node"   # what scripts/install.js does
# Python: the wheel as `pip install ./bindings-python` builds it (maturin, --release); rebuilt only
# when the core, the binding or the lock file changed since the last install into the bench venv.
stamp=$( (git rev-parse HEAD:core HEAD:bindings-python 2>/dev/null; git diff HEAD -- core bindings-python Cargo.lock 2>/dev/null; cat Cargo.lock) | sha256sum | cut -c1-16)
if [ "$(cat "$venv/.wechatpay-core-stamp" 2>/dev/null)" != "$stamp" ] || ! "$venv/bin/python" -c 'import wechatpay_core' 2>/dev/null; then
  PATH="$venv/bin:$PATH" nice -n 10 "$venv/bin/pip" install -q --no-build-isolation --no-deps --force-reinstall ./bindings-python
  echo "$stamp" >"$venv/.wechatpay-core-stamp"
fi
gcc -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -Iinclude bench/c/bench.c -o "$work/bench-c" \
  -Ltarget/release -Wl,-rpath,"$root/target/release" -lwechatpay -lcjson -lcrypto -lpthread

step "fixtures"
"$venv/bin/python" bench/fixtures.py "$cache/fixtures" --bill-mib "$bill_mib"
fixtures=$cache/fixtures/fixtures.json

raw=$work/raw-$mode
rm -rf "$raw"
mkdir -p "$raw"
export BENCH_FIXTURES=$fixtures BENCH_ROUNDS=$rounds BENCH_SAMPLE_MS=$sample_ms BENCH_ONLY=$only
# run_harness NAME CMD...: its JSON lines into raw/NAME.jsonl; a harness that fails leaves a reason
run_harness() {
  local name=$1
  shift
  step "$name"
  if "$@" >"$raw/$name.jsonl" 2>"$raw/$name.stderr"; then
    echo "$(grep -c '^{' "$raw/$name.jsonl") rows"
  else
    local rc=$?
    printf '%s harness exited %d: %s\n' "$name" "$rc" "$(tail -n 3 "$raw/$name.stderr" | tr '\n' ' ')" | tee "$raw/$name.reason"
  fi
}
run_harness rust "$root/target/release/wechatpay-bench"
run_harness c "$work/bench-c"
WECHATPAY_LIB=$root/target/release/libwechatpay.so run_harness php php -d ffi.enable=1 bench/php/bench.php
run_harness python "$venv/bin/python" bench/python/bench.py
# our addon as scripts/install.js builds it; NODE_PATH lends the compat layer the optional peer
# axios from the peers' install (compat's helpers never call it)
export NAPI_RS_NATIVE_LIBRARY_PATH=$work/wechatpay-core.node BENCH_PEERS=$cache/node
export NODE_PATH=$cache/node/node_modules
run_harness node node bench/node/bench.js
# Throughput against cores: the same harnesses on 1 CPU, then on 2 (taskset), all-cores rows only;
# Node's libuv pool gets one thread per CPU, with 32 callbacks in flight.
if [ -z "$only" ] || [[ ",$only," == *,cores,* ]]; then
  for n in 1 2; do
    cpus=$(seq -s, 0 $((n - 1)))
    BENCH_CORES=$n run_harness "python-cores$n" taskset -c "$cpus" "$venv/bin/python" bench/python/bench.py
    BENCH_CORES=$n UV_THREADPOOL_SIZE=$n run_harness "node-cores$n" taskset -c "$cpus" node bench/node/bench.js
  done
fi

step "report"
cpu=$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n 1)
py_ver=$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')
crypto_ver=$("$venv/bin/python" -c 'import cryptography; print(cryptography.__version__)')
cat >"$raw/meta.json" <<EOF
{"date": "$(date -u +%Y-%m-%dT%H:%MZ)", "mode": "$mode", "rounds": $rounds, "sample_ms": $sample_ms,
 "bill_mib": $bill_mib, "cpu": "${cpu:-unknown}", "cores": $(nproc), "load_start": "$load_start",
 "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . ':!bench/results' 2>/dev/null || echo +dirty)",
 "versions": {"rustc": "$(rustc --version | cut -d' ' -f2)", "gcc": "$(gcc -dumpfullversion)", "php": "$(php -r 'echo PHP_VERSION;')",
   "CPython": "$py_ver", "cryptography": "$crypto_ver", "wechatpayv3": "$WECHATPAYV3_VERSION", "Node": "$(node --version)",
   "wechatpay-axios-plugin": "$PLUGIN_VERSION", "wechatpay-node-v3": "$NODE_V3_VERSION",
   "openssl": "$(openssl version | cut -d' ' -f2)"},
 "runtime_versions": {
   "rust": {"rustc": "$(rustc --version | cut -d' ' -f2)", "openssl": "$(openssl version | cut -d' ' -f2)"},
   "c": {"gcc": "$(gcc -dumpfullversion)", "openssl": "$(openssl version | cut -d' ' -f2)"},
   "php": {"php": "$(php -r 'echo PHP_VERSION;')", "openssl": "$(php -r 'echo OPENSSL_VERSION_TEXT;')"},
   "python": {"CPython": "$py_ver", "wechatpayv3": "$WECHATPAYV3_VERSION", "cryptography": "$crypto_ver"},
   "node": {"node": "$(node --version)", "wechatpay-axios-plugin": "$PLUGIN_VERSION", "wechatpay-node-v3": "$NODE_V3_VERSION"}}}
EOF
docs=""
[ "$out" = "$root/bench/results" ] && [ -z "$only" ] && docs=$root/docs/bench.md   # a full run refreshes the README section
python3 bench/report.py "$raw" "$out" "$raw/meta.json" $docs
step "done: $out/latest.{json,md} and ratios.svg in $((SECONDS - started)) s"
