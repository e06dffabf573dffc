// orders_history: an order's history log, through the cache.
#include "plugins/common/url.h"
#include "plugins/orders/order_data.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

constexpr size_t kEntriesInText = 20;

// GET /orders/{id}?get_order_history=1 (OrderDesk documents the flag for
// GET /orders; the sandbox, like the API's behaviour for one order, honours
// it on GET /orders/{id}), keeping only the history.
Status FetchHistory(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                    const std::string& order_id, rapidjson::Document* history) {
  orderdesk::Request request;
  request.path = "/orders/" + orderdesk::PercentEncode(order_id);
  request.query = {{"get_order_history", "1"}};
  request.subject = "order " + order_id;
  rapidjson::Document envelope;
  Status status = context.client.Send(call, access, request, &envelope);
  if (!status.ok()) return status;
  const rapidjson::Value* order = Member(envelope, "order");
  const rapidjson::Value* entries = order != nullptr ? Member(*order, "order_history") : nullptr;
  history->SetArray();
  if (entries != nullptr && entries->IsArray()) {
    history->CopyFrom(*entries, history->GetAllocator());
  }
  return Status::Ok();
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  rapidjson::Document history;
  bool from_cache = false;
  Status status = ReadThrough(
      context, call, store.access().store_id,
      OrderKeyPrefix(store.access().store_id, order_id) + "history", context.order_ttl_ms,
      [&](rapidjson::Document* value) {
        return FetchHistory(context, call, store.access(), order_id, value);
      },
      &history, &from_cache);
  if (!status.ok()) return orderdesk::Fail(call, NotFoundAt(status, "order_id"));

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("order_id", JsonString(order_id, a), a);
  out.AddMember("cached", from_cache, a);
  out.AddMember("order_history", rapidjson::Value(history, a), a);

  std::string text = StoreText(store) + ", order " + order_id + ": " +
                     Count(history.Size(), "history entry", "history entries") + ".";
  // Newest last, as OrderDesk lists them: the text shows the latest ones.
  const rapidjson::SizeType first =
      history.Size() > kEntriesInText
          ? history.Size() - static_cast<rapidjson::SizeType>(kEntriesInText)
          : 0;
  if (first > 0) text += " The latest " + std::to_string(kEntriesInText) + ":";
  for (rapidjson::SizeType i = first; i < history.Size(); ++i) {
    const rapidjson::Value& entry = history[i];
    text += "\n" + std::string(GetString(entry, "date_added").value_or("")) + " [" +
            std::string(GetString(entry, "source_name").value_or("")) + "] " +
            std::string(GetString(entry, "note").value_or(""));
  }
  return Succeed(call, text, out);
}

}  // namespace

Tool OrdersHistoryTool() {
  ToolSpec spec = Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "orders_history";
  spec.title = "Order history";
  spec.description =
      "Reads an order's history log: what happened to it and when (folder moves, e-mails "
      "sent, rules run, entries added by integrations or orders_add_note with to "
      "\"history\"). The notes staff write are on the order itself (orders_get). Costs one "
      "OrderDesk request, or none when read in the last seconds. Acts on `store` if given, "
      "else the session's active store, else the default store.";
  spec.input_schema =
      InputSchema(R"("order_id":)" + IdSchema("The order's OrderDesk id."), R"("order_id")");
  spec.output_schema =
      OutputSchema(R"("order_id":{"type":"string"},"cached":{"type":"boolean"},)"
                   R"("order_history":{"type":"array","items":{"type":"object","properties":{)"
                   R"("date_added":{"type":"string"},"source_name":{"type":"string"},)"
                   R"("note":{"type":"string"}}},"description":"Oldest first."})",
                   R"("order_id","cached","order_history")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
