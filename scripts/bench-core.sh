#!/usr/bin/env bash
# The core's hot paths beside `openssl speed rsa2048`, in one run: ROUNDS
# paired rounds (openssl, then ours), per-round ratios ours/openssl, medians.
# Numbers are for reading, never asserted.
#
#   scripts/bench-core.sh [ROUNDS]     (default 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${1:-3}
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
cargo bench --locked -p wechatpay-core --bench hot_paths --no-run >/dev/null 2>&1
python3 - "$rounds" <<'PY'
import re, statistics, subprocess, sys

rounds = int(sys.argv[1])
unit = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}

def openssl():
    out = subprocess.run(["openssl", "speed", "-seconds", "3", "rsa2048"], capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.strip().startswith("rsa 2048 bits")][-1].split()
    return float(line[5]), float(line[6])  # sign/s, verify/s

def ours():
    out = subprocess.run(["cargo", "bench", "--locked", "-q", "-p", "wechatpay-core", "--bench", "hot_paths"],
                         capture_output=True, text=True).stdout
    rates = {}
    for line in out.splitlines():
        m = re.match(r"^[├╰]─ (\w+)\s+([\d.]+) (\S+)\s+│\s+([\d.]+) (\S+)\s+│\s+([\d.]+) (\S+)", line)
        if m:
            median = float(m.group(6)) * unit[m.group(7)]
            rates[m.group(1)] = 1.0 / median
    return rates

rows = {}
for r in range(rounds):
    sign, verify = openssl()
    mine = ours()
    rows.setdefault("openssl sign/s", []).append(sign)
    rows.setdefault("openssl verify/s", []).append(verify)
    for name, rate in mine.items():
        rows.setdefault(name, []).append(rate)
    rows.setdefault("raw_sign / openssl sign", []).append(mine["raw_sign"] / sign)
    rows.setdefault("raw_verify / openssl verify", []).append(mine["raw_verify"] / verify)
    rows.setdefault("trust_store_get cost / response_verify", []).append(mine["response_verify"] / mine["trust_store_get"])
print(f"{'operation':42} {'median':>12}   per round")
for name, values in rows.items():
    fmt = (lambda v: f"{v:.3f}") if "/" in name and "/s" not in name else (lambda v: f"{v:,.0f}")
    print(f"{name:42} {fmt(statistics.median(values)):>12}   {' '.join(fmt(v) for v in values)}")
PY
