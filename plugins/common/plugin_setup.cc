#include "plugins/common/plugin_setup.h"

namespace odmcp::orderdesk {

Status SetUpClient(const Host& host, std::string_view plugin, const rapidjson::Value& settings,
                   std::vector<IntegerSetting>* integers, std::optional<OrderDeskClient>* client) {
  ClientSettings parsed;
  Status status = ParseSettings(plugin, settings, &parsed, integers);
  bool rate_limited = false;
  if (status.ok()) {
    status = OrderDeskClient::DeclareRateLimit(host, parsed.upstream, &rate_limited);
  }
  if (!status.ok()) return status;
  if (!rate_limited) {
    host.Log(ODMCP_LOG_WARNING,
             "this host has no rate limiter: requests to OrderDesk are not paced, and "
             "OrderDesk's own 429 replies are the only limit");
  }
  client->emplace(parsed.base_url,
                  rate_limited ? std::optional<UpstreamLimit>(parsed.upstream) : std::nullopt);
  return Status::Ok();
}

}  // namespace odmcp::orderdesk
