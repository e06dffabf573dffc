// Copyright 2026 The orderdesk-mcp Authors.
//
// orderdesk-sandbox: serves the OrderDesk API v2 emulator until SIGINT or
// SIGTERM. The first line on stdout is the address it serves on.

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "sandbox/command_line.h"
#include "sandbox/sandbox.h"

namespace sandbox = odmcp::sandbox;

int main(int argc, char** argv) {
  // One malloc arena for all threads. The main thread seeds the orders and
  // the worker threads replace them; with glibc's per-thread arenas the
  // memory of a replaced seeded order could only be reused by the main
  // thread, so RSS crept up under writes (bench/sandbox/memory.sh: +53 MiB
  // in two minutes, against +10 MiB and then flat with one arena).
  mallopt(M_ARENA_MAX, 1);

  sandbox::SandboxOptions options;
  bool show_help = false;
  std::string error;
  if (!sandbox::ParseCommandLine(argc, argv, &options, &show_help, &error)) {
    std::fprintf(stderr, "orderdesk-sandbox: %s\nRun 'orderdesk-sandbox --help' for the options.\n",
                 error.c_str());
    return 2;
  }
  if (show_help) {
    std::fputs(sandbox::UsageText().c_str(), stdout);
    return 0;
  }

  // Every thread inherits this mask, so SIGINT and SIGTERM reach only the
  // waiter below, which stops the server from an ordinary thread.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::unique_ptr<sandbox::Sandbox> server = sandbox::Sandbox::Create(options, &error);
  if (server == nullptr || !server->Bind(&error)) {
    std::fprintf(stderr, "orderdesk-sandbox: %s\n", error.c_str());
    return 1;
  }
  std::printf("%s\n", server->base_url().c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "orderdesk-sandbox: serving %s/api/v2 with %zu store(s), %lld orders and %lld products each "
               "(seed %llu), rate limit %s, control routes %s\n",
               server->base_url().c_str(), sandbox::EffectiveStores(options).size(),
               static_cast<long long>(options.orders_per_store), static_cast<long long>(options.products_per_store),
               static_cast<unsigned long long>(options.seed), options.rate_limit ? "on" : "off",
               server->control_routes_enabled() ? "on" : "off (not a loopback address)");

  std::atomic<bool> signalled{false};
  std::thread signal_waiter([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    signalled = true;
    std::fprintf(stderr, "orderdesk-sandbox: %s received, stopping\n", strsignal(signal_number));
    server->Stop();
  });
  server->Serve();
  const bool stopped_by_signal = signalled;
  if (!stopped_by_signal) kill(getpid(), SIGTERM);  // serving ended on its own: wake the waiter
  signal_waiter.join();
  std::fprintf(stderr, "orderdesk-sandbox: stopped\n");
  return stopped_by_signal ? 0 : 1;
}
