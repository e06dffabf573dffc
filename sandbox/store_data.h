// Copyright 2026 The orderdesk-mcp Authors.
//
// Everything one emulated store holds: its folders, orders and inventory,
// plus the secondary indexes that let order searches and lookups avoid
// scanning every order.
//
// Thread-safety: StoreData does no locking itself. Callers hold mutex()
// shared while reading and exclusively while writing; every method below is
// a read or a write as its comment says. Pointers returned by Find* stay
// valid until the next write.
//
// Index invariant: every order in orders_ appears in each index under its
// current field values. All order writes go through InsertOrder,
// ReplaceOrder, UpdateOrder and EraseOrder, which keep it.

#ifndef ODMCP_SANDBOX_STORE_DATA_H_
#define ODMCP_SANDBOX_STORE_DATA_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sandbox/model.h"
#include "sandbox/time_zone.h"

namespace odmcp::sandbox {

// Store-level settings that vary per store; the rest of the documented
// settings object is constant (see json_output.cc).
struct StoreProfile {
  std::string email;
  std::string url;
};

class StoreData {
 public:
  // An entry of a date index, ordered by (time, order id). It points at the
  // order so that walking the index needs no lookup by id.
  struct DateIndexEntry {
    UnixSeconds time;
    int64_t id;
    const Order* order;
    bool operator<(const DateIndexEntry& other) const {
      return time != other.time ? time < other.time : id < other.id;
    }
  };
  using DateIndex = std::set<DateIndexEntry>;

  // Order ids by a field's value, lower-cased (values that differ only in
  // case are the same key); blank values are not indexed. Most values have
  // one to a few orders, so a vector per value is the compact choice.
  using ValueIndex = std::unordered_map<std::string, std::vector<int64_t>>;

  StoreData(StoreConfig config, StoreProfile profile, TimeZone time_zone);

  StoreData(const StoreData&) = delete;
  StoreData& operator=(const StoreData&) = delete;

  std::shared_mutex& mutex() const { return mutex_; }

  const StoreConfig& config() const { return config_; }
  const StoreProfile& profile() const { return profile_; }
  const TimeZone& time_zone() const { return time_zone_; }

  // Folders (read; AddFolder is a write). The first folder is the default
  // for new orders.
  const std::vector<Folder>& folders() const { return folders_; }
  const Folder* FindFolder(int64_t id) const;
  const Folder* FindFolderByName(std::string_view exact_name) const;
  void AddFolder(Folder folder);

  // Orders (reads).
  size_t order_count() const { return orders_.size(); }
  const Order* FindOrder(int64_t id) const;
  const DateIndex& orders_by_date_added() const { return by_date_added_; }
  const DateIndex& orders_by_date_updated() const { return by_date_updated_; }
  // Ids of the orders in a folder; null when the folder holds none.
  const std::unordered_set<int64_t>* OrdersInFolder(int64_t folder_id) const;
  // Ids of orders whose field equals `value` ignoring ASCII case.
  std::vector<int64_t> OrdersWithEmail(std::string_view value) const;
  std::vector<int64_t> OrdersWithSourceId(std::string_view value) const;
  std::vector<int64_t> OrdersWithCustomerId(std::string_view value) const;
  // Number of orders with this e-mail address (the order's email_count).
  size_t EmailCount(std::string_view email) const;
  // The order with this source name and source id, or null.
  const Order* FindOrderBySource(std::string_view source_name, std::string_view source_id) const;

  // Orders (writes). InsertOrder takes an order whose id is not in use.
  const Order* InsertOrder(std::unique_ptr<Order> order);
  // Replaces the order with the same id, which must exist.
  void ReplaceOrder(std::unique_ptr<Order> order);
  // Applies `mutate` to an existing order, re-indexing it afterwards.
  void UpdateOrder(int64_t id, const std::function<void(Order*)>& mutate);
  bool EraseOrder(int64_t id);

  // Inventory (reads).
  const std::map<int64_t, InventoryItem>& inventory() const { return inventory_; }
  const InventoryItem* FindInventoryItem(int64_t id) const;
  // Codes (SKUs) are unique per store, compared ignoring ASCII case.
  const InventoryItem* FindInventoryItemByCode(std::string_view code) const;

  // Inventory (writes). Inserts or replaces by id.
  void PutInventoryItem(InventoryItem item);
  bool EraseInventoryItem(int64_t id);

 private:
  void IndexOrder(const Order& order);
  void UnindexOrder(const Order& order);
  void ForgetCode(const InventoryItem& item);

  mutable std::shared_mutex mutex_;
  const StoreConfig config_;
  const StoreProfile profile_;
  const TimeZone time_zone_;
  std::vector<Folder> folders_;

  std::unordered_map<int64_t, std::unique_ptr<Order>> orders_;
  DateIndex by_date_added_;
  DateIndex by_date_updated_;
  std::unordered_map<int64_t, std::unordered_set<int64_t>> by_folder_;
  ValueIndex by_email_;
  ValueIndex by_source_id_;
  ValueIndex by_customer_id_;

  std::map<int64_t, InventoryItem> inventory_;
  std::unordered_map<std::string, int64_t> inventory_by_code_;  // lower-cased code -> id
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_STORE_DATA_H_
