#include "plugins/common/settings.h"

namespace odmcp::orderdesk {
namespace {

constexpr std::string_view kBaseUrl = "base_url";

std::string KnownKeys(const std::vector<IntegerSetting>& integers) {
  std::string keys(kBaseUrl);
  for (const IntegerSetting& setting : integers) keys += ", " + setting.key;
  return keys;
}

}  // namespace

Status ParseSettings(std::string_view plugin, const rapidjson::Value& settings,
                     ClientSettings* client, std::vector<IntegerSetting>* integers) {
  if (!settings.IsObject()) {
    return Status(ODMCP_INVALID_ARGUMENT, "the " + std::string(plugin) +
                                              " plugin's settings must be a table (a JSON object)");
  }
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
    IntegerSetting* known = nullptr;
    for (IntegerSetting& setting : *integers) {
      if (setting.key == key) known = &setting;
    }
    if (known == nullptr) {
      return Status(ODMCP_INVALID_ARGUMENT, "unknown setting \"" + std::string(key) + "\" (the " +
                                                std::string(plugin) + " plugin knows " +
                                                KnownKeys(*integers) + ")");
    }
    if (!value.IsInt64() || value.GetInt64() < known->min || value.GetInt64() > known->max) {
      return Status(ODMCP_INVALID_ARGUMENT, "setting " + known->key +
                                                " must be an integer from " +
                                                std::to_string(known->min) + " to " +
                                                std::to_string(known->max));
    }
    known->value = value.GetInt64();
  }
  return Status::Ok();
}

}  // namespace odmcp::orderdesk
