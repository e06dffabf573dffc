// The HTTP header rules of protocol 2026-07-28: the headers that mirror a
// request's body (MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Param-*)
// must be present and agree with it; otherwise the request is refused with
// HTTP 400 and JSON-RPC error -32020 (HeaderMismatch).
#ifndef ODMCP_HOST_PROTOCOL_STATELESS_HEADERS_H_
#define ODMCP_HOST_PROTOCOL_STATELESS_HEADERS_H_

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "host/protocol/engine.h"
#include "host/protocol/http_exchange.h"

namespace odmcp {

struct ToolRecord;

// An MCP header value with optional whitespace trimmed and the
// "=?base64?...?=" form decoded; nullopt if that form holds invalid base64.
std::optional<std::string> DecodeMcpHeaderValue(std::string_view raw);

// MCP-Protocol-Version must equal the body's version, Mcp-Method the method.
std::optional<std::string> CheckVersionAndMethodHeaders(const HttpHeaders& headers,
                                                        const Request& request,
                                                        std::string_view body_version);

// Mcp-Name must equal params.name (tools/call, prompts/get) or params.uri
// (resources/read).
std::optional<std::string> CheckNameHeader(const HttpHeaders& headers, const Request& request);

// Each x-mcp-header argument of `tool` present in `arguments` must be
// mirrored in its Mcp-Param-<name> header, and no header may claim an
// argument the body lacks.
std::optional<std::string> CheckParamHeaders(const HttpHeaders& headers, const ToolRecord& tool,
                                             const rapidjson::Value& arguments);

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_STATELESS_HEADERS_H_
