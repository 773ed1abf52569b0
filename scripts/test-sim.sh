#!/usr/bin/env bash
# Tests of the simulator (sim/, crate wechatpay-sim) and the HTTP client
# (client/, crate wechatpay-client): lints, the client against the simulator,
# hostile requests, and a SHORT load test (1,000 callbacks at concurrency 32
# with injected faults and probes). Everything runs on 127.0.0.1.
#
# The full load test (10,000 callbacks):
#   WECHATPAY_SIM_LOAD_CALLBACKS=10000 scripts/test-sim.sh
# or just that test:
#   WECHATPAY_SIM_LOAD_CALLBACKS=10000 cargo test -p wechatpay-sim --test load -- --nocapture
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TERM_COLOR=never
export WECHATPAY_SIM_LOAD_CALLBACKS=${WECHATPAY_SIM_LOAD_CALLBACKS:-1000}
started=$(date +%s)
step() { printf '\n==== %s\n' "$*"; }

# Format and lints: scripts/test.sh checks the whole workspace once, before the faces.

step "sim + client: no unwrap/expect/panic in non-test code"
if grep -nE '\.unwrap\(\)|\.expect\(|panic!\(' sim/src/*.rs sim/src/**/*.rs client/src/*.rs 2>/dev/null; then
  echo "unwrap/expect/panic found in sim/ or client/ non-test code"; exit 1
fi

step "sim + client: tests (load test: $WECHATPAY_SIM_LOAD_CALLBACKS callbacks, bounded)"
# Each test bounds its own waits; `timeout` bounds the whole run as a last resort.
log=$(mktemp)
set +e
timeout 900 cargo test --locked -p wechatpay-sim -p wechatpay-client -- --nocapture >"$log" 2>&1
rc=$?
set -e
grep -E '^(test |running |load:|test result)' "$log" || true
if [ "$rc" -ne 0 ]; then
  echo "sim/client tests FAILED (exit $rc):"; tail -80 "$log"; rm -f "$log"; exit 1
fi
rm -f "$log"

echo
echo "test-sim: passed in $(( $(date +%s) - started )) s"
