# Sourced by the C/PHP face scripts: installs what they need (idempotent) and
# builds libwechatpay once (dev profile, the same artifacts `cargo test` uses).
ffi_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ffi_out="$ffi_root/target/ffi-tests"
ffi_lib="$ffi_root/target/debug"

ffi_install_packages() {
  local missing=()
  command -v gcc >/dev/null || missing+=(gcc)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  command -v valgrind >/dev/null || missing+=(valgrind)
  command -v php >/dev/null || missing+=(php-cli)
  command -v phpunit >/dev/null || missing+=(phpunit)
  [ -f /usr/include/cjson/cJSON.h ] || missing+=(libcjson-dev)
  [ -f /usr/include/openssl/evp.h ] || missing+=(libssl-dev)
  if command -v php >/dev/null; then
    # (not `php -m | grep -q`: with pipefail, grep closing early fails the pipeline)
    local modules
    modules=$(php -m 2>/dev/null || true)
    grep -qx FFI <<<"$modules" || missing+=(php-cli)
    grep -qx 'Zend OPcache' <<<"$modules" || missing+=(php-opcache)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ffi_build_lib() {
  (cd "$ffi_root" && cargo build --locked -q -p wechatpay-ffi)
  mkdir -p "$ffi_out"
}

# ffi_cc OUT SOURCE [extra flags...]: compiles a C test against the built library.
ffi_cc() {
  local out=$1 src=$2
  shift 2
  gcc -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror -I"$ffi_root/include" "$src" -o "$out" \
    -L"$ffi_lib" -Wl,-rpath,"$ffi_lib" -lwechatpay -lcjson -lcrypto -lpthread "$@"
}
