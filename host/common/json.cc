#include "host/common/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

namespace odmcp {
namespace {

// Passes a reader's events on to a document, failing the parse at the first
// array or object that would nest deeper than the limit.
class DepthLimit {
 public:
  DepthLimit(rapidjson::Document& doc, int max_depth) : doc_(doc), max_depth_(max_depth) {}

  bool exceeded() const { return exceeded_; }

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return doc_.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool StartObject() { return Enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) {
    --depth_;
    return doc_.EndObject(members);
  }
  bool StartArray() { return Enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) {
    --depth_;
    return doc_.EndArray(elements);
  }

 private:
  bool Enter() {
    if (++depth_ <= max_depth_) return true;
    exceeded_ = true;
    return false;
  }

  rapidjson::Document& doc_;
  const int max_depth_;
  int depth_ = 0;
  bool exceeded_ = false;
};

}  // namespace

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

const rapidjson::Value* FindMember(const rapidjson::Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string_view JsonTypeName(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "boolean";
    case rapidjson::kObjectType:
      return "object";
    case rapidjson::kArrayType:
      return "array";
    case rapidjson::kStringType:
      return "string";
    case rapidjson::kNumberType:
      return (value.IsInt64() || value.IsUint64()) ? "integer" : "number";
  }
  return "unknown";
}

std::optional<JsonParseError> ParseJson(std::string_view text, rapidjson::Document& doc,
                                        int max_depth) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::Reader reader;
  DepthLimit limit(doc, max_depth);
  auto generate = [&](rapidjson::Document&) {
    return !reader.Parse<rapidjson::kParseIterativeFlag>(stream, limit).IsError();
  };
  doc.Populate(generate);
  if (!reader.HasParseError()) return std::nullopt;
  doc.SetNull();
  if (limit.exceeded()) {
    return JsonParseError{reader.GetErrorOffset(),
                          "arrays and objects nest deeper than " + std::to_string(max_depth) +
                              " levels, the most this server accepts",
                          true};
  }
  return JsonParseError{reader.GetErrorOffset(),
                        rapidjson::GetParseError_En(reader.GetParseErrorCode()), false};
}

bool IsValidJson(std::string_view text) {
  JsonDocument doc;
  return !ParseJson(text, doc).has_value();
}

std::string QuoteJson(std::string_view text) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  WriteString(writer, text);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace odmcp
