#!/usr/bin/env bash
# Installs what orderdesk-mcp needs on Debian 12 and builds it into build/.
# Idempotent: packages already present are not reinstalled, node packages are
# reinstalled only when their lock file changes, and the build is incremental.
#   scripts/setup.sh          everything: the packages of every test, benchmark
#                             and fuzzer, and every target (scripts/test.sh)
#   scripts/setup.sh --demo   only what the demo needs: the packages that build
#                             the host, its plugins and the sandbox, the SDK
#                             client, and those targets (scripts/demo.sh)
#   BUILD_DIR=dir BUILD_TYPE=Release scripts/setup.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
case "${1:-}" in
  "") DEMO=false ;;
  --demo) DEMO=true ;;
  *) echo "usage: scripts/setup.sh [--demo]" >&2; exit 2 ;;
esac

# The host, its plugins and the sandbox build with these; the demo makes its
# KMS key with openssl.
PACKAGES=(build-essential cmake ninja-build pkg-config ca-certificates curl openssl
  libboost-dev libboost-filesystem-dev rapidjson-dev libcpp-httplib-dev libssl-dev
  libsqlite3-dev libtomlplusplus-dev)
# The tests, benchmarks and fuzzers add these; the package test (tests/install)
# builds the .deb (dpkg-dev, file), checks it with lintian and its unit with
# systemd-analyze, and installs it (its postinst needs adduser); the container
# test builds the image with podman (and runc) on a base mmdebstrap makes; the
# OAuth browser test (tests/clients/oauth_browser.mjs) signs in and consents
# with headless chromium, driven by puppeteer-core (which downloads no browser).
$DEMO || PACKAGES+=(libgtest-dev libgmock-dev libbenchmark-dev wrk clang libclang-rt-14-dev
  dpkg-dev file lintian systemd adduser podman runc mmdebstrap python3 chromium)
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
install_node_packages "$ROOT/tests/clients"
$DEMO || install_node_packages "$ROOT/bench/peer"

if $DEMO; then
  # A build directory the demo makes has no tests (and needs none of their
  # packages); one already configured keeps its setting.
  CONFIGURE=()
  [ -f "$BUILD_DIR/CMakeCache.txt" ] || CONFIGURE=(-DODMCP_BUILD_TESTS=OFF)
  TARGETS=(--target orderdesk-mcp orderdesk-sandbox odmcp_plugins)
else
  CONFIGURE=(-DODMCP_BUILD_TESTS=ON)
  TARGETS=()
fi
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "${CONFIGURE[@]}" \
  >/dev/null
cmake --build "$BUILD_DIR" -j2 "${TARGETS[@]}"
