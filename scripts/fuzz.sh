#!/usr/bin/env bash
# Runs every cargo-fuzz target of core/fuzz for a fixed time and fails if any
# of them finds a crash (panic, failed invariant, backend difference, timeout,
# out-of-memory).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 20)
#
# Environment:
#   FUZZ_SANITIZER  address | none (default: none; see below)
#   FUZZ_TARGETS    space-separated subset of targets (default: all)
#   FUZZ_JOBS       cargo build jobs (default: cargo's own)
#   FUZZ_LOG_DIR    where each target's libFuzzer log goes (default core/fuzz/logs)
#
# Only the stable toolchain exists on our machines: cargo-fuzz passes
# `-Zsanitizer`/`-Cpasses=sancov-module` style flags, which stable rustc
# accepts with RUSTC_BOOTSTRAP=1.
#
# The short CI run builds without a sanitizer (`-s none`): the core is
# `#![forbid(unsafe_code)]`, aws-lc's C code is not instrumented by
# cargo-fuzz's ASan either, and the build is faster. The long plateau runs in
# core/fuzz/README.md use FUZZ_SANITIZER=address. Debug assertions and
# overflow checks are on in both (cargo-fuzz's default).
#
# Prints, per target, one line: `fuzz <target>: <execs> execs, cov <N>, ft <M>`.
set -euo pipefail

SECONDS_PER_TARGET="${1:-20}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ_DIR="$ROOT/core/fuzz"
SANITIZER="${FUZZ_SANITIZER:-none}"
LOG_DIR="${FUZZ_LOG_DIR:-$FUZZ_DIR/logs}"
CARGO_FUZZ_VERSION="0.13.2"
ALL_TARGETS="callback response_verify request_verify multipart key_pem pkcs12 v2_xml v2_refund bill_csv api_error certificates_body differential"
TARGETS="${FUZZ_TARGETS:-$ALL_TARGETS}"

case "$SECONDS_PER_TARGET" in
  '' | *[!0-9]*) echo "usage: $0 [SECONDS_PER_TARGET]" >&2; exit 2 ;;
esac

export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

python3 "$ROOT/scripts/fuzz-seeds.py" "$FUZZ_DIR/corpus" >/dev/null

BUILD_FLAGS=(--sanitizer "$SANITIZER")
if [ -n "${FUZZ_JOBS:-}" ]; then export CARGO_BUILD_JOBS="$FUZZ_JOBS"; fi

cd "$FUZZ_DIR"
build_start=$SECONDS
# core/fuzz/Cargo.lock is committed: fail rather than re-resolve it.
cargo metadata --locked --format-version 1 >/dev/null
cargo fuzz build "${BUILD_FLAGS[@]}" >"$FUZZ_DIR/build.log" 2>&1 || {
  tail -n 40 "$FUZZ_DIR/build.log" >&2
  echo "fuzz: build failed (log: $FUZZ_DIR/build.log)" >&2
  exit 1
}
echo "fuzz: built $(echo "$TARGETS" | wc -w) targets in $((SECONDS - build_start)) s (sanitizer: $SANITIZER)"

mkdir -p "$LOG_DIR"
failed=()
for target in $TARGETS; do
  log="$LOG_DIR/$target.log"
  status=0
  # -timeout: a single input running longer than this is a finding (a hang);
  # -rss_limit_mb: libFuzzer's default, stated so that the limit is visible.
  cargo fuzz run "${BUILD_FLAGS[@]}" "$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 \
    >"$log" 2>&1 || status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  stats="$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$stats")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$stats")"
  echo "fuzz $target: ${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?}"
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    echo "fuzz $target: CRASH (exit $status); last lines of $log:" >&2
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written|==[0-9]+==' "$log" | head -n 20 >&2 || true
    tail -n 15 "$log" >&2
  fi
done

if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: ${#failed[@]} target(s) crashed: ${failed[*]} (inputs in $FUZZ_DIR/artifacts/<target>/)" >&2
  exit 1
fi
echo "fuzz: $(echo "$TARGETS" | wc -w) targets, no crash"
