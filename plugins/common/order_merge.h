// Merging a caller's changes into an OrderDesk record before a full PUT.
//
// OrderDesk's PUT replaces the whole order (or inventory item): whatever the
// body leaves out is blanked. So every update reads the record, merges the
// caller's changes into it here, and PUTs the result. The rules:
//   - Nested objects (shipping, customer, return_address, checkout_data,
//     order_metadata, and an item's variation_list and metadata) merge key
//     by key, recursively: so does any object a change gives. OrderDesk
//     writes an empty map as [], so [] in the record counts as {} (merging
//     into it gives an object); so does any other value an object replaces.
//   - order_items merge by id (compared as text: "42286" and 42286 name the
//     same item): a change with an id updates that item (key by key), one
//     without an id is added at the end; an item is removed only when its id
//     is in remove_item_ids. An empty order_items changes no item.
//   - order_notes in a change are appended as {date_added, username,
//     content (trimmed)}, each unless a note with the same content
//     (whitespace-trimmed, ASCII case ignored, other bytes such as UTF-8
//     compared exactly, so "Ç" and "ç" differ) is already there or earlier in
//     the same change. Existing notes are never changed or removed.
//   - null clears: the key is left out of the merged record, which the PUT
//     then blanks (a key of a nested object disappears from that object).
//     order_items and order_notes cannot be null (see the errors below).
//   - Other arrays (discount_list) and scalars are replaced, keeping the
//     change's JSON type ("10" stays a string, 21.17 a double).
//   - Fields the change does not mention are copied byte for byte, in the
//     record's member order.
// Pure functions of their inputs: the clock and the note author are given.
#ifndef ODMCP_PLUGINS_COMMON_ORDER_MERGE_H_
#define ODMCP_PLUGINS_COMMON_ORDER_MERGE_H_

#include <rapidjson/document.h>

#include <functional>
#include <string>
#include <vector>

#include "plugins/common/status.h"

namespace odmcp::orderdesk {

struct OrderChanges {
  // A JSON object of order fields to change, in the order object's shape
  // (orderdesk-api.md section 4). order_notes, if present, is an array of
  // {"content", optional "username"} to append.
  const rapidjson::Value* fields = nullptr;
  // Ids of items to remove.
  std::vector<std::string> remove_item_ids;
};

struct MergeClock {
  std::string now;              // "YYYY-MM-DD HH:MM:SS" UTC: a new note's date_added
  std::string default_username; // a new note's username when the change gives none
};

// What a merge did, for the tool's summary.
struct MergeReport {
  int items_updated = 0;
  int items_added = 0;
  int items_removed = 0;
  int notes_added = 0;
  int notes_skipped_as_duplicates = 0;
};

// Sets *merged to `order` (a GET /orders/{id} "order" object) with `changes`
// applied, ready to PUT. Read-only fields (id, quantity_total, weight_total,
// product_total, discount_total, order_total, cc_number_masked, email_count,
// date_added, date_updated, order_shipments, order_history) are dropped from
// the result: OrderDesk recomputes them. changes.fields may be null (no field
// changes). Sets *report (which may be null) to what was done. Errors, all
// INVALID_ARGUMENT naming the field:
//   - an item change or remove_item_ids entry whose id is not on the order
//     ("order_items[2].id", "remove_item_ids[0]"; the message lists up to 10
//     of the order's item ids), an item both changed and removed, or changed
//     twice;
//   - a new item without a non-empty name, or a change blanking an item's
//     name ("order_items[1].name");
//   - a note that is not {content, optional username} or whose content is
//     empty after trimming ("order_notes[0].content");
//   - order_items or order_notes that is not an array (null included: items
//     are removed through remove_item_ids, notes are never removed);
//   - a read-only field in the change ("order_total"), except an "id" equal
//     to the order's own;
//   - a result OrderDesk would reject or that loses what an order needs:
//     no items left, or neither first+last name nor company on either
//     shipping or customer (naming the fields the change cleared, such as
//     "shipping.first_name, customer.company").
// INTERNAL if `order` is not an object or its order_items/order_notes is
// neither a list nor empty. *merged is unspecified on error.
Status MergeOrder(const rapidjson::Value& order, const OrderChanges& changes,
                  const MergeClock& clock, rapidjson::Document* merged, MergeReport* report);

// Sets *merged to `item` (an inventory item object) with `fields` (a JSON
// object) applied under the same object, null and byte-for-byte rules
// (metadata and variation_list merge key by key).
// Read-only fields (id, date_added, date_updated) are dropped. Errors, all
// INVALID_ARGUMENT: naming "name" or "code" when the result would lack one
// (OrderDesk requires both); naming a read-only field the change gives
// (except an "id" equal to the item's own). *merged is unspecified on error.
Status MergeInventoryItem(const rapidjson::Value& item, const rapidjson::Value& fields,
                          rapidjson::Document* merged);

// The read-merge-write loop that keeps a concurrent writer's change.
//
//   base = read()                       (may be a cached copy)
//   repeat: merged = merge(base); fresh = read_fresh();
//           if fresh equals base: return write(merged)
//           base = fresh                (someone else wrote: merge again)
//
// "Equals" compares the whole record, not only date_updated, whose one-second
// resolution would hide a write in the same second (member order does not
// count). After max_remerges re-merges without a stable read (so after
// max_remerges + 1 merges and fresh reads), returns ABORTED saying the
// subject keeps changing and to try again later, without writing. Any error
// from a step is returned as is and ends the loop. Every step must be set.
struct ReadMergeWrite {
  std::function<Status(rapidjson::Document* record)> read;
  std::function<Status(rapidjson::Document* record)> read_fresh;
  std::function<Status(const rapidjson::Value& base, rapidjson::Document* merged)> merge;
  std::function<Status(const rapidjson::Value& merged)> write;
  int max_remerges = 5;
  // What ABORTED's message names: "order 200001".
  std::string subject;
};
// Sets *remerges (which may be null) to how many times the merge was redone,
// whatever the outcome.
Status RunReadMergeWrite(const ReadMergeWrite& steps, int* remerges);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_ORDER_MERGE_H_
