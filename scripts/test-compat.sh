#!/usr/bin/env bash
# Sets up and runs every test of wechatpay-core/compat (the drop-in for
# wechatpay-axios-plugin 0.9.x) and wechatpay-core/axios: npm ci in
# bindings-node (devDependencies wechatpay-axios-plugin@0.9.6 + axios; the
# addon is built by `prepare` exactly as scripts/test-node.sh builds it, so the
# cargo artifact is shared), the generated-files drift check, tsc --strict over
# the typed compat example, then node --test: the differential against the real
# plugin, one test per documented deviation, the native-only check, the chained
# client and attach() over HTTP on 127.0.0.1. Prints the counts.
# Assumes the Rust toolchain; installs Node.js from Debian if it is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pkg=$root/bindings-node
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
export CARGO_TERM_COLOR=never
started=$(date +%s)
step() { printf '\n==== compat: %s\n' "$*"; }

step "toolchain"
# shellcheck source=node-common.sh
source "$root/scripts/node-common.sh"
node_toolchain
[ -d "$WECHATPAY_VECTORS/keys" ] || { echo "vectors not found at $WECHATPAY_VECTORS (set WECHATPAY_VECTORS)"; exit 1; }

cd "$pkg"
if [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 && [ -d node_modules/wechatpay-axios-plugin ]; then
  step "node_modules up to date: npm run build (napi build --release, as prepare does)"
  npm run build --silent
else
  step "npm ci (devDependencies incl. wechatpay-axios-plugin@0.9.6 and axios; prepare builds the addon)"
  npm ci --no-audit --no-fund
fi
ls wechatpay-core.*.node
node -e 'const v = require("wechatpay-axios-plugin/package.json").version; if (v !== "0.9.6") { console.error("wechatpay-axios-plugin " + v + " installed, 0.9.6 expected"); process.exit(1) } console.log("wechatpay-axios-plugin " + v + ", axios " + require("axios/package.json").version)'

step "generated files are committed (index.d.ts, index.js)"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$root" diff --exit-code HEAD -- bindings-node/index.d.ts bindings-node/index.js ||
    { echo "index.d.ts / index.js drifted from the Rust sources: run 'npm run build' in bindings-node and commit"; exit 1; }
  echo "no drift"
else
  echo "not a git checkout: drift check skipped"
fi

step "tsc --noEmit --strict over examples/compat-typed.ts (the plugin's types, wechatpay-core/axios)"
npx tsc --noEmit --strict -p examples/tsconfig.compat.json
echo "typed compat example compiles"

step "the package ships compat/ and axios.js"
npm pack --dry-run --json --ignore-scripts 2>/dev/null | node -e '
  const files = JSON.parse(require("fs").readFileSync(0, "utf8"))[0].files.map((f) => f.path)
  const need = ["compat/index.js", "compat/index.d.ts", "compat/lib/rsa.js", "compat/lib/decorator.js", "axios.js", "axios.d.ts"]
  const missing = need.filter((f) => !files.includes(f))
  if (missing.length) { console.error("missing from the package: " + missing.join(", ")); process.exit(1) }
  console.log(need.join(", ") + ": packed")'

step "node --test (differential, deviations, native-only, HTTP on 127.0.0.1)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
node --test --test-reporter=spec test/compat-*.test.js test/axios-*.test.js 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
step "counts"
grep -a 'compat differential:' "$log" | head -1 || true
for f in compat-deviations compat-errors compat-native-only compat-http axios-attach; do
  n=$(node -e '
    const src = require("fs").readFileSync("test/" + process.argv[1] + ".test.js", "utf8")
    console.log((src.match(/^test\(/gm) || []).length)' "$f")
  echo "$f: $n tests"
done
grep -aE '^ℹ (tests|pass|fail)' "$log" || true
[ "$status" -eq 0 ] || { echo "compat: FAILED"; exit "$status"; }
step "passed in $(( $(date +%s) - started ))s"
