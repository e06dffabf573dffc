#include "plugins/orders/order_summary.h"

#include <odmcp/plugin.hpp>

#include <cstdio>
#include <cstdlib>

#include "plugins/common/text.h"
#include "plugins/orders/folders.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

// A number OrderDesk may write as a number or a numeric string; null else.
rapidjson::Value Number(const rapidjson::Value* value) {
  if (value != nullptr && value->IsNumber()) {
    return value->IsInt64() ? rapidjson::Value(value->GetInt64())
                            : rapidjson::Value(value->GetDouble());
  }
  if (value != nullptr && value->IsString() && value->GetStringLength() > 0) {
    char* end = nullptr;
    const double parsed = std::strtod(value->GetString(), &end);
    if (end != nullptr && *end == '\0') return rapidjson::Value(parsed);
  }
  return rapidjson::Value(rapidjson::kNullType);
}

std::string Text(const rapidjson::Value& object, const char* key) {
  return std::string(GetString(object, key).value_or(""));
}

// "First Last", else the company, else "".
std::string PersonName(const rapidjson::Value* address) {
  if (address == nullptr || !address->IsObject()) return "";
  std::string name = std::string(
      orderdesk::TrimWhitespace(Text(*address, "first_name") + " " + Text(*address, "last_name")));
  return name.empty() ? Text(*address, "company") : name;
}

}  // namespace

rapidjson::Value OrderSummary(const rapidjson::Value& order, const orderdesk::StoreInfo& info,
                              rapidjson::Document::AllocatorType& a) {
  rapidjson::Value summary(rapidjson::kObjectType);
  auto text = [&](const char* key) {
    summary.AddMember(rapidjson::StringRef(key), JsonString(Text(order, key), a), a);
  };
  summary.AddMember("id", JsonString(IdText(Member(order, "id")), a), a);
  text("source_id");
  text("date_added");
  text("date_updated");
  const std::string folder_id = IdText(Member(order, "folder_id"));
  rapidjson::Value folder = Number(Member(order, "folder_id"));
  summary.AddMember("folder_id",
                    folder.IsNumber() ? rapidjson::Value(static_cast<int64_t>(folder.GetDouble()))
                                      : rapidjson::Value(rapidjson::kNullType),
                    a);
  summary.AddMember("folder_name", JsonString(FolderName(info, folder_id), a), a);
  summary.AddMember("customer_name", JsonString(PersonName(Member(order, "customer")), a), a);
  summary.AddMember("shipping_name", JsonString(PersonName(Member(order, "shipping")), a), a);
  text("email");
  summary.AddMember("order_total", Number(Member(order, "order_total")), a);
  const rapidjson::Value* items = Member(order, "order_items");
  summary.AddMember("item_count",
                    items != nullptr && items->IsArray() ? static_cast<int64_t>(items->Size()) : 0,
                    a);
  text("payment_status");
  if (const rapidjson::Value* history = Member(order, "order_history");
      history != nullptr && history->IsArray()) {
    summary.AddMember("order_history", rapidjson::Value(*history, a), a);
  }
  return summary;
}

std::string OrderLine(const rapidjson::Value& summary) {
  std::string name = Text(summary, "customer_name");
  if (name.empty()) name = Text(summary, "shipping_name");
  std::string total = "no total";
  if (const rapidjson::Value* value = Member(summary, "order_total");
      value != nullptr && value->IsNumber()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value->GetDouble());
    total = buffer;
  }
  const int64_t items = GetInt64(summary, "item_count").value_or(0);
  std::string folder = Text(summary, "folder_name");
  if (folder.empty()) folder = "folder " + IdText(Member(summary, "folder_id"));
  return Text(summary, "id") + " | " + Text(summary, "date_added") + " | " +
         (name.empty() ? "(no name)" : name) + " | " + Text(summary, "email") + " | " + total +
         " | " + Count(static_cast<size_t>(items), "item", "items") + " | " + folder;
}

}  // namespace odmcp::orders
