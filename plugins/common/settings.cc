#include "plugins/common/settings.h"

namespace odmcp::orderdesk {
namespace {

constexpr std::string_view kBaseUrl = "base_url";

std::string KnownKeys(const std::vector<IntegerSetting>& shared,
                      const std::vector<IntegerSetting>& integers) {
  std::string keys(kBaseUrl);
  for (const auto* list : {&shared, &integers}) {
    for (const IntegerSetting& setting : *list) keys += ", " + setting.key;
  }
  return keys;
}

IntegerSetting* Find(std::vector<IntegerSetting>* settings, std::string_view key) {
  for (IntegerSetting& setting : *settings) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

}  // namespace

Status ParseSettings(std::string_view plugin, const rapidjson::Value& settings,
                     ClientSettings* client, std::vector<IntegerSetting>* integers) {
  if (!settings.IsObject()) {
    return Status(ODMCP_INVALID_ARGUMENT, "the " + std::string(plugin) +
                                              " plugin's settings must be a table (a JSON object)");
  }
  // The shared integers are read and checked as the plugin's own are.
  std::vector<IntegerSetting> shared = {
      {"upstream_burst", 1, kMaxUpstreamLimit, client->upstream.burst},
      {"upstream_per_second", 1, kMaxUpstreamLimit, client->upstream.per_second}};
  for (const auto& member : settings.GetObject()) {
    const std::string_view key(member.name.GetString(), member.name.GetStringLength());
    const rapidjson::Value& value = member.value;
    if (key == kBaseUrl) {
      const std::string_view url = value.IsString()
                                       ? std::string_view(value.GetString(), value.GetStringLength())
                                       : std::string_view();
      if (!IsValidBaseUrl(url)) {
        return Status(ODMCP_INVALID_ARGUMENT,
                      "setting base_url must be an http or https URL without a query, such as \"" +
                          std::string(kDefaultBaseUrl) + "\"");
      }
      client->base_url.assign(url);
      continue;
    }
    IntegerSetting* known = Find(&shared, key);
    if (known == nullptr) known = Find(integers, key);
    if (known == nullptr) {
      return Status(ODMCP_INVALID_ARGUMENT, "unknown setting \"" + std::string(key) + "\" (the " +
                                                std::string(plugin) + " plugin knows " +
                                                KnownKeys(shared, *integers) + ")");
    }
    if (!value.IsInt64() || value.GetInt64() < known->min || value.GetInt64() > known->max) {
      return Status(ODMCP_INVALID_ARGUMENT, "setting " + known->key +
                                                " must be an integer from " +
                                                std::to_string(known->min) + " to " +
                                                std::to_string(known->max));
    }
    known->value = value.GetInt64();
  }
  client->upstream.burst = shared[0].value;
  client->upstream.per_second = shared[1].value;
  return Status::Ok();
}

}  // namespace odmcp::orderdesk
