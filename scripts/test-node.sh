#!/usr/bin/env bash
# Sets up and runs every test of the Node face (bindings-node/): npm ci (which
# builds the addon from source through `prepare`), the index.d.ts / index.js
# drift check, tsc --strict over a typed example, node --test (vectors, error
# codes, inputs, async, worker_threads, HTTP into the express/koa helpers,
# memory), then npm pack + install of the tarball into a scratch project.
# Assumes the Rust toolchain; installs Node.js from Debian if it is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pkg=$root/bindings-node
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
export CARGO_TERM_COLOR=never
started=$(date +%s)
step() { printf '\n==== node: %s\n' "$*"; }

step "toolchain"
# shellcheck source=node-common.sh
source "$root/scripts/node-common.sh"
node_toolchain
[ -d "$WECHATPAY_VECTORS" ] || { echo "vectors not found at $WECHATPAY_VECTORS (set WECHATPAY_VECTORS)"; exit 1; }

step "npm ci (builds the native addon from source: prepare -> napi build --release)"
cd "$pkg"
npm ci --no-audit --no-fund
ls wechatpay-core.*.node

step "generated files are committed (index.d.ts, index.js)"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$root" diff --exit-code HEAD -- bindings-node/index.d.ts bindings-node/index.js ||
    { echo "index.d.ts / index.js drifted from the Rust sources: run 'npm run build' in bindings-node and commit"; exit 1; }
  echo "no drift"
else
  echo "not a git checkout: drift check skipped"
fi

step "tsc --noEmit --strict over examples/typed.ts"
npx tsc --noEmit --strict -p examples/tsconfig.json
echo "typed example compiles"

step "node --test (compat-* and axios-* run in scripts/test-compat.sh)"
mapfile -t node_tests < <(ls test/*.test.js | grep -vE '^test/(compat|axios)-')
node --expose-gc --test --test-reporter=spec "${node_tests[@]}"

step "npm pack, install the tarball into a scratch project, require + sign"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
npm pack --ignore-scripts --silent --pack-destination "$scratch" >/dev/null
tarball=$(ls "$scratch"/wechatpay-core-*.tgz)
tar -tzf "$tarball" | sed 's/^/    /'
mkdir "$scratch/app"
cd "$scratch/app"
npm init -y >/dev/null
npm install --no-audit --no-fund "$tarball"
node -e '
  const wp = require("wechatpay-core")
  const { notifyHandler } = require("wechatpay-core/express")
  const { notifyMiddleware } = require("wechatpay-core/koa")
  const dir = process.env.WECHATPAY_VECTORS
  const key = wp.PrivateKey.fromPemFile(dir + "/keys/apiclient_key.pem")
  const cert = wp.Certificate.fromPemFile(dir + "/keys/apiclient_cert.pem")
  const signed = new wp.Signer("1900000001", cert.serialNo, key).signWith("GET", "/v3/certificates", "", 1795392123, "N1")
  cert.publicKey.verifySha256(signed.message, Buffer.from(signed.signature, "base64"))
  if (typeof notifyHandler !== "function" || typeof notifyMiddleware !== "function") throw new Error("helpers missing")
  console.log("installed tarball signs: " + signed.authorization.slice(0, 60) + "...")'

step "passed in $(( $(date +%s) - started ))s"
