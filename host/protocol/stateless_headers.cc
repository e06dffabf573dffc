#include "host/protocol/stateless_headers.h"

#include <cctype>
#include <charconv>

#include "host/common/base64.h"
#include "host/common/http_text.h"
#include "host/common/json.h"
#include "host/plugins/tool_record.h"

namespace odmcp {
namespace {

constexpr std::string_view kSentinelStart = "=?base64?";
constexpr std::string_view kSentinelEnd = "?=";

const rapidjson::Value* AtPath(const rapidjson::Value& root, const std::vector<std::string>& path) {
  const rapidjson::Value* node = &root;
  for (const std::string& key : path) {
    node = FindMember(*node, key);
    if (node == nullptr) return nullptr;
  }
  return node;
}

// Whether a decoded header value mirrors an argument of the declared type.
bool Mirrors(std::string_view header, const rapidjson::Value& value) {
  if (value.IsString()) return header == AsView(value);
  if (value.IsBool()) {
    std::string lower(header);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == (value.GetBool() ? "true" : "false");
  }
  if (value.IsInt64()) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), n);
    return ec == std::errc() && end == header.data() + header.size() && n == value.GetInt64();
  }
  return false;
}

}  // namespace

std::optional<std::string> DecodeMcpHeaderValue(std::string_view raw) {
  std::string_view value = TrimOws(raw);
  if (value.size() >= kSentinelStart.size() + kSentinelEnd.size() &&
      value.substr(0, kSentinelStart.size()) == kSentinelStart &&
      value.substr(value.size() - kSentinelEnd.size()) == kSentinelEnd) {
    return Base64Decode(value.substr(kSentinelStart.size(),
                                     value.size() - kSentinelStart.size() - kSentinelEnd.size()));
  }
  return std::string(value);
}

std::optional<std::string> CheckVersionAndMethodHeaders(const HttpHeaders& headers,
                                                        const Request& request,
                                                        std::string_view body_version) {
  std::optional<std::string_view> version = headers.Find("MCP-Protocol-Version");
  if (!version) return "the MCP-Protocol-Version header is required";
  if (TrimOws(*version) != body_version) {
    return "the MCP-Protocol-Version header (" + std::string(TrimOws(*version)) +
           ") differs from the body's _meta protocol version (" + std::string(body_version) + ")";
  }
  std::optional<std::string_view> method = headers.Find("Mcp-Method");
  if (!method) return "the Mcp-Method header is required";
  if (TrimOws(*method) != request.method) {
    return "the Mcp-Method header (" + std::string(TrimOws(*method)) +
           ") differs from the body's method (" + std::string(request.method) + ")";
  }
  return std::nullopt;
}

std::optional<std::string> CheckNameHeader(const HttpHeaders& headers, const Request& request) {
  const char* field = nullptr;
  if (request.method == "tools/call" || request.method == "prompts/get") field = "name";
  if (request.method == "resources/read") field = "uri";
  if (field == nullptr) return std::nullopt;
  const rapidjson::Value* value =
      request.params == nullptr ? nullptr : FindMember(*request.params, field);
  std::optional<std::string_view> header = headers.Find("Mcp-Name");
  if (!header) return "the Mcp-Name header is required for " + std::string(request.method);
  std::optional<std::string> decoded = DecodeMcpHeaderValue(*header);
  if (!decoded) return "the Mcp-Name header holds invalid base64";
  if (value == nullptr || !value->IsString() || *decoded != AsView(*value)) {
    return "the Mcp-Name header differs from params." + std::string(field);
  }
  return std::nullopt;
}

std::optional<std::string> CheckParamHeaders(const HttpHeaders& headers, const ToolRecord& tool,
                                             const rapidjson::Value& arguments) {
  for (const HeaderBinding& binding : tool.header_bindings) {
    const std::string name = "Mcp-Param-" + binding.header;
    std::optional<std::string_view> header = headers.Find(name);
    const rapidjson::Value* value = AtPath(arguments, binding.path);
    if (value == nullptr || value->IsNull()) {
      if (header) return "the " + name + " header is present but the argument it mirrors is not";
      continue;
    }
    if (!header) return "the " + name + " header is required: it mirrors an argument";
    std::optional<std::string> decoded = DecodeMcpHeaderValue(*header);
    if (!decoded) return "the " + name + " header holds invalid base64";
    if (!Mirrors(*decoded, *value)) return "the " + name + " header differs from its argument";
  }
  return std::nullopt;
}

}  // namespace odmcp
