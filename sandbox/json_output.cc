// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/json_output.h"

#include <cmath>
#include <string>

#include "sandbox/text_util.h"

namespace odmcp::sandbox {
namespace {

rapidjson::SizeType Length(std::string_view text) {
  return static_cast<rapidjson::SizeType>(text.size());
}

void WriteStringField(JsonWriter* writer, std::string_view key, std::string_view value) {
  WriteKey(writer, key);
  WriteString(writer, value);
}

void WriteMoneyField(JsonWriter* writer, std::string_view key, Cents cents) {
  WriteKey(writer, key);
  WriteMoney(writer, cents);
}

// Free-form maps are stored as validated JSON text ("[]" or an object) and
// copied verbatim.
void WriteRawJsonField(JsonWriter* writer, std::string_view key, std::string_view json) {
  WriteKey(writer, key);
  writer->RawValue(json.data(), json.size(), json.front() == '[' ? rapidjson::kArrayType : rapidjson::kObjectType);
}

void WriteAddress(JsonWriter* writer, const Address& address, bool with_extra_lines) {
  writer->StartObject();
  WriteStringField(writer, "first_name", address.first_name);
  WriteStringField(writer, "last_name", address.last_name);
  WriteStringField(writer, "company", address.company);
  WriteStringField(writer, "address1", address.address1);
  WriteStringField(writer, "address2", address.address2);
  if (with_extra_lines) {
    WriteStringField(writer, "address3", address.address3);
    WriteStringField(writer, "address4", address.address4);
  }
  WriteStringField(writer, "city", address.city);
  WriteStringField(writer, "state", address.state);
  WriteStringField(writer, "postal_code", address.postal_code);
  WriteStringField(writer, "country", address.country);
  WriteStringField(writer, "phone", address.phone);
  writer->EndObject();
}

void WriteReturnAddress(JsonWriter* writer, const ReturnAddress* address) {
  static const ReturnAddress kBlank;
  const ReturnAddress& value = address != nullptr ? *address : kBlank;
  writer->StartObject();
  WriteStringField(writer, "title", value.title);
  WriteStringField(writer, "name", value.name);
  WriteStringField(writer, "company", value.company);
  WriteStringField(writer, "address1", value.address1);
  WriteStringField(writer, "address2", value.address2);
  WriteStringField(writer, "city", value.city);
  WriteStringField(writer, "state", value.state);
  WriteStringField(writer, "postal_code", value.postal_code);
  WriteStringField(writer, "country", value.country);
  WriteStringField(writer, "phone", value.phone);
  writer->EndObject();
}

void WriteStoreSettings(const StoreData& store, JsonWriter* writer) {
  // Keys, order and loose typing as in the documented example (section
  // 1.3). Credentials are placeholders: the sandbox never echoes secrets.
  writer->StartObject();
  WriteStringField(writer, "app_version", "2.0");
  WriteStringField(writer, "locale_code", "en_US");
  WriteStringField(writer, "timezone", store.time_zone().name());
  WriteStringField(writer, "store_country", "US");
  WriteStringField(writer, "store_email", store.profile().email);
  WriteStringField(writer, "admin_email", store.profile().email);
  WriteStringField(writer, "normalize_capitalization", "1");
  WriteStringField(writer, "normalize_phone_numbers", "0");
  WriteStringField(writer, "date_format", "Y-m-d H:i:s");
  WriteStringField(writer, "short_date_format", "Y-m-d");
  WriteKey(writer, "orders_per_page");
  writer->Int(50);
  WriteStringField(writer, "report_frequency", "");
  WriteStringField(writer, "dashboard_report_type", "daily");
  WriteStringField(writer, "store_url", store.profile().url);
  WriteStringField(writer, "custom_css", "");
  WriteStringField(writer, "security_po_box_warn", "");
  WriteStringField(writer, "security_different_address_warn", "");
  WriteStringField(writer, "security_different_country_warn", "");
  WriteKey(writer, "security_quantity_warn");
  writer->Int(0);
  WriteKey(writer, "limit_address_field_char_length");
  writer->Int(0);
  WriteStringField(writer, "country_name_format", "0");
  WriteStringField(writer, "all_orders_name", "All Orders");
  WriteStringField(writer, "api_key", "xxxxxxxxxxxxxxxx");
  for (std::string_view empty_list : {"all_orders_column_view", "shipping_methods",
                                      "default_checkout_data_fields"}) {
    WriteKey(writer, empty_list);
    writer->StartArray();
    writer->EndArray();
  }
  WriteStringField(writer, "smtp_port", "25");
  for (std::string_view blank : {"smtp_host", "smtp_username", "smtp_password", "smtp_encryption",
                                 "smtp_headers", "auto_update_stock_count",
                                 "auto_create_inventory_items"}) {
    WriteStringField(writer, blank, "");
  }
  WriteKey(writer, "normalizeCapitalization");
  writer->Int(1);
  writer->EndObject();
}

}  // namespace

void WriteString(JsonWriter* writer, std::string_view text) {
  writer->String(text.data(), Length(text));
}

void WriteKey(JsonWriter* writer, std::string_view key) { writer->Key(key.data(), Length(key)); }

void WriteMoney(JsonWriter* writer, Cents cents) {
  const std::string text = FormatCentsShort(cents);
  writer->RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

void WriteDecimal(JsonWriter* writer, double value) {
  if (!std::isfinite(value)) value = 0;
  const std::string text = FormatDecimal(value);
  writer->RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

void WriteDateTime(JsonWriter* writer, UnixSeconds t) { WriteString(writer, FormatDateTime(t)); }

void WriteOrder(const StoreData& store, const Order& order, bool include_history, JsonWriter* writer) {
  writer->StartObject();
  WriteStringField(writer, "id", std::to_string(order.id));
  WriteStringField(writer, "email", order.email);
  WriteStringField(writer, "shipping_method", order.shipping_method);
  WriteKey(writer, "quantity_total");
  writer->Int64(order.quantity_total);
  WriteKey(writer, "weight_total");
  WriteDecimal(writer, order.weight_total);
  WriteMoneyField(writer, "product_total", order.product_total);
  WriteMoneyField(writer, "shipping_total", order.shipping_total);
  WriteMoneyField(writer, "handling_total", order.handling_total);
  WriteMoneyField(writer, "tax_total", order.tax_total);
  WriteMoneyField(writer, "discount_total", order.discount_total);
  WriteMoneyField(writer, "order_total", order.order_total);
  WriteStringField(writer, "cc_number_masked", order.cc_number_masked);
  WriteStringField(writer, "cc_exp", order.cc_exp);
  WriteStringField(writer, "processor_response", order.processor_response);
  WriteStringField(writer, "payment_type", order.payment_type);
  WriteStringField(writer, "payment_status", order.payment_status);
  WriteMoneyField(writer, "processor_balance", order.processor_balance);
  WriteMoneyField(writer, "refund_total", order.refund_total);
  WriteStringField(writer, "customer_id", order.customer_id);
  WriteStringField(writer, "email_count", std::to_string(store.EmailCount(order.email)));
  WriteStringField(writer, "ip_address", order.ip_address);
  WriteStringField(writer, "tag_color", order.tag_color);
  WriteStringField(writer, "source_name", order.source_name);
  WriteStringField(writer, "source_id", order.source_id);
  WriteStringField(writer, "fulfillment_name", order.fulfillment_name);
  WriteStringField(writer, "fulfillment_id", order.fulfillment_id);
  WriteStringField(writer, "tag_name", order.tag_name);
  WriteKey(writer, "folder_id");
  writer->Int64(order.folder_id);
  WriteKey(writer, "date_added");
  WriteDateTime(writer, order.date_added);
  WriteKey(writer, "date_updated");
  WriteDateTime(writer, order.date_updated);
  WriteKey(writer, "shipping");
  WriteAddress(writer, order.shipping, /*with_extra_lines=*/true);
  WriteKey(writer, "customer");
  WriteAddress(writer, order.customer, /*with_extra_lines=*/false);
  WriteKey(writer, "return_address");
  WriteReturnAddress(writer, order.return_address.get());
  WriteRawJsonField(writer, "checkout_data", order.checkout_data);
  WriteRawJsonField(writer, "order_metadata", order.order_metadata);

  WriteKey(writer, "discount_list");
  writer->StartArray();
  for (const Discount& discount : order.discount_list) {
    writer->StartObject();
    WriteStringField(writer, "name", discount.name);
    WriteStringField(writer, "code", discount.code);
    WriteStringField(writer, "amount", FormatCentsFixed(discount.amount));
    writer->EndObject();
  }
  writer->EndArray();

  WriteKey(writer, "order_notes");
  writer->StartArray();
  for (const OrderNote& note : order.order_notes) {
    writer->StartObject();
    WriteKey(writer, "date_added");
    WriteDateTime(writer, note.date_added);
    WriteStringField(writer, "username", note.username);
    WriteStringField(writer, "content", note.content);
    writer->EndObject();
  }
  writer->EndArray();

  WriteKey(writer, "order_items");
  writer->StartArray();
  for (const OrderItem& item : order.order_items) WriteOrderItem(item, writer);
  writer->EndArray();

  WriteKey(writer, "order_shipments");
  writer->StartArray();
  for (const Shipment& shipment : order.order_shipments) WriteShipment(store, order, shipment, writer);
  writer->EndArray();

  if (include_history) {
    WriteKey(writer, "order_history");
    writer->StartArray();
    for (const HistoryEntry& entry : order.order_history) {
      writer->StartObject();
      WriteStringField(writer, "source_name", entry.source_name);
      WriteStringField(writer, "note", entry.note);
      WriteKey(writer, "date_added");
      WriteDateTime(writer, entry.date_added);
      writer->EndObject();
    }
    writer->EndArray();
  }
  writer->EndObject();
}

void WriteOrderItem(const OrderItem& item, JsonWriter* writer) {
  writer->StartObject();
  WriteStringField(writer, "id", std::to_string(item.id));
  WriteStringField(writer, "name", item.name);
  WriteStringField(writer, "price", FormatCentsShort(item.price));
  WriteKey(writer, "quantity");
  writer->Int64(item.quantity);
  WriteKey(writer, "weight");
  WriteDecimal(writer, item.weight);
  WriteStringField(writer, "code", item.code);
  WriteStringField(writer, "delivery_type", item.delivery_type);
  WriteStringField(writer, "category_code", item.category_code);
  WriteRawJsonField(writer, "variation_list", item.variation_list);
  WriteRawJsonField(writer, "metadata", item.metadata);
  WriteStringField(writer, "fulfillment_method", item.fulfillment_method);
  writer->EndObject();
}

void WriteShipment(const StoreData& store, const Order& order, const Shipment& shipment,
                   JsonWriter* writer) {
  writer->StartObject();
  WriteStringField(writer, "id", std::to_string(shipment.id));
  WriteStringField(writer, "order_id", std::to_string(order.id));
  WriteStringField(writer, "store_id", store.config().id);
  WriteStringField(writer, "tracking_number", shipment.tracking_number);
  WriteStringField(writer, "carrier_code", shipment.carrier_code);
  WriteStringField(writer, "shipment_method", shipment.shipment_method);
  WriteStringField(writer, "weight", FormatDecimal(shipment.weight));
  WriteStringField(writer, "cost", FormatCentsShort(shipment.cost));
  WriteStringField(writer, "status", shipment.status);
  WriteStringField(writer, "tracking_url", shipment.tracking_url);
  WriteStringField(writer, "label_format", shipment.label_format);
  WriteStringField(writer, "label_image", shipment.label_image);
  WriteStringField(writer, "order_items", shipment.order_items);
  WriteStringField(writer, "print_status", shipment.print_status);
  WriteStringField(writer, "cart_shipment_id", shipment.cart_shipment_id);
  WriteStringField(writer, "label_shipment_id", shipment.label_shipment_id);
  WriteStringField(writer, "date_shipped", shipment.date_shipped);
  WriteKey(writer, "date_added");
  WriteDateTime(writer, shipment.date_added);
  writer->EndObject();
}

void WriteInventoryItem(const InventoryItem& item, JsonWriter* writer) {
  writer->StartObject();
  WriteKey(writer, "id");
  writer->Int64(item.id);
  WriteStringField(writer, "name", item.name);
  WriteStringField(writer, "code", item.code);
  WriteMoneyField(writer, "price", item.price);
  WriteMoneyField(writer, "cost", item.cost);
  WriteKey(writer, "weight");
  WriteDecimal(writer, item.weight);
  WriteKey(writer, "stock");
  writer->Int64(item.stock);
  WriteStringField(writer, "update_source", item.update_source);
  WriteStringField(writer, "location", item.location);
  WriteRawJsonField(writer, "metadata", item.metadata);
  WriteRawJsonField(writer, "variation_list", item.variation_list);
  WriteStringField(writer, "manufacturer_sku", item.manufacturer_sku);
  WriteKey(writer, "date_added");
  WriteDateTime(writer, item.date_added);
  WriteKey(writer, "date_updated");
  WriteDateTime(writer, item.date_updated);
  writer->EndObject();
}

void WriteStore(const StoreData& store, JsonWriter* writer) {
  writer->StartObject();
  WriteStringField(writer, "id", store.config().id);
  WriteStringField(writer, "name", store.config().name);
  WriteKey(writer, "settings");
  WriteStoreSettings(store, writer);
  WriteKey(writer, "folders");
  writer->StartObject();
  for (const Folder& folder : store.folders()) {
    WriteStringField(writer, std::to_string(folder.id), folder.name);
  }
  writer->EndObject();
  writer->EndObject();
}

}  // namespace odmcp::sandbox
