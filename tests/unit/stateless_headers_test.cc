// The 2026-07-28 header rules: decoding, and agreement with the body.
#include "host/protocol/stateless_headers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "host/plugins/tool_record.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;

// Header fields by their exact name (the tests use the names the rules ask for).
class MapHeaders final : public HttpHeaders {
 public:
  explicit MapHeaders(std::map<std::string, std::string> values) : values_(std::move(values)) {}
  std::optional<std::string_view> Find(std::string_view name) const override {
    auto it = values_.find(std::string(name));
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, std::string> values_;
};

MapHeaders Headers(std::map<std::string, std::string> values) { return MapHeaders(std::move(values)); }

struct Parsed {
  rapidjson::Document doc;
  Request request;
  explicit Parsed(const char* params, const char* method = "tools/call") {
    doc.Parse(params);
    request = Request{method, "1", &doc};
  }
};

TEST(StatelessHeadersTest, DecodesTheBase64FormAndTrimsWhitespace) {
  EXPECT_EQ(DecodeMcpHeaderValue("  tool \t"), "tool");
  EXPECT_EQ(DecodeMcpHeaderValue("=?base64?SGVsbG8=?="), "Hello");
  EXPECT_EQ(DecodeMcpHeaderValue("=?base64?SGVsbG8?="), std::nullopt);
  EXPECT_EQ(DecodeMcpHeaderValue("=?base64?SGVs!!!bG8=?="), std::nullopt);
  // Without the complete sentinel the value is literal.
  EXPECT_EQ(DecodeMcpHeaderValue("=?base64?SGVsbG8="), "=?base64?SGVsbG8=");
  EXPECT_EQ(DecodeMcpHeaderValue("SGVsbG8=?="), "SGVsbG8=?=");
}

TEST(StatelessHeadersTest, VersionAndMethodMustMatchTheBody) {
  Parsed p(R"({"name":"x"})");
  EXPECT_EQ(CheckVersionAndMethodHeaders(
                Headers({{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "tools/call"}}),
                p.request, "2026-07-28"),
            std::nullopt);
  EXPECT_THAT(*CheckVersionAndMethodHeaders(Headers({{"Mcp-Method", "tools/call"}}), p.request,
                                            "2026-07-28"),
              HasSubstr("MCP-Protocol-Version header is required"));
  EXPECT_THAT(*CheckVersionAndMethodHeaders(
                  Headers({{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "tools/call"}}),
                  p.request, "v999"),
              HasSubstr("differs from the body"));
  // Method values are case-sensitive.
  EXPECT_THAT(*CheckVersionAndMethodHeaders(
                  Headers({{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "TOOLS/CALL"}}),
                  p.request, "2026-07-28"),
              HasSubstr("Mcp-Method header (TOOLS/CALL) differs"));
}

TEST(StatelessHeadersTest, NameHeaderMirrorsTheToolNameOrResourceUri) {
  Parsed call(R"({"name":"test_simple_text"})");
  EXPECT_EQ(CheckNameHeader(Headers({{"Mcp-Name", "  test_simple_text  "}}), call.request),
            std::nullopt);
  EXPECT_EQ(CheckNameHeader(Headers({{"Mcp-Name", "=?base64?dGVzdF9zaW1wbGVfdGV4dA==?="}}),
                            call.request),
            std::nullopt);
  EXPECT_TRUE(CheckNameHeader(Headers({}), call.request));
  EXPECT_TRUE(CheckNameHeader(Headers({{"Mcp-Name", "other"}}), call.request));
  Parsed read(R"({"uri":"test://a"})", "resources/read");
  EXPECT_EQ(CheckNameHeader(Headers({{"Mcp-Name", "test://a"}}), read.request), std::nullopt);
  Parsed list("{}", "tools/list");
  EXPECT_EQ(CheckNameHeader(Headers({}), list.request), std::nullopt);
}

TEST(StatelessHeadersTest, ParamHeadersMirrorDeclaredArguments) {
  ToolRecord tool;
  tool.header_bindings = {HeaderBinding{"Region", {"region"}, "string"},
                          HeaderBinding{"Count", {"opts", "count"}, "integer"},
                          HeaderBinding{"Dry", {"dry"}, "boolean"}};
  rapidjson::Document args;
  args.Parse(R"({"region":"eu-west","opts":{"count":42},"dry":true})");
  EXPECT_EQ(CheckParamHeaders(Headers({{"Mcp-Param-Region", "eu-west"},
                                       {"Mcp-Param-Count", "42"},
                                       {"Mcp-Param-Dry", "TRUE"}}),
                              tool, args),
            std::nullopt);
  EXPECT_THAT(*CheckParamHeaders(Headers({{"Mcp-Param-Count", "42"}, {"Mcp-Param-Dry", "true"}}),
                                 tool, args),
              HasSubstr("Mcp-Param-Region header is required"));
  EXPECT_THAT(*CheckParamHeaders(Headers({{"Mcp-Param-Region", "us"},
                                          {"Mcp-Param-Count", "42"},
                                          {"Mcp-Param-Dry", "true"}}),
                                 tool, args),
              HasSubstr("differs"));
  EXPECT_THAT(*CheckParamHeaders(Headers({{"Mcp-Param-Region", "=?base64?ZXUtd2VzdA?="},
                                          {"Mcp-Param-Count", "42"},
                                          {"Mcp-Param-Dry", "true"}}),
                                 tool, args),
              HasSubstr("invalid base64"));
  rapidjson::Document empty;
  empty.Parse("{}");
  EXPECT_THAT(*CheckParamHeaders(Headers({{"Mcp-Param-Region", "eu"}}), tool, empty),
              HasSubstr("present but the argument it mirrors is not"));
}

}  // namespace
}  // namespace odmcp
