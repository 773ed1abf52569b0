# Sourced by the Node-side test scripts (test-node.sh, test-compat.sh): one
# place that installs Node.js from Debian when it is missing and checks the
# version napi-rs CLI 3 needs.
node_toolchain() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt-get update
    apt-get install -y nodejs npm
  fi
  node -e '
    const [maj, min] = process.versions.node.split(".").map(Number)
    if (maj < 20 || (maj === 20 && min < 17)) { console.error("Node >= 20.17 is needed (napi-rs CLI 3), found " + process.version); process.exit(1) }
    console.log("node " + process.version)'
  echo "npm $(npm --version)"
}
