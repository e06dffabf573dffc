#!/usr/bin/env bash
# Installs everything orderdesk-mcp needs on Debian 12 and builds it into build/.
# Idempotent: packages already present are not reinstalled, node packages are
# reinstalled only when their lock file changes, and the build is incremental.
#   scripts/setup.sh            install and build (RelWithDebInfo)
#   BUILD_DIR=dir BUILD_TYPE=Release scripts/setup.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}

PACKAGES=(build-essential cmake ninja-build pkg-config ca-certificates curl openssl
  libboost-dev libboost-filesystem-dev rapidjson-dev libcpp-httplib-dev libssl-dev
  libsqlite3-dev libtomlplusplus-dev libgtest-dev libgmock-dev libbenchmark-dev wrk clang libclang-rt-14-dev)
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node 22 and the official MCP SDK: its clients, used by the client tests and
# the demo, and its server, the peer the benchmarks compare against.
install_node_packages() { # <dir>
  local dir=$1 stamp=$1/node_modules/.setup-stamp
  if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
    echo "setup: installing node packages in ${dir#$ROOT/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
}
[ -f "$ROOT/tests/clients/package-lock.json" ] && install_node_packages "$ROOT/tests/clients"
[ -f "$ROOT/bench/peer/package-lock.json" ] && install_node_packages "$ROOT/bench/peer"

cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build "$BUILD_DIR" -j2
