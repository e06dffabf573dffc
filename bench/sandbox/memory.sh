#!/usr/bin/env bash
# Memory of orderdesk-sandbox: RSS once 100,000 orders are seeded, then
# during a fault-injected soak (latency, failures, 429 storms, connections
# dropped before and after processing) of reads and read-modify-write
# full-replacement writes driven by wrk (soak.lua). Samples RSS every SAMPLE_SECONDS and prints the
# series and a summary. Settings (environment): ORDERS (100000),
# SOAK_SECONDS (600), SAMPLE_SECONDS (30), CONNECTIONS (32), SANDBOX_BIN
# (default: build Release in BUILD_DIR, default build-release).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ORDERS=${ORDERS:-100000}
SOAK_SECONDS=${SOAK_SECONDS:-600}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-30}
CONNECTIONS=${CONNECTIONS:-32}
PRODUCTS=50
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

sandbox_binary
trap 'stop_sandbox; [ -n "${WRK_PID:-}" ] && kill "$WRK_PID" 2>/dev/null || true' EXIT

started=$(date +%s.%N)
start_sandbox --listen 127.0.0.1:0 --rate-limit off --orders "$ORDERS" --products "$PRODUCTS" \
  --threads $((CONNECTIONS + 8))
seeded=$(date +%s.%N)
sleep 2
rss_seeded=$(rss_mib "$SANDBOX_PID")

first_order=$(api_get "/api/v2/orders?limit=1&order=ASC" | grep -o '"id":"[0-9]*"' | head -1 | grep -o '[0-9]\+')
first_item=$(api_get "/api/v2/inventory-items?limit=500" | grep -o '"id":[0-9]*' | grep -o '[0-9]\+' | sort -n | head -1)

faults='{"latency": {"ms": 2, "jitter_ms": 2}, "failures": {"rate": 0.05, "status": 503},
         "rate_limit_storm": {"rate": 0.02, "retry_after": 1}, "drops": {"before_rate": 0.02, "after_rate": 0.02}}'
curl -sf -X POST -d "$faults" "$SANDBOX_URL/_sandbox/faults" >/dev/null

echo "Seeded $ORDERS orders in $(awk -v a="$started" -v b="$seeded" 'BEGIN { printf "%.1f", b - a }') s;" \
     "RSS after seeding: $rss_seeded MiB"
echo "Soak: ${SOAK_SECONDS} s, wrk 2 threads x $CONNECTIONS connections, faults: $(tr -s ' \n' ' ' <<<"$faults")"
echo
printf '%8s  %9s\n' "seconds" "RSS MiB"
printf '%8s  %9s\n' 0 "$rss_seeded"

wrk_out=$(mktemp)
wrk -t2 -c"$CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 10s -s "$(dirname "${BASH_SOURCE[0]}")/soak.lua" \
  "$SANDBOX_URL" -- "$first_order" "$ORDERS" "$first_item" "$PRODUCTS" >"$wrk_out" 2>&1 &
WRK_PID=$!
elapsed=0
rss_first_sample=
while kill -0 "$WRK_PID" 2>/dev/null && [ "$elapsed" -lt "$SOAK_SECONDS" ]; do
  sleep "$SAMPLE_SECONDS"
  elapsed=$((elapsed + SAMPLE_SECONDS))
  rss=$(rss_mib "$SANDBOX_PID")
  [ -z "$rss_first_sample" ] && rss_first_sample=$rss
  printf '%8s  %9s\n' "$elapsed" "$rss"
done
wait "$WRK_PID" || true
WRK_PID=
rss_end=$(rss_mib "$SANDBOX_PID")
rss_peak=$(rss_mib "$SANDBOX_PID" VmHWM)

stats=$(curl -sf "$SANDBOX_URL/_sandbox/stats")
echo
grep -E 'requests|Requests/sec|Socket errors|Non-2xx' "$wrk_out" | sed 's/^ */wrk: /'
echo "sandbox requests by route: $(sed -e 's/.*"stores":{"[0-9]*":{"requests":[0-9]*,"routes":{\(.*\)}}},"unauthenticated".*/\1/' <<<"$stats")"
echo "sandbox: $(grep -o '"responses":{[^}]*}' <<<"$stats")"
echo "sandbox: $(grep -o '"faults_injected":{[^}]*}' <<<"$stats")"
echo
echo "| Measurement                          | RSS MiB |"
echo "|--------------------------------------|---------|"
printf '| %-36s | %7s |\n' "after seeding $ORDERS orders (idle)" "$rss_seeded"
printf '| %-36s | %7s |\n' "after ${SAMPLE_SECONDS} s of load" "$rss_first_sample"
printf '| %-36s | %7s |\n' "after ${SOAK_SECONDS} s of load" "$rss_end"
printf '| %-36s | %7s |\n' "peak (VmHWM)" "$rss_peak"
rm -f "$wrk_out"
