// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/store_data.h"

#include <algorithm>

#include "sandbox/text_util.h"

namespace odmcp::sandbox {
namespace {

using ValueIndex = StoreData::ValueIndex;

void AddToIndex(ValueIndex* index, std::string_view value, int64_t id) {
  if (!value.empty()) (*index)[AsciiLower(value)].push_back(id);
}

void RemoveFromIndex(ValueIndex* index, std::string_view value, int64_t id) {
  if (value.empty()) return;
  const auto it = index->find(AsciiLower(value));
  if (it == index->end()) return;
  std::vector<int64_t>& ids = it->second;
  const auto position = std::find(ids.begin(), ids.end(), id);
  if (position != ids.end()) {
    *position = ids.back();
    ids.pop_back();
  }
  if (ids.empty()) index->erase(it);
}

const std::vector<int64_t>* Lookup(const ValueIndex& index, std::string_view value) {
  if (value.empty()) return nullptr;
  const auto it = index.find(AsciiLower(value));
  return it == index.end() ? nullptr : &it->second;
}

std::vector<int64_t> IdsOf(const std::vector<int64_t>* ids) {
  return ids == nullptr ? std::vector<int64_t>() : *ids;
}

}  // namespace

StoreData::StoreData(StoreConfig config, StoreProfile profile, TimeZone time_zone)
    : config_(std::move(config)), profile_(std::move(profile)), time_zone_(std::move(time_zone)) {}

const Folder* StoreData::FindFolder(int64_t id) const {
  for (const Folder& folder : folders_) {
    if (folder.id == id) return &folder;
  }
  return nullptr;
}

const Folder* StoreData::FindFolderByName(std::string_view exact_name) const {
  for (const Folder& folder : folders_) {
    if (folder.name == exact_name) return &folder;
  }
  return nullptr;
}

void StoreData::AddFolder(Folder folder) { folders_.push_back(std::move(folder)); }

const Order* StoreData::FindOrder(int64_t id) const {
  const auto it = orders_.find(id);
  return it == orders_.end() ? nullptr : it->second.get();
}

const std::unordered_set<int64_t>* StoreData::OrdersInFolder(int64_t folder_id) const {
  const auto it = by_folder_.find(folder_id);
  return it == by_folder_.end() ? nullptr : &it->second;
}

std::vector<int64_t> StoreData::OrdersWithEmail(std::string_view value) const {
  return IdsOf(Lookup(by_email_, value));
}

std::vector<int64_t> StoreData::OrdersWithSourceId(std::string_view value) const {
  return IdsOf(Lookup(by_source_id_, value));
}

std::vector<int64_t> StoreData::OrdersWithCustomerId(std::string_view value) const {
  return IdsOf(Lookup(by_customer_id_, value));
}

size_t StoreData::EmailCount(std::string_view email) const {
  const std::vector<int64_t>* ids = Lookup(by_email_, email);
  return ids == nullptr ? 0 : ids->size();
}

const Order* StoreData::FindOrderBySource(std::string_view source_name,
                                          std::string_view source_id) const {
  for (int64_t id : OrdersWithSourceId(source_id)) {
    const Order* order = FindOrder(id);
    if (EqualsIgnoreCase(order->source_name, source_name)) return order;
  }
  return nullptr;
}

void StoreData::IndexOrder(const Order& order) {
  by_date_added_.insert({order.date_added, order.id, &order});
  by_date_updated_.insert({order.date_updated, order.id, &order});
  by_folder_[order.folder_id].insert(order.id);
  AddToIndex(&by_email_, order.email, order.id);
  AddToIndex(&by_source_id_, order.source_id, order.id);
  AddToIndex(&by_customer_id_, order.customer_id, order.id);
}

void StoreData::UnindexOrder(const Order& order) {
  by_date_added_.erase({order.date_added, order.id, nullptr});
  by_date_updated_.erase({order.date_updated, order.id, nullptr});
  const auto folder = by_folder_.find(order.folder_id);
  if (folder != by_folder_.end()) {
    folder->second.erase(order.id);
    if (folder->second.empty()) by_folder_.erase(folder);
  }
  RemoveFromIndex(&by_email_, order.email, order.id);
  RemoveFromIndex(&by_source_id_, order.source_id, order.id);
  RemoveFromIndex(&by_customer_id_, order.customer_id, order.id);
}

const Order* StoreData::InsertOrder(std::unique_ptr<Order> order) {
  const Order* stored = order.get();
  IndexOrder(*stored);
  orders_.emplace(stored->id, std::move(order));
  return stored;
}

void StoreData::ReplaceOrder(std::unique_ptr<Order> order) {
  std::unique_ptr<Order>& slot = orders_.at(order->id);
  UnindexOrder(*slot);
  slot = std::move(order);
  IndexOrder(*slot);
}

void StoreData::UpdateOrder(int64_t id, const std::function<void(Order*)>& mutate) {
  Order* order = orders_.at(id).get();
  UnindexOrder(*order);
  mutate(order);
  IndexOrder(*order);
}

bool StoreData::EraseOrder(int64_t id) {
  const auto it = orders_.find(id);
  if (it == orders_.end()) return false;
  UnindexOrder(*it->second);
  orders_.erase(it);
  return true;
}

const InventoryItem* StoreData::FindInventoryItem(int64_t id) const {
  const auto it = inventory_.find(id);
  return it == inventory_.end() ? nullptr : &it->second;
}

const InventoryItem* StoreData::FindInventoryItemByCode(std::string_view code) const {
  const auto it = inventory_by_code_.find(AsciiLower(code));
  return it == inventory_by_code_.end() ? nullptr : FindInventoryItem(it->second);
}

void StoreData::ForgetCode(const InventoryItem& item) {
  // Only while the code still points at this item: a batch may already
  // have given it to another item.
  const auto it = inventory_by_code_.find(AsciiLower(item.code));
  if (it != inventory_by_code_.end() && it->second == item.id) inventory_by_code_.erase(it);
}

void StoreData::PutInventoryItem(InventoryItem item) {
  const auto existing = inventory_.find(item.id);
  if (existing != inventory_.end()) ForgetCode(existing->second);
  inventory_by_code_[AsciiLower(item.code)] = item.id;
  inventory_[item.id] = std::move(item);
}

bool StoreData::EraseInventoryItem(int64_t id) {
  const auto it = inventory_.find(id);
  if (it == inventory_.end()) return false;
  ForgetCode(it->second);
  inventory_.erase(it);
  return true;
}

}  // namespace odmcp::sandbox
