#include "host/services/ratelimit/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace odmcp {
namespace {

// Refills are sums of products of doubles, so a balance that should be
// exactly 2 may come out as 1.9999999999999998. Amounts this close count as
// equal; the tolerance is far below any meaningful token count.
constexpr double kTolerance = 1e-9;

int64_t CeilMs(double tokens_missing, double refill_per_second) {
  if (tokens_missing <= kTolerance) return 0;
  return static_cast<int64_t>(std::ceil(tokens_missing * 1000.0 / refill_per_second - kTolerance));
}

}  // namespace

void TokenBucket::Refill(const BucketRate& rate, int64_t now_ms) {
  if (now_ms <= updated_ms_) return;
  double refilled = static_cast<double>(now_ms - updated_ms_) * rate.refill_per_second / 1000.0;
  tokens_ = std::min(rate.capacity, tokens_ + refilled);
  updated_ms_ = now_ms;
}

bool TokenBucket::TryTake(double cost) {
  if (tokens_ + kTolerance < cost) return false;
  tokens_ -= cost;
  return true;
}

int64_t TokenBucket::Reserve(const BucketRate& rate, double cost) {
  tokens_ -= cost;
  return CeilMs(-tokens_, rate.refill_per_second);
}

void TokenBucket::Return(const BucketRate& rate, double cost) {
  tokens_ = std::min(rate.capacity, tokens_ + cost);
}

int64_t TokenBucket::WaitMs(const BucketRate& rate, double cost) const {
  return CeilMs(cost - tokens_, rate.refill_per_second);
}

bool TokenBucket::IsFull(const BucketRate& rate) const {
  return tokens_ + kTolerance >= rate.capacity;
}

}  // namespace odmcp
