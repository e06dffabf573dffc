#include "tests/integration/http_client/sandbox_fixture.h"

#include <utility>

namespace odmcp::testing {

using sandbox::testing::DemoStore;
using sandbox::testing::Reply;

SandboxFixture::SandboxFixture(sandbox::SandboxOptions options)
    : sandbox_(std::move(options)), control_(sandbox_.base_url()), demo_(sandbox_.base_url(), DemoStore()) {}

void SandboxFixture::SetFaults(const std::string& json) {
  const Reply reply = control_.Post("/_sandbox/faults", json);
  ASSERT_EQ(reply.status, 200) << json << ": " << reply.body;
}

rapidjson::Document SandboxFixture::Stats() {
  Reply reply = control_.Get("/_sandbox/stats");
  EXPECT_EQ(reply.status, 200) << reply.body;
  return std::move(reply.json);
}

int64_t SandboxFixture::RouteCount(const std::string& route) {
  const rapidjson::Document stats = Stats();
  const auto store = stats["stores"].FindMember(sandbox::kDemoStoreId);
  if (store == stats["stores"].MemberEnd()) return 0;
  const auto count = store->value["routes"].FindMember(route.c_str());
  return count == store->value["routes"].MemberEnd() ? 0 : count->value.GetInt64();
}

int64_t SandboxFixture::FaultCount(const std::string& kind) {
  return Stats()["faults_injected"][kind.c_str()].GetInt64();
}

int64_t SandboxFixture::ResponseCount(int status) {
  const rapidjson::Document stats = Stats();
  const auto count = stats["responses"].FindMember(std::to_string(status).c_str());
  return count == stats["responses"].MemberEnd() ? 0 : count->value.GetInt64();
}

std::string SandboxFixture::FirstOrderId() {
  const Reply reply = demo_.Get("/api/v2/orders?limit=1");
  EXPECT_EQ(reply.status, 200) << reply.body;
  return sandbox::testing::StringField(reply.json["orders"][0], "id");
}

HttpRequest SandboxFixture::DemoRequest(const std::string& method, const std::string& path, const std::string& body) {
  HttpRequest request;
  request.method = method;
  request.url = sandbox_.base_url() + path;
  request.headers = {{"ORDERDESK-STORE-ID", sandbox::kDemoStoreId},
                     {"ORDERDESK-API-KEY", sandbox::kDemoStoreApiKey},
                     {"Content-Type", "application/json"}};
  request.body = body;
  return request;
}

std::string SandboxFixture::NewOrderBody(const std::string& source_id) {
  return R"({"source_name": "Shopify", "source_id": ")" + source_id +
         R"(", "email": "buyer@example.com",
            "shipping": {"first_name": "Ada", "last_name": "Lovelace", "address1": "1 Main St",
                         "city": "Nashville", "state": "TN", "postal_code": "37201", "country": "US"},
            "order_items": [{"name": "Mug", "price": 12.5, "quantity": 2}]})";
}

}  // namespace odmcp::testing
