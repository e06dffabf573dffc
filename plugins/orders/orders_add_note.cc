// orders_add_note: appends a note to an order, once; or an entry to its
// history.
#include "plugins/common/text.h"
#include "plugins/common/url.h"
#include "plugins/orders/order_data.h"
#include "plugins/orders/order_update.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

// POST /orders/{id}/order-history: OrderDesk's append-only log, separate
// from the notes. Sets *history to the order's history afterwards.
Status AddHistoryEntry(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                       const std::string& order_id, std::string_view note,
                       const std::optional<std::string>& username, rapidjson::Document* history) {
  rapidjson::Document body(rapidjson::kObjectType);
  auto& a = body.GetAllocator();
  body.AddMember("note", JsonString(note, a), a);
  if (username.has_value()) body.AddMember("source_name", JsonString(*username, a), a);
  orderdesk::Request request;
  request.method = "POST";
  request.path = "/orders/" + orderdesk::PercentEncode(order_id) + "/order-history";
  request.subject = "order " + order_id;
  request.body = ToJson(body);
  rapidjson::Document envelope;
  Status status = SendWrite(context, call, access, request, {order_id}, &envelope);
  if (!status.ok()) return NotFoundAt(status, "order_id");
  history->SetArray();
  if (const rapidjson::Value* order = Member(envelope, "order")) {
    if (const rapidjson::Value* entries = Member(*order, "order_history");
        entries != nullptr && entries->IsArray()) {
      history->CopyFrom(*entries, history->GetAllocator());
    }
  }
  return Status::Ok();
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  const std::string_view note = orderdesk::TrimWhitespace(GetString(args, "note").value_or(""));
  if (note.empty()) {
    return orderdesk::Fail(
        call, Status(ODMCP_INVALID_ARGUMENT, "note: the note is blank; give its text."));
  }
  const std::optional<std::string> username = orderdesk::OptionalString(args, "username");
  const bool to_history = GetString(args, "to").value_or("notes") == "history";

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  if (to_history) {
    rapidjson::Document history;
    Status status =
        AddHistoryEntry(context, call, store.access(), order_id, note, username, &history);
    if (!status.ok()) return orderdesk::Fail(call, status);
    out.AddMember("order_id", JsonString(order_id, a), a);
    out.AddMember("to", "history", a);
    out.AddMember("added", true, a);
    out.AddMember("order_history", rapidjson::Value(history, a), a);
    return Succeed(call,
                   StoreText(store) + ", order " + order_id + ": added a history entry (" +
                       Count(history.Size(), "entry", "entries") + " now).",
                   out);
  }

  rapidjson::Document fields(rapidjson::kObjectType);
  auto& f = fields.GetAllocator();
  rapidjson::Value entry(rapidjson::kObjectType);
  entry.AddMember("content", JsonString(note, f), f);
  if (username.has_value()) entry.AddMember("username", JsonString(*username, f), f);
  rapidjson::Value notes(rapidjson::kArrayType);
  notes.PushBack(entry, f);
  fields.AddMember("order_notes", notes, f);
  orderdesk::OrderChanges changes;
  changes.fields = &fields;

  OrderUpdate update;
  if (Status status =
          UpdateOrder(context, call, store.access(), order_id, changes, kDefaultNoteAuthor, &update);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  AddUpdateResult(order_id, update, &out);
  const bool added = update.report.notes_added > 0;
  out.AddMember("to", "notes", a);
  out.AddMember("added", added, a);
  std::string text = StoreText(store) + ", order " + order_id + ": ";
  text += added ? "note added"
                : "not added: the order already has this note (compared ignoring case and "
                  "surrounding spaces), so nothing was sent";
  if (update.remerges > 0) text += "; " + UpdateSummary(update);
  return Succeed(call, text + ".", out);
}

}  // namespace

Tool OrdersAddNoteTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/false,
                       /*open_world=*/true);
  spec.name = "orders_add_note";
  spec.title = "Add order note";
  spec.description =
      "Adds a note to an order's notes (shown to staff in OrderDesk), once: a note whose text "
      "is already on the order, ignoring case and surrounding spaces, is reported as not "
      "added, so repeating the call is safe. Nothing else on the order changes. Costs 2 "
      "OrderDesk requests (a read and the save; only the read for a duplicate), plus one read "
      "each time the order changed meanwhile. With to \"history\" it appends an entry to the "
      "order's history log instead (one request; the history is append-only and is not "
      "de-duplicated). Acts on `store` if given, else the session's active store, else the "
      "default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(
      R"("order_id":)" + IdSchema("The order's OrderDesk id.") +
          R"(,"note":{"type":"string","minLength":1,"maxLength":1800,"description":"The note's )"
          R"(text (OrderDesk truncates notes near 2,000 characters)."},)"
          R"("username":{"type":"string","minLength":1,"maxLength":100,"description":"Who the )"
          R"(note is from; default orderdesk-mcp. For history, the entry's source name )"
          R"((default API)."},)"
          R"("to":{"type":"string","enum":["notes","history"],"default":"notes",)"
          R"("description":"notes (default): the order's notes; history: its history log."})",
      R"("order_id","note")");
  spec.output_schema = OutputSchema(
      std::string(kUpdateResultProperties) +
          R"(,"to":{"type":"string","enum":["notes","history"]},)"
          R"("added":{"type":"boolean","description":"False when the note was already there."},)"
          R"("order_history":{"type":"array",)"
          R"("description":"The history afterwards (to history)."})",
      R"("order_id","to","added")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
