#include "tests/integration/products/products_world.h"

#include <string_view>

namespace odmcp::testing {
namespace {

const rapidjson::Value& NullValue() {
  static const rapidjson::Value kNull;
  return kNull;
}

WorldOptions ProductsOptions(const std::string& product_settings) {
  WorldOptions options;
  options.plugins = {{"products", product_settings}};
  return options;
}

}  // namespace

ProductsWorld::ProductsWorld(const std::string& product_settings)
    : world_(ProductsOptions(product_settings)) {
  key_ = world_.CreateTenant("merchant");
  host_ = world_.StartHttp();
  if (host_->url().empty()) {
    failure_ = "the host did not start: " + host_->Stderr();
    return;
  }
  http_ = std::make_unique<McpHttp>(host_->url());
  sandbox_api_ = std::make_unique<sandbox::testing::ApiClient>(world_.sandbox_url(),
                                                               sandbox::testing::DemoStore());
  ToolReply registered = Call(
      "stores_register", std::string(R"({"store_id":"1001","api_key":")") + kDemoApiKey + R"("})");
  if (registered.is_error() || registered.http_status != 200) {
    failure_ = "registering the demo store failed: " + registered.body;
  }
}

ToolReply ProductsWorld::Call(const std::string& tool, const std::string& args_json) {
  return CallTool(*http_, key_, tool, args_json);
}

rapidjson::Document ProductsWorld::ListTools() {
  httplib::Headers headers = StatelessHeaders("tools/list");
  headers.emplace("Authorization", "Bearer " + key_);
  httplib::Result reply = http_->Post(StatelessRequest("1", "tools/list"), headers);
  rapidjson::Document result;
  if (!reply) {
    ADD_FAILURE() << "tools/list got no reply";
    return result;
  }
  rapidjson::Document body = ParseJson(reply->body);
  if (body.IsObject() && body.HasMember("result")) {
    result.CopyFrom(body["result"], result.GetAllocator());
  } else {
    ADD_FAILURE() << "tools/list failed: " << reply->body;
  }
  return result;
}

sandbox::testing::Reply ProductsWorld::SandboxGet(const std::string& path) {
  return sandbox_api_->Get("/api/v2" + path);
}

sandbox::testing::Reply ProductsWorld::SandboxItem(int64_t id) {
  return SandboxGet("/inventory-items/" + std::to_string(id));
}

sandbox::testing::Reply ProductsWorld::SandboxPut(int64_t id, const std::string& item_json) {
  return sandbox_api_->Put("/api/v2/inventory-items/" + std::to_string(id), item_json);
}

RouteCounts ProductsWorld::Routes() {
  RouteCounts counts;
  sandbox::testing::Reply stats = sandbox_api_->Get("/_sandbox/stats");
  EXPECT_EQ(stats.status, 200) << stats.body;
  if (!stats.json.IsObject() || !stats.json.HasMember("stores")) return counts;
  const rapidjson::Value& stores = stats.json["stores"];
  if (!stores.HasMember("1001")) return counts;
  for (const auto& route : stores["1001"]["routes"].GetObject()) {
    counts[route.name.GetString()] = route.value.GetInt64();
  }
  return counts;
}

int64_t ProductsWorld::Writes(const RouteCounts& routes) {
  int64_t writes = 0;
  for (const auto& [route, count] : routes) {
    const std::string_view label(route);
    if (label.rfind("POST ", 0) == 0 || label.rfind("PUT ", 0) == 0 ||
        label.rfind("DELETE ", 0) == 0) {
      writes += count;
    }
  }
  return writes;
}

int64_t ProductsWorld::Count(const RouteCounts& routes, const std::string& route) {
  auto it = routes.find(route);
  return it == routes.end() ? 0 : it->second;
}

const rapidjson::Value& Structured(const ToolReply& reply) {
  if (!reply.json.IsObject() || !reply.json.HasMember("structuredContent")) return NullValue();
  return reply.json["structuredContent"];
}

const rapidjson::Value& SandboxProduct(const sandbox::testing::Reply& reply) {
  if (!reply.json.IsObject() || !reply.json.HasMember("inventory_item")) return NullValue();
  return reply.json["inventory_item"];
}

std::string MemberJson(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key)) return "<absent>";
  return sandbox::testing::ToJson(object[key]);
}

}  // namespace odmcp::testing
