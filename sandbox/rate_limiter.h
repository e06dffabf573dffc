// Copyright 2026 The orderdesk-mcp Authors.
//
// OrderDesk's per-store rate limit (reference section 7.3): a leaky bucket
// of 20 requests refilling at 3 per second, one token per request. Each
// response reports the whole tokens left (X-Tokens-Remaining); an empty
// bucket answers 429 with the whole seconds until a token is back
// (X-Retry-After).
//
// Thread-safety: all methods are thread-safe; each bucket has its own lock,
// so stores never contend with each other.

#ifndef ODMCP_SANDBOX_RATE_LIMITER_H_
#define ODMCP_SANDBOX_RATE_LIMITER_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace odmcp::sandbox {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  static constexpr double kDefaultCapacity = 20;
  static constexpr double kDefaultRefillPerSecond = 3;

  struct Decision {
    bool allowed = true;
    int tokens_remaining = 0;     // whole tokens after this request
    int retry_after_seconds = 0;  // set when !allowed
  };

  // `bucket_count` buckets (one per store), all full. When `enabled` is
  // false every request is allowed and the bucket never drains.
  RateLimiter(size_t bucket_count, bool enabled, double capacity = kDefaultCapacity,
              double refill_per_second = kDefaultRefillPerSecond);

  // Takes one token from bucket `bucket` (< bucket_count) at time `now`.
  Decision Take(size_t bucket, Clock::time_point now);

  // Whole tokens in a bucket without taking one.
  int Peek(size_t bucket, Clock::time_point now);

  int capacity() const { return static_cast<int>(capacity_); }

  // Refills every bucket.
  void Reset();

 private:
  struct Bucket {
    std::mutex mutex;
    double tokens = 0;
    Clock::time_point last_refill;
  };

  // Adds the tokens earned since the last refill; caller holds bucket.mutex.
  void Refill(Bucket* bucket, Clock::time_point now) const;

  const bool enabled_;
  const double capacity_;
  const double refill_per_second_;
  std::vector<std::unique_ptr<Bucket>> buckets_;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_RATE_LIMITER_H_
