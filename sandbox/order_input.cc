// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/order_input.h"

#include <string_view>

#include "sandbox/json_input.h"
#include "sandbox/text_util.h"

namespace odmcp::sandbox {
namespace {

constexpr std::string_view kPaymentStatuses[] = {
    "Approved", "Authorized", "Captured", "Fully Refunded", "Partially Refunded",
    "Pending",  "Rejected",   "Voided"};

constexpr std::string_view kDeliveryTypes[] = {"ship", "noship", "download", "future"};

// The address fields that have flattened aliases ("shipping_city").
struct AddressField {
  std::string_view name;
  std::string Address::*member;
};

constexpr AddressField kAddressFields[] = {
    {"first_name", &Address::first_name}, {"last_name", &Address::last_name},
    {"company", &Address::company},       {"address1", &Address::address1},
    {"address2", &Address::address2},     {"address3", &Address::address3},
    {"address4", &Address::address4},     {"city", &Address::city},
    {"state", &Address::state},           {"postal_code", &Address::postal_code},
    {"country", &Address::country},       {"phone", &Address::phone}};

void ReadAddress(FieldReader* parent, const rapidjson::Value& body, std::string_view key,
                 bool with_extra_lines, Address* address, ApiStatus* error) {
  if (const rapidjson::Value* nested = parent->ReadObject(key)) {
    FieldReader reader(*nested, std::string(key), error);
    for (const AddressField& field : kAddressFields) {
      if (!with_extra_lines && (field.name == "address3" || field.name == "address4")) continue;
      reader.ReadString(field.name, &(address->*field.member));
    }
  }
  FieldReader flattened(body, "", error);
  for (const AddressField& field : kAddressFields) {
    if (!with_extra_lines && (field.name == "address3" || field.name == "address4")) continue;
    flattened.ReadString(std::string(key) + "_" + std::string(field.name), &(address->*field.member));
  }
}

void ReadReturnAddress(FieldReader* parent, Order* order, ApiStatus* error) {
  const rapidjson::Value* nested = parent->ReadObject("return_address");
  if (nested == nullptr) return;
  auto address = std::make_unique<ReturnAddress>();
  FieldReader reader(*nested, "return_address", error);
  reader.ReadString("title", &address->title);
  reader.ReadString("name", &address->name);
  reader.ReadString("company", &address->company);
  reader.ReadString("address1", &address->address1);
  reader.ReadString("address2", &address->address2);
  reader.ReadString("city", &address->city);
  reader.ReadString("state", &address->state);
  reader.ReadString("postal_code", &address->postal_code);
  reader.ReadString("country", &address->country);
  reader.ReadString("phone", &address->phone);
  const ReturnAddress& a = *address;
  const bool blank = a.title.empty() && a.name.empty() && a.company.empty() && a.address1.empty() &&
                     a.address2.empty() && a.city.empty() && a.state.empty() &&
                     a.postal_code.empty() && a.country.empty() && a.phone.empty();
  if (!blank) order->return_address = std::move(address);
}

void ReadDiscounts(FieldReader* reader, Order* order, ApiStatus* error) {
  const rapidjson::Value* list = reader->ReadArray("discount_list");
  if (list == nullptr) return;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const std::string path = "discount_list[" + std::to_string(i) + "]";
    if (!(*list)[i].IsObject()) {
      reader->Fail("Field '" + path + "' must be an object");
      return;
    }
    FieldReader discount_reader((*list)[i], path, error);
    Discount discount;
    discount_reader.ReadString("name", &discount.name);
    discount_reader.ReadString("code", &discount.code);
    discount_reader.ReadMoney("amount", &discount.amount);
    if (discount.amount < 0) {
      discount_reader.Fail("Field '" + path + ".amount' must not be negative; discounts are stored positive");
    }
    order->discount_list.push_back(std::move(discount));
  }
}

void ReadNotes(FieldReader* reader, Order* order, ApiStatus* error) {
  const rapidjson::Value* list = reader->ReadArray("order_notes");
  if (list == nullptr) return;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const std::string path = "order_notes[" + std::to_string(i) + "]";
    if (!(*list)[i].IsObject()) {
      reader->Fail("Field '" + path + "' must be an object");
      return;
    }
    FieldReader note_reader((*list)[i], path, error);
    OrderNote note;
    note_reader.ReadDateTime("date_added", &note.date_added);
    note_reader.ReadString("username", &note.username);
    note_reader.ReadString("content", &note.content);
    if (note.content.empty()) note_reader.Fail("Field '" + path + ".content' is required");
    // OrderDesk truncates long notes rather than rejecting them.
    note.content = TruncateUtf8(note.content, kMaxNoteBytes);
    order->order_notes.push_back(std::move(note));
  }
}

template <size_t N>
bool OneOf(std::string_view value, const std::string_view (&choices)[N]) {
  for (std::string_view choice : choices) {
    if (value == choice) return true;
  }
  return false;
}

template <size_t N>
std::string JoinChoices(const std::string_view (&choices)[N]) {
  std::string joined;
  for (std::string_view choice : choices) {
    if (!joined.empty()) joined += ", ";
    joined += choice;
  }
  return joined;
}

}  // namespace

bool IsBlank(const Address& address) {
  for (const AddressField& field : kAddressFields) {
    if (!(address.*field.member).empty()) return false;
  }
  return true;
}

ApiStatus ParseItemInput(const rapidjson::Value& body, const std::string& path, ItemInput* out) {
  ApiStatus error;
  if (!body.IsObject()) {
    return ApiStatus::BadRequest(path.empty() ? "Order item must be a JSON object"
                                              : "Field '" + path + "' must be an object");
  }
  FieldReader reader(body, path, &error);
  int64_t id = 0;
  if (reader.Has("id") && !body["id"].IsNull() &&
      !(body["id"].IsString() && body["id"].GetStringLength() == 0)) {
    if (reader.ReadId("id", &id)) out->id = id;
  }
  OrderItem& item = out->item;
  reader.ReadString("name", &item.name);
  reader.ReadMoney("price", &item.price);
  if (reader.ReadInteger("quantity", &item.quantity) && (item.quantity < 0 || item.quantity > kMaxQuantity)) {
    reader.Fail("Field '" + reader.PathOf("quantity") + "' must be from 0 to " + std::to_string(kMaxQuantity));
  }
  if (reader.ReadDecimal("weight", &item.weight) && item.weight < 0) {
    reader.Fail("Field '" + reader.PathOf("weight") + "' must not be negative");
  }
  reader.ReadString("code", &item.code);
  if (reader.ReadString("delivery_type", &item.delivery_type)) {
    if (item.delivery_type.empty()) item.delivery_type = "ship";
    if (!OneOf(item.delivery_type, kDeliveryTypes)) {
      reader.Fail("Field '" + reader.PathOf("delivery_type") + "' must be one of " +
                  JoinChoices(kDeliveryTypes) + "; got '" + item.delivery_type + "'");
    }
  }
  reader.ReadString("category_code", &item.category_code);
  reader.ReadString("fulfillment_method", &item.fulfillment_method);
  reader.ReadMap("variation_list", &item.variation_list);
  reader.ReadMap("metadata", &item.metadata);
  return error;
}

ApiStatus ParseOrderInput(const rapidjson::Value& body, OrderInput* out) {
  ApiStatus error;
  FieldReader reader(body, "", &error);
  Order& order = out->order;
  reader.ReadString("email", &order.email);
  reader.ReadString("shipping_method", &order.shipping_method);
  reader.ReadMoney("shipping_total", &order.shipping_total);
  reader.ReadMoney("handling_total", &order.handling_total);
  reader.ReadMoney("tax_total", &order.tax_total);
  reader.ReadString("cc_exp", &order.cc_exp);
  reader.ReadString("processor_response", &order.processor_response);
  reader.ReadString("payment_type", &order.payment_type);
  if (reader.ReadString("payment_status", &order.payment_status) && !order.payment_status.empty() &&
      !OneOf(order.payment_status, kPaymentStatuses)) {
    reader.Fail("Field 'payment_status' must be one of " + JoinChoices(kPaymentStatuses) +
                "; got '" + order.payment_status + "'");
  }
  out->has_processor_balance = reader.ReadMoney("processor_balance", &order.processor_balance);
  reader.ReadMoney("refund_total", &order.refund_total);
  reader.ReadString("customer_id", &order.customer_id);
  reader.ReadString("ip_address", &order.ip_address);
  reader.ReadString("tag_color", &order.tag_color);
  reader.ReadString("tag_name", &order.tag_name);
  reader.ReadString("source_name", &order.source_name);
  reader.ReadString("source_id", &order.source_id);
  reader.ReadString("fulfillment_name", &order.fulfillment_name);
  reader.ReadString("fulfillment_id", &order.fulfillment_id);

  std::string cc_number;
  if (reader.ReadString("cc_number", &cc_number) && !cc_number.empty()) out->cc_number = cc_number;
  int64_t folder_id = 0;
  if (reader.ReadId("folder_id", &folder_id)) out->folder_id = folder_id;
  UnixSeconds date_added = 0;
  if (reader.ReadDateTime("date_added", &date_added)) out->date_added = date_added;

  ReadAddress(&reader, body, "shipping", /*with_extra_lines=*/true, &order.shipping, &error);
  ReadAddress(&reader, body, "customer", /*with_extra_lines=*/false, &order.customer, &error);
  ReadReturnAddress(&reader, &order, &error);

  if (reader.ReadMap("checkout_data", &order.checkout_data) &&
      order.checkout_data.size() > kMaxCheckoutDataChars) {
    reader.Fail("Field 'checkout_data' is " + std::to_string(order.checkout_data.size()) +
                " characters as JSON; the limit is " + std::to_string(kMaxCheckoutDataChars));
  }
  if (reader.ReadMap("order_metadata", &order.order_metadata) &&
      order.order_metadata.size() > kMaxOrderMetadataChars) {
    reader.Fail("Field 'order_metadata' is " + std::to_string(order.order_metadata.size()) +
                " characters as JSON; the limit is " + std::to_string(kMaxOrderMetadataChars));
  }
  ReadDiscounts(&reader, &order, &error);
  ReadNotes(&reader, &order, &error);

  if (const rapidjson::Value* items = reader.ReadArray("order_items")) {
    out->has_order_items = true;
    if (items->Size() > kMaxOrderItems) {
      return ApiStatus::BadRequest("An order holds at most " + std::to_string(kMaxOrderItems) + " items");
    }
    for (rapidjson::SizeType i = 0; i < items->Size() && error.ok(); ++i) {
      ItemInput item;
      const ApiStatus status = ParseItemInput((*items)[i], "order_items[" + std::to_string(i) + "]", &item);
      if (!status.ok()) return status;
      out->items.push_back(std::move(item));
    }
  } else if (reader.Has("order_items") && error.ok()) {
    out->has_order_items = true;  // null: an explicit empty list
  }
  return error;
}

}  // namespace odmcp::sandbox
