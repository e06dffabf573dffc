// MakeToolRecord: what a plugin may declare, the struct_size rule (R2) for
// older and newer plugins, x-mcp-header rules, and the tools/list entry.
#include "host/plugins/tool_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "host/plugins/abi_struct.h"
#include "host/plugins/plugin_record.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;

odmcp_status Noop(void*, odmcp_call*, odmcp_str) { return ODMCP_OK; }

odmcp_tool_desc Desc(const char* name, const char* schema = R"({"type":"object"})") {
  odmcp_tool_desc d{};
  d.struct_size = sizeof d;
  d.name = Str(name);
  d.description = Str("A tool.");
  d.input_schema_json = Str(schema);
  d.handler = &Noop;
  return d;
}

std::string Problem(const odmcp_tool_desc& d) {
  PluginRecord plugin;
  StatusOr<std::shared_ptr<ToolRecord>> r = MakeToolRecord(&plugin, &d);
  return r.ok() ? "" : r.error();
}

TEST(ToolRecordTest, ListingCarriesEverythingDeclared) {
  PluginRecord plugin;
  odmcp_tool_desc d = Desc("orders_get", "{\n  \"type\": \"object\",\n  \"$defs\": {}\n}");
  d.title = Str("Get order");
  d.output_schema_json = Str(R"({"type":"object"})");
  d.meta_json = Str(R"({"example.com/x":1})");
  d.read_only_hint = ODMCP_HINT_TRUE;
  d.destructive_hint = ODMCP_HINT_FALSE;
  StatusOr<std::shared_ptr<ToolRecord>> r = MakeToolRecord(&plugin, &d);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value()->listing_json,
            R"({"name":"orders_get","title":"Get order","description":"A tool.",)"
            R"("inputSchema":{"type":"object","$defs":{}},"outputSchema":{"type":"object"},)"
            R"("annotations":{"readOnlyHint":true,"destructiveHint":false},)"
            R"("_meta":{"example.com/x":1}})");
}

TEST(ToolRecordTest, RefusesBadDeclarations) {
  EXPECT_THAT(Problem(Desc("has space")), HasSubstr("a tool name is 1 to 128 characters"));
  EXPECT_THAT(Problem(Desc(std::string(129, 'a').c_str())), HasSubstr("1 to 128"));
  EXPECT_THAT(Problem(Desc("t", R"({"type":"array"})")),
              HasSubstr("the root must have \"type\": \"object\""));
  EXPECT_THAT(Problem(Desc("t", "{oops")), HasSubstr("input schema: the schema is not valid JSON"));
  odmcp_tool_desc no_description = Desc("t");
  no_description.description = Str("");
  EXPECT_THAT(Problem(no_description), HasSubstr("a description is required"));
  odmcp_tool_desc no_handler = Desc("t");
  no_handler.handler = nullptr;
  EXPECT_THAT(Problem(no_handler), HasSubstr("the handler is NULL"));
  odmcp_tool_desc bad_hint = Desc("t");
  bad_hint.idempotent_hint = 3;
  EXPECT_THAT(Problem(bad_hint), HasSubstr("annotation hints"));
  odmcp_tool_desc bad_flags = Desc("t");
  bad_flags.flags = 1u << 7;
  EXPECT_THAT(Problem(bad_flags), HasSubstr("tool flags this host does not know"));
  odmcp_tool_desc bad_meta = Desc("t");
  bad_meta.meta_json = Str("[]");
  EXPECT_THAT(Problem(bad_meta), HasSubstr("meta_json must be a JSON object"));
  odmcp_tool_desc bad_caps = Desc("t");
  bad_caps.required_client_capabilities_json = Str(R"(["sampling"])");
  EXPECT_THAT(Problem(bad_caps), HasSubstr("required_client_capabilities_json must be a JSON object"));
  bad_caps.required_client_capabilities_json = Str(R"({"sampling":true})");
  EXPECT_THAT(Problem(bad_caps), HasSubstr("required client capability \"sampling\" must be an object"));
}

TEST(ToolRecordTest, XMcpHeaderRules) {
  EXPECT_EQ(Problem(Desc("t", R"({"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},
      "deep":{"type":"object","properties":{"n":{"type":"integer","x-mcp-header":"N"}}}}})")), "");
  EXPECT_THAT(Problem(Desc("t", R"({"type":"object","properties":{"r":{"type":"number","x-mcp-header":"R"}}})")),
              HasSubstr("only to string, integer or boolean"));
  EXPECT_THAT(Problem(Desc("t", R"({"type":"object","properties":{"r":{"type":"string","x-mcp-header":"a b"}}})")),
              HasSubstr("non-empty HTTP token"));
  EXPECT_THAT(Problem(Desc("t", R"({"type":"object","properties":{"a":{"type":"string","x-mcp-header":"X"},
      "b":{"type":"string","x-mcp-header":"x"}}})")),
              HasSubstr("used twice"));
}

TEST(ToolRecordTest, HeaderBindingsRecordTheirPath) {
  PluginRecord plugin;
  odmcp_tool_desc d = Desc("t", R"({"type":"object","properties":{"deep":{"type":"object",
      "properties":{"n":{"type":"integer","x-mcp-header":"N"}}}}})");
  StatusOr<std::shared_ptr<ToolRecord>> r = MakeToolRecord(&plugin, &d);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value()->header_bindings.size(), 1u);
  EXPECT_EQ(r.value()->header_bindings[0].path, (std::vector<std::string>{"deep", "n"}));
}

// A descriptor from a newer header: longer, with fields this host lacks.
struct FutureDesc {
  odmcp_tool_desc known;
  uint64_t appended;
};

TEST(ToolRecordTest, LongerDescriptorLoadsOnlyIfItsTailIsZero) {
  FutureDesc future{};
  future.known = Desc("future_tool");
  future.known.struct_size = sizeof future;
  EXPECT_EQ(Problem(future.known), "");
  future.appended = 1;
  EXPECT_THAT(Problem(future.known), HasSubstr("sets fields this host does not know"));
}

TEST(ToolRecordTest, ShorterOrAbsurdDescriptorIsRefused) {
  odmcp_tool_desc d = Desc("t");
  d.struct_size = 8;
  EXPECT_THAT(Problem(d), HasSubstr("smaller than the oldest layout"));
  d.struct_size = 1u << 30;
  EXPECT_THAT(Problem(d), HasSubstr("not plausible"));
}

TEST(AbiStructTest, ShortStructReadsMissingFieldsAsZero) {
  // An older peer's struct: only the first fields exist.
  struct Old {
    uint32_t struct_size;
    uint32_t a;
  };
  struct Current {
    uint32_t struct_size;
    uint32_t a;
    uint64_t b;
  };
  Old old{sizeof(Old), 7};
  Current current;
  std::string problem;
  ASSERT_TRUE(ReadPeerStruct(reinterpret_cast<const Current*>(&old), sizeof(Old), &current, &problem));
  EXPECT_EQ(current.a, 7u);
  EXPECT_EQ(current.b, 0u);
}

}  // namespace
}  // namespace odmcp
