// Both floors keep no state, so a stop signal (SIGINT, SIGTERM) ends the
// process at once instead of closing connections or waiting out their
// keep-alive. Call before the server starts threads: they inherit the
// blocked signals, so only this watcher receives them.
#ifndef ODMCP_BENCH_FLOOR_EXIT_ON_SIGNAL_H_
#define ODMCP_BENCH_FLOOR_EXIT_ON_SIGNAL_H_

#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <thread>

inline void ExitOnStopSignal() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::thread watcher([stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::_Exit(0);
  });
  watcher.detach();
}

#endif  // ODMCP_BENCH_FLOOR_EXIT_ON_SIGNAL_H_
