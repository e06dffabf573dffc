# Shared by run.sh and memory.sh: finding or building a Release
# orderdesk-sandbox, starting it, and reading its memory use.
# Sourced, not run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEMO_STORE_ID=1001
DEMO_API_KEY=SandboxDemoKey0123456789abcdefghijklmnopqrstuvwxyz

# Sets SANDBOX_BIN: $SANDBOX_BIN if given, else a Release build of the
# orderdesk-sandbox target in $BUILD_DIR (default build-release).
sandbox_binary() {
  if [ -n "${SANDBOX_BIN:-}" ]; then
    [ -x "$SANDBOX_BIN" ] || { echo "SANDBOX_BIN=$SANDBOX_BIN is not executable" >&2; exit 1; }
    return
  fi
  local build_dir=${BUILD_DIR:-$ROOT/build-release}
  echo "Building orderdesk-sandbox (Release) in $build_dir ..." >&2
  cmake -S "$ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build_dir" -j2 --target orderdesk-sandbox >/dev/null
  SANDBOX_BIN=$build_dir/bin/orderdesk-sandbox
}

# start_sandbox <args...>: starts the sandbox in the background and sets
# SANDBOX_PID, SANDBOX_URL and SANDBOX_LOG (its stderr). Waits up to 120 s
# for the address line, which it prints once the data is seeded.
start_sandbox() {
  SANDBOX_WORK=$(mktemp -d)
  SANDBOX_LOG=$SANDBOX_WORK/stderr.log
  mkfifo "$SANDBOX_WORK/stdout"
  "$SANDBOX_BIN" "$@" >"$SANDBOX_WORK/stdout" 2>"$SANDBOX_LOG" &
  SANDBOX_PID=$!
  exec {SANDBOX_STDOUT_FD}<"$SANDBOX_WORK/stdout"
  if ! read -r -t 120 SANDBOX_URL <&"$SANDBOX_STDOUT_FD"; then
    echo "orderdesk-sandbox did not start:" >&2
    cat "$SANDBOX_LOG" >&2
    exit 1
  fi
}

stop_sandbox() {
  if [ -n "${SANDBOX_PID:-}" ] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
    kill -TERM "$SANDBOX_PID"
    wait "$SANDBOX_PID" 2>/dev/null || true
  fi
  [ -n "${SANDBOX_WORK:-}" ] && rm -rf "$SANDBOX_WORK"
  SANDBOX_PID=
}

# rss_mib <pid> [field]: VmRSS (or another /proc status field) in MiB.
rss_mib() {
  awk -v field="${2:-VmRSS}:" '$1 == field { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

api_get() {
  curl -sf -H "ORDERDESK-STORE-ID: $DEMO_STORE_ID" -H "ORDERDESK-API-KEY: $DEMO_API_KEY" "$SANDBOX_URL$1"
}
