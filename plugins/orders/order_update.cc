#include "plugins/orders/order_update.h"

#include <vector>

#include "plugins/common/tool_kit.h"
#include "plugins/common/url.h"
#include "plugins/orders/order_data.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

constexpr int kMaxRemerges = 5;

// OrderDesk's date format, UTC: "2026-01-02 03:04:05".
std::string OrderDeskNow() {
  std::string now = orderdesk::UtcNow();  // "2026-01-02T03:04:05Z"
  now[10] = ' ';
  now.pop_back();
  return now;
}

Status PutOrder(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                const std::string& order_id, const rapidjson::Value& merged,
                rapidjson::Document* saved, bool* returned_order, uint64_t* epoch) {
  orderdesk::Request request;
  request.method = "PUT";
  request.path = "/orders/" + orderdesk::PercentEncode(order_id);
  request.subject = "order " + order_id;
  request.body = ToJson(merged);
  rapidjson::Document envelope;
  Status status = SendWrite(context, call, access, request, {order_id}, &envelope, epoch);
  if (!status.ok()) return NotFoundAt(status, "order_id");
  const rapidjson::Value* order = Member(envelope, "order");
  *returned_order = order != nullptr && order->IsObject();
  saved->CopyFrom(*returned_order ? *order : merged, saved->GetAllocator());
  return Status::Ok();
}

}  // namespace

const char* const kUpdateResultProperties =
    R"("order_id":{"type":"string"},)"
    R"("written":{"type":"boolean","description":"False when the change left the order as it )"
    R"(was (for example a duplicate note): nothing was sent to OrderDesk."},)"
    R"("remerges":{"type":"integer","minimum":0,"description":"How many times the merge was )"
    R"(redone because someone else changed the order meanwhile; their changes were kept."},)"
    R"("changes":{"type":"object","properties":{)"
    R"("items_updated":{"type":"integer"},"items_added":{"type":"integer"},)"
    R"("items_removed":{"type":"integer"},"notes_added":{"type":"integer"},)"
    R"("notes_skipped_as_duplicates":{"type":"integer"}},)"
    R"("required":["items_updated","items_added","items_removed","notes_added",)"
    R"("notes_skipped_as_duplicates"]},)"
    R"("order":{"type":"object","description":"The whole order afterwards, as OrderDesk )"
    R"(returned it."})";

const char* const kUpdateResultRequired = R"("order_id","written","remerges","changes","order")";

Status UpdateOrder(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                   const std::string& order_id, const orderdesk::OrderChanges& changes,
                   const std::string& note_author, OrderUpdate* out) {
  const orderdesk::MergeClock clock{OrderDeskNow(), note_author};
  const rapidjson::Value no_fields(rapidjson::kObjectType);
  orderdesk::OrderChanges no_changes;
  no_changes.fields = &no_fields;

  // A first read that had to GET already shows the order as it is now;
  // it is handed to the first re-read instead of asking again.
  rapidjson::Document unused_fresh_read;
  bool have_unused_fresh_read = false;
  // The state the latest merge started from, and whether that merge changed
  // anything: merging no changes into the same state gives the same order.
  rapidjson::Document base_of_last_merge;
  bool last_merge_changed_nothing = false;
  bool returned_order = false;
  uint64_t epoch = 0;

  orderdesk::ReadMergeWrite steps;
  steps.subject = "order " + order_id;
  steps.max_remerges = kMaxRemerges;
  steps.read = [&](rapidjson::Document* record) {
    bool from_cache = false;
    Status status = ReadThrough(
        context, call, access.store_id, OrderKeyPrefix(access.store_id, order_id),
        context.order_ttl_ms,
        [&](rapidjson::Document* fetched) {
          return FetchOrder(context, call, access, order_id, /*fresh=*/true, fetched);
        },
        record, &from_cache);
    if (status.ok() && !from_cache) {
      unused_fresh_read.CopyFrom(*record, unused_fresh_read.GetAllocator());
      have_unused_fresh_read = true;
    }
    return NotFoundAt(status, "order_id");
  };
  steps.read_fresh = [&](rapidjson::Document* record) {
    if (have_unused_fresh_read) {
      have_unused_fresh_read = false;
      record->Swap(unused_fresh_read);
      return Status::Ok();
    }
    return NotFoundAt(FetchOrder(context, call, access, order_id, /*fresh=*/true, record),
                      "order_id");
  };
  steps.merge = [&](const rapidjson::Value& base, rapidjson::Document* merged) {
    out->report = orderdesk::MergeReport();
    Status status = orderdesk::MergeOrder(base, changes, clock, merged, &out->report);
    if (!status.ok()) return status;
    rapidjson::Document unchanged;
    orderdesk::MergeReport ignored;
    last_merge_changed_nothing =
        orderdesk::MergeOrder(base, no_changes, clock, &unchanged, &ignored).ok() &&
        unchanged == *merged;
    base_of_last_merge.CopyFrom(base, base_of_last_merge.GetAllocator());
    return Status::Ok();
  };
  steps.write = [&](const rapidjson::Value& merged) {
    if (last_merge_changed_nothing) {
      out->order.Swap(base_of_last_merge);
      out->written = false;
      return Status::Ok();
    }
    out->written = true;
    return PutOrder(context, call, access, order_id, merged, &out->order, &returned_order, &epoch);
  };

  Status status = orderdesk::RunReadMergeWrite(steps, &out->remerges);
  if (status.ok() && returned_order) {
    RememberOrder(context, call, access.store_id, order_id, epoch, out->order);
  }
  return status;
}

void AddUpdateResult(const std::string& order_id, const OrderUpdate& update,
                     rapidjson::Document* result) {
  auto& a = result->GetAllocator();
  result->AddMember("order_id", JsonString(order_id, a), a);
  result->AddMember("written", update.written, a);
  result->AddMember("remerges", update.remerges, a);
  rapidjson::Value changes(rapidjson::kObjectType);
  changes.AddMember("items_updated", update.report.items_updated, a);
  changes.AddMember("items_added", update.report.items_added, a);
  changes.AddMember("items_removed", update.report.items_removed, a);
  changes.AddMember("notes_added", update.report.notes_added, a);
  changes.AddMember("notes_skipped_as_duplicates", update.report.notes_skipped_as_duplicates, a);
  result->AddMember("changes", changes, a);
  result->AddMember("order", rapidjson::Value(update.order, a), a);
}

std::string UpdateSummary(const OrderUpdate& update) {
  const orderdesk::MergeReport& r = update.report;
  std::vector<std::string> parts;
  if (r.items_updated > 0) parts.push_back(Count(r.items_updated, "item", "items") + " updated");
  if (r.items_added > 0) parts.push_back(Count(r.items_added, "item", "items") + " added");
  if (r.items_removed > 0) parts.push_back(Count(r.items_removed, "item", "items") + " removed");
  if (r.notes_added > 0) parts.push_back(Count(r.notes_added, "note", "notes") + " added");
  if (r.notes_skipped_as_duplicates > 0) {
    parts.push_back(Count(r.notes_skipped_as_duplicates, "note", "notes") +
                    " not added: already on the order (ignoring case and spaces)");
  }
  std::string summary;
  for (const std::string& part : parts) summary += (summary.empty() ? "" : ", ") + part;
  if (update.remerges > 0) {
    summary +=
        std::string(summary.empty() ? "" : "; ") + "merged again " +
        (update.remerges == 1 ? std::string("once") : std::to_string(update.remerges) + " times") +
        " because the order changed meanwhile (those changes were kept)";
  }
  return summary;
}

}  // namespace odmcp::orders
