#!/usr/bin/env bash
# The browser face (issue 13): the simulator's web-side rules as Rust tests
# (directory and domain matching, OAuth codes, wx.login + jscode2session, the
# bridge's paySign and directory checks, the H5 cashier's rules), then the
# journeys in headless Chromium (scripts/e2e-browser.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TERM_COLOR=never

printf '\n==== browser: sim web-side tests (cargo test -p wechatpay-sim --test browser)\n'
nice -n 10 cargo test --locked -p wechatpay-sim --test browser

printf '\n==== browser: journeys in headless chromium\n'
# Its last line, `e2e: N passed, M failed`, is this script's last line too.
exec scripts/e2e-browser.sh
