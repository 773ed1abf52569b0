#!/usr/bin/env bash
# Runs the core's pure-Rust parsing tests under Miri (undefined-behaviour
# checker): APIv2 XML, APIv2 signs, bill CSV/gzip, APIv3 error bodies, header
# parsing, encodings. The aws-lc backend is C and cannot run under Miri, so the
# `rustcrypto` build is used, and RSA-heavy tests are left to the normal suite
# (Miri runs them ~1000x slower).
#
# Needs the machine's nightly toolchain (Miri exists only there). If no nightly
# toolchain is installed, or the miri component cannot be added, it says so and
# exits 0 with "miri: not run"; any test failure under Miri exits non-zero.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "miri: not run (no nightly toolchain on this machine)"
  exit 0
fi
if ! rustup +nightly component list --installed 2>/dev/null | grep -q '^miri'; then
  timeout 300 rustup +nightly component add miri rust-src >/dev/null 2>&1 || {
    echo "miri: not run (the miri component could not be installed)"
    exit 0
  }
fi
set -e
# File access and the environment are needed to read the shared vectors.
export MIRIFLAGS="-Zmiri-disable-isolation"
CARGO_TARGET_DIR="$root/target/miri" cargo +nightly miri test -p wechatpay-core \
  --no-default-features --features rustcrypto --lib -- \
  v2::xml v2::sign v2::tests error:: encoding api_error clock:: \
  v3::bill::tests::parse_bill v3::bill::tests::serialisation v3::bill::tests::hash_type \
  v3::bill::tests::hash_value v3::bill::tests::damaged_gzip v3::bill::tests::plain_mode \
  v3::verify::tests::header v3::verify::tests::missing v3::verify::tests::timestamp \
  v3::media::tests::uploads_parse_back
