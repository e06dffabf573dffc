#include "host/common/json_schema.h"

#include <rapidjson/pointer.h>

#include <cmath>
#include <sstream>

#include "host/common/json.h"

namespace odmcp {
namespace {

// "address.lines[2]" for the pointer /address/lines/2; empty for the root.
std::string FieldPath(const rapidjson::Pointer& pointer) {
  std::string path;
  for (size_t i = 0; i < pointer.GetTokenCount(); ++i) {
    const rapidjson::Pointer::Token& token = pointer.GetTokens()[i];
    if (token.index != rapidjson::kPointerInvalidIndex) {
      path += "[" + std::to_string(token.index) + "]";
    } else {
      if (!path.empty()) path += ".";
      path.append(token.name, token.length);
    }
  }
  return path;
}

std::string Subject(const std::string& field, std::string_view what) {
  return field.empty() ? std::string(what) : "\"" + field + "\"";
}

std::string Number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// What the value is, without echoing strings (they may be secrets).
std::string Described(const rapidjson::Value& value) {
  if (value.IsString()) {
    return "a string of " + std::to_string(value.GetStringLength()) + " characters";
  }
  if (value.IsNumber()) return Number(value.GetDouble());
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  if (value.IsArray()) return "an array of " + std::to_string(value.Size()) + " items";
  if (value.IsObject()) return "an object";
  return "null";
}

std::string TypeList(const rapidjson::Value& type) {
  if (type.IsString()) return std::string(AsView(type));
  std::string out;
  if (type.IsArray()) {
    for (const auto& t : type.GetArray()) {
      if (!t.IsString()) continue;
      if (!out.empty()) out += " or ";
      out += std::string(AsView(t));
    }
  }
  return out;
}

std::string Explain(std::string_view keyword, const rapidjson::Value& schema,
                    const rapidjson::Value& value, const std::string& field,
                    std::string_view what) {
  const std::string subject = Subject(field, what);
  auto schema_number = [&](const char* key) {
    const rapidjson::Value* v = FindMember(schema, key);
    return v != nullptr && v->IsNumber() ? Number(v->GetDouble()) : std::string("?");
  };
  if (keyword == "type") {
    const rapidjson::Value* type = FindMember(schema, "type");
    return subject + " must be " + (type ? TypeList(*type) : "another type") + ", got " +
           std::string(JsonTypeName(value));
  }
  if (keyword == "required") {
    const rapidjson::Value* required = FindMember(schema, "required");
    if (required != nullptr && required->IsArray() && value.IsObject()) {
      for (const auto& name : required->GetArray()) {
        if (name.IsString() && FindMember(value, AsView(name)) == nullptr) {
          std::string missing = field.empty() ? std::string(AsView(name))
                                              : field + "." + std::string(AsView(name));
          return "\"" + missing + "\" is required but missing";
        }
      }
    }
    return subject + " lacks a required property";
  }
  if (keyword == "additionalProperties") {
    // RapidJSON points at the unexpected property itself; the schema is its
    // parent object's.
    const rapidjson::Value* properties = FindMember(schema, "properties");
    std::string allowed;
    if (properties != nullptr && properties->IsObject()) {
      for (const auto& p : properties->GetObject()) {
        if (!allowed.empty()) allowed += ", ";
        allowed += std::string(AsView(p.name));
      }
    }
    return subject + " is not an accepted property" +
           (allowed.empty() ? std::string() : "; accepted: " + allowed);
  }
  if (keyword == "enum") {
    const rapidjson::Value* options = FindMember(schema, "enum");
    std::string list;
    if (options != nullptr && options->IsArray()) {
      for (const auto& o : options->GetArray()) {
        if (!list.empty()) list += ", ";
        list += ToJson(o);
      }
    }
    return subject + " must be one of " + list + "; got " + Described(value);
  }
  // Draft 4 makes exclusiveMinimum/exclusiveMaximum flags on minimum/maximum.
  auto flag = [&](const char* key) {
    const rapidjson::Value* v = FindMember(schema, key);
    return v != nullptr && v->IsTrue();
  };
  if (keyword == "minimum") {
    return subject + (flag("exclusiveMinimum") ? " must be greater than " : " must be at least ") +
           schema_number("minimum") + ", got " + Described(value);
  }
  if (keyword == "maximum") {
    return subject + (flag("exclusiveMaximum") ? " must be less than " : " must be at most ") +
           schema_number("maximum") + ", got " + Described(value);
  }
  if (keyword == "multipleOf") return subject + " must be a multiple of " + schema_number("multipleOf") + ", got " + Described(value);
  if (keyword == "minLength") return subject + " must be at least " + schema_number("minLength") + " characters long, got " + Described(value);
  if (keyword == "maxLength") return subject + " must be at most " + schema_number("maxLength") + " characters long, got " + Described(value);
  if (keyword == "pattern") {
    const rapidjson::Value* pattern = FindMember(schema, "pattern");
    return subject + " must match the pattern " + (pattern ? ToJson(*pattern) : "?");
  }
  if (keyword == "minItems") return subject + " must have at least " + schema_number("minItems") + " items, got " + Described(value);
  if (keyword == "maxItems") return subject + " must have at most " + schema_number("maxItems") + " items, got " + Described(value);
  if (keyword == "uniqueItems") return subject + " must not contain duplicate items";
  if (keyword == "minProperties") return subject + " must have at least " + schema_number("minProperties") + " properties";
  if (keyword == "maxProperties") return subject + " must have at most " + schema_number("maxProperties") + " properties";
  if (keyword == "anyOf" || keyword == "oneOf") return subject + " matches none of the accepted forms (" + std::string(keyword) + ")";
  if (keyword == "allOf") return subject + " does not satisfy every constraint (allOf)";
  if (keyword == "not") return subject + " has a form that is not accepted (not)";
  if (keyword == "dependencies") return subject + " lacks a property that another property requires";
  return subject + " fails the schema constraint \"" + std::string(keyword) + "\"";
}

// RapidJSON resolves $ref only into keywords it knows, so 2020-12's $defs
// (draft 4 called them definitions) would be silently unenforced. Renames
// $defs to definitions, and rewrites "#/$defs/..." references to match, in
// the copy used for validation only.
void MapDefsToDefinitions(rapidjson::Value& node, rapidjson::Document::AllocatorType& allocator) {
  constexpr std::string_view kDefsRef = "#/$defs/";
  if (node.IsArray()) {
    for (auto& item : node.GetArray()) MapDefsToDefinitions(item, allocator);
    return;
  }
  if (!node.IsObject()) return;
  for (auto& member : node.GetObject()) {
    if (AsView(member.name) == "$defs" && !node.HasMember("definitions")) {
      member.name.SetString("definitions", allocator);
    } else if (AsView(member.name) == "$ref" && member.value.IsString() &&
               AsView(member.value).substr(0, kDefsRef.size()) == kDefsRef) {
      std::string ref = "#/definitions/" + std::string(AsView(member.value).substr(kDefsRef.size()));
      member.value.SetString(ref.data(), static_cast<rapidjson::SizeType>(ref.size()), allocator);
    }
    MapDefsToDefinitions(member.value, allocator);
  }
}

// Whether `schema` has a member named "pattern" or "patternProperties" at
// any depth (a property so named counts too: locking then is only slower).
bool HasRegexKeyword(const rapidjson::Value& schema) {
  if (schema.IsArray()) {
    for (const rapidjson::Value& item : schema.GetArray()) {
      if (HasRegexKeyword(item)) return true;
    }
    return false;
  }
  if (!schema.IsObject()) return false;
  for (const auto& member : schema.GetObject()) {
    const std::string_view name = AsView(member.name);
    if (name == "pattern" || name == "patternProperties" || HasRegexKeyword(member.value)) {
      return true;
    }
  }
  return false;
}

}  // namespace

StatusOr<std::unique_ptr<JsonSchema>> JsonSchema::Compile(std::string_view schema_json) {
  std::unique_ptr<JsonSchema> schema(new JsonSchema());
  if (ParseJson(schema_json, schema->document_)) {
    return Status(ODMCP_INVALID_ARGUMENT, "the schema is not valid JSON");
  }
  if (!schema->document_.IsObject()) {
    return Status(ODMCP_INVALID_ARGUMENT, "the schema is not a JSON object");
  }
  schema->validation_document_.CopyFrom(schema->document_, schema->validation_document_.GetAllocator());
  MapDefsToDefinitions(schema->validation_document_, schema->validation_document_.GetAllocator());
  schema->schema_ = std::make_unique<rapidjson::SchemaDocument>(schema->validation_document_);
  schema->uses_regex_ = HasRegexKeyword(schema->validation_document_);
  if (schema->uses_regex_) schema->spares_.push_back(std::move(schema->schema_));
  return schema;
}

std::optional<std::string> JsonSchema::Validate(const rapidjson::Value& value,
                                                std::string_view what) const {
  if (!uses_regex_) return ValidateWith(*schema_, value, what);
  std::unique_ptr<rapidjson::SchemaDocument> own;
  {
    std::lock_guard<std::mutex> lock(spares_mutex_);
    if (!spares_.empty()) {
      own = std::move(spares_.back());
      spares_.pop_back();
    }
  }
  // At most one copy per validation running at once: as many as threads.
  if (own == nullptr) own = std::make_unique<rapidjson::SchemaDocument>(validation_document_);
  std::optional<std::string> problem = ValidateWith(*own, value, what);
  std::lock_guard<std::mutex> lock(spares_mutex_);
  spares_.push_back(std::move(own));
  return problem;
}

std::optional<std::string> JsonSchema::ValidateWith(const rapidjson::SchemaDocument& schema,
                                                    const rapidjson::Value& value,
                                                    std::string_view what) const {
  rapidjson::SchemaValidator validator(schema);
  if (value.Accept(validator)) return std::nullopt;
  const rapidjson::Value* schema_node =
      validator.GetInvalidSchemaPointer().Get(validation_document_);
  const rapidjson::Value* value_node = validator.GetInvalidDocumentPointer().Get(value);
  static const rapidjson::Value kNull;
  return Explain(validator.GetInvalidSchemaKeyword(), schema_node ? *schema_node : kNull,
                 value_node ? *value_node : kNull,
                 FieldPath(validator.GetInvalidDocumentPointer()), what);
}

}  // namespace odmcp
