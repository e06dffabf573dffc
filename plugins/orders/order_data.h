// Orders and store settings read through the plugin's cache, and forgotten
// after writes. The tools use these, and so can resource handlers: nothing
// here parses tool arguments.
//
// Cache layout (the host scopes every key to the tenant and this plugin):
//   store:<sid>:settings              settings and folders (settings TTL)
//   store:<sid>:order:<oid>/          one order (order TTL)
//   store:<sid>:order:<oid>/history   the order with its history (order TTL)
//   store:<sid>:order:<oid>/shipments its shipments (order TTL)
//   store:<sid>:list:<query>          one orders_list result (list TTL)
// The "/" after an order id makes "store:1:order:12/" a prefix of order 12's
// keys only, never of order 123's, so a write drops exactly what it touched.
// Shipments live inside the order object (order_shipments) and in lists,
// so a shipment write forgets its order and the store's lists too.
#ifndef ODMCP_PLUGINS_ORDERS_ORDER_DATA_H_
#define ODMCP_PLUGINS_ORDERS_ORDER_DATA_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/status.h"
#include "plugins/common/store_info.h"
#include "plugins/orders/tools.h"

namespace odmcp::orders {

std::string StoreSettingsKey(std::string_view store_id);
// "store:<sid>:order:<oid>/": the key of the order, and the prefix of every
// key about it.
std::string OrderKeyPrefix(std::string_view store_id, std::string_view order_id);
std::string ListKeyPrefix(std::string_view store_id);

// Produces a value to cache (a JSON document) from OrderDesk.
using FetchFn = std::function<orderdesk::Status(rapidjson::Document* value)>;

// Sets *value to what the cache holds under key, or else runs fetch and
// caches its value for ttl_ms, unless a write to the store completed while
// it ran (write_fence.h). *from_cache says which. Cache failures only cost
// a fetch; fetch's failure is returned as is.
orderdesk::Status ReadThrough(const Context& context, Call& call, std::string_view store_id,
                              const std::string& key, int64_t ttl_ms, const FetchFn& fetch,
                              rapidjson::Document* value, bool* from_cache);

// The store's settings and folders, from the cache or GET /store (one
// OrderDesk request). Only store_info.h's allow-listed settings are kept, in
// the cache as anywhere else.
orderdesk::Status LoadStoreInfo(const Context& context, Call& call,
                                const orderdesk::StoreAccess& access, orderdesk::StoreInfo* info);

// The store's settings and folders if the cache holds them; false (and no
// request) otherwise. For results that are complete without them.
bool CachedStoreInfo(Call& call, std::string_view store_id, orderdesk::StoreInfo* info);

// GET /store now, replacing the cached copy: for a folder added or renamed
// in OrderDesk since it was cached.
orderdesk::Status RefreshStoreInfo(const Context& context, Call& call,
                                   const orderdesk::StoreAccess& access,
                                   orderdesk::StoreInfo* info);

// One order (the "order" object of GET /orders/{id}), from the cache or one
// OrderDesk request. order_id must be digits. NOT_FOUND names the order.
orderdesk::Status LoadOrder(const Context& context, Call& call,
                            const orderdesk::StoreAccess& access, std::string_view order_id,
                            rapidjson::Document* order, bool* from_cache);

// GET /orders/{id} past the cache; `fresh` also refuses to share the reply
// of an identical request in flight, so the order is read as it is now.
orderdesk::Status FetchOrder(const Context& context, Call& call,
                             const orderdesk::StoreAccess& access, std::string_view order_id,
                             bool fresh, rapidjson::Document* order);

// Call after a write to orders of the store has completed: advances the
// store's write fence, then drops those orders (with their history and
// shipments) and every cached list of the store, nothing else. Returns the
// new epoch, for RememberOrder.
uint64_t ForgetOrders(const Context& context, Call& call, std::string_view store_id,
                      const std::vector<std::string>& order_ids);

// Sends `request`, a write to the store's orders order_ids (none for a new
// order, which changes only lists), then forgets them as ForgetOrders does,
// whatever the outcome: a write whose reply was lost may still have been
// applied. *epoch (if not null) receives ForgetOrders' epoch.
orderdesk::Status SendWrite(const Context& context, Call& call,
                            const orderdesk::StoreAccess& access, const orderdesk::Request& request,
                            const std::vector<std::string>& order_ids,
                            rapidjson::Document* envelope, uint64_t* epoch = nullptr);

// Caches `order`, as a write's reply returned it, under its key, unless
// another write to the store completed after the one that returned epoch.
void RememberOrder(const Context& context, Call& call, std::string_view store_id,
                   std::string_view order_id, uint64_t epoch, const rapidjson::Value& order);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_ORDER_DATA_H_
