#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs every test: unit, integration, the
# official MCP SDK clients, the official conformance suite, the sandbox's;
# then every fuzz target for 60 s (scripts/fuzz.sh, a clang build that also
# checks the thread-safety annotations) and the sanitizer suites, ASan+UBSan
# and TSan (scripts/sanitize.sh).
#   scripts/test.sh                  all of it
#   scripts/test.sh -R conformance   only CTest, with these arguments
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
"$ROOT/scripts/setup.sh"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@"
if [ $# -eq 0 ]; then
  "$ROOT/scripts/fuzz.sh" all 60
  "$ROOT/scripts/sanitize.sh" address
  "$ROOT/scripts/sanitize.sh" thread
fi
