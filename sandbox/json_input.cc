// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/json_input.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "sandbox/date_time.h"
#include "sandbox/text_util.h"

namespace odmcp::sandbox {
namespace {

// Larger numbers are certainly mistakes; the bound keeps every total of an
// order (at most kMaxOrderItems items of kMaxQuantity units) inside int64
// cents.
constexpr double kMaxMagnitude = 1e8;

// Deeper JSON is refused before parsing, so that no recursive walk over a
// request (copying a free-form map, say) can exhaust a thread's stack.
constexpr int kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects in `text`, ignoring brackets
// inside strings; stops counting once past `limit`.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

ApiStatus ParseJsonBody(std::string_view body, rapidjson::Document* document) {
  size_t first = 0;
  while (first < body.size() && (body[first] == ' ' || body[first] == '\n' ||
                                 body[first] == '\r' || body[first] == '\t')) {
    ++first;
  }
  if (first == body.size()) {
    return ApiStatus::BadRequest("Request body is empty; send a JSON document");
  }
  if (NestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth) {
    return ApiStatus::BadRequest("JSON body is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  }
  // Invalid UTF-8 is refused: it would be echoed back in every later reply.
  document->Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  if (document->HasParseError()) {
    return ApiStatus::BadRequest(std::string("Malformed JSON body: ") +
                                 rapidjson::GetParseError_En(document->GetParseError()) +
                                 " (at byte " + std::to_string(document->GetErrorOffset()) + ")");
  }
  return ApiStatus::Ok();
}

ApiStatus ParseJsonObjectBody(std::string_view body, rapidjson::Document* document) {
  ApiStatus status = ParseJsonBody(body, document);
  if (status.ok() && !document->IsObject()) {
    return ApiStatus::BadRequest("Request body must be a JSON object");
  }
  return status;
}

bool ValueToId(const rapidjson::Value& value, int64_t* id) {
  int64_t parsed = 0;
  if (value.IsInt64()) {
    parsed = value.GetInt64();
  } else if (!value.IsString() || !ParseInt64(value.GetString(), &parsed)) {
    return false;
  }
  if (parsed <= 0) return false;
  *id = parsed;
  return true;
}

std::string ToJsonText(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

FieldReader::FieldReader(const rapidjson::Value& object, std::string path, ApiStatus* error)
    : object_(object), path_(std::move(path)), error_(error) {}

const rapidjson::Value* FieldReader::Find(std::string_view key) const {
  const auto member = object_.FindMember(
      rapidjson::Value(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
  return member == object_.MemberEnd() ? nullptr : &member->value;
}

bool FieldReader::Has(std::string_view key) const { return Find(key) != nullptr; }

std::string FieldReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void FieldReader::Fail(std::string message) {
  if (error_->ok()) *error_ = ApiStatus::BadRequest(std::move(message));
}

bool FieldReader::ReadString(std::string_view key, std::string* out) {
  const rapidjson::Value* value = Find(key);
  if (value == nullptr) return false;
  if (value->IsNull()) {
    out->clear();
  } else if (value->IsString()) {
    out->assign(value->GetString(), value->GetStringLength());
  } else if (value->IsInt64()) {
    *out = std::to_string(value->GetInt64());
  } else if (value->IsUint64()) {
    *out = std::to_string(value->GetUint64());
  } else if (value->IsNumber()) {
    *out = FormatDecimal(value->GetDouble());
  } else {
    Fail("Field '" + PathOf(key) + "' must be a string");
    return false;
  }
  return true;
}

bool FieldReader::ReadDecimal(std::string_view key, double* out) {
  const rapidjson::Value* value = Find(key);
  if (value == nullptr) return false;
  double number = 0;
  if (value->IsNull()) {
    number = 0;
  } else if (value->IsNumber()) {
    number = value->GetDouble();
  } else if (value->IsString() && value->GetStringLength() == 0) {
    number = 0;
  } else if (!value->IsString() || !ParseDouble(value->GetString(), &number)) {
    Fail("Field '" + PathOf(key) + "' must be a number");
    return false;
  }
  if (std::fabs(number) > kMaxMagnitude) {
    Fail("Field '" + PathOf(key) + "' is out of range (at most " +
         std::to_string(static_cast<int64_t>(kMaxMagnitude)) + " either way)");
    return false;
  }
  *out = number;
  return true;
}

bool FieldReader::ReadMoney(std::string_view key, Cents* out) {
  double amount = 0;
  if (!ReadDecimal(key, &amount)) return false;
  *out = ToCents(amount);
  return true;
}

bool FieldReader::ReadInteger(std::string_view key, int64_t* out) {
  const rapidjson::Value* value = Find(key);
  if (value == nullptr) return false;
  int64_t number = 0;
  if (value->IsNull()) {
    number = 0;
  } else if (value->IsInt64()) {
    number = value->GetInt64();
  } else if (value->IsDouble() && std::trunc(value->GetDouble()) == value->GetDouble() &&
             std::fabs(value->GetDouble()) <= kMaxMagnitude) {
    number = static_cast<int64_t>(value->GetDouble());
  } else if (!value->IsString() || !ParseInt64(value->GetString(), &number)) {
    Fail("Field '" + PathOf(key) + "' must be an integer");
    return false;
  }
  *out = number;
  return true;
}

bool FieldReader::ReadId(std::string_view key, int64_t* out) {
  const rapidjson::Value* value = Find(key);
  if (value == nullptr) return false;
  if (!ValueToId(*value, out)) {
    Fail("Field '" + PathOf(key) + "' must be a positive integer id");
    return false;
  }
  return true;
}

bool FieldReader::ReadMap(std::string_view key, std::string* json) {
  const rapidjson::Value* value = Find(key);
  if (value == nullptr) return false;
  if (value->IsNull() || (value->IsArray() && value->Empty()) ||
      (value->IsObject() && value->MemberCount() == 0)) {
    *json = kEmptyJsonMap;
    return true;
  }
  if (!value->IsObject()) {
    Fail("Field '" + PathOf(key) + "' must be an object of names to values");
    return false;
  }
  *json = ToJsonText(*value);
  return true;
}

bool FieldReader::ReadDateTime(std::string_view key, UnixSeconds* out) {
  std::string text;
  const rapidjson::Value* value = Find(key);
  if (value == nullptr) return false;
  if (!value->IsString()) {
    Fail("Field '" + PathOf(key) + "' must be a date string \"YYYY-MM-DD HH:MM:SS\"");
    return false;
  }
  ParsedDateTime parsed;
  if (!ParseDateTime(value->GetString(), &parsed)) {
    Fail("Field '" + PathOf(key) + "' is not a valid date \"YYYY-MM-DD HH:MM:SS\": '" +
         value->GetString() + "'");
    return false;
  }
  *out = parsed.seconds;
  return true;
}

const rapidjson::Value* FieldReader::ReadArray(std::string_view key) {
  const rapidjson::Value* value = Find(key);
  if (value == nullptr || value->IsNull()) return nullptr;
  if (!value->IsArray()) {
    Fail("Field '" + PathOf(key) + "' must be an array");
    return nullptr;
  }
  return value;
}

const rapidjson::Value* FieldReader::ReadObject(std::string_view key) {
  const rapidjson::Value* value = Find(key);
  if (value == nullptr || value->IsNull()) return nullptr;
  if (value->IsArray() && value->Empty()) return nullptr;  // PHP's empty map
  if (!value->IsObject()) {
    Fail("Field '" + PathOf(key) + "' must be an object");
    return nullptr;
  }
  return value;
}

}  // namespace odmcp::sandbox
