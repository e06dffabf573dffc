#include "host/services/cache/memory_cache.h"

#include <chrono>
#include <list>
#include <map>
#include <mutex>
#include <utility>

namespace odmcp {
namespace {

int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class MemoryCache final : public Cache {
 public:
  explicit MemoryCache(MemoryCacheOptions options)
      : max_bytes_(options.max_bytes),
        now_ms_(options.now_ms ? std::move(options.now_ms) : CacheClock(SteadyNowMs)) {}

  std::optional<std::string> Get(std::string_view key) override {
    int64_t now = now_ms_();
    std::shared_ptr<const std::string> value;
    {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(key);
      if (it == entries_.end()) {
        ++stats_.misses;
        return std::nullopt;
      }
      if (now >= it->second.expires_ms) {
        Erase(it);
        ++stats_.expirations;
        ++stats_.misses;
        return std::nullopt;
      }
      lru_.splice(lru_.begin(), lru_, it->second.lru_position);
      ++stats_.hits;
      value = it->second.value;
    }
    return *value;
  }

  void Put(std::string_view key, std::string_view value, int64_t ttl_ms) override {
    int64_t now = now_ms_();
    size_t bytes = CacheEntryBytes(key, value);
    if (ttl_ms <= 0 || bytes > max_bytes_) {
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(key); it != entries_.end()) Erase(it);
      return;
    }
    // Built before locking: the copy of the value is the expensive part.
    auto shared_value = std::make_shared<const std::string>(value);
    int64_t expires_ms = CacheExpiryMs(now, ttl_ms);

    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      it = entries_.emplace(std::string(key), Entry{}).first;
      lru_.push_front(&it->first);
      it->second.lru_position = lru_.begin();
      ++stats_.entries;
    } else {
      stats_.bytes -= it->second.bytes;
      lru_.splice(lru_.begin(), lru_, it->second.lru_position);
    }
    it->second.value = std::move(shared_value);
    it->second.expires_ms = expires_ms;
    it->second.bytes = bytes;
    stats_.bytes += bytes;
    ++stats_.puts;
    // The new entry is the most recent one and fits on its own, so the loop
    // stops before reaching it.
    while (stats_.bytes > max_bytes_) {
      auto victim = entries_.find(*lru_.back());
      ++(now >= victim->second.expires_ms ? stats_.expirations : stats_.evictions);
      Erase(victim);
    }
  }

  size_t InvalidatePrefix(std::string_view prefix) override {
    std::lock_guard lock(mutex_);
    size_t dropped = 0;
    auto it = entries_.lower_bound(prefix);
    while (it != entries_.end() && std::string_view(it->first).starts_with(prefix)) {
      it = Erase(it);
      ++dropped;
    }
    return dropped;
  }

  CacheStats stats() const override {
    std::lock_guard lock(mutex_);
    return stats_;
  }

 private:
  struct Entry {
    std::shared_ptr<const std::string> value;  // shared so Get can copy it unlocked
    int64_t expires_ms = 0;
    size_t bytes = 0;
    std::list<const std::string*>::iterator lru_position;
  };
  // std::less<> lets string_views look up std::string keys without a copy.
  using EntryMap = std::map<std::string, Entry, std::less<>>;

  EntryMap::iterator Erase(EntryMap::iterator it) {
    stats_.bytes -= it->second.bytes;
    --stats_.entries;
    lru_.erase(it->second.lru_position);
    return entries_.erase(it);
  }

  const size_t max_bytes_;
  const CacheClock now_ms_;
  mutable std::mutex mutex_;
  EntryMap entries_;
  // Most recently used first; points at the keys owned by entries_, whose
  // nodes never move.
  std::list<const std::string*> lru_;
  CacheStats stats_;
};

}  // namespace

std::unique_ptr<Cache> MakeMemoryCache(MemoryCacheOptions options) {
  return std::make_unique<MemoryCache>(std::move(options));
}

}  // namespace odmcp
