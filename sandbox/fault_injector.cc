// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/fault_injector.h"

#include <algorithm>
#include <random>
#include <thread>
#include <utility>

#include "sandbox/deterministic_random.h"

namespace odmcp::sandbox {
namespace {

DeterministicRandom& ThreadRandom() {
  thread_local DeterministicRandom random(
      std::random_device{}() ^ std::hash<std::thread::id>{}(std::this_thread::get_id()));
  return random;
}

template <typename List>
bool Eligible(const List& allowed, std::string_view value) {
  if (allowed.empty()) return true;
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

}  // namespace

FaultInjector::FaultInjector(FaultConfig initial) : initial_(std::move(initial)) { Install(initial_); }

void FaultInjector::Install(FaultConfig config) {
  std::lock_guard<std::mutex> lock(mutex_);
  remaining_injections_.store(config.max_injections > 0 ? config.max_injections : -1);
  active_.store(config.any_active());
  config_ = std::make_shared<const FaultConfig>(std::move(config));
}

void FaultInjector::Set(FaultConfig config) { Install(std::move(config)); }

FaultConfig FaultInjector::Get(int64_t* remaining_injections) const {
  std::lock_guard<std::mutex> lock(mutex_);
  *remaining_injections = remaining_injections_.load();
  return *config_;
}

void FaultInjector::Reset() {
  Install(initial_);
  latency_count_ = 0;
  failure_count_ = 0;
  storm_count_ = 0;
  drop_before_count_ = 0;
  drop_after_count_ = 0;
}

FaultInjector::Plan FaultInjector::Decide(std::string_view method, std::string_view route_label) {
  Plan plan;
  if (!active_.load(std::memory_order_relaxed)) return plan;
  std::shared_ptr<const FaultConfig> config;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    config = config_;
  }
  if (!Eligible(config->methods, method) || !Eligible(config->routes, route_label)) return plan;
  DeterministicRandom& random = ThreadRandom();

  if (config->latency_ms > 0 || config->latency_jitter_ms > 0) {
    const int64_t low = std::max(0, config->latency_ms - config->latency_jitter_ms);
    const int64_t high = config->latency_ms + config->latency_jitter_ms;
    plan.latency = std::chrono::milliseconds(random.Between(low, high));
    if (plan.latency.count() > 0) ++latency_count_;
  }

  // Draw each fault independently, in the order a request meets them:
  // the connection, the gateway's rate limiter, the server, and the
  // connection again on the way back.
  Plan::Action action = Plan::Action::kNone;
  if (random.Chance(config->drop_before_rate)) {
    action = Plan::Action::kDropBefore;
  } else if (random.Chance(config->storm_rate)) {
    action = Plan::Action::kRateLimitStorm;
  } else if (random.Chance(config->failure_rate)) {
    action = Plan::Action::kFailure;
  }
  const bool drop_after = action == Plan::Action::kNone && random.Chance(config->drop_after_rate);
  if (action == Plan::Action::kNone && !drop_after) return plan;

  // Honour max_injections: claim one injection or inject nothing.
  int64_t remaining = remaining_injections_.load();
  while (remaining != -1) {
    if (remaining == 0) return plan;
    if (remaining_injections_.compare_exchange_weak(remaining, remaining - 1)) break;
  }

  plan.action = action;
  plan.drop_after = drop_after;
  switch (action) {
    case Plan::Action::kDropBefore:
      ++drop_before_count_;
      break;
    case Plan::Action::kRateLimitStorm:
      plan.retry_after_seconds = config->storm_retry_after_seconds;
      ++storm_count_;
      break;
    case Plan::Action::kFailure:
      plan.failure_status = config->failure_status;
      ++failure_count_;
      break;
    case Plan::Action::kNone:
      ++drop_after_count_;
      break;
  }
  return plan;
}

FaultInjector::Counters FaultInjector::counters() const {
  return {latency_count_.load(), failure_count_.load(), storm_count_.load(), drop_before_count_.load(),
          drop_after_count_.load()};
}

}  // namespace odmcp::sandbox
