// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/inventory_input.h"

#include "sandbox/json_input.h"

namespace odmcp::sandbox {

ApiStatus ParseInventoryInput(const rapidjson::Value& body, const std::string& path,
                              InventoryInput* out) {
  if (!body.IsObject()) {
    return ApiStatus::BadRequest(path.empty() ? "Inventory item must be a JSON object"
                                              : "Field '" + path + "' must be an object");
  }
  ApiStatus error;
  FieldReader reader(body, path, &error);
  InventoryItem& item = out->item;
  int64_t id = 0;
  if (reader.ReadId("id", &id)) out->id = id;
  reader.ReadString("name", &item.name);
  reader.ReadString("code", &item.code);
  if (item.name.empty() || item.code.empty()) {
    reader.Fail("Fields '" + reader.PathOf("name") + "' and '" + reader.PathOf("code") +
                "' are required for an inventory item");
  }
  reader.ReadMoney("price", &item.price);
  reader.ReadMoney("cost", &item.cost);
  if (reader.ReadDecimal("weight", &item.weight) && item.weight < 0) {
    reader.Fail("Field '" + reader.PathOf("weight") + "' must not be negative");
  }
  reader.ReadInteger("stock", &item.stock);
  reader.ReadMap("metadata", &item.metadata);
  reader.ReadMap("variation_list", &item.variation_list);
  reader.ReadString("manufacturer_sku", &item.manufacturer_sku);
  reader.ReadString("location", &item.location);
  reader.ReadString("update_source", &item.update_source);
  return error;
}

}  // namespace odmcp::sandbox
