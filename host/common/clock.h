// Clock helpers: the wall clock, and the steady clock that deadlines and
// rates use; and Clock, the time a service reads, injectable so that a test
// can move time instead of waiting for it (LevelDB's Env is the model).
#ifndef ODMCP_HOST_COMMON_CLOCK_H_
#define ODMCP_HOST_COMMON_CLOCK_H_

#include <cstdint>
#include <string>

namespace odmcp {

int64_t UnixMillis();
int64_t UnixMicros();
// Milliseconds of the steady clock (never steps back; not wall time).
int64_t SteadyMillis();

// Where a service reads the time. Services that expire things (sessions,
// remembered keys, audit retention) take a `const Clock*`, the system's by
// default; tests pass one they advance by hand (tests/support/manual_clock.h).
//
// Thread-safety: implementations are safe to call from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t UnixMillis() const = 0;
  // Milliseconds of a clock that never steps back.
  virtual int64_t SteadyMillis() const = 0;
};

// The system's clocks (the free functions above); lives as long as the process.
const Clock* SystemClock();

// RFC 3339 UTC with milliseconds: 2026-11-21T19:52:00.123Z.
std::string Rfc3339Millis(int64_t unix_millis);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_CLOCK_H_
