#!/usr/bin/env bash
# The payer's journeys in a real headless browser: JSAPI (official account), mini-program and
# H5, through the merchant demo (bindings-node/examples/merchant-demo, on the Node package)
# against wechatpay-sim, all on 127.0.0.1 (every other request is aborted in the browser).
# Installs what it needs (Debian's chromium + a CJK font, playwright-core from its lockfile),
# builds the simulator (debug) and the Node addon (as scripts/test-node.sh does, reusing its
# artifact), runs tests/e2e-browser/*.test.mjs and ends with exactly one line
# `e2e: N passed, M failed` (exit 1 if M > 0). Screenshots: target/e2e/*.png.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TERM_COLOR=never
started=$(date +%s)
step() { printf '\n==== e2e: %s\n' "$*"; }
fail_line() { echo; echo "e2e: 0 passed, 1 failed"; exit 1; }
trap 'fail_line' ERR

step "chromium, a CJK font, node"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  t0=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  # The package lists only when the install cannot go without them.
  apt-get install -y --no-install-recommends "${missing[@]}" || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
  echo "installed ${missing[*]} in $(( $(date +%s) - t0 )) s"
fi
/usr/bin/chromium --version
echo "node $(node --version)"

step "playwright-core (npm ci, tests/e2e-browser/package-lock.json)"
(cd tests/e2e-browser && npm ci --no-audit --no-fund --loglevel=error)

step "wechatpay-sim (cargo build, debug)"
nice -n 10 cargo build --locked -p wechatpay-sim
sim_bin=$root/target/debug/wechatpay-sim

step "the Node addon (bindings-node: npm ci builds it, as scripts/test-node.sh does)"
addon=$(ls bindings-node/wechatpay-core.*.node 2>/dev/null | head -1 || true)
if [ -z "$addon" ] || [ ! -d bindings-node/node_modules ]; then
  (cd bindings-node && npm ci --no-audit --no-fund --loglevel=error)
elif [ -n "$(find core/src bindings-node/src -newer "$addon" -name '*.rs' -print -quit)" ]; then
  (cd bindings-node && npm run build --silent)
else
  echo "reusing $addon"
fi

step "types of wechatpay-core/browser (tsc --strict)"
bindings-node/node_modules/.bin/tsc --noEmit --strict --module nodenext --moduleResolution nodenext \
  --target es2022 --lib es2022,dom --typeRoots bindings-node/node_modules/@types --types node tests/e2e-browser/typed.ts
echo "browser.d.ts compiles"

step "journeys (node --test, headless chromium)"
mkdir -p target/e2e
rm -f target/e2e/*.png
tap=$(mktemp)
trap - ERR
set +e
WECHATPAY_SIM_BIN=$sim_bin timeout 240 node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  tests/e2e-browser/*.test.mjs
rc=$?
set -e
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
rm -f "$tap"
passed=${passed:-0}
failed=${failed:-0}
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
echo "screenshots: $(ls target/e2e/*.png 2>/dev/null | wc -l) in target/e2e/; took $(( $(date +%s) - started )) s"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
