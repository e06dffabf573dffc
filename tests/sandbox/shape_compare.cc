// Copyright 2026 The orderdesk-mcp Authors.

#include "tests/sandbox/shape_compare.h"

namespace odmcp::sandbox::testing {
namespace {

std::string TypeName(const rapidjson::Value& value) {
  if (value.IsNull()) return "null";
  if (value.IsBool()) return "bool";
  if (value.IsNumber()) return "number";
  if (value.IsString()) return "string";
  if (value.IsArray()) return "array";
  return "object";
}

bool IsMap(const rapidjson::Value& value) { return value.IsObject() || (value.IsArray() && value.Empty()); }

class ShapeComparer {
 public:
  explicit ShapeComparer(const ShapeRules& rules) : rules_(rules) {}

  void Compare(const rapidjson::Value& reference, const rapidjson::Value& actual, const std::string& path,
               const std::string& key) {
    if (rules_.free_maps.count(key) > 0) return CompareMaps(reference, actual, path);
    if (TypeName(reference) != TypeName(actual)) {
      return Problem(path + ": " + TypeName(reference) + " in the reference, " + TypeName(actual) + " in the reply");
    }
    if (reference.IsObject()) {
      for (auto it = reference.MemberBegin(); it != reference.MemberEnd(); ++it) {
        const std::string name = it->name.GetString();
        const std::string child = path.empty() ? name : path + "." + name;
        if (!actual.HasMember(name.c_str())) {
          Problem(child + ": missing from the reply");
          continue;
        }
        Compare(it->value, actual[name.c_str()], child, name);
      }
      for (auto it = actual.MemberBegin(); it != actual.MemberEnd(); ++it) {
        const std::string name = it->name.GetString();
        const std::string child = path.empty() ? name : path + "." + name;
        if (!reference.HasMember(name.c_str()) && rules_.allowed_extra.count(child) == 0) {
          Problem(child + ": in the reply but not in the reference");
        }
      }
    } else if (reference.IsArray() && !reference.Empty()) {
      if (actual.Empty() && !rules_.allow_empty_arrays) {
        Problem(path + ": empty in the reply, the reference shows elements");
      }
      for (const rapidjson::Value& element : actual.GetArray()) Compare(reference[0], element, path + "[]", "");
    }
  }

  std::vector<std::string> problems() const { return problems_; }

 private:
  void CompareMaps(const rapidjson::Value& reference, const rapidjson::Value& actual, const std::string& path) {
    if (!IsMap(reference) || !IsMap(actual)) {
      return Problem(path + ": a map (object or []) is expected, the reply has " + TypeName(actual));
    }
    if (!reference.IsObject() || !actual.IsObject()) return;
    // A map of strings in the reference must stay a map of strings.
    bool string_values = reference.MemberCount() > 0;
    for (auto it = reference.MemberBegin(); it != reference.MemberEnd(); ++it) {
      string_values = string_values && it->value.IsString();
    }
    if (!string_values) return;
    for (auto it = actual.MemberBegin(); it != actual.MemberEnd(); ++it) {
      if (!it->value.IsString()) Problem(path + "." + it->name.GetString() + ": map values must be strings");
    }
  }

  void Problem(std::string text) { problems_.push_back(std::move(text)); }

  const ShapeRules& rules_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> CompareShape(const rapidjson::Value& reference, const rapidjson::Value& actual,
                                      const ShapeRules& rules) {
  ShapeComparer comparer(rules);
  comparer.Compare(reference, actual, "", "");
  return comparer.problems();
}

}  // namespace odmcp::sandbox::testing
