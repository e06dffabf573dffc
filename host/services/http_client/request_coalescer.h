// Lets identical requests that overlap in time share one execution: the
// first caller with a key (the leader) runs the request, and callers that
// arrive with the same key while it runs (followers) wait for its outcome
// instead of sending their own. Nothing is kept once the leader finishes:
// this is not a cache, a request arriving afterwards runs again.
//
// Thread-safety: Run may be called from any number of threads at once.
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_REQUEST_COALESCER_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_REQUEST_COALESCER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "host/common/mutex.h"
#include "host/services/http_client/http_types.h"

namespace odmcp {

class RequestCoalescer {
 public:
  // How long one caller is willing to wait, as in HttpRequest.
  struct Waiter {
    int64_t deadline_unix_ms = 0;                      // 0 = none
    const std::function<bool()>* cancelled = nullptr;  // may point to an empty function
  };

  RequestCoalescer() = default;
  RequestCoalescer(const RequestCoalescer&) = delete;
  RequestCoalescer& operator=(const RequestCoalescer&) = delete;

  // Runs `fetch` on the calling thread if no request with `key` is in
  // flight; otherwise waits for the one in flight and returns a copy of its
  // outcome with `coalesced` set (the response itself is shared).
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
    Mutex mutex;
    CondVar finished;
    bool done GUARDED_BY(mutex) = false;
    // Written once, under mutex, before done is set; read-only afterwards.
    HttpOutcome outcome GUARDED_BY(mutex);
  };

  HttpOutcome Lead(const std::string& key, const std::shared_ptr<Flight>& flight,
                   const std::function<HttpOutcome()>& fetch);
  void Publish(const std::string& key, const std::shared_ptr<Flight>& flight, HttpOutcome outcome);

  Mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_ GUARDED_BY(mutex_);
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_REQUEST_COALESCER_H_
