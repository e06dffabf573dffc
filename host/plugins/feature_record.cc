#include "host/plugins/feature_record.h"

#include <regex>

#include "host/common/json.h"
#include "host/plugins/abi_struct.h"

namespace odmcp {
namespace {

constexpr uint32_t kKnownFlags = ODMCP_TOOL_SERIAL;

// A handler kept as a tool record named for the host log
// ("resource order", "prompt triage_folder").
std::shared_ptr<const ToolRecord> HandlerRecord(PluginRecord* plugin, const std::string& label,
                                                odmcp_tool_fn fn, void* state, uint32_t flags) {
  if (fn == nullptr) return nullptr;
  auto record = std::make_shared<ToolRecord>();
  record->name = label;
  record->handler = fn;
  record->state = state;
  record->flags = flags;
  record->plugin = plugin;
  return record;
}

// Parses optional JSON that must be an object; empty stays empty.
std::optional<std::string> CompactObject(std::string_view json, std::string* out) {
  out->clear();
  if (json.empty()) return std::nullopt;
  JsonDocument doc;
  if (ParseJson(json, doc) || !doc.IsObject()) return "must be a JSON object";
  *out = ToJson(doc);
  return std::nullopt;
}

void WriteOptional(JsonWriter& w, const char* key, std::string_view value) {
  if (!value.empty()) WriteKeyString(w, key, value);
}

}  // namespace

StatusOr<std::shared_ptr<ResourceRecord>> MakeResourceRecord(PluginRecord* plugin,
                                                             const odmcp_resource_desc* peer) {
  if (peer == nullptr) return Status(ODMCP_INVALID_ARGUMENT, "the resource description is NULL");
  odmcp_resource_desc desc;
  std::string problem;
  if (!ReadPeerStruct(peer, ODMCP_SIZE_THROUGH(odmcp_resource_desc, state), &desc, &problem)) {
    return Status(ODMCP_INVALID_ARGUMENT, "resource description: " + problem);
  }
  auto resource = std::make_shared<ResourceRecord>();
  resource->name = std::string(View(desc.name));
  const std::string who = "resource \"" + resource->name + "\"";
  if (resource->name.empty()) return Status(ODMCP_INVALID_ARGUMENT, "a resource needs a name");
  if (desc.read == nullptr) {
    return Status(ODMCP_INVALID_ARGUMENT, who + ": the read handler is NULL");
  }
  if ((desc.flags & ~kKnownFlags) != 0) {
    return Status(ODMCP_INVALID_ARGUMENT, who + ": it sets flags this host does not know");
  }
  const bool has_uri = desc.uri.len > 0;
  const bool has_template = desc.uri_template.len > 0;
  if (has_uri == has_template) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  who + ": give exactly one of uri (a resource) and uri_template (a template)");
  }
  if (has_uri) {
    resource->uri = std::string(View(desc.uri));
    if (resource->uri.find(':') == std::string::npos) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    who + ": uri \"" + resource->uri + "\" is not absolute (it has no scheme)");
    }
    if (desc.list != nullptr || desc.complete != nullptr) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    who + ": list and complete handlers belong to templates only");
    }
  } else {
    StatusOr<UriTemplate> parsed = UriTemplate::Parse(View(desc.uri_template));
    if (!parsed.ok()) {
      return Status(ODMCP_INVALID_ARGUMENT, who + ": uri_template: " + parsed.error());
    }
    resource->uri_template = std::move(parsed).value();
  }
  std::string meta;
  if (auto bad = CompactObject(View(desc.meta_json), &meta)) {
    return Status(ODMCP_INVALID_ARGUMENT, who + ": meta_json " + *bad);
  }

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  if (has_uri) {
    WriteKeyString(w, "uri", resource->uri);
  } else {
    WriteKeyString(w, "uriTemplate", resource->uri_template->text());
  }
  WriteKeyString(w, "name", resource->name);
  WriteOptional(w, "title", View(desc.title));
  WriteOptional(w, "description", View(desc.description));
  WriteOptional(w, "mimeType", View(desc.mime_type));
  if (!meta.empty()) {
    w.Key("_meta");
    WriteRaw(w, meta);
  }
  w.EndObject();
  resource->listing_json.assign(buffer.GetString(), buffer.GetSize());

  const std::string label = "resource " + resource->name;
  resource->read = HandlerRecord(plugin, label, desc.read, desc.state, desc.flags);
  resource->list = HandlerRecord(plugin, label + " (list)", desc.list, desc.state, desc.flags);
  resource->complete =
      HandlerRecord(plugin, label + " (complete)", desc.complete, desc.state, desc.flags);
  resource->plugin = plugin;
  return resource;
}

StatusOr<std::shared_ptr<PromptRecord>> MakePromptRecord(PluginRecord* plugin,
                                                         const odmcp_prompt_desc* peer) {
  if (peer == nullptr) return Status(ODMCP_INVALID_ARGUMENT, "the prompt description is NULL");
  odmcp_prompt_desc desc;
  std::string problem;
  if (!ReadPeerStruct(peer, ODMCP_SIZE_THROUGH(odmcp_prompt_desc, state), &desc, &problem)) {
    return Status(ODMCP_INVALID_ARGUMENT, "prompt description: " + problem);
  }
  auto prompt = std::make_shared<PromptRecord>();
  prompt->name = std::string(View(desc.name));
  const std::string who = "prompt \"" + prompt->name + "\"";
  static const std::regex kName("[A-Za-z0-9_.-]{1,128}");
  if (!std::regex_match(prompt->name, kName)) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  who + ": a prompt name is 1 to 128 characters of A-Z a-z 0-9 _ . -");
  }
  if (desc.description.len == 0) {
    return Status(ODMCP_INVALID_ARGUMENT, who + ": a description is required");
  }
  if (desc.get == nullptr) return Status(ODMCP_INVALID_ARGUMENT, who + ": the get handler is NULL");
  if ((desc.flags & ~kKnownFlags) != 0) {
    return Status(ODMCP_INVALID_ARGUMENT, who + ": it sets flags this host does not know");
  }
  std::string meta;
  if (auto bad = CompactObject(View(desc.meta_json), &meta)) {
    return Status(ODMCP_INVALID_ARGUMENT, who + ": meta_json " + *bad);
  }

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "name", prompt->name);
  WriteOptional(w, "title", View(desc.title));
  WriteKeyString(w, "description", View(desc.description));
  std::string_view arguments_json = View(desc.arguments_json);
  if (!arguments_json.empty()) {
    JsonDocument arguments;
    if (ParseJson(arguments_json, arguments) || !arguments.IsArray()) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    who + ": arguments_json must be a JSON array of {\"name\", ...}");
    }
    w.Key("arguments");
    w.StartArray();
    for (rapidjson::SizeType i = 0; i < arguments.Size(); ++i) {
      const rapidjson::Value& argument = arguments[i];
      const rapidjson::Value* name = FindMember(argument, "name");
      if (name == nullptr || !name->IsString() || name->GetStringLength() == 0) {
        return Status(ODMCP_INVALID_ARGUMENT,
                      who + ": arguments[" + std::to_string(i) + "] needs a non-empty \"name\"");
      }
      const rapidjson::Value* required = FindMember(argument, "required");
      if (required != nullptr && !required->IsBool()) {
        return Status(ODMCP_INVALID_ARGUMENT,
                      who + ": arguments[" + std::to_string(i) + "].required must be a boolean");
      }
      for (const PromptArgument& earlier : prompt->arguments) {
        if (earlier.name == AsView(*name)) {
          return Status(ODMCP_INVALID_ARGUMENT,
                        who + ": argument \"" + earlier.name + "\" is declared twice");
        }
      }
      prompt->arguments.push_back(
          PromptArgument{std::string(AsView(*name)), required != nullptr && required->GetBool()});
      WriteRaw(w, ToJson(argument));
    }
    w.EndArray();
  }
  if (!meta.empty()) {
    w.Key("_meta");
    WriteRaw(w, meta);
  }
  w.EndObject();
  prompt->listing_json.assign(buffer.GetString(), buffer.GetSize());

  const std::string label = "prompt " + prompt->name;
  prompt->get = HandlerRecord(plugin, label, desc.get, desc.state, desc.flags);
  prompt->complete =
      HandlerRecord(plugin, label + " (complete)", desc.complete, desc.state, desc.flags);
  prompt->plugin = plugin;
  return prompt;
}

}  // namespace odmcp
