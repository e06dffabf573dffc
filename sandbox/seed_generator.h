// Copyright 2026 The orderdesk-mcp Authors.
//
// Builds the seeded dataset: for each store, the four default folders, an
// inventory catalog and a year of orders (customers who come back, items
// from the catalog, taxes, discounts, refunds, shipments, notes, history)
// whose totals add up. The output depends only on the options, never on the
// clock or on the host, so one --seed always yields byte-identical data.
//
// Thread-safety: BuildSeededDataset is reentrant.

#ifndef ODMCP_SANDBOX_SEED_GENERATOR_H_
#define ODMCP_SANDBOX_SEED_GENERATOR_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "sandbox/dataset.h"
#include "sandbox/model.h"
#include "sandbox/time_zone.h"

namespace odmcp::sandbox {

// Seeded orders are dated in the 365 days before this instant
// (2026-01-01 00:00:00 UTC); the newest ones are still open.
inline constexpr UnixSeconds kSeedWindowEnd = 1767225600;
inline constexpr UnixSeconds kSeedWindowLength = 365 * kSecondsPerDay;

struct SeedOptions {
  uint64_t seed = 1;
  int64_t orders_per_store = 0;
  int64_t products_per_store = 0;  // must be > 0 when orders_per_store > 0
};

// Seeds one StoreData per entry of `stores`, in order, all in `time_zone`.
std::unique_ptr<Dataset> BuildSeededDataset(const SeedOptions& options,
                                            const std::vector<StoreConfig>& stores,
                                            const TimeZone& time_zone);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_SEED_GENERATOR_H_
