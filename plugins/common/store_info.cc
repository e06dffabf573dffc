#include "plugins/common/store_info.h"

#include <algorithm>
#include <string_view>

#include "plugins/common/text.h"

namespace odmcp::orderdesk {
namespace {

// Settings a model may see. Everything else is left out, above all api_key
// and the smtp_* credentials that OrderDesk returns with the rest.
constexpr std::string_view kSharedSettings[] = {
    "timezone",        "locale_code",       "store_country", "store_url",
    "store_email",     "admin_email",       "date_format",   "short_date_format",
    "orders_per_page", "all_orders_name",   "app_version",
};

bool IsShared(std::string_view key) {
  return std::find(std::begin(kSharedSettings), std::end(kSharedSettings), key) !=
         std::end(kSharedSettings);
}

rapidjson::Value StringValue(std::string_view text, rapidjson::Document::AllocatorType& allocator) {
  return rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

}  // namespace

Status ParseStoreInfo(const rapidjson::Value& envelope, StoreInfo* info) {
  const rapidjson::Value* store = Member(envelope, "store");
  if (store == nullptr || !store->IsObject()) {
    return Status(ODMCP_UNAVAILABLE,
                  "OrderDesk's reply to GET /store has no \"store\" object; try again later.");
  }
  info->name.assign(TrimWhitespace(GetString(*store, "name").value_or("")));

  info->folders.clear();
  // An object mapping folder id to name; PHP prints an empty one as [].
  if (const rapidjson::Value* folders = Member(*store, "folders");
      folders != nullptr && folders->IsObject()) {
    for (const auto& folder : folders->GetObject()) {
      if (!folder.value.IsString()) continue;
      info->folders.push_back(
          {std::string(folder.name.GetString(), folder.name.GetStringLength()),
           std::string(folder.value.GetString(), folder.value.GetStringLength())});
    }
  }
  std::sort(info->folders.begin(), info->folders.end(), [](const Folder& a, const Folder& b) {
    // Numeric order of digit strings: shorter is smaller.
    if (a.id.size() != b.id.size()) return a.id.size() < b.id.size();
    return a.id < b.id;
  });

  info->settings.SetObject();
  auto& allocator = info->settings.GetAllocator();
  if (const rapidjson::Value* settings = Member(*store, "settings");
      settings != nullptr && settings->IsObject()) {
    for (const auto& setting : settings->GetObject()) {
      std::string_view key(setting.name.GetString(), setting.name.GetStringLength());
      const rapidjson::Value& value = setting.value;
      if (!IsShared(key) || !(value.IsString() || value.IsNumber() || value.IsBool())) continue;
      info->settings.AddMember(StringValue(key, allocator), rapidjson::Value(value, allocator),
                               allocator);
    }
  }
  return Status::Ok();
}

rapidjson::Value FoldersJson(const StoreInfo& info, rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value folders(rapidjson::kArrayType);
  for (const Folder& folder : info.folders) {
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("id", StringValue(folder.id, allocator), allocator);
    item.AddMember("name", StringValue(folder.name, allocator), allocator);
    folders.PushBack(item, allocator);
  }
  return folders;
}

Status FetchStoreInfo(const OrderDeskClient& client, Call& call, const StoreAccess& access,
                      StoreInfo* info) {
  Request request;
  request.path = "/store";
  request.subject = "store settings";
  rapidjson::Document envelope;
  Status status = client.Send(call, access, request, &envelope);
  if (!status.ok()) return status;
  return ParseStoreInfo(envelope, info);
}

}  // namespace odmcp::orderdesk
