#include "host/plugins/tool_record.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "host/common/json.h"
#include "host/plugins/abi_struct.h"

namespace odmcp {
namespace {

constexpr uint32_t kKnownToolFlags = ODMCP_TOOL_SERIAL;

bool IsToolName(std::string_view name) {
  static const std::regex kPattern("[A-Za-z0-9_.-]{1,128}");
  return std::regex_match(name.begin(), name.end(), kPattern);
}

// An HTTP token (RFC 9110 tchar), as header names must be.
bool IsHeaderToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
                                  std::string_view::npos;
  });
}

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool RootIsObjectSchema(const rapidjson::Document& schema) {
  const rapidjson::Value* type = FindMember(schema, "type");
  return type != nullptr && type->IsString() && AsView(*type) == "object";
}

// Collects x-mcp-header bindings reachable through "properties" keys only.
std::optional<std::string> CollectHeaderBindings(const rapidjson::Value& schema,
                                                 std::vector<std::string>& path,
                                                 std::vector<HeaderBinding>& out) {
  const rapidjson::Value* properties = FindMember(schema, "properties");
  if (properties == nullptr || !properties->IsObject()) return std::nullopt;
  for (const auto& property : properties->GetObject()) {
    path.emplace_back(AsView(property.name));
    if (const rapidjson::Value* header = FindMember(property.value, "x-mcp-header")) {
      std::string where = "property \"" + path.back() + "\"";
      if (!header->IsString() || !IsHeaderToken(AsView(*header))) {
        return where + ": x-mcp-header must be a non-empty HTTP token";
      }
      const rapidjson::Value* type = FindMember(property.value, "type");
      std::string type_name = type != nullptr && type->IsString() ? std::string(AsView(*type)) : "";
      if (type_name != "string" && type_name != "integer" && type_name != "boolean") {
        return where + ": x-mcp-header applies only to string, integer or boolean properties";
      }
      for (const HeaderBinding& other : out) {
        if (Lowercase(other.header) == Lowercase(AsView(*header))) {
          return where + ": x-mcp-header \"" + std::string(AsView(*header)) +
                 "\" is used twice (names are case-insensitive)";
        }
      }
      out.push_back(HeaderBinding{std::string(AsView(*header)), path, type_name});
    }
    if (auto problem = CollectHeaderBindings(property.value, path, out)) return problem;
    path.pop_back();
  }
  return std::nullopt;
}

void WriteHint(JsonWriter& w, const char* key, int32_t hint) {
  if (hint == ODMCP_HINT_UNSET) return;
  w.Key(key);
  w.Bool(hint == ODMCP_HINT_TRUE);
}

std::string Listing(const ToolRecord& tool, const odmcp_tool_desc& desc) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "name", tool.name);
  if (!tool.title.empty()) WriteKeyString(w, "title", tool.title);
  WriteKeyString(w, "description", tool.description);
  w.Key("inputSchema");
  WriteRaw(w, tool.input_schema_json);
  if (!tool.output_schema_json.empty()) {
    w.Key("outputSchema");
    WriteRaw(w, tool.output_schema_json);
  }
  bool any_hint = desc.read_only_hint || desc.destructive_hint || desc.idempotent_hint ||
                  desc.open_world_hint;
  if (any_hint) {
    w.Key("annotations");
    w.StartObject();
    WriteHint(w, "readOnlyHint", desc.read_only_hint);
    WriteHint(w, "destructiveHint", desc.destructive_hint);
    WriteHint(w, "idempotentHint", desc.idempotent_hint);
    WriteHint(w, "openWorldHint", desc.open_world_hint);
    w.EndObject();
  }
  if (!tool.meta_json.empty()) {
    w.Key("_meta");
    WriteRaw(w, tool.meta_json);
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

StatusOr<std::shared_ptr<ToolRecord>> MakeToolRecord(PluginRecord* plugin,
                                                     const odmcp_tool_desc* peer) {
  if (peer == nullptr) return Status(ODMCP_INVALID_ARGUMENT, "the tool description is NULL");
  odmcp_tool_desc desc;
  std::string problem;
  if (!ReadPeerStruct(peer, ODMCP_SIZE_THROUGH(odmcp_tool_desc, tool_state), &desc, &problem)) {
    return Status(ODMCP_INVALID_ARGUMENT, "tool description: " + problem);
  }
  auto tool = std::make_shared<ToolRecord>();
  tool->name = std::string(View(desc.name));
  const std::string who = "tool \"" + tool->name + "\"";
  if (!IsToolName(tool->name)) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  who + ": a tool name is 1 to 128 characters of A-Z a-z 0-9 _ . -");
  }
  tool->title = std::string(View(desc.title));
  tool->description = std::string(View(desc.description));
  if (tool->description.empty()) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  who + ": a description is required (clients show it to the model)");
  }
  if (desc.handler == nullptr) return Status(ODMCP_INVALID_ARGUMENT, who + ": the handler is NULL");
  if ((desc.flags & ~kKnownToolFlags) != 0) {
    return Status(ODMCP_INVALID_ARGUMENT, who + ": it sets tool flags this host does not know");
  }
  for (int32_t hint : {desc.read_only_hint, desc.destructive_hint, desc.idempotent_hint,
                       desc.open_world_hint}) {
    if (hint < ODMCP_HINT_UNSET || hint > ODMCP_HINT_TRUE) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    who + ": annotation hints must be ODMCP_HINT_UNSET, _FALSE or _TRUE");
    }
  }
  if (desc.cost_class != ODMCP_COST_READ && desc.cost_class != ODMCP_COST_WRITE) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  who + ": cost_class must be ODMCP_COST_READ or ODMCP_COST_WRITE");
  }

  tool->input_schema_json = std::string(View(desc.input_schema_json));
  StatusOr<std::unique_ptr<JsonSchema>> input = JsonSchema::Compile(tool->input_schema_json);
  if (!input.ok()) return Status(ODMCP_INVALID_ARGUMENT, who + ": input schema: " + input.error());
  tool->input_schema = std::move(input).value();
  // Served compact (stdio and SSE frame messages by line), keywords and
  // member order preserved.
  tool->input_schema_json = ToJson(tool->input_schema->document());
  if (!RootIsObjectSchema(tool->input_schema->document())) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  who + ": input schema: the root must have \"type\": \"object\"");
  }
  std::vector<std::string> path;
  if (auto bad = CollectHeaderBindings(tool->input_schema->document(), path,
                                       tool->header_bindings)) {
    return Status(ODMCP_INVALID_ARGUMENT, who + ": input schema: " + *bad);
  }

  tool->output_schema_json = std::string(View(desc.output_schema_json));
  if (!tool->output_schema_json.empty()) {
    StatusOr<std::unique_ptr<JsonSchema>> output = JsonSchema::Compile(tool->output_schema_json);
    if (!output.ok()) {
      return Status(ODMCP_INVALID_ARGUMENT, who + ": output schema: " + output.error());
    }
    tool->output_schema = std::move(output).value();
    tool->output_schema_json = ToJson(tool->output_schema->document());
    if (!RootIsObjectSchema(tool->output_schema->document())) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    who + ": output schema: the root must have \"type\": \"object\"");
    }
  }
  tool->meta_json = std::string(View(desc.meta_json));
  if (!tool->meta_json.empty()) {
    JsonDocument meta;
    if (ParseJson(tool->meta_json, meta) || !meta.IsObject()) {
      return Status(ODMCP_INVALID_ARGUMENT, who + ": meta_json must be a JSON object");
    }
    tool->meta_json = ToJson(meta);
  }
  std::string_view required = View(desc.required_client_capabilities_json);
  if (!required.empty()) {
    JsonDocument caps;
    if (ParseJson(required, caps) || !caps.IsObject()) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    who +
                        ": required_client_capabilities_json must be a JSON object such as "
                        "{\"sampling\":{}}");
    }
    for (const auto& cap : caps.GetObject()) {
      if (!cap.value.IsObject()) {
        return Status(ODMCP_INVALID_ARGUMENT, who + ": required client capability \"" +
                                                  std::string(AsView(cap.name)) +
                                                  "\" must be an object");
      }
      tool->required_capabilities.emplace_back(std::string(AsView(cap.name)), ToJson(cap.value));
    }
  }
  tool->cost_class = desc.cost_class;
  tool->flags = desc.flags;
  tool->read_only = desc.read_only_hint == ODMCP_HINT_TRUE;
  tool->handler = desc.handler;
  tool->state = desc.tool_state;
  tool->plugin = plugin;
  tool->listing_json = Listing(*tool, desc);
  return tool;
}

}  // namespace odmcp
