// ToolRecord: the host's copy of one registered tool (odmcp_tool_desc),
// with its schemas compiled and its tools/list entry serialized once.
// Immutable after construction, except for the serial mutex.
#ifndef ODMCP_HOST_PLUGINS_TOOL_RECORD_H_
#define ODMCP_HOST_PLUGINS_TOOL_RECORD_H_

#include <odmcp/plugin.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "host/common/status.h"
#include "host/common/json_schema.h"

namespace odmcp {

struct PluginRecord;

// An argument that 2026-07-28 clients must mirror into an Mcp-Param-<header>
// HTTP header (the "x-mcp-header" schema extension).
struct HeaderBinding {
  std::string header;             // as declared, e.g. "Region"
  std::vector<std::string> path;  // property names from the arguments root
  std::string type;               // "string", "integer" or "boolean"
};

struct ToolRecord {
  std::string name;
  std::string title;
  std::string description;
  std::string input_schema_json;
  std::string output_schema_json;  // empty: none
  std::string meta_json;           // empty: none
  // The client capabilities the tool needs, by name, each with its declared
  // value (serialized), in declaration order.
  std::vector<std::pair<std::string, std::string>> required_capabilities;
  int32_t cost_class = ODMCP_COST_READ;
  uint32_t flags = 0;
  // Its annotations say readOnlyHint true: a token with a read scope may
  // call it (host/auth/tool_grant.h).
  bool read_only = false;
  odmcp_tool_fn handler = nullptr;
  void* state = nullptr;
  PluginRecord* plugin = nullptr;

  std::unique_ptr<JsonSchema> input_schema;
  std::unique_ptr<JsonSchema> output_schema;  // null: none
  std::vector<HeaderBinding> header_bindings;
  std::string listing_json;  // this tool's object in a tools/list result
  mutable std::mutex serial;  // held around calls when ODMCP_TOOL_SERIAL
};

// Copies and checks a plugin's description (struct_size rule R2 included).
// The error says what is wrong, for the plugin's author.
StatusOr<std::shared_ptr<ToolRecord>> MakeToolRecord(PluginRecord* plugin,
                                                     const odmcp_tool_desc* desc);

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_TOOL_RECORD_H_
