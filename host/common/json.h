// JSON helpers over RapidJSON shared by the host's modules.
#ifndef ODMCP_HOST_COMMON_JSON_H_
#define ODMCP_HOST_COMMON_JSON_H_

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <string>
#include <string_view>

namespace odmcp {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// A document that takes its memory in chunks of kJsonChunkBytes. RapidJSON's
// own default is 64 KiB a chunk, and glibc's malloc consolidates its free
// lists each time a block that large is freed: for the several small
// documents of one call, that cost more than parsing them.
inline constexpr size_t kJsonChunkBytes = 4096;

namespace json_internal {
struct ChunkAllocator {
  rapidjson::MemoryPoolAllocator<> allocator{kJsonChunkBytes};
};
}  // namespace json_internal

class JsonDocument : private json_internal::ChunkAllocator, public rapidjson::Document {
 public:
  JsonDocument() : rapidjson::Document(&allocator) {}
  // Its values point into its own allocator: it cannot be copied or moved.
  JsonDocument(const JsonDocument&) = delete;
  JsonDocument& operator=(const JsonDocument&) = delete;
};

// The deepest nesting of arrays and objects the host parses. RapidJSON's
// DOM is destroyed and serialized recursively, so nesting must be bounded
// wherever JSON enters the host; 128 levels is far beyond any MCP message.
inline constexpr int kMaxJsonDepth = 128;

struct JsonParseError {
  size_t offset = 0;      // the byte at which parsing stopped
  std::string message;    // e.g. "Missing a comma or ']' after an array element."
  bool too_deep = false;  // the text nests deeper than the limit
};

// Parses `text` into `doc` without recursion, refusing nesting deeper than
// `max_depth`; returns why it failed (then `doc` is null), or nullopt once
// `doc` holds the value. Every parse of JSON the host did not write itself
// (from clients, plugins, the command line) goes through here.
std::optional<JsonParseError> ParseJson(std::string_view text, rapidjson::Document& doc,
                                        int max_depth = kMaxJsonDepth);

// Compact serialization (no newlines, so it fits stdio and SSE framing).
std::string ToJson(const rapidjson::Value& value);

// The member `key` of `object`, or nullptr if `object` is not an object or
// lacks the member.
const rapidjson::Value* FindMember(const rapidjson::Value& object, std::string_view key);

// The string value as a view; the value must be a string.
inline std::string_view AsView(const rapidjson::Value& string_value) {
  return std::string_view(string_value.GetString(), string_value.GetStringLength());
}

// "object", "array", "string", "integer", "number", "boolean" or "null", as
// JSON Schema names the type of `value`.
std::string_view JsonTypeName(const rapidjson::Value& value);

// True if `text` is one complete JSON value.
bool IsValidJson(std::string_view text);

// Writes `text` as a JSON string value (escaped and quoted) to `writer`.
inline void WriteString(JsonWriter& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

// Writes a key followed by a string value.
inline void WriteKeyString(JsonWriter& writer, std::string_view key, std::string_view value) {
  writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  WriteString(writer, value);
}

// Writes already-serialized JSON as a value, verbatim.
inline void WriteRaw(JsonWriter& writer, std::string_view json) {
  writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

// Quotes `text` as a JSON string literal.
std::string QuoteJson(std::string_view text);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_JSON_H_
