#include "host/plugins/content_block.h"

#include "host/common/base64.h"
#include "host/common/json.h"

namespace odmcp {
namespace {

bool HasString(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* v = FindMember(object, key);
  return v != nullptr && v->IsString();
}

// Image and audio blocks require a MIME type; a resource's is optional.
std::optional<std::string> CheckBinary(const rapidjson::Value& block, std::string_view type,
                                       std::string_view data_key, bool mime_required) {
  if (mime_required && !HasString(block, "mimeType")) {
    return std::string(type) + " content needs a string \"mimeType\"";
  }
  const rapidjson::Value* data = FindMember(block, data_key);
  if (data == nullptr || !data->IsString() || !Base64Decode(AsView(*data))) {
    return std::string(type) + " content needs \"" + std::string(data_key) +
           "\": standard base64 with padding";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> CheckContentBlock(const rapidjson::Value& block) {
  if (!block.IsObject()) return "a content block must be a JSON object";
  const rapidjson::Value* type = FindMember(block, "type");
  if (type == nullptr || !type->IsString()) return "a content block needs a string \"type\"";
  std::string_view kind = AsView(*type);
  if (kind == "text") {
    if (!HasString(block, "text")) return "text content needs a string \"text\"";
    return std::nullopt;
  }
  if (kind == "image" || kind == "audio") return CheckBinary(block, kind, "data", true);
  if (kind == "resource") {
    const rapidjson::Value* resource = FindMember(block, "resource");
    if (resource == nullptr || !resource->IsObject() || !HasString(*resource, "uri")) {
      return "resource content needs a \"resource\" object with a string \"uri\"";
    }
    if (HasString(*resource, "text")) return std::nullopt;
    if (FindMember(*resource, "blob") != nullptr) return CheckBinary(*resource, "resource", "blob", false);
    return "resource content needs \"resource.text\" or \"resource.blob\"";
  }
  if (kind == "resource_link") {
    if (!HasString(block, "uri") || !HasString(block, "name")) {
      return "resource_link content needs string \"uri\" and \"name\"";
    }
    return std::nullopt;
  }
  return "unknown content type \"" + std::string(kind) +
         "\" (expected text, image, audio, resource or resource_link)";
}

std::string TextBlock(std::string_view text) {
  std::string out = R"({"type":"text","text":)";
  out += QuoteJson(text);
  out += '}';
  return out;
}

}  // namespace odmcp
