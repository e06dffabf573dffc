#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs every test: unit, integration, the
# official MCP SDK clients, the official conformance suite, the sandbox's.
#   scripts/test.sh                  all tests
#   scripts/test.sh -R conformance   extra arguments go to ctest
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
"$ROOT/scripts/setup.sh"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@"
