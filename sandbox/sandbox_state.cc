// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/sandbox_state.h"

#include <utility>
#include <vector>

#include "sandbox/seed_generator.h"

namespace odmcp::sandbox {
namespace {

std::vector<std::string> StoreIds(const SandboxOptions& options) {
  std::vector<std::string> ids;
  for (const StoreConfig& store : EffectiveStores(options)) ids.push_back(store.id);
  return ids;
}

}  // namespace

SandboxState::SandboxState(SandboxOptions options, TimeZone time_zone)
    : options_(std::move(options)),
      time_zone_(std::move(time_zone)),
      rate_limiter_(EffectiveStores(options_).size(), options_.rate_limit),
      faults_(options_.faults),
      stats_(StoreIds(options_)),
      dataset_(Seed()) {}

std::shared_ptr<Dataset> SandboxState::dataset() const {
  std::lock_guard<std::mutex> lock(dataset_mutex_);
  return dataset_;
}

std::shared_ptr<Dataset> SandboxState::Seed() const {
  SeedOptions seed;
  seed.seed = options_.seed;
  seed.orders_per_store = options_.orders_per_store;
  seed.products_per_store = options_.products_per_store;
  return BuildSeededDataset(seed, EffectiveStores(options_), time_zone_);
}

void SandboxState::Reset() {
  {
    std::lock_guard<std::mutex> lock(dataset_mutex_);
    dataset_.reset();
    dataset_ = Seed();
  }
  rate_limiter_.Reset();
  faults_.Reset();
  stats_.Reset();
}

}  // namespace odmcp::sandbox
