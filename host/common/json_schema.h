// JSON Schema validation of tool arguments and structured results, on
// RapidJSON's validator, with error messages that name the field at fault
// and what it expected -- the message a model reads to correct its call.
//
// RapidJSON 1.1 implements JSON Schema draft 4: type, properties, required,
// additionalProperties, patternProperties, items, enum, minimum/maximum,
// minLength/maxLength, pattern, minItems/maxItems, uniqueItems,
// min/maxProperties, allOf/anyOf/oneOf/not, dependencies and local $ref
// (into definitions or 2020-12's $defs).
// Newer keywords (const, if/then/else, prefixItems, ...) are kept in the
// schema served to clients but not enforced here. Remote $refs are never
// fetched.
//
// Thread safety: a JsonSchema is immutable; Validate() may run concurrently.
// (RapidJSON 1.1's regular expressions keep their matching state in the
// compiled schema, so each concurrent validation of a schema with "pattern"
// or "patternProperties" uses a compiled copy of its own, kept for reuse.)
#ifndef ODMCP_HOST_COMMON_JSON_SCHEMA_H_
#define ODMCP_HOST_COMMON_JSON_SCHEMA_H_

#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/status.h"

namespace odmcp {

class JsonSchema {
 public:
  // Parses `schema_json`; an error if it is not a JSON object.
  static StatusOr<std::unique_ptr<JsonSchema>> Compile(std::string_view schema_json);

  // Nullopt if `value` satisfies the schema; otherwise one sentence naming
  // the first field at fault, e.g. `"limit" must be at most 500, got 501`.
  // `what` names the value's root for messages about it ("the arguments").
  std::optional<std::string> Validate(const rapidjson::Value& value,
                                      std::string_view what = "the arguments") const;

  const rapidjson::Document& document() const { return document_; }

 private:
  JsonSchema() = default;

  rapidjson::Document document_;             // as declared; served to clients
  rapidjson::Document validation_document_;  // adapted for RapidJSON (see .cc)
  std::optional<std::string> ValidateWith(const rapidjson::SchemaDocument& schema,
                                          const rapidjson::Value& value,
                                          std::string_view what) const;

  std::unique_ptr<rapidjson::SchemaDocument> schema_;  // shared, when !uses_regex_
  bool uses_regex_ = false;  // "pattern" or "patternProperties" somewhere
  // Compiled copies not in use by a validation (only when uses_regex_).
  mutable std::mutex spares_mutex_;
  mutable std::vector<std::unique_ptr<rapidjson::SchemaDocument>> spares_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_JSON_SCHEMA_H_
