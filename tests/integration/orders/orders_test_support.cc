#include "tests/integration/orders/orders_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace odmcp::testing {

int SandboxStats::Route(const std::string& route) const {
  const rapidjson::Value* stores =
      stats_.IsObject() && stats_.HasMember("stores") ? &stats_["stores"] : nullptr;
  if (stores == nullptr || !stores->HasMember("1001")) return 0;
  const rapidjson::Value& routes = (*stores)["1001"]["routes"];
  return routes.HasMember(route.c_str()) ? routes[route.c_str()].GetInt() : 0;
}

int SandboxStats::Writes() const {
  if (!stats_.IsObject() || !stats_.HasMember("stores") || !stats_["stores"].HasMember("1001"))
    return 0;
  int writes = 0;
  for (const auto& route : stats_["stores"]["1001"]["routes"].GetObject()) {
    if (std::string(route.name.GetString()).rfind("GET ", 0) != 0) writes += route.value.GetInt();
  }
  return writes;
}

int SandboxStats::Responses(const std::string& status) const {
  if (!stats_.IsObject() || !stats_.HasMember("responses")) return 0;
  const rapidjson::Value& responses = stats_["responses"];
  return responses.HasMember(status.c_str()) ? responses[status.c_str()].GetInt() : 0;
}

int SandboxStats::FaultsInjected(const std::string& kind) const {
  if (!stats_.IsObject() || !stats_.HasMember("faults_injected")) return 0;
  const rapidjson::Value& faults = stats_["faults_injected"];
  return faults.HasMember(kind.c_str()) ? faults[kind.c_str()].GetInt() : 0;
}

std::string SandboxStats::Text() const { return Json(stats_); }

WorldOptions SeededWith(int64_t orders_per_store, bool sandbox_rate_limit) {
  WorldOptions options;
  options.orders_per_store = orders_per_store;
  options.sandbox_rate_limit = sandbox_rate_limit;
  return options;
}

OrdersWorld::OrdersWorld(WorldOptions options, const std::string& order_settings) {
  options.plugins.emplace("orders", order_settings);
  world_ = std::make_unique<TenantWorld>(options);
  key_ = world_->CreateTenant("merchant");
  host_ = world_->StartHttp();
  EXPECT_FALSE(host_->url().empty()) << host_->Stderr();
  http_ = std::make_unique<McpHttp>(host_->url());
  // Rate-limited calls may wait tens of seconds for OrderDesk tokens.
  http_->client().set_read_timeout(120, 0);
  api_ = std::make_unique<sandbox::testing::ApiClient>(world_->sandbox_url(),
                                                       sandbox::testing::DemoStore());
  Ok("stores_register", std::string(R"({"store_id":"1001","api_key":")") + kDemoApiKey + R"("})");
}

ToolReply OrdersWorld::Call(const std::string& tool, const std::string& args_json) {
  ToolReply reply = CallTool(*http_, key_, tool, args_json);
  EXPECT_EQ(reply.http_status, 200) << tool << ": " << reply.body;
  EXPECT_TRUE(reply.json.IsObject() && reply.json.HasMember("content"))
      << tool << ": " << reply.body;
  return reply;
}

rapidjson::Document OrdersWorld::Ok(const std::string& tool, const std::string& args_json) {
  ToolReply reply = Call(tool, args_json);
  rapidjson::Document structured;
  EXPECT_FALSE(reply.is_error()) << tool << " " << args_json << ": " << reply.body;
  if (reply.json.IsObject() && reply.json.HasMember("structuredContent")) {
    structured.CopyFrom(reply.json["structuredContent"], structured.GetAllocator());
  }
  return structured;
}

rapidjson::Document OrdersWorld::SandboxOrder(const std::string& id) {
  sandbox::testing::Reply reply = api_->Get("/api/v2/orders/" + id);
  EXPECT_EQ(reply.status, 200) << reply.body;
  rapidjson::Document order;
  if (reply.json.IsObject() && reply.json.HasMember("order")) {
    order.CopyFrom(reply.json["order"], order.GetAllocator());
  }
  return order;
}

rapidjson::Document OrdersWorld::SandboxOrderIds() {
  std::vector<std::string> ids;
  for (const rapidjson::Document& order : sandbox::testing::FetchAllOrders(*api_)) {
    ids.push_back(order["id"].GetString());
  }
  std::sort(ids.begin(), ids.end());
  rapidjson::Document list(rapidjson::kArrayType);
  for (const std::string& id : ids) {
    list.PushBack(rapidjson::Value(id.c_str(), list.GetAllocator()), list.GetAllocator());
  }
  return list;
}

std::multiset<std::string> OrdersWorld::SandboxSourceIds() {
  std::multiset<std::string> sources;
  for (const rapidjson::Document& order : sandbox::testing::FetchAllOrders(*api_)) {
    sources.insert(order["source_id"].GetString());
  }
  return sources;
}

void OrdersWorld::SandboxPut(const std::string& id, const rapidjson::Value& order) {
  sandbox::testing::Reply reply = api_->Put("/api/v2/orders/" + id, Json(order));
  EXPECT_EQ(reply.status, 200) << reply.body;
}

SandboxStats OrdersWorld::Stats() {
  sandbox::testing::ApiClient control(world_->sandbox_url());
  sandbox::testing::Reply reply = control.Get("/_sandbox/stats");
  EXPECT_EQ(reply.status, 200) << reply.body;
  return SandboxStats(std::move(reply.json));
}

void OrdersWorld::SetSandboxFaults(const std::string& json) {
  sandbox::testing::ApiClient control(world_->sandbox_url());
  sandbox::testing::Reply reply = control.Post("/_sandbox/faults", json);
  ASSERT_EQ(reply.status, 200) << json << ": " << reply.body;
}

int OrdersWorld::DrainSandboxBucket() {
  for (int sent = 1; sent <= 1000; ++sent) {
    if (api_->Get("/api/v2/store").status == 429) return sent;
  }
  ADD_FAILURE() << "the sandbox never answered 429: is its rate limit on?";
  return 0;
}

std::string OrdersWorld::FolderId(const std::string& name) {
  sandbox::testing::Reply reply = api_->Get("/api/v2/store");
  EXPECT_EQ(reply.status, 200) << reply.body;
  for (const auto& folder : reply.json["store"]["folders"].GetObject()) {
    if (name == folder.value.GetString()) return folder.name.GetString();
  }
  ADD_FAILURE() << "no folder " << name << " in " << reply.body;
  return "";
}

std::string Json(const rapidjson::Value& value) { return sandbox::testing::ToJson(value); }

}  // namespace odmcp::testing
