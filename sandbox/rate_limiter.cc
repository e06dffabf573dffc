// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace odmcp::sandbox {

RateLimiter::RateLimiter(size_t bucket_count, bool enabled, double capacity, double refill_per_second)
    : enabled_(enabled), capacity_(capacity), refill_per_second_(refill_per_second) {
  for (size_t i = 0; i < bucket_count; ++i) {
    buckets_.push_back(std::make_unique<Bucket>());
    buckets_.back()->tokens = capacity_;
    buckets_.back()->last_refill = Clock::now();
  }
}

void RateLimiter::Refill(Bucket* bucket, Clock::time_point now) const {
  if (now <= bucket->last_refill) return;
  const double elapsed = std::chrono::duration<double>(now - bucket->last_refill).count();
  bucket->tokens = std::min(capacity_, bucket->tokens + elapsed * refill_per_second_);
  bucket->last_refill = now;
}

RateLimiter::Decision RateLimiter::Take(size_t bucket_index, Clock::time_point now) {
  if (!enabled_) return {true, capacity(), 0};
  Bucket& bucket = *buckets_[bucket_index];
  std::lock_guard<std::mutex> lock(bucket.mutex);
  Refill(&bucket, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return {true, static_cast<int>(std::floor(bucket.tokens)), 0};
  }
  const double seconds_to_token = (1 - bucket.tokens) / refill_per_second_;
  return {false, 0, std::max(1, static_cast<int>(std::ceil(seconds_to_token)))};
}

int RateLimiter::Peek(size_t bucket_index, Clock::time_point now) {
  if (!enabled_) return capacity();
  Bucket& bucket = *buckets_[bucket_index];
  std::lock_guard<std::mutex> lock(bucket.mutex);
  Refill(&bucket, now);
  return static_cast<int>(std::floor(bucket.tokens));
}

void RateLimiter::Reset() {
  const Clock::time_point now = Clock::now();
  for (const auto& bucket : buckets_) {
    std::lock_guard<std::mutex> lock(bucket->mutex);
    bucket->tokens = capacity_;
    bucket->last_refill = now;
  }
}

}  // namespace odmcp::sandbox
