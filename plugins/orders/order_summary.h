// The short form of an order that orders_list returns by default, and the
// one-line description result texts use.
#ifndef ODMCP_PLUGINS_ORDERS_ORDER_SUMMARY_H_
#define ODMCP_PLUGINS_ORDERS_ORDER_SUMMARY_H_

#include <rapidjson/document.h>

#include <string>

#include "plugins/common/store_info.h"

namespace odmcp::orders {

// {id, source_id, date_added, date_updated, folder_id, folder_name,
// customer_name, shipping_name, email, order_total, item_count,
// payment_status} of an OrderDesk order, plus order_history when the order
// has one. Numbers OrderDesk sent as strings become numbers; a missing one
// is null.
rapidjson::Value OrderSummary(const rapidjson::Value& order, const orderdesk::StoreInfo& info,
                              rapidjson::Document::AllocatorType& allocator);

// "200123 | 2025-12-30 14:02:11 | Jane Doe | jane@example.com | 45.10 |
// 2 items | Closed" from a summary.
std::string OrderLine(const rapidjson::Value& summary);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_ORDER_SUMMARY_H_
