#!/usr/bin/env bash
# Throughput and latency of orderdesk-sandbox with keep-alive connections,
# measured with wrk against a Release build with the rate limit off:
#   GET /api/v2/orders/{id}       one order
#   GET /api/v2/orders?limit=50   a page of fifty orders
# Prints a table. Settings (environment): DURATION (10s), CONNECTIONS (64),
# WRK_THREADS (2), ORDERS (10000), SANDBOX_BIN (default: build Release in
# BUILD_DIR, default build-release). wrk and the sandbox share this machine,
# so the figures are what the sandbox serves while the load generator runs
# beside it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
ORDERS=${ORDERS:-10000}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

sandbox_binary
trap stop_sandbox EXIT
# One worker thread per connection, plus a few for stragglers.
start_sandbox --listen 127.0.0.1:0 --rate-limit off --orders "$ORDERS" --threads $((CONNECTIONS + 8))

ORDER_ID=$(api_get "/api/v2/orders?limit=1" | grep -o '"id":"[0-9]*"' | head -1 | grep -o '[0-9]\+')

# wrk --latency prints percentiles as "50%    1.02ms"; normalise to ms.
to_ms() {
  awk '{ v = $1; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
         if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
         printf "%.2f", v }'
}

measure() {  # <label> <path>
  local out
  wrk -t1 -c4 -d2s -H "ORDERDESK-STORE-ID: $DEMO_STORE_ID" -H "ORDERDESK-API-KEY: $DEMO_API_KEY" \
    "$SANDBOX_URL$2" >/dev/null  # warm-up
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -H "ORDERDESK-STORE-ID: $DEMO_STORE_ID" -H "ORDERDESK-API-KEY: $DEMO_API_KEY" "$SANDBOX_URL$2")
  local rps p50 p90 p99 errors non2xx
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out" | to_ms)
  p90=$(awk '$1 == "90%" { print $2 }' <<<"$out" | to_ms)
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)
  errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  printf '| %-28s | %10s | %8s | %8s | %8s | %6s |\n' "$1" "$rps" "$p50" "$p90" "$p99" "$((${errors:-0} + ${non2xx:-0}))"
}

echo
echo "orderdesk-sandbox, Release, rate limit off, $ORDERS orders; wrk keep-alive, $WRK_THREADS threads," \
     "$CONNECTIONS connections, $DURATION per row; $(nproc) CPUs shared by wrk and the sandbox"
echo
printf '| %-28s | %10s | %8s | %8s | %8s | %6s |\n' "Request" "Requests/s" "p50 ms" "p90 ms" "p99 ms" "Errors"
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------------" "------------" "----------" "----------" "----------" "--------"
measure "GET /api/v2/orders/{id}" "/api/v2/orders/$ORDER_ID"
measure "GET /api/v2/orders?limit=50" "/api/v2/orders?limit=50"
echo
echo "Sandbox RSS after the run: $(rss_mib "$SANDBOX_PID") MiB"
