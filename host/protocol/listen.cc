#include "host/protocol/listen.h"

#include "host/common/json.h"

namespace odmcp {

bool ListenFilter::Wants(const Change& change) const {
  switch (change.kind) {
    case ChangeKind::kToolsList:
      return tools;
    case ChangeKind::kPromptsList:
      return prompts;
    case ChangeKind::kResourcesList:
      return resources;
    case ChangeKind::kResourceUpdated:
      return resource_uris.find(change.uri) != resource_uris.end();
  }
  return false;
}

std::optional<RpcError> ReadListenFilter(const Request& request, ListenFilter* filter) {
  auto invalid = [](std::string message) {
    return RpcError{rpc::kInvalidParams, "Invalid params: " + std::move(message), {}};
  };
  const rapidjson::Value* notifications =
      request.params == nullptr ? nullptr : FindMember(*request.params, "notifications");
  if (notifications == nullptr) return std::nullopt;  // listens to nothing, but may
  if (!notifications->IsObject()) {
    return invalid("\"notifications\" must be an object such as {\"toolsListChanged\": true}");
  }
  for (auto [key, flag] : {std::pair{"toolsListChanged", &filter->tools},
                           std::pair{"promptsListChanged", &filter->prompts},
                           std::pair{"resourcesListChanged", &filter->resources}}) {
    const rapidjson::Value* value = FindMember(*notifications, key);
    if (value == nullptr) continue;
    if (!value->IsBool()) return invalid("\"notifications." + std::string(key) + "\" must be a boolean");
    *flag = value->GetBool();
  }
  if (const rapidjson::Value* uris = FindMember(*notifications, "resourceSubscriptions")) {
    if (!uris->IsArray()) {
      return invalid("\"notifications.resourceSubscriptions\" must be an array of resource URIs");
    }
    for (const rapidjson::Value& uri : uris->GetArray()) {
      if (!uri.IsString()) {
        return invalid("\"notifications.resourceSubscriptions\" must hold URI strings only");
      }
      filter->resource_uris.emplace(AsView(uri));
    }
  }
  return std::nullopt;
}

std::string ListenAcknowledgement(const ListenFilter& filter, std::string_view id_json) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "jsonrpc", "2.0");
  WriteKeyString(w, "method", "notifications/subscriptions/acknowledged");
  w.Key("params");
  w.StartObject();
  w.Key("notifications");
  w.StartObject();
  for (auto [key, flag] : {std::pair{"toolsListChanged", filter.tools},
                           std::pair{"promptsListChanged", filter.prompts},
                           std::pair{"resourcesListChanged", filter.resources}}) {
    if (!flag) continue;
    w.Key(key);
    w.Bool(true);
  }
  if (!filter.resource_uris.empty()) {
    w.Key("resourceSubscriptions");
    w.StartArray();
    for (const std::string& uri : filter.resource_uris) WriteString(w, uri);
    w.EndArray();
  }
  w.EndObject();
  w.Key("_meta");
  w.StartObject();
  w.Key("io.modelcontextprotocol/subscriptionId");
  WriteRaw(w, id_json);
  w.EndObject();
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace odmcp
