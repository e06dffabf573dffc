#!/usr/bin/env bash
# Installs a build into a temporary prefix with `cmake --install` (the
# default component, then the sandbox component), checks the files
# installed, and runs them: orderdesk-sandbox, and orderdesk-mcp with the
# installed example configuration, overriding by environment only what must
# differ (listen address, database, KMS key, the OrderDesk plugins' URL),
# so its plugins are found with no [plugins] dir. A tenant is created with
# `orderdesk-mcp tenant create`, and the demo's session with the official
# MCP SDK client lists the tools and runs the OrderDesk tools. Everything is
# on loopback, in a temporary directory that is removed at exit.
#   tests/install/install_test.sh <build dir> <plugin dir, relative to the prefix>
set -euo pipefail
BUILD=$1
PLUGIN_DIR=$2
# shellcheck source=tests/install/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clear_odmcp_environment
TMP=$(mktemp -d -t odmcp-install.XXXXXX)
trap 'kill_servers; rm -rf "$TMP"' EXIT
PREFIX=$TMP/prefix

cmake --install "$BUILD" --prefix "$PREFIX" >"$TMP/install.log"
expected=$(sort <<LIST
bin/orderdesk-mcp
$PLUGIN_DIR/diagnostics.so
$PLUGIN_DIR/orders.so
$PLUGIN_DIR/products.so
$PLUGIN_DIR/stores.so
share/orderdesk-mcp/orderdesk-mcp.toml
LIST
)
installed=$(cd "$PREFIX" && find . ! -type d | sed 's|^\./||' | sort)
if [ "$installed" != "$expected" ]; then
  diff <(echo "$expected") <(echo "$installed") || true
  fail "the default install differs from the layout (< expected, > installed)"
fi
cmake --install "$BUILD" --prefix "$PREFIX" --component sandbox >>"$TMP/install.log"
[ -x "$PREFIX/bin/orderdesk-sandbox" ] || fail "the sandbox component did not install bin/orderdesk-sandbox"
echo "PASS: cmake --install lays out $(wc -l <<<"$installed") files; the sandbox is a component of its own"

start_server SANDBOX_URL "$TMP/sandbox.log" \
  "$PREFIX/bin/orderdesk-sandbox" --listen 127.0.0.1:0 --orders 1500
CONFIG=$PREFIX/share/orderdesk-mcp/orderdesk-mcp.toml
export ODMCP_HTTP__LISTEN=127.0.0.1:0
export ODMCP_STORAGE__PATH=$TMP/orderdesk-mcp.db
ODMCP_KMS_KEY=$(head -c 32 /dev/urandom | base64)
export ODMCP_KMS_KEY
for plugin in STORES ORDERS PRODUCTS; do
  export "ODMCP_PLUGINS__${plugin}__SETTINGS__BASE_URL=$SANDBOX_URL/api/v2"
done

MASTER_KEY=$("$PREFIX/bin/orderdesk-mcp" tenant create install-test --config "$CONFIG" \
  2>"$TMP/tenant.log") || { cat "$TMP/tenant.log" >&2; fail "tenant create failed"; }
start_server URL "$TMP/host.log" "$PREFIX/bin/orderdesk-mcp" serve --config "$CONFIG"
run_sdk_session "$URL" "$MASTER_KEY" "$TMP/session.out"
stop_last_server
echo "PASS: the installed host, with the installed example configuration, served the SDK session"
