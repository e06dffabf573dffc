// Wall-clock deadlines, as HttpRequest::deadline_unix_ms carries them
// (the host receives a call's deadline as a point in time, not a duration).
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_DEADLINE_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_DEADLINE_H_

#include <chrono>
#include <cstdint>
#include <limits>

namespace odmcp {

inline int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Milliseconds left before `deadline_unix_ms` (negative once past), or the
// largest int64_t when there is no deadline (0).
inline int64_t MsUntil(int64_t deadline_unix_ms) {
  if (deadline_unix_ms == 0) return std::numeric_limits<int64_t>::max();
  return deadline_unix_ms - NowUnixMs();
}

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_DEADLINE_H_
