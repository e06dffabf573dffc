// Checks of the MCP content blocks a plugin adds to a tool result, so that a
// plugin bug becomes a clear log line instead of a client that rejects the
// whole result.
#ifndef ODMCP_HOST_PLUGINS_CONTENT_BLOCK_H_
#define ODMCP_HOST_PLUGINS_CONTENT_BLOCK_H_

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace odmcp {

// Nullopt if `block` is a well-formed content block (text, image, audio,
// resource or resource_link); otherwise what is wrong with it.
std::optional<std::string> CheckContentBlock(const rapidjson::Value& block);

// {"type":"text","text":<text>}
std::string TextBlock(std::string_view text);

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_CONTENT_BLOCK_H_
