// The one path every change to an existing order takes (orders_update,
// orders_add_items, orders_update_address, orders_add_note): read, merge,
// re-read, full PUT.
//
// OrderDesk's PUT replaces the whole order, so the caller's changes are
// merged into the order as read (order_merge.h) and the result is PUT.
// Just before the PUT the order is read again, past the cache and past
// coalescing; if it changed meanwhile, the merge is redone on the new state
// (RunReadMergeWrite, at most 5 times), so a concurrent writer's change is
// kept rather than overwritten.
#ifndef ODMCP_PLUGINS_ORDERS_ORDER_UPDATE_H_
#define ODMCP_PLUGINS_ORDERS_ORDER_UPDATE_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <string>

#include "plugins/common/client.h"
#include "plugins/common/order_merge.h"
#include "plugins/common/status.h"
#include "plugins/orders/tools.h"

namespace odmcp::orders {

// The username of notes whose caller gave none.
inline constexpr const char* kDefaultNoteAuthor = "orderdesk-mcp";

struct OrderUpdate {
  // The order afterwards: as the PUT's reply returned it, or as read when
  // nothing changed.
  rapidjson::Document order;
  orderdesk::MergeReport report;
  int remerges = 0;
  // False when the changes left the order exactly as it was (a duplicate
  // note, a value it already had): then no PUT was sent.
  bool written = false;
};

// Applies `changes` to order_id with the steps above. The first read takes
// the cached order if there is one, else a fresh GET (which then also serves
// as the re-read, saving a request). New notes without a username get
// note_author. After a PUT, the order's cache entries and the store's lists
// are dropped and the saved order is cached. Costs 2 OrderDesk requests
// (a GET and the PUT), plus 1 GET per re-merge.
//
// Errors: NOT_FOUND naming order_id; MergeOrder's INVALID_ARGUMENT, naming
// the field of the change at fault; ABORTED when the order keeps changing;
// OrderDesk's failures. Nothing is written on error.
orderdesk::Status UpdateOrder(const Context& context, Call& call,
                              const orderdesk::StoreAccess& access, const std::string& order_id,
                              const orderdesk::OrderChanges& changes,
                              const std::string& note_author, OrderUpdate* out);

// The members of an update's output schema, for tools to embed.
extern const char* const kUpdateResultProperties;
// Their names, as a JSON array's members.
extern const char* const kUpdateResultRequired;

// Adds order_id, written, remerges, changes (the merge report) and order to
// result (an object).
void AddUpdateResult(const std::string& order_id, const OrderUpdate& update,
                     rapidjson::Document* result);

// What the merge did, in words: "1 item updated, 1 note skipped as a
// duplicate; merged again once after a concurrent change". Empty when
// nothing of the kind happened.
std::string UpdateSummary(const OrderUpdate& update);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_ORDER_UPDATE_H_
