// Copyright 2026 The orderdesk-mcp Authors.
//
// Reading request bodies. OrderDesk is PHP and loosely typed: clients send
// numbers as strings ("price":"10") and ids as numbers or strings, so the
// readers accept both where a reasonable PHP server would, and reject
// everything else with a message naming the field. null means "blank".
//
// Thread-safety: a FieldReader belongs to one request.

#ifndef ODMCP_SANDBOX_JSON_INPUT_H_
#define ODMCP_SANDBOX_JSON_INPUT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "rapidjson/document.h"
#include "sandbox/api_status.h"
#include "sandbox/model.h"

namespace odmcp::sandbox {

// Parses `body` as JSON. An empty body or a syntax error gives a 400 whose
// message says what is wrong and where.
ApiStatus ParseJsonBody(std::string_view body, rapidjson::Document* document);

// As ParseJsonBody, and the document must be an object.
ApiStatus ParseJsonObjectBody(std::string_view body, rapidjson::Document* document);

// A positive integer id given as a number or a numeric string.
bool ValueToId(const rapidjson::Value& value, int64_t* id);

// Compact JSON text of a value.
std::string ToJsonText(const rapidjson::Value& value);

// Reads typed fields from one JSON object. Each Read* returns true and sets
// *out when the key is present with a usable value (null reads as blank:
// "", 0 or "[]"), returns false when the key is absent, and on a value of
// the wrong type records a 400 in the shared error (the first one wins) and
// returns false.
class FieldReader {
 public:
  // `object` must be a JSON object and outlive the reader; `path` prefixes
  // field names in messages ("order_items[2]"); `error` collects the first
  // failure and must outlive the reader.
  FieldReader(const rapidjson::Value& object, std::string path, ApiStatus* error);

  bool Has(std::string_view key) const;

  bool ReadString(std::string_view key, std::string* out);
  bool ReadMoney(std::string_view key, Cents* out);
  bool ReadInteger(std::string_view key, int64_t* out);
  bool ReadDecimal(std::string_view key, double* out);
  // An object (or an empty array, PHP's empty map) as compact JSON text.
  bool ReadMap(std::string_view key, std::string* json);
  // A date/time in a form ParseDateTime accepts; times without a zone are UTC.
  bool ReadDateTime(std::string_view key, UnixSeconds* out);
  // A positive integer id, as a number or a numeric string.
  bool ReadId(std::string_view key, int64_t* out);
  // The array / object at `key`, or null when absent, null or mistyped.
  const rapidjson::Value* ReadArray(std::string_view key);
  const rapidjson::Value* ReadObject(std::string_view key);

  // "shipping.first_name" style name of a field, for messages.
  std::string PathOf(std::string_view key) const;
  // Records a 400 with `message` unless an error is already recorded.
  void Fail(std::string message);

 private:
  const rapidjson::Value* Find(std::string_view key) const;

  const rapidjson::Value& object_;
  std::string path_;
  ApiStatus* error_;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_JSON_INPUT_H_
