#include "host/services/ratelimit/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>

#include "host/common/blocking_region.h"
#include "host/services/ratelimit/token_bucket.h"

namespace odmcp {
namespace {

// Operations between sweeps of a family's full buckets, at least.
constexpr uint64_t kSweepInterval = 1024;
// Longest single sleep in Acquire, so cancellation is noticed promptly.
constexpr int64_t kPollMs = 50;

int64_t WallNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SleepMs(int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// "with capacity 20 and refill 3/s" (shortest form of each number).
std::string Describe(const BucketRate& rate) {
  std::ostringstream out;
  out << "with capacity " << rate.capacity << " and refill " << rate.refill_per_second << "/s";
  return out.str();
}

bool ValidRate(double value) { return std::isfinite(value) && value > 0; }

// Lets the bucket map be searched with a string_view key without a copy.
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
};

}  // namespace

struct RateLimiter::Family {
  explicit Family(BucketRate bucket_rate) : rate(bucket_rate) {}

  bool CostPossible(double cost) const {
    return std::isfinite(cost) && cost >= 0 && cost <= rate.capacity;
  }

  // The bucket for `key`, refilled to now_ms; sweeps first when due.
  TokenBucket& Bucket(std::string_view key, int64_t now_ms) REQUIRES(mutex) {
    if (++operations_since_sweep >= std::max<uint64_t>(kSweepInterval, buckets.size())) {
      operations_since_sweep = 0;
      for (auto it = buckets.begin(); it != buckets.end();) {
        it->second.Refill(rate, now_ms);
        it = it->second.IsFull(rate) ? buckets.erase(it) : std::next(it);
      }
      // Erasing frees the nodes but not the hash table, which a burst of
      // keys may have grown large.
      if (buckets.size() < buckets.bucket_count() / 4) buckets.rehash(0);
    }
    auto it = buckets.find(key);
    if (it == buckets.end()) it = buckets.emplace(std::string(key), TokenBucket(rate, now_ms)).first;
    it->second.Refill(rate, now_ms);
    return it->second;
  }

  const BucketRate rate;
  Mutex mutex;
  std::unordered_map<std::string, TokenBucket, KeyHash, std::equal_to<>> buckets GUARDED_BY(mutex);
  uint64_t operations_since_sweep GUARDED_BY(mutex) = 0;
};

RateLimiter::RateLimiter(RateLimiterOptions options)
    : now_ms_(options.now_unix_ms ? std::move(options.now_unix_ms)
                                  : std::function<int64_t()>(WallNowMs)),
      sleep_ms_(options.sleep_ms ? std::move(options.sleep_ms)
                                 : std::function<void(int64_t)>(SleepMs)) {}

RateLimiter::~RateLimiter() = default;

StatusOr<bool> RateLimiter::Declare(std::string family, double capacity, double refill_per_second) {
  if (!ValidRate(capacity) || !ValidRate(refill_per_second)) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "rate limit family \"" + family + "\" " +
                      Describe({capacity, refill_per_second}) +
                      ": capacity and refill must be finite and greater than 0");
  }
  WriterLock lock(&families_mutex_);
  auto it = families_.find(family);
  if (it != families_.end()) {
    const BucketRate& rate = it->second->rate;
    if (rate.capacity == capacity && rate.refill_per_second == refill_per_second) return false;
    return Status(ODMCP_INVALID_ARGUMENT, "rate limit family \"" + family + "\" " +
                                              Describe({capacity, refill_per_second}) +
                                              ": already declared " + Describe(rate));
  }
  families_.emplace(std::move(family),
                    std::make_unique<Family>(BucketRate{capacity, refill_per_second}));
  return true;
}

RateLimiter::Family* RateLimiter::Find(std::string_view family) const {
  ReaderLock lock(&families_mutex_);
  auto it = families_.find(family);
  return it == families_.end() ? nullptr : it->second.get();
}

std::optional<RateLimiter::Decision> RateLimiter::TryAcquire(std::string_view family,
                                                             std::string_view key, double cost) {
  Family* f = Find(family);
  if (f == nullptr) return std::nullopt;
  if (!f->CostPossible(cost)) return Decision{false, -1};
  int64_t now = now_ms_();
  MutexLock lock(&f->mutex);
  TokenBucket& bucket = f->Bucket(key, now);
  if (bucket.TryTake(cost)) return Decision{true, 0};
  return Decision{false, bucket.WaitMs(f->rate, cost)};
}

odmcp_status RateLimiter::Acquire(std::string_view family, std::string_view key, double cost,
                                  int64_t deadline_unix_ms,
                                  const std::function<bool()>& cancelled) {
  Family* f = Find(family);
  if (f == nullptr) return ODMCP_NOT_FOUND;
  if (!f->CostPossible(cost)) return ODMCP_INVALID_ARGUMENT;
  if (cancelled && cancelled()) return ODMCP_CANCELLED;
  int64_t start = now_ms_();
  int64_t wait_ms;
  {
    MutexLock lock(&f->mutex);
    TokenBucket& bucket = f->Bucket(key, start);
    if (deadline_unix_ms != 0 && start + bucket.WaitMs(f->rate, cost) > deadline_unix_ms) {
      return ODMCP_DEADLINE_EXCEEDED;
    }
    wait_ms = bucket.Reserve(f->rate, cost);
  }
  // Done when the clock says so, or when we have slept the whole wait: the
  // second guards against a wall clock stepping backwards meanwhile.
  BlockingRegion waiting_for_tokens;
  int64_t slept_ms = 0;
  for (;;) {
    int64_t remaining = std::min(wait_ms - slept_ms, start + wait_ms - now_ms_());
    if (remaining <= 0) return ODMCP_OK;
    if (cancelled && cancelled()) {
      GiveBack(*f, key, cost);
      return ODMCP_CANCELLED;
    }
    int64_t nap = std::min(remaining, kPollMs);
    sleep_ms_(nap);
    slept_ms += nap;
  }
}

void RateLimiter::GiveBack(Family& family, std::string_view key, double cost) {
  int64_t now = now_ms_();
  MutexLock lock(&family.mutex);
  family.Bucket(key, now).Return(family.rate, cost);
}

size_t RateLimiter::BucketCount(std::string_view family) const {
  Family* f = Find(family);
  if (f == nullptr) return 0;
  MutexLock lock(&f->mutex);
  return f->buckets.size();
}

}  // namespace odmcp
