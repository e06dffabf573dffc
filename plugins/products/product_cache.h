// What the products plugin keeps in the host's cache, under which keys, and
// how a write forgets it.
//
//   store:<store id>:item:<product id>/   one product, as OrderDesk returned it
//   store:<store id>:list:<query>         one products_list page; <query> is
//                                         the exact query string sent, so two
//                                         different queries never share an
//                                         entry
//
// The "/" after a product id ends it, so forgetting product 12 (a prefix
// invalidation) never drops product 123. The cache is scoped to the tenant
// and to this plugin by the host.
//
// Cache failures never fail a call: a read falls back to OrderDesk, and a
// failed write or invalidation is logged (an entry that could not be dropped
// expires with its TTL).
#ifndef ODMCP_PLUGINS_PRODUCTS_PRODUCT_CACHE_H_
#define ODMCP_PLUGINS_PRODUCTS_PRODUCT_CACHE_H_

#include <odmcp/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/write_fence.h"

namespace odmcp::products {

std::string ProductCacheKey(std::string_view store_id, int64_t product_id);
// The prefix of every products_list entry of the store.
std::string ListCachePrefix(std::string_view store_id);

// The cached value of key, or nullopt when there is none (or the cache
// cannot be read).
std::optional<std::string> CacheRead(Call& call, std::string_view key);

// Stores value under key for ttl_ms, unless a write to the store completed
// after `epoch` (fence.Epoch() taken before the value was fetched): the
// value may then be what the write replaced.
void CacheWrite(Call& call, const orderdesk::WriteFence& fence, std::string_view store_id,
                uint64_t epoch, std::string_view key, std::string_view value, int64_t ttl_ms);

// Call once a write to the store has completed (or failed: it may still have
// been applied): advances the store's fence, then forgets the given products
// and every products_list page of the store.
void ForgetProducts(Call& call, orderdesk::WriteFence& fence, std::string_view store_id,
                    const std::vector<int64_t>& product_ids);

}  // namespace odmcp::products

#endif  // ODMCP_PLUGINS_PRODUCTS_PRODUCT_CACHE_H_
