// products_update: changes some fields of a product and keeps the rest.
//
// OrderDesk's inventory PUT replaces the whole item, blanking whatever the
// body leaves out, so the tool reads the product, merges the change into it
// (order_merge.h) and PUTs the result. Just before the PUT it reads the
// product again; if someone changed it since the merge base, the change is
// merged again onto the newer state, so their change is not lost.
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

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  int64_t product_id = 0;
  if (Status status = ProductIdArgument(args, "product_id", "product_id", &product_id);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const rapidjson::Value* fields = Member(args, "fields");
  if (fields == nullptr || !fields->IsObject() || fields->MemberCount() == 0) {
    return orderdesk::Fail(call, Status(ODMCP_INVALID_ARGUMENT,
                                        "fields must be an object with at least one product "
                                        "field to change."));
  }
  orderdesk::ChosenStore store;
  if (Status status = store.Choose(call, args); !status.ok()) return orderdesk::Fail(call, status);

  const std::string subject = ProductSubject(product_id);
  rapidjson::Document replied;
  bool reply_has_product = false;
  bool write_attempted = false;
  orderdesk::ReadMergeWrite steps;
  steps.subject = subject + " in store " + store.label();
  steps.read = [&](rapidjson::Document* record) {
    bool cached = false;
    return ReadProduct(context, call, store, product_id, "product_id", record, &cached);
  };
  steps.read_fresh = [&](rapidjson::Document* record) {
    return FetchProduct(context, call, store, product_id, "product_id", /*fresh=*/true, record);
  };
  steps.merge = [&](const rapidjson::Value& base, rapidjson::Document* merged) {
    Status status = orderdesk::MergeInventoryItem(base, *fields, merged);
    // Its messages begin with the field at fault: "name: ...".
    if (!status.ok()) return Status(status.code(), "fields." + status.message());
    return status;
  };
  steps.write = [&](const rapidjson::Value& merged) {
    orderdesk::Request request;
    request.method = "PUT";
    request.path = ProductPath(product_id);
    request.body = ToJson(merged);
    request.subject = subject;
    write_attempted = true;
    rapidjson::Document envelope;
    Status status = context.client.Send(call, store.access(), request, &envelope);
    if (status.ok()) reply_has_product = ProductInReply(envelope, &replied);
    return status;
  };
  int remerges = 0;
  Status status = orderdesk::RunReadMergeWrite(steps, &remerges);
  // Even a failed PUT may have reached OrderDesk (a reply lost on the way).
  if (write_attempted) ForgetProducts(call, context.fence, store.id(), {product_id});
  if (!status.ok()) return orderdesk::Fail(call, status);
  if (!reply_has_product) {
    status = FetchProduct(context, call, store, product_id, "product_id", /*fresh=*/true, &replied);
    if (!status.ok()) return orderdesk::Fail(call, status);
  }

  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  store.AddTo(&out);
  out.AddMember("product", rapidjson::Value(replied, a), a);
  std::string names;
  rapidjson::Value changed = ChangedFields(*fields, a, &names);
  out.AddMember("changed_fields", changed, a);
  out.AddMember("remerges", remerges, a);

  std::string text = "Updated product " + DescribeProduct(replied) + " in store " + store.label() +
                     ": " + names + ".";
  if (remerges > 0) {
    text +=
        " It changed in OrderDesk while this update ran, so the change was applied to the "
        "newer version (" +
        std::to_string(remerges) + " re-merge(s)); the other change is kept.";
  }
  return orderdesk::Succeed(call, text, out);
}

}  // namespace

Tool ProductsUpdateTool() {
  ToolSpec spec = orderdesk::Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                                  /*open_world=*/true);
  spec.name = "products_update";
  spec.title = "Update product";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.description =
      "Changes some fields of one product (an OrderDesk inventory item) and keeps every other "
      "field as it is: give the product's id and only the fields to change, e.g. "
      "{\"product_id\": 2001, \"fields\": {\"price\": 12.5, \"stock\": 40}}. metadata and "
      "variation_list merge key by key (a key set to null is removed); null clears any other "
      "field, except name and code, which OrderDesk requires. OrderDesk replaces a product "
      "whole on update, so this tool reads it, merges the change in, reads it again just "
      "before writing and, if someone else changed it meanwhile, merges again onto the newer "
      "version so no change is lost: three OrderDesk requests (read, re-read, PUT), two when "
      "the product was read in the last minute, more if it keeps changing. For many products "
      "use products_batch_update. Acts on `store` if given, else the session's active store, "
      "else the default store.";
  spec.input_schema = std::string(R"({"type":"object","properties":{"store":)") +
                      orderdesk::kStorePropertySchema + R"(,"product_id":)" + kProductIdSchema +
                      R"(,"fields":)" +
                      ProductFieldsSchema(
                          "The fields to change, and only those; the others "
                          "keep their values.") +
                      R"(},"required":["product_id","fields"],"additionalProperties":false})";
  spec.output_schema = std::string(R"({"type":"object","properties":{)") + orderdesk::kChosenStoreProperties +
                       R"(,"product":)" + kProductSchema + R"(,
      "changed_fields":{"type":"array","items":{"type":"string"},"description":"The fields the update set."},
      "remerges":{"type":"integer","description":"How many times the change was merged again because the product changed in OrderDesk meanwhile."}},
      "required":[)" + orderdesk::kChosenStoreRequired +
                       R"(,"product","changed_fields","remerges"]})";
  return {spec, &Run};
}

}  // namespace odmcp::products
