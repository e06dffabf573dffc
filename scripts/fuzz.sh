#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) into build-fuzz with clang, and runs them.
#   scripts/fuzz.sh list                  the targets
#   scripts/fuzz.sh TARGET SECONDS        runs one target for SECONDS
#   scripts/fuzz.sh all SECONDS           runs every target for SECONDS, two at a time
#   BUILD_DIR=dir scripts/fuzz.sh ...     another build directory
# Exits non-zero if any run finds something (a crash, a sanitizer report, a
# broken invariant, a leak, a timeout or running out of memory); the input
# that did it is kept as build-fuzz/fuzz-runs/TARGET/{crash,leak,timeout,oom}-*
# and named in the output, and `build-fuzz/bin/TARGET_fuzzer FILE` replays it.
# Each target grows a working corpus in build-fuzz/fuzz-corpus/TARGET, seeded
# from fuzz/corpus/TARGET, which stays as it is.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-fuzz}

usage() {
  sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2
  exit 2
}

targets() {
  for source in "$ROOT"/fuzz/*_fuzzer.cc; do
    basename "$source" _fuzzer.cc
  done
}

# The largest input worth trying: a little above the realistic inputs, and
# for the HTTP target above the 1024-byte limits it tests.
max_len() {
  case $1 in
    uri_template) echo 1024 ;;
    jsonrpc | request_state) echo 4096 ;;
    dispatch | http_request) echo 8192 ;;
    *) echo 16384 ;;
  esac
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DODMCP_FUZZ=ON \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$BUILD_DIR" -j2 --target fuzzers
}

run_one() { # <target> <seconds>
  local target=$1 seconds=$2
  local binary=$BUILD_DIR/bin/${target}_fuzzer
  local corpus=$BUILD_DIR/fuzz-corpus/$target runs=$BUILD_DIR/fuzz-runs/$target
  [ -x "$binary" ] || { echo "fuzz: no target $target (scripts/fuzz.sh list)" >&2; return 2; }
  mkdir -p "$corpus" "$runs"
  local seed
  for seed in "$ROOT/fuzz/corpus/$target"/*; do
    [ -e "$corpus/$(basename "$seed")" ] || cp "$seed" "$corpus/"
  done
  local log=$runs/fuzz.log status=0
  "$binary" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -max_len="$(max_len "$target")" -artifact_prefix="$runs/" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  local executions
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $target FOUND SOMETHING (exit $status) after ${executions:-?} executions; log: $log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant broken)' "$log" | head -n 5 || true
    grep -E 'Test unit written to|artifact_prefix' "$log" || true
    return 1
  fi
  echo "fuzz: $target: ${executions:-?} executions in ${seconds} s, nothing found" \
    "(corpus: $(find "$corpus" -type f | wc -l) inputs)"
}

[ $# -ge 1 ] || usage
case $1 in
  list)
    targets
    ;;
  all)
    [ $# -eq 2 ] || usage
    build
    # Two at a time (two cores); xargs fails if any run does.
    targets | FUZZ_BUILT=1 xargs -P 2 -I '{}' "${BASH_SOURCE[0]}" '{}' "$2"
    ;;
  *)
    [ $# -eq 2 ] || usage
    [ -n "${FUZZ_BUILT:-}" ] || build
    run_one "$1" "$2"
    ;;
esac
