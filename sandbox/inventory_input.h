// Copyright 2026 The orderdesk-mcp Authors.
//
// Parses inventory item JSON (POST/PUT /inventory-items, PUT
// /batch-inventory-items). A valid item has a name and a code (SKU),
// section 3.10. Fields left out are blank: inventory PUT replaces the item.
//
// Thread-safety: pure functions.

#ifndef ODMCP_SANDBOX_INVENTORY_INPUT_H_
#define ODMCP_SANDBOX_INVENTORY_INPUT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "rapidjson/document.h"
#include "sandbox/api_status.h"
#include "sandbox/model.h"

namespace odmcp::sandbox {

struct InventoryInput {
  InventoryItem item;
  std::optional<int64_t> id;
};

// `path` names a batch element in messages, or is empty.
ApiStatus ParseInventoryInput(const rapidjson::Value& body, const std::string& path,
                              InventoryInput* out);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_INVENTORY_INPUT_H_
