#!/usr/bin/env bash
# CI check of the benchmarks (issue 14): runs `bench/run.sh --quick` and checks that it produced
# well-formed results: latest.json has every row of the issue's table for every runtime, each
# either measured (positive ops/s, a ratio for each peer that ran) or carrying the reason it could
# not run; latest.md has the tables; ratios.svg is well-formed SVG. No timing is asserted.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
started=$SECONDS
out=$root/target/bench/results-quick
rm -rf "$out"
"$root/bench/run.sh" --quick --out "$out"

printf '\n==== bench: checking %s\n' "$out"
python3 - "$out" "$root/bench" <<'PY'
import json, math, os, sys
import xml.etree.ElementTree as ET

out, bench = sys.argv[1], sys.argv[2]
sys.path.insert(0, bench)
import report  # the expected rows live there, next to the code that writes them

passed, failed = 0, []
def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(what)
        print("FAIL:", what)

doc = json.load(open(os.path.join(out, "latest.json"), encoding="utf-8"))
rows, meta = doc["rows"], doc["meta"]
for key in ("date", "cpu", "cores", "load_start", "load_end", "versions", "rounds"):
    check(key in meta, "meta has %s" % key)
for rt, ops in report.EXPECTED.items():
    for op in ops:
        mine = [r for r in rows if r["runtime"] == rt and r["op"] == op]
        check(bool(mine), "row %s %s present" % (rt, op))
        for r in mine:
            for key in ("operation", "runtime", "ours", "ours_ops", "peer", "peer_ops", "ratio_median", "versions", "cpu"):
                check(key in r, "%s %s has %s" % (rt, op, key))
            if r.get("reason"):
                check(isinstance(r["reason"], str) and len(r["reason"]) > 3, "%s %s reason is text" % (rt, op))
                continue
            ok = lambda v: isinstance(v, (int, float)) and v > 0 and math.isfinite(v)
            check(ok(r["ours_ops"]), "%s %s ours ops/s > 0" % (rt, op))
            check(ok(r["peer_ops"]) and ok(r["ratio_median"]), "%s %s peer ops/s and ratio > 0" % (rt, op))
            check(len(r.get("ratios", [])) == r.get("rounds") >= 1, "%s %s one ratio per round" % (rt, op))
# the rows that must really run here (a reason is acceptable only for the compat layer before issue 10)
for rt, op in [("rust", "limit:sign"), ("c", "sign"), ("php", "sign"), ("python", "callback"), ("node", "callback"),
               ("node", "cores:2"), ("python", "cores:2"), ("python", "bill"), ("node", "bill")]:
    check(any(r["runtime"] == rt and r["op"] == op and r.get("ratio_median") for r in rows), "%s %s measured" % (rt, op))
check(len(doc["targets"]) == 22 and all("met" in t for t in doc["targets"]), "targets listed")
md = open(os.path.join(out, "latest.md"), encoding="utf-8").read()
check("| operation | runtime | ours ops/s |" in md and "Targets" in md and "ns/B" in md, "latest.md has the tables")
svg = ET.parse(os.path.join(out, "ratios.svg")).getroot()
check(svg.tag.endswith("svg") and len(svg.findall("{http://www.w3.org/2000/svg}rect")) > 10, "ratios.svg is SVG with bars")
print("bench: %d passed, %d failed" % (passed, len(failed)))
sys.exit(1 if failed else 0)
PY
echo "test-bench: done in $((SECONDS - started)) s"
