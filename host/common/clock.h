// Clock helpers: the wall clock, and the steady clock that deadlines and
// rates use.
#ifndef ODMCP_HOST_COMMON_CLOCK_H_
#define ODMCP_HOST_COMMON_CLOCK_H_

#include <cstdint>
#include <string>

namespace odmcp {

int64_t UnixMillis();
int64_t UnixMicros();
// Milliseconds of the steady clock (never steps back; not wall time).
int64_t SteadyMillis();

// RFC 3339 UTC with milliseconds: 2026-11-21T19:52:00.123Z.
std::string Rfc3339Millis(int64_t unix_millis);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_CLOCK_H_
