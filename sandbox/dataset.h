// Copyright 2026 The orderdesk-mcp Authors.
//
// The whole emulated state: every store and the id sequences they share.
// OrderDesk ids are global across stores and each kind has its own
// sequence (reference section 7.6), so the sequences live here.
//
// Thread-safety: the store list is fixed once built (AddStore is for the
// builder only); lookups are safe from any thread. Each store guards its own
// contents (see StoreData). The id sequences are atomic.

#ifndef ODMCP_SANDBOX_DATASET_H_
#define ODMCP_SANDBOX_DATASET_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "sandbox/store_data.h"

namespace odmcp::sandbox {

class IdSequences {
 public:
  int64_t NextOrderId() { return next_order_.fetch_add(1); }
  int64_t NextItemId() { return next_item_.fetch_add(1); }
  int64_t NextShipmentId() { return next_shipment_.fetch_add(1); }
  int64_t NextInventoryId() { return next_inventory_.fetch_add(1); }
  int64_t NextFolderId() { return next_folder_.fetch_add(1); }

 private:
  // Starting points chosen to look like ids of an established account.
  std::atomic<int64_t> next_order_{200001};
  std::atomic<int64_t> next_item_{3000001};
  std::atomic<int64_t> next_shipment_{500001};
  std::atomic<int64_t> next_inventory_{2001};
  std::atomic<int64_t> next_folder_{6001};
};

class Dataset {
 public:
  // A store that the request's credentials opened, and its position in
  // the store list (the key for per-store counters and rate limits).
  struct Authenticated {
    StoreData* store = nullptr;
    size_t ordinal = 0;
  };

  Dataset() = default;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  void AddStore(std::unique_ptr<StoreData> store) { stores_.push_back(std::move(store)); }
  const std::vector<std::unique_ptr<StoreData>>& stores() const { return stores_; }

  // The store with this id when `api_key` matches its key; null store
  // otherwise. Keys are compared in constant time.
  Authenticated Authenticate(std::string_view store_id, std::string_view api_key) const;

  IdSequences& ids() { return ids_; }

 private:
  std::vector<std::unique_ptr<StoreData>> stores_;
  IdSequences ids_;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_DATASET_H_
