#!/usr/bin/env bash
# The browser face (issue 13): the simulator's web-side rules as Rust tests
# (directory and domain matching, OAuth codes, wx.login + jscode2session, the
# bridge's paySign and directory checks, the H5 cashier's rules), then the
# journeys in headless Chromium (scripts/e2e-browser.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TERM_COLOR=never
started=$(date +%s)

printf '\n==== browser: sim web-side tests (cargo test -p wechatpay-sim --test browser)\n'
nice -n 10 cargo test --locked -p wechatpay-sim --test browser

printf '\n==== browser: journeys in headless chromium\n'
set +e
scripts/e2e-browser.sh
rc=$?
set -e
echo "test-browser: took $(( $(date +%s) - started )) s"
exit "$rc"
