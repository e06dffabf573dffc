// shipments_batch_add: adds shipments to many orders in one request.
#include <vector>

#include "plugins/orders/order_data.h"
#include "plugins/orders/order_schema.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const rapidjson::Value& shipments = args["shipments"];
  rapidjson::Document body(rapidjson::kArrayType);
  std::vector<std::string> order_ids;
  for (const rapidjson::Value& shipment : shipments.GetArray()) {
    rapidjson::Value element(shipment, body.GetAllocator());
    order_ids.push_back(IdText(Member(shipment, "order_id")));
    body.PushBack(element, body.GetAllocator());
  }
  orderdesk::Request request;
  request.method = "POST";
  request.path = "/batch-shipments";
  request.body = ToJson(body);
  request.subject = "order of the batch";
  rapidjson::Document envelope;
  if (Status status = SendWrite(context, call, store.access(), request, order_ids, &envelope);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  rapidjson::Value results(rapidjson::kArrayType);
  int added = 0;
  std::string details;
  if (const rapidjson::Value* replies = Member(envelope, "results");
      replies != nullptr && replies->IsArray()) {
    for (const rapidjson::Value& reply : replies->GetArray()) {
      const bool ok = GetString(reply, "status").value_or("") == "success";
      if (ok) ++added;
      rapidjson::Value result(rapidjson::kObjectType);
      const std::string order_id = IdText(Member(reply, "order_id"));
      const std::string message(GetString(reply, "message").value_or(""));
      result.AddMember("order_id", JsonString(order_id, a), a);
      result.AddMember("added", ok, a);
      result.AddMember("message", JsonString(message, a), a);
      const std::string shipment_id = IdText(Member(reply, "shipment_id"));
      if (!shipment_id.empty()) result.AddMember("shipment_id", JsonString(shipment_id, a), a);
      results.PushBack(result, a);
      details += "\norder " + order_id + ": " + message +
                 (shipment_id.empty() ? "" : " (shipment " + shipment_id + ")");
    }
  }
  out.AddMember("added", added, a);
  out.AddMember("results", results, a);
  return Succeed(call,
                 StoreText(store) + ": added " + std::to_string(added) + " of " +
                     Count(shipments.Size(), "shipment", "shipments") + "." + details,
                 out);
}

}  // namespace

Tool ShipmentsBatchAddTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/false,
                       /*open_world=*/true);
  spec.name = "shipments_batch_add";
  spec.title = "Add shipments to many orders";
  spec.description =
      "Adds up to 100 shipments, to one or many orders, in a single OrderDesk request (POST "
      "/batch-shipments): each needs the order's id and a tracking number (\"n/a\" when there "
      "is none). If any order does not exist, or an element is invalid, OrderDesk adds none of "
      "them; a shipment equal to one its order already has is skipped and reported, the "
      "others are added. Reports the result per shipment. Costs one OrderDesk request. Acts on "
      "`store` if given, else the session's active store, else the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(
      R"("shipments":{"type":"array","minItems":1,"maxItems":100,"items":{"type":"object",)"
      R"("properties":{"order_id":)" +
          IdSchema("The order's OrderDesk id.") + "," +
          ShipmentFieldProperties(SchemaUse::kCreate) +
          R"(},"required":["order_id","tracking_number"],"additionalProperties":false},)"
          R"("description":"The shipments to add."})",
      R"("shipments")");
  spec.output_schema = OutputSchema(
      R"("added":{"type":"integer","description":"How many shipments were added."},)"
      R"("results":{"type":"array","items":{"type":"object","properties":{)"
      R"("order_id":{"type":"string"},"added":{"type":"boolean"},)"
      R"("message":{"type":"string","description":"OrderDesk's own words."},)"
      R"("shipment_id":{"type":"string"}},"required":["order_id","added","message"]}})",
      R"("added","results")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
