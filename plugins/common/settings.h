// Validating an OrderDesk plugin's settings (its [plugins.<name>.settings]
// table, handed to init as a JSON object).
//
// A typo in a setting should stop the plugin with a message naming the key,
// not be ignored, so unknown keys and wrong types are errors.
#ifndef ODMCP_PLUGINS_COMMON_SETTINGS_H_
#define ODMCP_PLUGINS_COMMON_SETTINGS_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/status.h"
#include "plugins/common/url.h"

namespace odmcp::orderdesk {

// An integer setting of one plugin: its key, its bounds (inclusive), and its
// value: the default before ParseSettings, the configured value after.
struct IntegerSetting {
  std::string key;
  int64_t min;
  int64_t max;
  int64_t value;
};

// The most upstream_burst and upstream_per_second may be: far beyond what any
// upstream serves a store, so a larger number is a typo.
inline constexpr int64_t kMaxUpstreamLimit = 1000000;

// The settings every OrderDesk plugin shares.
struct ClientSettings {
  // base_url: the API root, http or https (the sandbox is plain http).
  std::string base_url = std::string(kDefaultBaseUrl);
  // upstream_burst, upstream_per_second (integers, 1..kMaxUpstreamLimit): the
  // shared rate-limit bucket of each store (client.h).
  UpstreamLimit upstream;
};

// Reads settings (for the plugin named plugin) into *client and the values of
// *integers. Returns INVALID_ARGUMENT, naming the key, for a key that is
// neither one of ClientSettings' nor one of *integers, or a value of the
// wrong type or out of bounds; the outputs are then unspecified.
Status ParseSettings(std::string_view plugin, const rapidjson::Value& settings,
                     ClientSettings* client, std::vector<IntegerSetting>* integers);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_SETTINGS_H_
