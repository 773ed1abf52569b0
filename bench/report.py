"""Turns the harnesses' JSON lines into bench/results/{latest.json, latest.md, ratios.svg}.

    python3 bench/report.py RAW_DIR OUT_DIR META_JSON

Standard library only. Every row the issue's table asks for is in the output: measured, or with the
reason it could not run (a harness that died, a peer that failed on the fixture, a missing layer).
"""

import json
import math
import os
import statistics
import sys

RUNTIMES = ["rust", "c", "php", "python", "node", "compat"]
BASE_OPS = ["sign", "verify", "callback", "jsapi", "oaep_encrypt", "oaep_decrypt", "gcm_decrypt:1024",
            "gcm_decrypt:65536", "key_load"]
SCALE = ["callback_scale:1024", "callback_scale:16384", "callback_scale:262144", "callback_scale:1048576"]
EXPECTED = {rt: list(BASE_OPS) for rt in RUNTIMES}
for rt in ("rust", "python", "node"):
    EXPECTED[rt] += ["bill"]
for rt in RUNTIMES:
    EXPECTED[rt] += SCALE
COMPAT = "wechatpay-core/compat (plugin API)"  # measured in the Node process, reported as its own face
for rt in ("python", "node"):
    EXPECTED[rt] += ["cores:1", "cores:2"]
EXPECTED["rust"] += ["limit:sign", "limit:verify", "limit:gcm1024", "limit:gcm65536"]

# target ratio vs the best peer in the runtime, per op (issue 14)
TARGETS = {"sign": 1.0, "verify": 1.2, "callback": 1.2, "jsapi": 1.0}
RUNTIME_NAMES = {"rust": "Rust", "c": "C", "php": "PHP (FFI)", "python": "Python", "node": "Node",
                 "compat": "Node compat"}
COLORS = {"rust": "#b7410e", "c": "#555555", "php": "#777bb3", "python": "#3572a5", "node": "#3c873a",
          "compat": "#8fbc3f"}


def kib(n):
    n = int(n)
    return "%d KiB" % (n // 1024) if n < 1 << 20 else "%d MiB" % (n >> 20)


def label(op, meta):
    base, _, arg = op.partition(":")
    fixed = {
        "sign": "request sign + Authorization",
        "verify": "response verify",
        "callback": "full callback (verify + replay check + GCM + JSON)",
        "jsapi": "JSAPI params",
        "oaep_encrypt": "OAEP encrypt",
        "oaep_decrypt": "OAEP decrypt",
        "key_load": "key load (PEM → key)",
    }
    if base in fixed:
        return fixed[base]
    if base == "gcm_decrypt":
        return "GCM decrypt %s" % kib(arg)
    if base == "bill":
        return "bill verify, %d MiB gzip" % meta.get("bill_mib", 0)
    if base == "callback_scale":
        return "callback, %s resource" % kib(arg)
    if base == "cores":
        return "callbacks/s, %s core%s" % (arg, "s" if arg != "1" else "")
    if base == "limit":
        return {"sign": "RSA-2048 sign (raw)", "verify": "RSA-2048 verify (raw)",
                "gcm1024": "AES-256-GCM 1 KiB (bytes/s)", "gcm65536": "AES-256-GCM 64 KiB (bytes/s)"}.get(arg, op)
    return op


def load(raw_dir):
    rows, failures = {}, {}
    for name in sorted(os.listdir(raw_dir)):
        stem, ext = os.path.splitext(name)
        rt = stem.split("-")[0]  # node, node-cores1, ...
        if rt not in RUNTIMES:
            continue
        if ext == ".reason":
            failures[rt] = (failures.get(rt, "") + " " + open(os.path.join(raw_dir, name), encoding="utf-8").read().strip()).strip()
        if ext != ".jsonl":
            continue
        for line in open(os.path.join(raw_dir, name), encoding="utf-8"):
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                rows[(rt, r["op"])] = r
                if rt == "node" and COMPAT in r.get("peers", []):
                    rows[("compat", r["op"])] = split_compat(r)
    if "node" in failures:
        failures["compat"] = failures["node"]
    return rows, failures


def split_compat(r):
    """The compat layer against the plugin (same process, same rounds), out of the Node row."""
    r["peers"] = [p for p in r["peers"] if p != COMPAT]
    rounds = {k: v for k, v in r["rounds"].items() if k != r["ours"]}
    reasons = dict(r.get("reasons", {}))
    if COMPAT in reasons:
        reasons[COMPAT] = reasons.pop(COMPAT)
    r["rounds"] = {k: v for k, v in r["rounds"].items() if k != COMPAT}
    r["reasons"] = {k: v for k, v in r.get("reasons", {}).items() if k != COMPAT}
    return {**r, "ours": COMPAT, "peers": list(r["peers"]), "rounds": rounds, "reasons": reasons}


def build(raw_dir, meta):
    raw, failures = load(raw_dir)
    out = []
    for rt in RUNTIMES:
        for op in EXPECTED[rt]:
            base = {"operation": label(op, meta), "op": op, "runtime": rt}
            r = raw.get((rt, op))
            if r is None:
                why = failures.get(rt) or "the harness did not report this row"
                print("  %-6s %-40s NOT RUN: %s" % (rt, op, why))
                out.append({**base, "ours": None, "ours_ops": None, "peer": None, "peer_ops": None,
                            "ratio_median": None, "reason": why})
                continue
            rounds = r.get("rounds", {})
            ours = rounds.get(r["ours"])
            unit = r.get("unit", "ops/s")
            extra = {k: r[k] for k in ("bytes", "cores") if k in r}
            ours_med = statistics.median(ours) if ours else None
            common = {**base, "ours": r["ours"], "ours_ops": ours_med, "ours_rounds": ours, "unit": unit, **extra}
            if ours is None:
                out.append({**common, "peer": None, "peer_ops": None, "ratio_median": None,
                            "reason": r.get("reasons", {}).get(r["ours"], "ours did not run")})
                continue
            if not r.get("peers"):
                out.append({**common, "peer": None, "peer_ops": None, "ratio_median": None, "rounds": len(ours),
                            "reason": "no peer library in this runtime (see the limit rows: openssl speed)"})
                continue
            for peer in r["peers"]:
                theirs = rounds.get(peer)
                if theirs is None:
                    why = r.get("reasons", {}).get(peer, "did not run")
                    print("  %-6s %-40s %s: NOT RUN: %s" % (rt, op, peer, why))
                    out.append({**common, "peer": peer, "peer_ops": None, "ratio_median": None, "reason": why})
                    continue
                ratios = [a / b for a, b in zip(ours, theirs) if b > 0]
                out.append({**common, "peer": peer, "peer_ops": statistics.median(theirs), "peer_rounds": theirs,
                            "ratios": ratios, "ratio_median": statistics.median(ratios), "rounds": len(ratios)})
    for r in out:
        if r.get("reason"):
            r["reason"] = " ".join(r["reason"].split())[:300]
        r["versions"] = meta.get("runtime_versions", {}).get(r["runtime"], {})
        r["cpu"] = meta["cpu"]
    return out


def best(rows, rt, op):
    measured = [r for r in rows if r["runtime"] == rt and r["op"] == op and r.get("ratio_median") is not None]
    return max(measured, key=lambda r: r["peer_ops"]) if measured else None


def targets(rows):
    out = []
    for rt in ("c", "php", "python", "node", "compat"):
        for op, want in TARGETS.items():
            b = best(rows, rt, op)
            out.append({"target": "%s %s ≥ %.1fx the best peer" % (RUNTIME_NAMES[rt], op, want), "runtime": rt, "op": op,
                        "want": want, "peer": b and b["peer"], "measured": b and b["ratio_median"],
                        "met": None if b is None else b["ratio_median"] >= want})
    node = [r for r in rows if r["runtime"] == "node" and r["op"] == "cores:2" and r.get("ratio_median") is not None]
    out.append({"target": "Node all-core callbacks ≥ 1.6x the plugin on 2 cores", "runtime": "node", "op": "cores:2",
                "want": 1.6, "peer": node[0]["peer"] if node else None, "measured": node[0]["ratio_median"] if node else None,
                "met": None if not node else node[0]["ratio_median"] >= 1.6})
    lim = [r for r in rows if r["runtime"] == "rust" and r["op"] == "limit:sign" and r.get("ratio_median") is not None]
    out.append({"target": "raw Rust sign ≥ 0.9x openssl speed", "runtime": "rust", "op": "limit:sign", "want": 0.9,
                "peer": lim[0]["peer"] if lim else None, "measured": lim[0]["ratio_median"] if lim else None,
                "met": None if not lim else lim[0]["ratio_median"] >= 0.9})
    return out


def fmt_ops(v, unit="ops/s"):
    if v is None:
        return "—"
    if unit == "B/s":
        return "%.0f MB/s" % (v / 1e6)
    return "{:,.0f}".format(v) if v >= 100 else "%.1f" % v


def markdown(rows, tgts, meta):
    m = meta
    lines = ["<!-- written by bench/report.py from a run of bench/run.sh; do not edit -->",
             "Run %s (%s mode, %s rounds, %s ms per sample) on %s, %s cores; load average %s at start, %s at end. "
             "Commit `%s`." % (m["date"], m["mode"], m["rounds"], m["sample_ms"], m["cpu"], m["cores"],
                               m["load_start"], m["load_end"], m["commit"]),
             "", "Versions: " + ", ".join("%s %s" % kv for kv in m["versions"].items()) + ".", "",
             "| operation | runtime | ours ops/s | peer | peer ops/s | ours/peer (median) | per round |",
             "| --- | --- | ---: | --- | ---: | ---: | --- |"]
    for r in rows:
        if r["op"].startswith("callback_scale"):
            continue
        ratio = "**%.2fx**" % r["ratio_median"] if r.get("ratio_median") is not None else "—"
        per = " ".join("%.2f" % x for x in r.get("ratios", [])) or (r.get("reason") or "")
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["operation"], RUNTIME_NAMES[r["runtime"]], fmt_ops(r["ours_ops"], r.get("unit")), r["peer"] or "—",
            fmt_ops(r["peer_ops"], r.get("unit")), ratio, per))
    lines += ["", "Callback cost as the resource grows (ns per resource byte; ours / peer ops/s ratio):", "",
              "| runtime | peer | " + " | ".join(label(s, meta).split(", ")[1] for s in SCALE) + " |",
              "| --- | --- |" + " ---: |" * len(SCALE)]
    keys = []
    for r in rows:
        if r["op"].startswith("callback_scale") and (r["runtime"], r["peer"]) not in keys:
            keys.append((r["runtime"], r["peer"]))
    for rt, peer in keys:
        cells = []
        for s in SCALE:
            r = next((x for x in rows if x["runtime"] == rt and x["peer"] == peer and x["op"] == s), None)
            if r is None or r["ours_ops"] is None:
                cells.append("—")
                continue
            ns = 1e9 / (r["ours_ops"] * r["bytes"])
            cell = "%.2f ns/B" % ns
            if r.get("peer_ops"):
                cell += " vs %.2f (%.2fx)" % (1e9 / (r["peer_ops"] * r["bytes"]), r["ratio_median"])
            cells.append(cell)
        lines.append("| %s | %s | %s |" % (RUNTIME_NAMES[rt], peer or "—", " | ".join(cells)))
    lines += ["", "Targets (issue 14; measured, not promised):", "", "| target | best peer | measured | met |",
              "| --- | --- | ---: | --- |"]
    for t in tgts:
        lines.append("| %s | %s | %s | %s |" % (t["target"], t["peer"] or "—",
                                                "%.3fx" % t["measured"] if t["measured"] is not None else "—",
                                                {True: "yes", False: "**no**", None: "not measured"}[t["met"]]))
    return "\n".join(lines) + "\n"


def svg(rows, meta):
    """Horizontal bars of ours/best-peer per operation and runtime, log scale, 1.0x marked."""
    items = []
    for r in rows:
        if r["op"].startswith("callback_scale") or r.get("ratio_median") is None:
            continue
        b = best(rows, r["runtime"], r["op"]) if not r["op"].startswith("limit") else r
        if b is r:
            items.append(r)
    lo, hi = 0.25, 128.0
    left, width, bar, gap, top = 380, 420, 14, 4, 46
    height = top + len(items) * (bar + gap) + 40
    x = lambda v: left + width * (math.log2(min(max(v, lo), hi)) - math.log2(lo)) / (math.log2(hi) - math.log2(lo))
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (left + width + 70, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="18" font-size="14" font-weight="bold">wechatpay-core vs the best peer in each runtime '
           '(ours/peer, median of %s rounds; log scale)</text>' % meta["rounds"],
           '<text x="10" y="34" fill="#555">%s · %s cores · load %s · %s</text>' % (
               esc(meta["cpu"]), meta["cores"], meta["load_start"], meta["date"])]
    for v in (0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128):
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="%s"/>' % (
            x(v), top - 4, x(v), height - 30, "#000" if v == 1 else "#ddd", 1.5 if v == 1 else 1))
        out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%gx</text>' % (x(v), height - 16, v))
    for i, r in enumerate(items):
        y = top + i * (bar + gap)
        v = r["ratio_median"]
        out.append('<text x="%d" y="%d" text-anchor="end">%s · %s</text>' % (
            left - 6, y + bar - 3, esc(r["operation"]), RUNTIME_NAMES[r["runtime"]]))
        x0, x1 = sorted((x(1), x(v)))
        out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s</title></rect>' % (
            x0, y, max(x1 - x0, 1), bar, COLORS[r["runtime"]], esc("%s vs %s: %.2fx" % (r["ours"], r["peer"], v))))
        out.append('<text x="%.1f" y="%d" fill="#333">%.2fx</text>' % (max(x(v), x(1)) + 4, y + bar - 3, v))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    raw_dir, out_dir, meta_path = sys.argv[1:4]
    meta = json.load(open(meta_path, encoding="utf-8"))
    meta["runtime_versions"]["compat"] = meta["runtime_versions"].get("node", {})
    meta["load_end"] = "%.2f %.2f %.2f" % os.getloadavg()
    rows = build(raw_dir, meta)
    tgts = targets(rows)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "latest.json"), "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "rows": rows, "targets": tgts}, f, ensure_ascii=False, indent=1)
    md = markdown(rows, tgts, meta)
    with open(os.path.join(out_dir, "latest.md"), "w", encoding="utf-8") as f:
        f.write(md)
    with open(os.path.join(out_dir, "ratios.svg"), "w", encoding="utf-8") as f:
        f.write(svg(rows, meta))
    # the README section (docs/bench.md) carries the tables of the committed full run
    docs = sys.argv[4] if len(sys.argv) > 4 else None
    if docs and os.path.exists(docs):
        text = open(docs, encoding="utf-8").read()
        begin, end = "<!-- BEGIN RESULTS (bench/report.py) -->", "<!-- END RESULTS -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            tail = rest.split(end, 1)[1]
            with open(docs, "w", encoding="utf-8") as f:
                f.write(head + begin + "\n" + md + end + tail)
    sys.stdout.write(md)


if __name__ == "__main__":
    main()
