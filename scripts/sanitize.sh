#!/usr/bin/env bash
# Builds the tests with a sanitizer and runs them. Fails on a failing test and
# on any sanitizer report, including those of the host and sandbox processes
# the tests start: ASan, LSan and TSan write theirs to files, which the script
# prints; UBSan's are fatal and fail the test (the host's: tests/support/
# host_process.cc).
#   scripts/sanitize.sh address   ASan+UBSan in build-asan: the unit,
#                                 integration and sandbox tests (not the
#                                 clients, conformance, edge or bench tests)
#   scripts/sanitize.sh thread    TSan in build-tsan: the tests that run code
#                                 on several threads (TSAN_TESTS below)
#   scripts/sanitize.sh thread --repeat until-fail:5   the rest goes to ctest
# Needs what scripts/setup.sh installs; builds only what the chosen tests run.
# Reports: <build dir>/sanitizer-reports/.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUITE=${1:-}
shift || true

# Test executables of the address suite; their dependency on
# odmcp_test_dependencies builds the host, the sandbox and every plugin.
ASAN_TARGETS=(odmcp_unit_tests odmcp_abi_c11_test odmcp_crypto_tests odmcp_cache_ratelimit_tests
  odmcp_services_tests odmcp_orderdesk_common_tests odmcp_integration_tests
  odmcp_http_client_tests odmcp_orders_integration_tests odmcp_products_integration_tests
  sandbox_unit_tests sandbox_contract_tests)
ASAN_TESTS=(unit. integration. sandbox.)

# The tests whose code runs on several threads at once, in the test process
# or in the host it starts (whose every thread TSan watches too).
TSAN_TARGETS=(odmcp_unit_tests odmcp_crypto_tests odmcp_services_tests odmcp_cache_ratelimit_tests
  odmcp_http_client_tests odmcp_integration_tests odmcp_orders_integration_tests sandbox_unit_tests)
TSAN_TESTS=(
  # The IO pool and the blocking regions it watches.
  unit.IoPoolTest unit.BlockingRegionTest integration.StdioTransportTest.ConcurrentRequests
  # Config and plugin reload with calls in flight; shutdown during a call.
  unit.ConfigReloaderTest unit.PluginReloadTest integration.HttpReloadTest
  integration.StdioReloadTest integration.ShutdownTest
  # Sessions, their event streams and notification fan-out.
  unit.SessionTableTest unit.NotificationHubTest unit.ClientRequestsTest
  integration.HttpSessionExpiryTest integration.HttpSessionCapTest integration.SessionMemoryTest
  integration.HttpTransportTest.OneEventStreamPerSession
  integration.HttpTransportTest.ProgressStreams integration.TenantsTest.TheSessionCapCounts
  # The HTTP client's coalescer and connection pool.
  integration.CoalescingTest integration.SandboxCoalescingTest integration.CancellationTest
  integration.KeepAliveTest
  # Rate limiters: the host's, per tenant and per store, and the sandbox's. (Not
  # OrdersBurstTest's hundred identical calls: it counts upstream requests,
  # whose timing TSan's slowness spreads; the main suite and ASan run it.)
  unit.RateLimiterTest unit.RateLimiterRealTimeTest integration.SandboxBucketTest
  integration.SandboxRateLimitTest integration.TenantsTest.Every
  integration.OrdersBurstTest.HundredUncachedCalls
  integration.OrdersBurstTest.OrdersAndProductsShareTheStoresBucket sandbox.RateLimiterTest
  # The audit writer, key checks, the tenant store, storage and caches.
  unit.AuditLogTest unit.KeyChecksTest unit.TenantStoreTest unit.StorageTest.Concurrent
  unit.CacheTest.Concurrent integration.TenantKeysTest.FortyEightConcurrent
  integration.TenantsTest.KillDuringRegistrations
  # Shared compiled patterns and per-thread crypto contexts.
  unit.JsonSchemaTest.PatternsGiveTheRightVerdictUnderConcurrentValidation
  unit.HmacSha256Test.Threads unit.HmacSha256KeyTest)

case $SUITE in
  address)
    BUILD_DIR=$ROOT/build-asan SANITIZE=address,undefined TARGETS=("${ASAN_TARGETS[@]}") TESTS=("${ASAN_TESTS[@]}")
    # -O0: GCC 12 takes about three times longer to compile UBSan-instrumented
    # code at -O1, and these tests wait on I/O more than they compute.
    FLAGS="-O0 -g1 -fno-sanitize-recover=undefined" ;;
  thread)
    BUILD_DIR=$ROOT/build-tsan SANITIZE=thread TARGETS=("${TSAN_TARGETS[@]}") TESTS=("${TSAN_TESTS[@]}")
    # -Wno-tsan: GCC 12 warns that TSan does not model std::atomic_thread_fence,
    # which Boost.Asio uses; -Werror would make that warning fatal.
    FLAGS="-O1 -g1 -Wno-tsan" ;;
  *) echo "usage: scripts/sanitize.sh address|thread [ctest arguments]" >&2; exit 2 ;;
esac

cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DODMCP_SANITIZE="$SANITIZE" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="$FLAGS -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$FLAGS -DNDEBUG" >/dev/null
cmake --build "$BUILD_DIR" -j2 --target "${TARGETS[@]}"

REPORTS=$BUILD_DIR/sanitizer-reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
SUPPRESSIONS=$ROOT/scripts/sanitizers

# log_path: each process, test or child, writes its reports to <tool>.<pid>.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:log_path=$REPORTS/asan"
# UBSan ignores log_path beside ASan (GCC's two runtimes, and ASan's
# __sanitizer_set_report_path wins): its reports go to stderr and, being
# fatal, fail the test; the host's fail the test through HostProcess.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# halt_on_error=0: a run reports every race it sees, not only the first; the
# process still exits 66 and the report file fails the suite.
export TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1:suppressions=$SUPPRESSIONS/tsan.supp:log_path=$REPORTS/tsan"

# Each entry names a test or the start of its name ("unit.IoPoolTest" is
# every test of that suite): one anchored regex, dots literal.
regex=$(IFS='|'; echo "${TESTS[*]//./\\.}")
status=0
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 -R "^($regex)" "$@" || status=$?

shopt -s nullglob
reports=("$REPORTS"/*)
if [ ${#reports[@]} -gt 0 ]; then
  echo "sanitize: ${#reports[@]} sanitizer report(s) in ${REPORTS#$ROOT/}:" >&2
  for r in "${reports[@]}"; do echo "== ${r#$ROOT/}" >&2; cat "$r" >&2; done
  status=1
fi
exit $status
