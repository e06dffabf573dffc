// products_batch_update: changes some fields of many products in one
// OrderDesk write.
//
// PUT /batch-inventory-items replaces each listed item whole, like the
// single PUT, so every entry is merged onto its product's current state
// first. All entries are read and merged before anything is written: an
// unknown id or a bad change refuses the whole batch, naming the entry.
#include <map>
#include <string>
#include <vector>

#include "plugins/common/order_merge.h"
#include "plugins/common/tool_kit.h"
#include "plugins/common/chosen_store.h"
#include "plugins/products/inventory_api.h"
#include "plugins/products/product_cache.h"
#include "plugins/products/product_id.h"
#include "plugins/products/product_schema.h"
#include "plugins/products/product_summary.h"

namespace odmcp::products {
namespace {

using orderdesk::Status;

// At most this many entries: each costs an OrderDesk read, and at OrderDesk's
// pace (20 at once, then 3 per second) 100 reads take about half a minute.
constexpr rapidjson::SizeType kMaxItems = 100;
constexpr size_t kEntriesNamedInText = 10;

std::string EntryName(rapidjson::SizeType index) { return "items[" + std::to_string(index) + "]"; }

Status NothingWritten(const Status& status) {
  return Status(status.code(), status.message() + " Nothing was written.");
}

// Reads each entry's id into *ids and checks it has fields to change,
// refusing an id given twice (the second change would silently replace the
// first).
Status ReadEntries(const rapidjson::Value& items, std::vector<int64_t>* ids) {
  std::map<int64_t, rapidjson::SizeType> seen;
  for (rapidjson::SizeType i = 0; i < items.Size(); ++i) {
    int64_t id = 0;
    Status status = ProductIdArgument(items[i], "id", EntryName(i) + ".id", &id);
    if (!status.ok()) return status;
    const rapidjson::Value* fields = Member(items[i], "fields");
    if (fields == nullptr || !fields->IsObject() || fields->MemberCount() == 0) {
      return Status(ODMCP_INVALID_ARGUMENT, EntryName(i) +
                                                ".fields must be an object with at "
                                                "least one product field to change.");
    }
    if (const auto [it, inserted] = seen.emplace(id, i); !inserted) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    EntryName(i) + ".id: product " + std::to_string(id) + " is also " +
                        EntryName(it->second) +
                        "; give each product once, with all its changes in one entry.");
    }
    ids->push_back(id);
  }
  return Status::Ok();
}

// The per-product results of OrderDesk's reply, by id.
std::map<int64_t, const rapidjson::Value*> ResultsById(const rapidjson::Value& envelope) {
  std::map<int64_t, const rapidjson::Value*> results;
  const rapidjson::Value* list = Member(envelope, "results");
  if (list == nullptr || !list->IsArray()) return results;
  for (const rapidjson::Value& result : list->GetArray()) {
    if (std::optional<int64_t> id = GetInt64(result, "id")) results.emplace(*id, &result);
  }
  return results;
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  const rapidjson::Value* items = Member(args, "items");
  if (items == nullptr || !items->IsArray() || items->Empty() || items->Size() > kMaxItems) {
    return orderdesk::Fail(
        call, Status(ODMCP_INVALID_ARGUMENT, "items must hold 1 to 100 entries of {id, fields}."));
  }
  std::vector<int64_t> ids;
  if (Status status = ReadEntries(*items, &ids); !status.ok()) return orderdesk::Fail(call, status);
  orderdesk::ChosenStore store;
  if (Status status = store.Choose(call, args); !status.ok()) return orderdesk::Fail(call, status);

  // Fresh reads, not cached copies: the batch PUT writes each merged
  // product whole, so a stale base would undo someone else's change.
  rapidjson::Document body(rapidjson::kArrayType);
  auto& b = body.GetAllocator();
  const double total = static_cast<double>(items->Size());
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    if (call.Cancelled()) {
      return orderdesk::Fail(call, Status(ODMCP_CANCELLED,
                                          "The batch was cancelled while reading the products. "
                                          "Nothing was written."));
    }
    const std::string entry = EntryName(i);
    rapidjson::Document current;
    Status status =
        FetchProduct(context, call, store, ids[i], entry + ".id", /*fresh=*/true, &current);
    if (!status.ok()) return orderdesk::Fail(call, NothingWritten(status));
    rapidjson::Document merged;
    status = orderdesk::MergeInventoryItem(current, (*items)[i]["fields"], &merged);
    if (!status.ok()) {
      // Its messages begin with the field at fault: "name: ...".
      return orderdesk::Fail(
          call, NothingWritten(Status(status.code(), entry + ".fields." + status.message())));
    }
    merged.AddMember("id", ids[i], merged.GetAllocator());
    body.PushBack(rapidjson::Value(merged, b), b);
    call.Progress(i + 1, total, "read and merged " + ProductSubject(ids[i]));
  }

  orderdesk::Request request;
  request.method = "PUT";
  request.path = "/batch-inventory-items";
  request.body = ToJson(body);
  request.subject = "products of the batch";
  rapidjson::Document envelope;
  Status status = context.client.Send(call, store.access(), request, &envelope);
  // Even a failed PUT may have reached OrderDesk (a reply lost on the way).
  ForgetProducts(call, context.fence, store.id(), ids);
  if (!status.ok()) return orderdesk::Fail(call, status);

  const std::map<int64_t, const rapidjson::Value*> results = ResultsById(envelope);
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  store.AddTo(&out);
  rapidjson::Value entries(rapidjson::kArrayType);
  int64_t updated = 0;
  std::string listed;
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    const auto found = results.find(ids[i]);
    const rapidjson::Value* result = found == results.end() ? nullptr : found->second;
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("id", ids[i], a);
    // Without a per-product result, the batch's success stands for each.
    const std::string_view status_text =
        result ? GetString(*result, "status").value_or("success") : "success";
    if (status_text == "success") ++updated;
    entry.AddMember("status", orderdesk::JsonString(status_text, a), a);
    entry.AddMember(
        "message",
        orderdesk::JsonString(result ? GetString(*result, "message").value_or("") : "", a), a);
    std::string names;
    rapidjson::Value changed = ChangedFields((*items)[i]["fields"], a, &names);
    entry.AddMember("changed_fields", changed, a);
    entries.PushBack(entry, a);
    if (i < kEntriesNamedInText) {
      listed += (i == 0 ? ": " : "; ") + std::to_string(ids[i]) + " (" + names + ")";
    }
  }
  out.AddMember("updated", updated, a);
  out.AddMember("items", entries, a);
  if (items->Size() > kEntriesNamedInText) {
    listed += "; and " + std::to_string(items->Size() - kEntriesNamedInText) + " more";
  }
  return orderdesk::Succeed(call,
                            "Updated " + std::to_string(updated) + " of " +
                                std::to_string(items->Size()) + " product(s) in store " +
                                store.label() + " in one OrderDesk write" + listed + ".",
                            out);
}

}  // namespace

Tool ProductsBatchUpdateTool() {
  ToolSpec spec = orderdesk::Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                                  /*open_world=*/true);
  spec.name = "products_batch_update";
  spec.title = "Update many products";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.description =
      "Changes some fields of up to 100 products (OrderDesk inventory items) of one store at "
      "once, e.g. new stock counts after a delivery: `items` lists {id, fields} entries, each "
      "with only the fields to change; every other field of each product keeps its value "
      "(metadata and variation_list merge key by key). Each product is read and the change "
      "merged onto it, then all are written in one PUT /batch-inventory-items: one OrderDesk "
      "request per product plus one (100 products take about half a minute at OrderDesk's "
      "pace; progress is reported). If any id is unknown or any change is invalid, nothing "
      "is written and the error names the entry (items[3].id). Give each product once. For one "
      "product, products_update also guards against a change made meanwhile. Acts on `store` "
      "if given, else the session's active store, else the default store.";
  spec.input_schema = std::string(R"({"type":"object","properties":{"store":)") +
                      orderdesk::kStorePropertySchema + R"(,
      "items":{"type":"array","minItems":1,"maxItems":100,
        "description":"The products to change: each once, with only the fields to change.",
        "items":{"type":"object","properties":{"id":)" +
                      kProductIdSchema + R"(,"fields":)" +
                      ProductFieldsSchema("The fields of this product to change.") + R"(},
          "required":["id","fields"],"additionalProperties":false}}},
      "required":["items"],"additionalProperties":false})";
  spec.output_schema = std::string(R"({"type":"object","properties":{)") + orderdesk::kChosenStoreProperties +
                       R"(,
      "updated":{"type":"integer","description":"How many products OrderDesk reports as updated."},
      "items":{"type":"array","items":{"type":"object","properties":{
        "id":{"type":"integer"},
        "status":{"type":"string","description":"OrderDesk's status for this product."},
        "message":{"type":"string","description":"OrderDesk's message for this product."},
        "changed_fields":{"type":"array","items":{"type":"string"}}},
        "required":["id","status","message","changed_fields"]}}},
      "required":[)" + orderdesk::kChosenStoreRequired +
                       R"(,"updated","items"]})";
  return {spec, &Run};
}

}  // namespace odmcp::products
