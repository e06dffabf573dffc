// Copyright 2026 The orderdesk-mcp Authors.
//
// Compares the shape of a JSON reply with a reference example: the same
// keys, recursively, with the same JSON value types. Numbers are one type
// (JSON does not tell 1 from 1.0). Maps whose keys are data rather than
// schema (checkout_data, folders, ...) are compared as maps: an object, or
// PHP's "[]" for an empty map.

#ifndef ODMCP_TESTS_SANDBOX_SHAPE_COMPARE_H_
#define ODMCP_TESTS_SANDBOX_SHAPE_COMPARE_H_

#include <set>
#include <string>
#include <vector>

#include "rapidjson/document.h"

namespace odmcp::sandbox::testing {

struct ShapeRules {
  // Keys (at any depth) whose values are free-form maps.
  std::set<std::string> free_maps = {"checkout_data", "order_metadata", "variation_list", "metadata", "folders"};
  // Paths of keys the reply may have beyond the reference, written like
  // "order.order_items[].fulfillment_method".
  std::set<std::string> allowed_extra;
  // Whether an empty array may stand where the reference shows elements
  // (seeded orders without notes, say); when false that is a difference.
  bool allow_empty_arrays = false;
};

// Every difference found, one line each ("order.folder_id: number in the
// reference, string in the reply"); empty when the shapes match.
std::vector<std::string> CompareShape(const rapidjson::Value& reference, const rapidjson::Value& actual,
                                      const ShapeRules& rules);

}  // namespace odmcp::sandbox::testing

#endif  // ODMCP_TESTS_SANDBOX_SHAPE_COMPARE_H_
