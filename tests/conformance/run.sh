#!/usr/bin/env bash
# Runs the official MCP conformance suite (../shared/tools/mcp-conformance.sh)
# against the host serving the conformance fixture plugin: the scored sets of
# both protocol revisions (2026-07-28, 2025-11-25) and the older suite's 32
# scenarios (legacy-all), each against tests/conformance/expected-failures.yml
# (with which a warning fails too), and prints the per-scenario tables. The
# unscored tasks-* extension scenarios run with 2026-07-28 and are reported,
# never gating.
#   tests/conformance/run.sh <orderdesk-mcp binary> <test plugin dir> <results dir>
# The suite and Node 22 are installed (once) into .cache/mcp-conformance.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BINARY=${1:?orderdesk-mcp binary}
PLUGINS=${2:?test plugin directory}
OUT=${3:?results directory}
SHARED=${ODMCP_SHARED_DIR:-$ROOT/../shared}
RUNNER=$SHARED/tools/mcp-conformance.sh
[ -f "$RUNNER" ] || { echo "conformance: $RUNNER not found (set ODMCP_SHARED_DIR)" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
ODMCP_PLUGINS__DIR=$PLUGINS "$BINARY" serve \
  --config "$ROOT/tests/fixtures/conformance/conformance.toml" >"$OUT/host.out" 2>"$OUT/host.log" &
HOST=$!
trap 'kill $HOST 2>/dev/null; wait $HOST 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$OUT/host.out" ] && break
  kill -0 $HOST 2>/dev/null || { echo "conformance: the host did not start:" >&2; cat "$OUT/host.log" >&2; exit 1; }
  sleep 0.1
done
URL=$(head -n 1 "$OUT/host.out")
echo "conformance: host at $URL"

status=0
for REVISION in 2026-07-28 2025-11-25 legacy-all; do
  if ! bash "$RUNNER" "$ROOT/.cache/mcp-conformance" "$URL" "$OUT" "$REVISION" -- \
      --expected-failures "$ROOT/tests/conformance/expected-failures.yml"; then
    status=1
    echo "conformance: $REVISION does not match its baseline; see $OUT/$REVISION/run.log:"
    sed -n '/Expected failures\|Stale baseline\|Unexpected failures/,$p' "$OUT/$REVISION/run.log"
  fi
done
exit $status
