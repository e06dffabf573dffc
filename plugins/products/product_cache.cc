#include "plugins/products/product_cache.h"

#include "plugins/common/status.h"

namespace odmcp::products {
namespace {

std::string StorePrefix(std::string_view store_id) {
  return "store:" + std::string(store_id) + ":";
}

// Whether status is a failure worth logging: a host without a cache
// (UNIMPLEMENTED) is a configuration, not a fault.
bool WorthLogging(odmcp_status status) {
  return status != ODMCP_OK && status != ODMCP_UNIMPLEMENTED;
}

// doing: "reading", "writing" or "dropping"; key: a key or a key prefix.
void LogFailure(Call& call, std::string_view doing, std::string_view key, odmcp_status status) {
  call.Log(ODMCP_LOG_WARNING, "cache: " + std::string(doing) + " " + std::string(key) +
                                  " failed with " + std::string(orderdesk::StatusName(status)));
}

}  // namespace

std::string ProductCacheKey(std::string_view store_id, int64_t product_id) {
  return StorePrefix(store_id) + "item:" + std::to_string(product_id) + "/";
}

std::string ListCachePrefix(std::string_view store_id) { return StorePrefix(store_id) + "list:"; }

std::optional<std::string> CacheRead(Call& call, std::string_view key) {
  std::string value;
  odmcp_status status = Cache(call).Get(key, &value);
  if (status == ODMCP_OK) return value;
  if (status != ODMCP_NOT_FOUND && WorthLogging(status)) LogFailure(call, "reading", key, status);
  return std::nullopt;
}

void CacheWrite(Call& call, const orderdesk::WriteFence& fence, std::string_view store_id,
                uint64_t epoch, std::string_view key, std::string_view value, int64_t ttl_ms) {
  if (fence.Epoch(store_id) != epoch) return;
  odmcp_status status = Cache(call).Put(key, value, ttl_ms);
  if (WorthLogging(status)) LogFailure(call, "writing", key, status);
}

void ForgetProducts(Call& call, orderdesk::WriteFence& fence, std::string_view store_id,
                    const std::vector<int64_t>& product_ids) {
  fence.Advance(store_id);
  Cache cache(call);
  for (int64_t id : product_ids) {
    const std::string key = ProductCacheKey(store_id, id);
    odmcp_status status = cache.InvalidatePrefix(key);
    if (WorthLogging(status)) LogFailure(call, "dropping", key, status);
  }
  const std::string lists = ListCachePrefix(store_id);
  odmcp_status status = cache.InvalidatePrefix(lists);
  if (WorthLogging(status)) LogFailure(call, "dropping", lists, status);
}

}  // namespace odmcp::products
