#!/usr/bin/env bash
# The Python face: builds the wheel in a fresh virtualenv the way a user would
# (`pip install ./bindings-python`: only pip and the Rust toolchain needed),
# then runs pytest (full vector suite, errors, header styles, threads, memory,
# HTTP integrations over 127.0.0.1), `python -m mypy.stubtest`, the stub drift
# check, and `mypy --strict` on the examples of docs/python.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export WECHATPAY_VECTORS=${WECHATPAY_VECTORS:-$root/../shared/vectors}
cd "$root"
start=$SECONDS

# A Python >= 3.9 with venv and headers (a fresh Debian/Ubuntu machine has neither).
python=${PYTHON:-python3}
if ! "$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  echo "== installing python3, python3-venv, python3-dev"
  apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-dev python3-pip >/dev/null
  python=python3
fi

venv=$root/target/python-test-venv
rm -rf "$venv"
"$python" -m venv "$venv"
py=$venv/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK=1

echo "== pip install ./bindings-python (maturin from PyPI, cargo --release)"
"$py" -m pip install -q ./bindings-python
echo "== test requirements"
"$py" -m pip install -q -r bindings-python/tests/requirements.txt

echo "== pytest"
(cd bindings-python/tests && "$py" -m pytest -q -p no:cacheprovider)

# Type checks run outside the source tree so that mypy sees the installed package.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "== stubtest"
(cd "$scratch" && "$py" -m mypy.stubtest wechatpay_core --allowlist "$root/bindings-python/tools/stubtest-allowlist.txt")
echo "== stub drift (generated exception block)"
(cd "$scratch" && "$py" "$root/bindings-python/tools/gen_stubs.py" --check)
echo "== mypy --strict on the docs/python.md examples"
"$py" bindings-python/tools/extract_examples.py docs/python.md "$scratch/examples"
(cd "$scratch" && "$py" -m mypy --strict --no-incremental examples)
echo "== the docs examples run"
"$py" bindings-python/tools/extract_examples.py --run docs/python.md "$scratch/examples"

echo "test-python: all passed in $((SECONDS - start)) s"
