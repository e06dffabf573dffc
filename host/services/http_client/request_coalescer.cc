#include "host/services/http_client/request_coalescer.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "host/services/http_client/deadline.h"

namespace odmcp {
namespace {

// How often a waiting follower looks at its cancelled() and deadline.
constexpr std::chrono::milliseconds kPollInterval(50);

// Whether a leader's outcome is the request's (and so every follower's)
// rather than its caller's own.
bool Shareable(odmcp_status status) {
  return status != ODMCP_CANCELLED && status != ODMCP_DEADLINE_EXCEEDED && status != ODMCP_INTERNAL;
}

}  // namespace

HttpOutcome RequestCoalescer::Run(const std::string& key, const Waiter& waiter,
                                  const std::function<HttpOutcome()>& fetch,
                                  const std::function<HttpOutcome(odmcp_status)>& abandon) {
  const bool may_cancel = waiter.cancelled != nullptr && *waiter.cancelled;
  while (true) {
    std::shared_ptr<Flight> flight;
    bool leader = false;
    bool kept = false;
    {
      MutexLock lock(&mutex_);
      const int64_t now = clock_->SteadyMillis();
      ForgetExpired(now);
      if (const auto it = flights_.find(key); it != flights_.end()) {
        flight = it->second;
      } else if ((flight = KeptFor(key, waiter.began_steady_ms)) != nullptr) {
        kept = true;
      } else {
        flight = std::make_shared<Flight>(now);
        flights_.emplace(key, flight);
        leader = true;
      }
    }
    if (leader) return Lead(key, flight, fetch);
    if (kept) {
      MutexLock lock(&flight->mutex);
      HttpOutcome outcome = flight->outcome;
      outcome.coalesced = true;
      return outcome;
    }

    while (true) {
      // Outside the flight's lock: cancelled() is the caller's code.
      if (may_cancel && (*waiter.cancelled)()) return abandon(ODMCP_CANCELLED);
      const int64_t left = MsUntil(waiter.deadline_unix_ms);
      if (left <= 0) return abandon(ODMCP_DEADLINE_EXCEEDED);
      const auto slice = std::chrono::milliseconds(std::min<int64_t>(left, kPollInterval.count()));
      MutexLock lock(&flight->mutex);
      if (!flight->done) flight->finished.WaitFor(&flight->mutex, slice);
      if (flight->done) break;
    }
    MutexLock lock(&flight->mutex);
    if (Shareable(flight->outcome.status)) {
      HttpOutcome outcome = flight->outcome;
      outcome.coalesced = true;
      return outcome;
    }
  }
}

HttpOutcome RequestCoalescer::Lead(const std::string& key, const std::shared_ptr<Flight>& flight,
                                   const std::function<HttpOutcome()>& fetch) {
  // Followers must be released even if fetch throws; they then see an
  // outcome they do not share, and run the request themselves.
  struct Publisher {
    RequestCoalescer* self;
    const std::string& key;
    const std::shared_ptr<Flight>& flight;
    HttpOutcome outcome{ODMCP_INTERNAL, "the request ended without an outcome", nullptr, false};
    ~Publisher() { self->Publish(key, flight, std::move(outcome)); }
  } publisher{this, key, flight};
  publisher.outcome = fetch();
  return publisher.outcome;
}

void RequestCoalescer::Publish(const std::string& key, const std::shared_ptr<Flight>& flight, HttpOutcome outcome) {
  const bool keep = outcome.status == ODMCP_OK && outcome.response != nullptr &&
                    outcome.response->status >= 200 && outcome.response->status < 300;
  const size_t bytes = keep ? outcome.response->body.size() : 0;
  {
    MutexLock lock(&flight->mutex);
    flight->outcome = std::move(outcome);
    flight->done = true;
    flight->finished.SignalAll();
  }
  // Only now does the flight leave flights_: a caller arriving in between
  // finds it done and shares it, as it would have a moment earlier.
  MutexLock lock(&mutex_);
  const auto it = flights_.find(key);
  if (it != flights_.end() && it->second == flight) flights_.erase(it);
  if (keep) Keep(key, flight, bytes);
}

std::shared_ptr<RequestCoalescer::Flight> RequestCoalescer::KeptFor(
    const std::string& key, std::optional<int64_t> began_steady_ms) {
  if (!began_steady_ms.has_value()) return nullptr;
  const auto it = kept_.find(key);
  if (it == kept_.end() || it->second->sent_steady_ms < *began_steady_ms) return nullptr;
  return it->second;
}

void RequestCoalescer::Keep(const std::string& key, const std::shared_ptr<Flight>& flight,
                            size_t bytes) {
  if (bytes > kKeepBytes) return;
  kept_[key] = flight;
  kept_order_.push_back({key, flight, clock_->SteadyMillis(), bytes});
  kept_bytes_ += bytes;
  ForgetExpired(clock_->SteadyMillis());
}

void RequestCoalescer::ForgetExpired(int64_t now_steady_ms) {
  while (!kept_order_.empty() &&
         (kept_order_.front().finished_steady_ms + kKeepMs <= now_steady_ms ||
          kept_bytes_ > kKeepBytes)) {
    KeptFlight& oldest = kept_order_.front();
    const auto it = kept_.find(oldest.key);
    if (it != kept_.end() && it->second == oldest.flight) kept_.erase(it);
    kept_bytes_ -= oldest.bytes;
    kept_order_.pop_front();
  }
}

}  // namespace odmcp
