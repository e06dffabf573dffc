// Copyright 2026 The orderdesk-mcp Authors.

#include "tests/sandbox/sandbox_test_support.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace odmcp::sandbox::testing {

SandboxOptions TestOptions() {
  SandboxOptions options;
  options.seed = 7;
  options.orders_per_store = 300;
  options.products_per_store = 30;
  options.rate_limit = false;
  options.threads = 16;
  return options;
}

StoreConfig DemoStore() { return {kDemoStoreId, kDemoStoreApiKey, kDemoStoreName}; }

TestSandbox::TestSandbox(SandboxOptions options) {
  std::string error;
  sandbox_ = Sandbox::Create(std::move(options), &error);
  if (sandbox_ == nullptr || !sandbox_->Bind(&error)) {
    ADD_FAILURE() << "sandbox did not start: " << error;
    std::abort();
  }
  sandbox_->Start();
  base_url_ = sandbox_->base_url();
}

TestSandbox::~TestSandbox() { sandbox_->Stop(); }

std::string Reply::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string Reply::json_status() const { return json.IsObject() ? StringField(json, "status") : ""; }

std::string Reply::message() const { return json.IsObject() ? StringField(json, "message") : ""; }

ApiClient::ApiClient(const std::string& base_url, const StoreConfig& store) : ApiClient(base_url) {
  credentials_ = {{"ORDERDESK-STORE-ID", store.id}, {"ORDERDESK-API-KEY", store.api_key}};
}

ApiClient::ApiClient(const std::string& base_url) : client_(base_url) {
  client_.set_keep_alive(true);
  // Without this the body of a POST waits for the delayed ACK of its
  // headers (about 40 ms a request).
  client_.set_tcp_nodelay(true);
  client_.set_read_timeout(std::chrono::seconds(30));
  client_.set_connection_timeout(std::chrono::seconds(5));
}

Reply ApiClient::Get(const std::string& path) { return Send("GET", path, ""); }
Reply ApiClient::Post(const std::string& path, const std::string& body) { return Send("POST", path, body); }
Reply ApiClient::Put(const std::string& path, const std::string& body) { return Send("PUT", path, body); }
Reply ApiClient::Delete(const std::string& path) { return Send("DELETE", path, ""); }

Reply ApiClient::Send(const std::string& method, const std::string& path, const std::string& body,
                      const httplib::Headers& extra_headers) {
  httplib::Headers headers = credentials_;
  headers.insert(extra_headers.begin(), extra_headers.end());
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = headers;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.body = body;
    request.set_header("Content-Type", "application/json");
  }
  httplib::Result result = client_.send(request);
  Reply reply;
  if (!result) {
    reply.error = result.error();
    return reply;
  }
  reply.status = result->status;
  reply.headers = result->headers;
  reply.body = result->body;
  reply.json.Parse(reply.body.c_str());
  if (reply.json.HasParseError()) reply.json.SetNull();
  return reply;
}

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

rapidjson::Document ParseJson(std::string_view text) {
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  EXPECT_FALSE(document.HasParseError()) << "not JSON: " << text.substr(0, 200);
  return document;
}

std::string ReadFixture(const std::string& name) {
  const std::string path = std::string(ODMCP_SANDBOX_FIXTURES) + "/" + name;
  std::ifstream file(path);
  EXPECT_TRUE(file.good()) << "missing fixture " << path;
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::vector<rapidjson::Document> FetchAllOrders(ApiClient& client) {
  std::vector<rapidjson::Document> orders;
  for (int offset = 0;; offset += 500) {
    Reply reply = client.Get("/api/v2/orders?limit=500&offset=" + std::to_string(offset));
    EXPECT_EQ(reply.status, 200) << reply.body.substr(0, 300);
    if (reply.status != 200) break;
    const rapidjson::Value& page = reply.json["orders"];
    for (const rapidjson::Value& order : page.GetArray()) {
      rapidjson::Document copy;
      copy.CopyFrom(order, copy.GetAllocator());
      orders.push_back(std::move(copy));
    }
    if (page.Size() < 500) break;
  }
  return orders;
}

std::string StringField(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString()) return "";
  return object[key].GetString();
}

std::string ReferenceOrderBody() { return ReadFixture("order.json"); }

}  // namespace odmcp::sandbox::testing
