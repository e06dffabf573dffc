// ResourceRecord and PromptRecord: the host's copies of a plugin's resource
// (or resource template) and prompt descriptions (odmcp/plugin.h, 1.2),
// with their list entries serialized once.
//
// Each handler is kept as a ToolRecord, so that resource reads, prompt gets
// and completions run exactly as tool calls do (ToolCall), with the same
// services, cancellation and secret scrubbing. Immutable after construction.
#ifndef ODMCP_HOST_PLUGINS_FEATURE_RECORD_H_
#define ODMCP_HOST_PLUGINS_FEATURE_RECORD_H_

#include <odmcp/plugin.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/common/status.h"
#include "host/plugins/tool_record.h"
#include "host/plugins/uri_template.h"

namespace odmcp {

struct PluginRecord;

struct ResourceRecord {
  std::string name;
  std::string uri;                           // a fixed resource's URI, or empty
  std::optional<UriTemplate> uri_template;   // set for a template
  std::string listing_json;  // its entry in resources/list or resources/templates/list
  std::shared_ptr<const ToolRecord> read;
  std::shared_ptr<const ToolRecord> list;      // null: none
  std::shared_ptr<const ToolRecord> complete;  // null: none
  PluginRecord* plugin = nullptr;

  // The URI or template text: what identifies it among all resources.
  const std::string& key() const { return uri_template ? uri_template->text() : uri; }
};

struct PromptArgument {
  std::string name;
  bool required = false;
};

struct PromptRecord {
  std::string name;
  std::vector<PromptArgument> arguments;
  std::string listing_json;  // its entry in prompts/list
  std::shared_ptr<const ToolRecord> get;
  std::shared_ptr<const ToolRecord> complete;  // null: none
  PluginRecord* plugin = nullptr;
};

// Copy and check a plugin's description (rule R2 included); the error says
// what is wrong, for the plugin's author.
StatusOr<std::shared_ptr<ResourceRecord>> MakeResourceRecord(PluginRecord* plugin,
                                                             const odmcp_resource_desc* desc);
StatusOr<std::shared_ptr<PromptRecord>> MakePromptRecord(PluginRecord* plugin,
                                                         const odmcp_prompt_desc* desc);

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_FEATURE_RECORD_H_
