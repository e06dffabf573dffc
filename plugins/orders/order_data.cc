#include "plugins/orders/order_data.h"

#include <cstddef>

#include "plugins/common/url.h"

namespace odmcp::orders {
namespace {

using orderdesk::Status;

// Larger values are not cached: one would push out most other entries.
constexpr size_t kMaxCachedBytes = 4 << 20;

void PutBestEffort(Call& call, const std::string& key, const rapidjson::Value& value,
                   int64_t ttl_ms) {
  const std::string json = ToJson(value);
  if (json.size() > kMaxCachedBytes) return;
  odmcp_status status = Cache(call).Put(key, json, ttl_ms);
  if (status != ODMCP_OK && status != ODMCP_UNIMPLEMENTED) {
    call.Log(ODMCP_LOG_WARNING,
             "caching " + key + " failed with " + std::string(orderdesk::StatusName(status)));
  }
}

void InvalidateBestEffort(Call& call, const std::string& prefix) {
  odmcp_status status = Cache(call).InvalidatePrefix(prefix);
  if (status != ODMCP_OK && status != ODMCP_UNIMPLEMENTED) {
    // A stale entry outlives the write by at most its TTL; the write itself
    // succeeded, so the call does not fail.
    call.Log(ODMCP_LOG_WARNING, "dropping cached " + prefix + " failed with " +
                                    std::string(orderdesk::StatusName(status)));
  }
}

// The cached form of a store's info: the shape of GET /store's envelope
// (so ParseStoreInfo reads both), holding only what ParseStoreInfo kept.
rapidjson::Document StoreInfoJson(const orderdesk::StoreInfo& info) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  rapidjson::Value store(rapidjson::kObjectType);
  store.AddMember("name", rapidjson::Value(info.name.c_str(), a), a);
  store.AddMember("settings", rapidjson::Value(info.settings, a), a);
  rapidjson::Value folders(rapidjson::kObjectType);
  for (const orderdesk::Folder& folder : info.folders) {
    folders.AddMember(rapidjson::Value(folder.id.c_str(), a),
                      rapidjson::Value(folder.name.c_str(), a), a);
  }
  store.AddMember("folders", folders, a);
  doc.AddMember("store", store, a);
  return doc;
}

Status FetchStoreInfoJson(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                          rapidjson::Document* value) {
  orderdesk::StoreInfo info;
  Status status = orderdesk::FetchStoreInfo(context.client, call, access, &info);
  if (status.ok()) *value = StoreInfoJson(info);
  return status;
}

}  // namespace

std::string StoreSettingsKey(std::string_view store_id) {
  return "store:" + std::string(store_id) + ":settings";
}

std::string OrderKeyPrefix(std::string_view store_id, std::string_view order_id) {
  return "store:" + std::string(store_id) + ":order:" + std::string(order_id) + "/";
}

std::string ListKeyPrefix(std::string_view store_id) {
  return "store:" + std::string(store_id) + ":list:";
}

Status ReadThrough(const Context& context, Call& call, std::string_view store_id,
                   const std::string& key, int64_t ttl_ms, const FetchFn& fetch,
                   rapidjson::Document* value, bool* from_cache) {
  std::string cached;
  if (Cache(call).Get(key, &cached) == ODMCP_OK) {
    value->Parse(cached.data(), cached.size());
    if (!value->HasParseError()) {
      *from_cache = true;
      return Status::Ok();
    }
  }
  *from_cache = false;
  const uint64_t epoch = context.fence.Epoch(store_id);
  Status status = fetch(value);
  if (status.ok() && context.fence.Epoch(store_id) == epoch) {
    PutBestEffort(call, key, *value, ttl_ms);
  }
  return status;
}

Status LoadStoreInfo(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                     orderdesk::StoreInfo* info) {
  rapidjson::Document value;
  bool from_cache = false;
  Status status = ReadThrough(
      context, call, access.store_id, StoreSettingsKey(access.store_id), context.settings_ttl_ms,
      [&](rapidjson::Document* out) { return FetchStoreInfoJson(context, call, access, out); },
      &value, &from_cache);
  if (!status.ok()) return status;
  return orderdesk::ParseStoreInfo(value, info);
}

bool CachedStoreInfo(Call& call, std::string_view store_id, orderdesk::StoreInfo* info) {
  std::string cached;
  if (Cache(call).Get(StoreSettingsKey(store_id), &cached) != ODMCP_OK) return false;
  rapidjson::Document value;
  value.Parse(cached.data(), cached.size());
  return !value.HasParseError() && orderdesk::ParseStoreInfo(value, info).ok();
}

Status RefreshStoreInfo(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                        orderdesk::StoreInfo* info) {
  Status status = orderdesk::FetchStoreInfo(context.client, call, access, info);
  if (status.ok()) {
    PutBestEffort(call, StoreSettingsKey(access.store_id), StoreInfoJson(*info),
                  context.settings_ttl_ms);
  }
  return status;
}

Status FetchOrder(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                  std::string_view order_id, bool fresh, rapidjson::Document* order) {
  orderdesk::Request request;
  request.path = "/orders/" + orderdesk::PercentEncode(order_id);
  request.subject = "order " + std::string(order_id);
  request.fresh = fresh;
  rapidjson::Document envelope;
  Status status = context.client.Send(call, access, request, &envelope);
  if (!status.ok()) return status;
  const rapidjson::Value* found = Member(envelope, "order");
  if (found == nullptr || !found->IsObject()) {
    return Status(ODMCP_UNAVAILABLE, "OrderDesk's reply for order " + std::string(order_id) +
                                         " in store " + access.label +
                                         " has no order object; try again in a minute.");
  }
  order->CopyFrom(*found, order->GetAllocator());
  return Status::Ok();
}

Status LoadOrder(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                 std::string_view order_id, rapidjson::Document* order, bool* from_cache) {
  return ReadThrough(
      context, call, access.store_id, OrderKeyPrefix(access.store_id, order_id),
      context.order_ttl_ms,
      [&](rapidjson::Document* out) {
        return FetchOrder(context, call, access, order_id, /*fresh=*/false, out);
      },
      order, from_cache);
}

uint64_t ForgetOrders(const Context& context, Call& call, std::string_view store_id,
                      const std::vector<std::string>& order_ids) {
  const uint64_t epoch = context.fence.Advance(store_id);
  for (const std::string& order_id : order_ids) {
    InvalidateBestEffort(call, OrderKeyPrefix(store_id, order_id));
  }
  InvalidateBestEffort(call, ListKeyPrefix(store_id));
  return epoch;
}

Status SendWrite(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                 const orderdesk::Request& request, const std::vector<std::string>& order_ids,
                 rapidjson::Document* envelope, uint64_t* epoch) {
  Status status = context.client.Send(call, access, request, envelope);
  const uint64_t after = ForgetOrders(context, call, access.store_id, order_ids);
  if (epoch != nullptr) *epoch = after;
  return status;
}

void RememberOrder(const Context& context, Call& call, std::string_view store_id,
                   std::string_view order_id, uint64_t epoch, const rapidjson::Value& order) {
  if (context.fence.Epoch(store_id) != epoch) return;
  PutBestEffort(call, OrderKeyPrefix(store_id, order_id), order, context.order_ttl_ms);
}

}  // namespace odmcp::orders
