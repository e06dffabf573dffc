// TokenBucket: the arithmetic of one continuously refilled token bucket,
// without locking or clocks of its own (RateLimiter supplies both).
//
// The balance may go negative: a waiter takes its tokens up front (a
// reservation) and then sleeps for exactly the deficit, so later callers see
// the debt and queue behind it instead of overtaking.
//
// Thread safety: none; the owner serializes access.
#ifndef ODMCP_HOST_SERVICES_RATELIMIT_TOKEN_BUCKET_H_
#define ODMCP_HOST_SERVICES_RATELIMIT_TOKEN_BUCKET_H_

#include <cstdint>

namespace odmcp {

struct BucketRate {
  double capacity;           // > 0, finite: the burst
  double refill_per_second;  // > 0, finite
};

class TokenBucket {
 public:
  // A bucket that is full at now_ms.
  TokenBucket(const BucketRate& rate, int64_t now_ms)
      : tokens_(rate.capacity), updated_ms_(now_ms) {}

  // Adds what has been refilled since the last call, up to capacity. A
  // clock that went backwards adds nothing and is not remembered, so a
  // later forward step is not counted twice.
  void Refill(const BucketRate& rate, int64_t now_ms);

  // After Refill: whether `cost` tokens are there, and if so takes them.
  bool TryTake(double cost);

  // After Refill: takes `cost` tokens even if the balance goes negative and
  // returns how long until the balance is back to zero, in whole ms
  // (rounded up); 0 if it did not go negative.
  int64_t Reserve(const BucketRate& rate, double cost);

  // Gives back a reservation, up to capacity.
  void Return(const BucketRate& rate, double cost);

  // After Refill: ms until `cost` tokens will be there (rounded up), 0 if
  // they are.
  int64_t WaitMs(const BucketRate& rate, double cost) const;

  // After Refill: a full bucket is the same as no bucket.
  bool IsFull(const BucketRate& rate) const;

  double tokens() const { return tokens_; }

 private:
  double tokens_;
  int64_t updated_ms_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_RATELIMIT_TOKEN_BUCKET_H_
