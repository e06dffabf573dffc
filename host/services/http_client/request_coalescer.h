// Lets identical requests that overlap in time share one execution: the
// first caller with a key (the leader) runs the request, and callers that
// arrive with the same key while it runs (followers) wait for its outcome
// instead of sending their own.
//
// This is not a cache: a request whose caller began after the last one was
// sent runs again. But a caller that began *before* a request was sent may
// still take its outcome for a short while after it finished (kKeepMs): the
// reply was made during the caller's own operation, so it is as fresh as one
// the caller would fetch. That closes the gap in which a plugin's cache has
// missed for a caller but the leader has not yet stored what it fetched.
//
// Thread-safety: Run may be called from any number of threads at once.
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_REQUEST_COALESCER_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_REQUEST_COALESCER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/services/http_client/http_types.h"

namespace odmcp {

class RequestCoalescer {
 public:
  // How long one caller is willing to wait, as in HttpRequest.
  struct Waiter {
    int64_t deadline_unix_ms = 0;                      // 0 = none
    const std::function<bool()>* cancelled = nullptr;  // may point to an empty function
    // When the caller's operation began (steady milliseconds of the
    // coalescer's clock); unset: it shares only a request still in flight.
    std::optional<int64_t> began_steady_ms;
  };

  // A finished outcome is kept for callers that began before it was sent
  // for this long, and only while all kept bodies together stay within
  // kKeepBytes; only successful (2xx) outcomes are kept.
  static constexpr int64_t kKeepMs = 1000;
  static constexpr size_t kKeepBytes = 4 << 20;

  explicit RequestCoalescer(const Clock* clock = SystemClock()) : clock_(clock) {}
  RequestCoalescer(const RequestCoalescer&) = delete;
  RequestCoalescer& operator=(const RequestCoalescer&) = delete;

  // Runs `fetch` on the calling thread if no request with `key` is in
  // flight; otherwise waits for the one in flight and returns a copy of its
  // outcome with `coalesced` set (the response itself is shared). With none
  // in flight, a kept outcome of a request sent at or after
  // waiter.began_steady_ms (to the millisecond) is returned the same way.
  //
  // A follower stops waiting when its own deadline passes or its own
  // cancelled() returns true, and returns `abandon(ODMCP_DEADLINE_EXCEEDED)`
  // or `abandon(ODMCP_CANCELLED)`; the leader carries on. Conversely a
  // leader's outcome that belongs to the leader's caller alone (cancelled,
  // past its deadline, or ended by an exception) is not handed on: its
  // followers then run the request again, one of them leading.
  //
  // `key` must identify everything that makes two requests
  // interchangeable, including whose credentials they carry.
  HttpOutcome Run(const std::string& key, const Waiter& waiter, const std::function<HttpOutcome()>& fetch,
                  const std::function<HttpOutcome(odmcp_status)>& abandon);

 private:
  struct Flight {
    explicit Flight(int64_t sent) : sent_steady_ms(sent) {}
    const int64_t sent_steady_ms;  // when the leader began: no reply predates it
    Mutex mutex;
    CondVar finished;
    bool done GUARDED_BY(mutex) = false;
    // Written once, under mutex, before done is set; read-only afterwards.
    HttpOutcome outcome GUARDED_BY(mutex);
  };

  HttpOutcome Lead(const std::string& key, const std::shared_ptr<Flight>& flight,
                   const std::function<HttpOutcome()>& fetch);
  void Publish(const std::string& key, const std::shared_ptr<Flight>& flight, HttpOutcome outcome);
  // A kept flight that answers a caller who began at began_steady_ms, or null.
  std::shared_ptr<Flight> KeptFor(const std::string& key, std::optional<int64_t> began_steady_ms)
      REQUIRES(mutex_);
  void Keep(const std::string& key, const std::shared_ptr<Flight>& flight, size_t bytes)
      REQUIRES(mutex_);
  // Drops kept outcomes past kKeepMs, then the oldest while over kKeepBytes.
  void ForgetExpired(int64_t now_steady_ms) REQUIRES(mutex_);

  struct KeptFlight {
    std::string key;
    std::shared_ptr<Flight> flight;
    int64_t finished_steady_ms;
    size_t bytes;
  };

  const Clock* const clock_;
  Mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_ GUARDED_BY(mutex_);
  // Finished flights by key (the newest), and all of them oldest first.
  std::unordered_map<std::string, std::shared_ptr<Flight>> kept_ GUARDED_BY(mutex_);
  std::deque<KeptFlight> kept_order_ GUARDED_BY(mutex_);
  size_t kept_bytes_ GUARDED_BY(mutex_) = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_REQUEST_COALESCER_H_
