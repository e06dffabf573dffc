// Engine, in process: both eras' methods, the stateless envelope and its
// errors, result decorations, paging, and how tool results and failures are
// shaped -- with handlers that use the real ABI call table. Requests go
// through the Dispatcher, as every transport's do.
#include "host/protocol/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <vector>

#include "host/plugins/abi_struct.h"
#include "host/plugins/plugin_record.h"
#include "host/plugins/tool_call.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/dispatcher.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const odmcp_call_api& Api() { return *CallApiTable(); }

odmcp_status Echo(void*, odmcp_call* call, odmcp_str args) { return Api().add_text(call, args); }

odmcp_status Fails(void* state, odmcp_call* call, odmcp_str) {
  Api().set_error(call, Str("order 42 does not exist; list orders to find its id"));
  return *static_cast<odmcp_status*>(state);
}

odmcp_status StructuredOnly(void*, odmcp_call* call, odmcp_str) {
  return Api().set_structured(call, Str(R"({"count": 3})"));
}

odmcp_status BadStructured(void*, odmcp_call* call, odmcp_str) {
  return Api().set_structured(call, Str(R"({"count":"three"})"));
}

odmcp_status BadContent(void*, odmcp_call* call, odmcp_str) {
  odmcp_status s = Api().add_content(call, Str(R"({"type":"image","data":"not base64!","mimeType":"image/png"})"));
  return s == ODMCP_INVALID_ARGUMENT ? Api().add_text(call, Str("refused")) : ODMCP_INTERNAL;
}

odmcp_status Progress(void*, odmcp_call* call, odmcp_str) {
  Api().progress(call, 0, 100, Str("start"));
  Api().progress(call, 50, 100, Str(""));
  odmcp_status again = Api().progress(call, 50, 100, Str(""));
  Api().client_log(call, ODMCP_LOG_DEBUG, Str("t"), Str(R"("debug line")"));
  Api().client_log(call, ODMCP_LOG_WARNING, Str("t"), Str(R"({"w":1})"));
  return Api().add_text(call, Str(again == ODMCP_INVALID_ARGUMENT ? "monotonic" : "not monotonic"));
}

// Asks for 17 inputs in one round, one more than a call may (the bound of
// pending input requests); records each answer of request_input in `state`.
odmcp_status AsksSeventeenTimes(void* state, odmcp_call* call, odmcp_str) {
  auto& statuses = *static_cast<std::vector<odmcp_status>*>(state);
  for (int i = 0; i < 17; ++i) {
    const std::string key = "q" + std::to_string(i);
    statuses.push_back(Api().request_input(
        call, Str(key), Str("elicitation/create"),
        Str(R"({"message":"?","requestedSchema":{"type":"object","properties":{}}})")));
  }
  return ODMCP_OK;
}

// The HTTP headers a 2026-era client sends with a request: the ones that
// mirror its body.
class MirroredHeaders final : public HttpHeaders {
 public:
  explicit MirroredHeaders(const rapidjson::Document& request) {
    const rapidjson::Value* params = FindMember(request, "params");
    const rapidjson::Value* meta = params ? FindMember(*params, "_meta") : nullptr;
    const rapidjson::Value* version =
        meta ? FindMember(*meta, "io.modelcontextprotocol/protocolVersion") : nullptr;
    values_["MCP-Protocol-Version"] =
        version && version->IsString() ? version->GetString() : "2026-07-28";
    values_["Mcp-Method"] = request["method"].GetString();
    for (const char* field : {"name", "uri"}) {
      const rapidjson::Value* value = params ? FindMember(*params, field) : nullptr;
      if (value != nullptr && value->IsString()) values_["Mcp-Name"] = value->GetString();
    }
  }
  std::optional<std::string_view> Find(std::string_view name) const override {
    auto it = values_.find(std::string(name));
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, std::string> values_;
};

// Records what a request sends before its reply.
class RecordingChannel : public RequestChannel {
 public:
  bool Send(std::string_view message) override {
    sent.emplace_back(message);
    return true;
  }
  std::vector<std::string> sent;
};

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() {
    Add("echo", &Echo);
    Add("fails_ok", &Fails, &ok_);
    Add("fails_not_found", &Fails, &not_found_);
    Add("fails_internal", &Fails, &internal_);
    Add("structured_only", &StructuredOnly, nullptr, R"({"type":"object"})");
    Add("bad_structured", &BadStructured, nullptr,
        R"({"type":"object","properties":{"count":{"type":"integer"}}})");
    Add("bad_content", &BadContent);
    Add("progress", &Progress);
    Add("strict", &Echo, nullptr, "",
        R"({"type":"object","properties":{"limit":{"type":"integer","maximum":500}},"required":["limit"]})");
    Add("asks_seventeen_times", &AsksSeventeenTimes, &input_statuses_);
    Add("needs_sampling", &Echo, nullptr, "", R"({"type":"object"})", R"({"sampling":{},"roots":{"listChanged":true}})");
    registry_.Publish([](const ToolRecord&) { return true; });
    EngineOptions options;
    options.page_size = 4;
    options.list_ttl_ms = 1234;
    engine_ = std::make_unique<Engine>(registry_, ServerIdentity{"orderdesk-mcp", "9.9.9", ""}, options);
  }

  void Add(const char* name, odmcp_tool_fn fn, void* state = nullptr, const char* output = "",
           const char* input = R"({"type":"object"})", const char* capabilities = "",
           PluginRecord* plugin = nullptr, int32_t read_only_hint = ODMCP_HINT_UNSET) {
    odmcp_tool_desc d{};
    d.struct_size = sizeof d;
    d.name = Str(name);
    d.description = Str("test tool");
    d.input_schema_json = Str(input);
    d.output_schema_json = Str(output);
    d.required_client_capabilities_json = Str(capabilities);
    d.handler = fn;
    d.tool_state = state;
    d.read_only_hint = read_only_hint;
    StatusOr<std::shared_ptr<ToolRecord>> r =
        MakeToolRecord(plugin == nullptr ? &plugin_ : plugin, &d);
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(registry_.Add(r.value()).ok());
  }

  // Runs `json` as a client of the given era sends it (a 2026-era one over
  // HTTP, with the headers that mirror the body); returns the parsed reply.
  rapidjson::Document Run(const std::string& json, Era era, int* http_status = nullptr,
                          int32_t session_log_level = -1) {
    Dispatcher dispatcher(*engine_);
    std::optional<MirroredHeaders> headers;
    if (era == Era::kStateless) {
      rapidjson::Document request;
      request.Parse(json.c_str());
      headers.emplace(request);
    }
    Admitted message = dispatcher.Admit(json, headers ? &*headers : nullptr);
    Reply reply;
    if (message.kind == Admitted::Kind::kRefused) {
      reply = message.refusal;
    } else {
      EXPECT_EQ(message.kind, Admitted::Kind::kRequest) << json;
      EXPECT_EQ(message.era, era) << json;
      RequestContext& context = message.context;
      context.correlation_id = "test-1";
      context.set_channel(&channel_);
      context.cancellation = std::make_shared<Cancellation>();
      context.grant = grant_;
      if (era == Era::kLegacy) {
        auto session = std::make_shared<ClientSession>();
        session->protocol_version = "2025-11-25";
        session->log_level = session_log_level;
        BindLegacySession(context, session);
      }
      reply = dispatcher.Answer(message);
    }
    if (http_status != nullptr) *http_status = reply.http_status;
    rapidjson::Document out;
    out.Parse(reply.body.c_str());
    EXPECT_FALSE(out.HasParseError()) << reply.body;
    EXPECT_EQ(reply.body.find('\n'), std::string::npos) << "replies must fit on one line";
    return out;
  }

  // Every tool tools/list shows, page after page, and how many pages.
  std::vector<std::string> Listed(int* pages = nullptr) {
    std::vector<std::string> names;
    std::string cursor;
    int count = 0;
    do {
      std::string params = cursor.empty() ? "{}" : R"({"cursor":")" + cursor + "\"}";
      rapidjson::Document page =
          Run(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":)" + params + "}",
              Era::kLegacy);
      EXPECT_TRUE(page.HasMember("result")) << page["error"]["message"].GetString();
      if (!page.HasMember("result")) break;
      for (const auto& tool : page["result"]["tools"].GetArray()) {
        names.push_back(tool["name"].GetString());
      }
      cursor =
          page["result"].HasMember("nextCursor") ? page["result"]["nextCursor"].GetString() : "";
      ++count;
    } while (!cursor.empty() && count < 10);
    if (pages != nullptr) *pages = count;
    return names;
  }

  static std::string Call(const std::string& tool, const std::string& args = "{}",
                          const std::string& meta = "") {
    return R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":")" + tool +
           R"(","arguments":)" + args + (meta.empty() ? "" : R"(,"_meta":)" + meta) + "}}";
  }

  static std::string Modern(const std::string& method, const std::string& params = "",
                            const std::string& extra_meta = "") {
    return R"({"jsonrpc":"2.0","id":"m","method":")" + method + R"(","params":{)" + params +
           (params.empty() ? "" : ",") +
           R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
           R"("io.modelcontextprotocol/clientCapabilities":{})" +
           extra_meta + "}}}";
  }

  static std::string Text(const rapidjson::Document& reply) {
    std::string out;
    for (const auto& block : reply["result"]["content"].GetArray()) out += block["text"].GetString();
    return out;
  }

  std::vector<odmcp_status> input_statuses_;
  odmcp_status ok_ = ODMCP_OK;
  odmcp_status not_found_ = ODMCP_NOT_FOUND;
  odmcp_status internal_ = ODMCP_INTERNAL;
  PluginRecord plugin_;
  ToolRegistry registry_;
  RecordingChannel channel_;
  std::unique_ptr<Engine> engine_;
  std::shared_ptr<const ToolGrant> grant_;  // each request's; null: every tool
};

TEST_F(EngineTest, InitializeEchoesASupportedVersionAndOffersTheNewestOtherwise) {
  for (auto [asked, answered] : {std::pair{"2025-06-18", "2025-06-18"},
                                 std::pair{"2024-11-05", "2024-11-05"},
                                 std::pair{"1999-01-01", "2025-11-25"}}) {
    rapidjson::Document request;
    request.Parse((R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" +
                   std::string(asked) + R"(","capabilities":{"sampling":{}},"clientInfo":{"name":"c","version":"2"}}})")
                      .c_str());
    IncomingMessage m = ClassifyMessage(request);
    auto session = std::make_shared<ClientSession>();
    Reply reply = engine_->Initialize(Request{m.method, m.id_json, m.params}, session);
    rapidjson::Document out;
    out.Parse(reply.body.c_str());
    EXPECT_STREQ(out["result"]["protocolVersion"].GetString(), answered);
    EXPECT_STREQ(out["result"]["serverInfo"]["version"].GetString(), "9.9.9");
    EXPECT_TRUE(out["result"]["capabilities"]["tools"].IsObject());
    EXPECT_FALSE(out["result"].HasMember("resultType"));
    EXPECT_EQ(session->protocol_version, answered);
    EXPECT_EQ(session->client_name, "c");
    EXPECT_EQ(session->capabilities_json, R"({"sampling":{}})");
  }
}

TEST_F(EngineTest, InitializeWithoutAVersionIsInvalidParams) {
  rapidjson::Document request;
  request.Parse(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})");
  IncomingMessage m = ClassifyMessage(request);
  auto session = std::make_shared<ClientSession>();
  Reply reply = engine_->Initialize(Request{m.method, m.id_json, m.params}, session);
  EXPECT_THAT(reply.body, HasSubstr("-32602"));
  EXPECT_TRUE(session->protocol_version.empty());
}

TEST_F(EngineTest, LegacyMethods) {
  EXPECT_TRUE(Run(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", Era::kLegacy)["result"].ObjectEmpty());
  EXPECT_EQ(Run(R"({"jsonrpc":"2.0","id":1,"method":"server/discover"})", Era::kLegacy)["error"]["code"].GetInt(), -32601);
  rapidjson::Document bad_level =
      Run(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"loud"}})", Era::kLegacy);
  EXPECT_EQ(bad_level["error"]["code"].GetInt(), -32602);
  EXPECT_TRUE(Run(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"info"}})",
                  Era::kLegacy)["result"].ObjectEmpty());
}

TEST_F(EngineTest, StatelessEnvelopeErrorsAre400WithTheKey) {
  int status = 0;
  rapidjson::Document no_meta =
      Run(R"({"jsonrpc":"2.0","id":1,"method":"server/discover","params":{}})", Era::kStateless, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(no_meta["error"]["code"].GetInt(), -32602);
  EXPECT_STREQ(no_meta["error"]["data"]["envelope"]["key"].GetString(), "_meta");

  rapidjson::Document no_caps = Run(
      R"({"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})",
      Era::kStateless, &status);
  EXPECT_EQ(status, 400);
  EXPECT_STREQ(no_caps["error"]["data"]["envelope"]["key"].GetString(),
               "io.modelcontextprotocol/clientCapabilities");
  EXPECT_STREQ(no_caps["error"]["data"]["envelope"]["problem"].GetString(), "missing");

  rapidjson::Document bad_level =
      Run(Modern("server/discover", "", R"(,"io.modelcontextprotocol/logLevel":"loud")"), Era::kStateless, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(bad_level["error"]["code"].GetInt(), -32602);
  EXPECT_STREQ(bad_level["id"].GetString(), "m");
}

TEST_F(EngineTest, UnsupportedVersionListsWhatIsSupported) {
  int status = 0;
  std::string request = Modern("server/discover");
  request.replace(request.find("2026-07-28"), 10, "v999.0.0");
  rapidjson::Document out = Run(request, Era::kStateless, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(out["error"]["code"].GetInt(), -32022);
  EXPECT_STREQ(out["error"]["data"]["supported"][0].GetString(), "2026-07-28");
  EXPECT_STREQ(out["error"]["data"]["requested"].GetString(), "v999.0.0");
}

TEST_F(EngineTest, RemovedMethodsAre404InTheStatelessEra) {
  for (const char* method : {"initialize", "ping", "logging/setLevel", "resources/subscribe", "nope"}) {
    int status = 0;
    EXPECT_EQ(Run(Modern(method), Era::kStateless, &status)["error"]["code"].GetInt(), -32601) << method;
    EXPECT_EQ(status, 404) << method;
  }
}

TEST_F(EngineTest, StatelessResultsCarryTypeCachingAndServerInfo) {
  rapidjson::Document discover = Run(Modern("server/discover"), Era::kStateless);
  const auto& r = discover["result"];
  EXPECT_STREQ(r["supportedVersions"][0].GetString(), "2026-07-28");
  EXPECT_STREQ(r["resultType"].GetString(), "complete");
  EXPECT_EQ(r["ttlMs"].GetInt(), 1234);
  EXPECT_STREQ(r["cacheScope"].GetString(), "public");
  EXPECT_STREQ(r["_meta"]["io.modelcontextprotocol/serverInfo"]["name"].GetString(), "orderdesk-mcp");

  rapidjson::Document call = Run(Modern("tools/call", R"("name":"echo","arguments":{})"), Era::kStateless);
  EXPECT_STREQ(call["result"]["resultType"].GetString(), "complete");
  EXPECT_FALSE(call["result"].HasMember("ttlMs"));

  rapidjson::Document legacy = Run(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})", Era::kLegacy);
  EXPECT_FALSE(legacy["result"].HasMember("resultType"));
  EXPECT_FALSE(legacy["result"].HasMember("_meta"));
}

TEST_F(EngineTest, ToolsListPagesInNameOrder) {
  int pages = 0;
  std::vector<std::string> names = Listed(&pages);
  EXPECT_EQ(pages, 3);  // 11 tools, 4 per page
  EXPECT_EQ(names,
            (std::vector<std::string>{"asks_seventeen_times", "bad_content", "bad_structured",
                                      "echo", "fails_internal", "fails_not_found", "fails_ok",
                                      "needs_sampling", "progress", "strict", "structured_only"}));
  rapidjson::Document bad = Run(
      R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"bm9wZQ"}})", Era::kLegacy);
  EXPECT_EQ(bad["error"]["code"].GetInt(), -32602);
}

TEST_F(EngineTest, CallProtocolErrorsAreJsonRpcErrors) {
  EXPECT_EQ(Run(Call("missing"), Era::kLegacy)["error"]["code"].GetInt(), -32602);
  EXPECT_EQ(Run(Call("echo", "[1]"), Era::kLegacy)["error"]["code"].GetInt(), -32602);
  EXPECT_EQ(Run(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}})", Era::kLegacy)["error"]["code"].GetInt(),
            -32602);
}

TEST_F(EngineTest, MissingArgumentsAreAnEmptyObject) {
  rapidjson::Document out = Run(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}})",
                                Era::kLegacy);
  EXPECT_EQ(Text(out), "{}");
}

TEST_F(EngineTest, ToolsNeedingUndeclaredClientCapabilitiesAreRefused) {
  int status = 0;
  rapidjson::Document stateless =
      Run(Modern("tools/call", R"("name":"needs_sampling","arguments":{})"), Era::kStateless, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(stateless["error"]["code"].GetInt(), -32021);
  EXPECT_TRUE(stateless["error"]["data"]["requiredCapabilities"]["sampling"].IsObject());
  EXPECT_TRUE(stateless["error"]["data"]["requiredCapabilities"]["roots"]["listChanged"].GetBool());

  std::string declared = Modern("tools/call", R"("name":"needs_sampling","arguments":{})");
  const std::string none = R"(clientCapabilities":{})";
  declared.replace(declared.find(none), none.size(), R"(clientCapabilities":{"sampling":{},"roots":{}})");
  EXPECT_EQ(Text(Run(declared, Era::kStateless)), "{}");

  rapidjson::Document legacy = Run(Call("needs_sampling"), Era::kLegacy);
  EXPECT_TRUE(legacy["result"]["isError"].GetBool());
  EXPECT_THAT(Text(legacy), HasSubstr("This client cannot use tool needs_sampling"));
}

TEST_F(EngineTest, ACallMayLeaveAtMostSixteenInputRequestsPendingARound) {
  std::string call = Modern("tools/call", R"("name":"asks_seventeen_times","arguments":{})");
  const std::string none = R"(clientCapabilities":{})";
  call.replace(call.find(none), none.size(), R"(clientCapabilities":{"elicitation":{}})");
  rapidjson::Document out = Run(call, Era::kStateless);
  ASSERT_EQ(input_statuses_.size(), 17u);
  EXPECT_EQ(std::count(input_statuses_.begin(), input_statuses_.end(), ODMCP_OK), 16);
  EXPECT_EQ(input_statuses_.back(), ODMCP_RESOURCE_EXHAUSTED);
  ASSERT_TRUE(out["result"].HasMember("inputRequests")) << ToJson(out);
  EXPECT_EQ(out["result"]["inputRequests"].MemberCount(), 16u);
  EXPECT_FALSE(out["result"]["inputRequests"].HasMember("q16"));
}

TEST_F(EngineTest, SchemaFailureIsAToolErrorNamingTheField) {
  rapidjson::Document out = Run(Call("strict", R"({"limit":501})"), Era::kLegacy);
  EXPECT_TRUE(out["result"]["isError"].GetBool());
  EXPECT_THAT(Text(out), HasSubstr("Invalid arguments for tool strict: \"limit\" must be at most 500, got 501"));
}

TEST_F(EngineTest, HandlerStatusesShapeTheResult) {
  rapidjson::Document ok = Run(Call("fails_ok"), Era::kLegacy);
  EXPECT_TRUE(ok["result"]["isError"].GetBool());
  EXPECT_EQ(Text(ok), "order 42 does not exist; list orders to find its id");

  rapidjson::Document not_found = Run(Call("fails_not_found"), Era::kLegacy);
  EXPECT_TRUE(not_found["result"]["isError"].GetBool());
  EXPECT_EQ(Text(not_found), "NOT_FOUND: order 42 does not exist; list orders to find its id");

  rapidjson::Document internal = Run(Call("fails_internal"), Era::kLegacy);
  EXPECT_TRUE(internal["result"]["isError"].GetBool());
  EXPECT_THAT(Text(internal), HasSubstr("Internal error in tool fails_internal"));
  EXPECT_THAT(Text(internal), HasSubstr("correlation id test-1"));
  EXPECT_THAT(Text(internal), Not(HasSubstr("order 42")));
}

TEST_F(EngineTest, StructuredResultsAreCheckedAndMirroredAsText) {
  rapidjson::Document only = Run(Call("structured_only"), Era::kLegacy);
  EXPECT_EQ(only["result"]["structuredContent"]["count"].GetInt(), 3);
  EXPECT_EQ(Text(only), R"({"count":3})");
  rapidjson::Document bad = Run(Call("bad_structured"), Era::kLegacy);
  EXPECT_TRUE(bad["result"]["isError"].GetBool());
  EXPECT_FALSE(bad["result"].HasMember("structuredContent"));
  EXPECT_THAT(Text(bad), HasSubstr("Internal error in tool bad_structured"));
}

TEST_F(EngineTest, MalformedContentBlocksAreRefused) {
  EXPECT_EQ(Text(Run(Call("bad_content"), Era::kLegacy)), "refused");
}

TEST_F(EngineTest, ProgressAndClientLogsFollowTheRequest) {
  rapidjson::Document out = Run(Call("progress", "{}", R"({"progressToken":7})"), Era::kLegacy, nullptr,
                                ODMCP_LOG_INFO);
  EXPECT_EQ(Text(out), "monotonic");
  ASSERT_EQ(channel_.sent.size(), 3u);
  EXPECT_EQ(channel_.sent[0],
            R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":7,"progress":0,"total":100,"message":"start"}})");
  EXPECT_EQ(channel_.sent[1],
            R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":7,"progress":50,"total":100}})");
  EXPECT_EQ(channel_.sent[2],
            R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"warning","logger":"t","data":{"w":1}}})");
}

TEST_F(EngineTest, NothingPrecedesTheReplyUnlessTheClientAsked) {
  Run(Call("progress"), Era::kLegacy);
  Run(Modern("tools/call", R"("name":"progress","arguments":{})"), Era::kStateless);
  EXPECT_TRUE(channel_.sent.empty());
  Run(Modern("tools/call", R"("name":"progress","arguments":{})",
             R"(,"io.modelcontextprotocol/logLevel":"debug","progressToken":"p")"),
      Era::kStateless);
  EXPECT_EQ(channel_.sent.size(), 4u);  // two progress, two logs
}

TEST_F(EngineTest, MayNotifyOnlyForCallsThatCan) {
  Dispatcher dispatcher(*engine_);
  EXPECT_TRUE(dispatcher.MayNotify(
      dispatcher.Admit(Call("echo", "{}", R"({"progressToken":"x"})"), nullptr)));
  Admitted quiet = dispatcher.Admit(Call("echo"), nullptr);
  EXPECT_FALSE(dispatcher.MayNotify(quiet));
  quiet.context.client_log_level = ODMCP_LOG_INFO;
  EXPECT_TRUE(dispatcher.MayNotify(quiet));
}

TEST_F(EngineTest, JsonNestedBeyondTheLimitIsAParseErrorNamingIt) {
  int status = 0;
  const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
  rapidjson::Document out = Run(deep, Era::kLegacy, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(out["error"]["code"].GetInt(), -32700);
  EXPECT_THAT(out["error"]["message"].GetString(), HasSubstr("deeper than 128 levels"));
  // At the limit it is JSON like any other (here: not a valid request);
  // one level more is not.
  auto nested = [](int depth) {
    std::string text;
    for (int i = 1; i < depth; ++i) text += R"({"a":)";
    return text + "{}" + std::string(depth - 1, '}');
  };
  EXPECT_EQ(Run(nested(128), Era::kLegacy)["error"]["code"].GetInt(), -32600);
  EXPECT_EQ(Run(nested(129), Era::kLegacy)["error"]["code"].GetInt(), -32700);
}

// Two plugins whose tools say whether they only read, beside the fixture's
// (which say nothing, so no read scope reaches them).
class EngineGrantTest : public EngineTest {
 protected:
  EngineGrantTest() {
    orders_.name = "orders";
    stores_.name = "stores";
    for (const char* name : {"orders_get", "orders_list"}) ReadOnly(name, &orders_);
    for (const char* name : {"orders_add_note", "orders_delete", "orders_update"}) {
      Add(name, &Echo, nullptr, "", R"({"type":"object"})", "", &orders_, ODMCP_HINT_FALSE);
    }
    for (const char* name : {"stores_get", "stores_list"}) ReadOnly(name, &stores_);
    registry_.Publish([](const ToolRecord&) { return true; });
  }

  void ReadOnly(const char* name, PluginRecord* plugin) {
    Add(name, &Echo, nullptr, "", R"({"type":"object"})", "", plugin, ODMCP_HINT_TRUE);
  }

  void Grant(std::string_view scope) {
    grant_ = std::make_shared<const ToolGrant>(ToolGrant::FromScope(scope));
  }

  PluginRecord orders_;
  PluginRecord stores_;
};

TEST_F(EngineGrantTest, ToolsListShowsATokenOnlyTheToolsItsScopesAllow) {
  EXPECT_EQ(Listed().size(), 18u);  // no grant: every tool
  Grant("tools:read");
  EXPECT_EQ(Listed(),
            (std::vector<std::string>{"orders_get", "orders_list", "stores_get", "stores_list"}));
  Grant("orders:read");
  EXPECT_EQ(Listed(), (std::vector<std::string>{"orders_get", "orders_list"}));
  Grant("orders:write stores:read");
  EXPECT_EQ(Listed(), (std::vector<std::string>{"orders_add_note", "orders_delete", "orders_get",
                                                "orders_list", "orders_update", "stores_get",
                                                "stores_list"}));
  Grant("openid email");
  EXPECT_TRUE(Listed().empty());
  Grant("tools:write");
  EXPECT_EQ(Listed().size(), 18u);
}

TEST_F(EngineGrantTest, AFilteredListPagesByTheToolsItShowsAndEndsWithoutAnEmptyPage) {
  int pages = 0;
  Grant("orders:write");  // five tools, four a page, with tools it may not see between them
  EXPECT_EQ(Listed(&pages),
            (std::vector<std::string>{"orders_add_note", "orders_delete", "orders_get",
                                      "orders_list", "orders_update"}));
  EXPECT_EQ(pages, 2);
  Grant("tools:read");  // exactly one page, then only tools it may not see
  EXPECT_EQ(Listed(&pages).size(), 4u);
  EXPECT_EQ(pages, 1);
}

TEST_F(EngineGrantTest, ACallOutsideTheGrantIsRefused403NamingTheScopeThatAllowsIt) {
  Grant("tools:read");
  int status = 0;
  rapidjson::Document write = Run(Call("orders_update"), Era::kLegacy, &status);
  EXPECT_EQ(status, 403);
  EXPECT_EQ(write["error"]["code"].GetInt(), -32600);
  EXPECT_STREQ(write["error"]["data"]["requiredScope"].GetString(), "tools:write");
  EXPECT_THAT(write["error"]["message"].GetString(), HasSubstr("orders_update"));
  rapidjson::Document read = Run(Call("orders_get", R"({"id":1})"), Era::kLegacy, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Text(read), R"({"id":1})");

  Grant("stores:write");
  rapidjson::Document other =
      Run(Modern("tools/call", R"("name":"orders_get","arguments":{})"), Era::kStateless, &status);
  EXPECT_EQ(status, 403);
  EXPECT_STREQ(other["error"]["data"]["requiredScope"].GetString(), "tools:read");
  Run(Call("stores_get"), Era::kLegacy, &status);
  EXPECT_EQ(status, 200);
}

TEST_F(EngineGrantTest, AListAGrantFilteredMayBeCachedOnlyByItsClient) {
  rapidjson::Document open = Run(Modern("tools/list"), Era::kStateless);
  EXPECT_STREQ(open["result"]["cacheScope"].GetString(), "public");
  Grant("tools:read");
  rapidjson::Document filtered = Run(Modern("tools/list"), Era::kStateless);
  EXPECT_STREQ(filtered["result"]["cacheScope"].GetString(), "private");
  EXPECT_EQ(filtered["result"]["tools"].Size(), 4u);
}

}  // namespace
}  // namespace odmcp
