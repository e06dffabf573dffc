#include "plugins/orders/order_schema.h"

namespace odmcp::orders {
namespace {

// Bounds that keep every value one OrderDesk (and the sandbox) accepts.
constexpr const char* kMaxAmount = "100000000";
constexpr const char* kTextBounds = R"("maxLength":1000)";

// A JSON type (or a JSON array of types, without brackets), with "null"
// added when an update may clear the field.
std::string Type(std::string_view types, SchemaUse use) {
  std::string list = types.front() == '"' ? std::string(types) : "\"" + std::string(types) + "\"";
  if (use == SchemaUse::kUpdate) list += R"(,"null")";
  return R"("type":[)" + list + "]";
}

// One property: "name":{type, extra..., "description"}.
std::string Property(std::string_view name, std::string_view types, SchemaUse use,
                     std::string_view extra, std::string_view description) {
  std::string out = "\"" + std::string(name) + "\":{" + Type(types, use);
  if (!extra.empty()) out += "," + std::string(extra);
  if (!description.empty()) out += R"(,"description":")" + std::string(description) + "\"";
  return out + "}";
}

std::string Text(std::string_view name, SchemaUse use, std::string_view description = "") {
  return Property(name, "string", use, kTextBounds, description);
}

std::string Amount(std::string_view name, SchemaUse use, std::string_view description) {
  return Property(name, "number", use, std::string(R"("minimum":0,"maximum":)") + kMaxAmount,
                  description);
}

// An amount OrderDesk prints as a string ("10", "1.70"): both forms accepted.
std::string StringOrAmount(std::string_view name, SchemaUse use, std::string_view description) {
  return Property(name, R"("number","string")", use,
                  std::string(R"("minimum":0,"maximum":)") + kMaxAmount +
                      R"(,"pattern":"^[0-9]{1,9}(\\.[0-9]{1,4})?$")",
                  description);
}

std::string Enum(std::string_view name, std::string_view values, SchemaUse use,
                 std::string_view description) {
  std::string all(values);
  if (use == SchemaUse::kUpdate) all += ",null";
  return Property(name, "string", use, "\"enum\":[" + all + "]", description);
}

std::string Object(std::string_view properties, std::string_view extra = "") {
  std::string out = R"("type":"object","properties":{)" + std::string(properties) + "}";
  if (!extra.empty()) out += "," + std::string(extra);
  return out + R"(,"additionalProperties":false)";
}

std::string AddressSchema(AddressKind kind, SchemaUse use) {
  std::string properties;
  for (std::string_view field : AddressFields(kind)) {
    if (!properties.empty()) properties += ",";
    properties += Text(field, use, field == "country" ? "A country code or name." : "");
  }
  return "{" + Type(R"("object")", use) + R"(,"properties":{)" + properties +
         R"(},"additionalProperties":false})";
}

std::string OrderItemSchema(SchemaUse use) {
  std::string properties;
  if (use == SchemaUse::kUpdate) {
    properties += R"("id":{"type":["string","integer"],"pattern":"^[0-9]{1,20}$","minimum":1,)"
                  R"("description":"The id of an item on the order, to change it; leave it out )"
                  R"(to add a new item."},)";
  }
  properties +=
      Text("name", use, "The item's name; required for a new item.") + "," +
      StringOrAmount("price", use, "Unit price.") + "," +
      Property("quantity", "integer", use, R"("minimum":0,"maximum":100000)", "") + "," +
      Property("weight", "number", use, R"("minimum":0,"maximum":100000000)", "Unit weight.") +
      "," + Text("code", use, "SKU / product code.") + "," +
      Enum("delivery_type", R"("ship","noship","download","future")", use, "Default ship.") + "," +
      Text("category_code", use) + "," + Text("fulfillment_method", use) + "," +
      Property("variation_list", "object", use, R"("additionalProperties":{"type":"string"})",
               R"(Options such as {\"Size\":\"Large\"}; merged key by key.)") +
      "," + Property("metadata", "object", use, "", "Hidden details; merged key by key.");
  return "{" + Object(properties, use == SchemaUse::kCreate ? R"("required":["name"])" : "") + "}";
}

std::string OrderNotesSchema() {
  return R"({"type":"array","minItems":1,"maxItems":50,"items":{"type":"object","properties":{)"
         R"("content":{"type":"string","minLength":1,"maxLength":1800,)"
         R"("description":"The note's text (OrderDesk truncates notes near 2,000 characters)."},)"
         R"("username":{"type":"string","maxLength":100,"description":"Who wrote it."}},)"
         R"("required":["content"],"additionalProperties":false},)"
         R"("description":"Notes to append. A note whose text, trimmed and ignoring case, is )"
         R"(already on the order is skipped, not added twice."})";
}

}  // namespace

const std::vector<std::string_view>& AddressFields(AddressKind kind) {
  static const std::vector<std::string_view> kShipping = {
      "first_name", "last_name", "company", "address1",    "address2", "address3",
      "address4",   "city",      "state",   "postal_code", "country",  "phone"};
  static const std::vector<std::string_view> kCustomer = {
      "first_name", "last_name", "company",     "address1", "address2",
      "city",       "state",     "postal_code", "country",  "phone"};
  static const std::vector<std::string_view> kReturn = {
      "title", "name",  "company",     "address1", "address2",
      "city",  "state", "postal_code", "country",  "phone"};
  switch (kind) {
    case AddressKind::kShipping:
      return kShipping;
    case AddressKind::kCustomer:
      return kCustomer;
    case AddressKind::kReturn:
      break;
  }
  return kReturn;
}

std::string OrderItemsSchema(SchemaUse use) {
  return R"({"type":"array","minItems":1,"maxItems":1000,"items":)" + OrderItemSchema(use) + "}";
}

std::string OrderFieldProperties(SchemaUse use) {
  const std::string address_help =
      use == SchemaUse::kUpdate ? " Merged key by key: only the keys given change." : "";
  std::string p =
      Text("email", use, "Customer e-mail.") + "," + Text("shipping_method", use) + "," +
      Amount("shipping_total", use, "Shipping price.") + "," +
      Amount("handling_total", use, "Handling price.") + "," + Amount("tax_total", use, "Tax.") +
      "," + Text("cc_exp", use, "Card expiry, MM/YYYY.") + "," +
      Text("processor_response", use, "Gateway name: transaction id.") + "," +
      Text("payment_type", use, "Visa, PayPal, ...") + "," +
      Enum("payment_status",
           R"("Approved","Authorized","Captured","Fully Refunded","Partially Refunded",)"
           R"("Pending","Rejected","Voided","")",
           use, "Default Captured.") +
      "," + Amount("processor_balance", use, "Amount held at the processor.") + "," +
      Amount("refund_total", use, "Refunded within OrderDesk.") + "," +
      Text("customer_id", use, "The customer's id in the originating cart.") + "," +
      Text("ip_address", use) + "," + Text("tag_color", use) + "," + Text("tag_name", use) + "," +
      Text("source_name", use, "Cart or marketplace name; default Order Desk.") + "," +
      Text("source_id", use,
           "The order's id in its source; OrderDesk refuses a second order "
           "with the same source_name and source_id.") +
      "," + Text("fulfillment_name", use) + "," + Text("fulfillment_id", use) + "," +
      Property("checkout_data", "object", use,
               R"("additionalProperties":{"type":"string"},"maxProperties":100)",
               "Extra order details shown in OrderDesk (at most 3,500 characters as JSON)." +
                   address_help) +
      "," +
      Property("order_metadata", "object", use, R"("maxProperties":100)",
               "Hidden details for rules and integrations (at most 2,000 characters as JSON)." +
                   address_help) +
      ",\"shipping\":" + AddressSchema(AddressKind::kShipping, use) +
      ",\"customer\":" + AddressSchema(AddressKind::kCustomer, use) +
      ",\"return_address\":" + AddressSchema(AddressKind::kReturn, use) + R"(,"discount_list":{)" +
      Type(R"("array")", use) + R"(,"maxItems":100,"items":{"type":"object","properties":{)" +
      Text("name", SchemaUse::kCreate) + "," + Text("code", SchemaUse::kCreate) + "," +
      StringOrAmount("amount", SchemaUse::kCreate, "Positive.") +
      R"(},"additionalProperties":false},"description":"Replaces the whole discount list."})" +
      R"(,"order_notes":)" + OrderNotesSchema() + R"(,"order_items":)" + OrderItemsSchema(use);
  if (use == SchemaUse::kCreate) {
    p += R"(,"folder_id":{"type":["string","integer"],"pattern":"^[0-9]{1,20}$","minimum":1,)"
         R"("description":"The folder to create it in; default the store's first folder."})";
  }
  return p;
}

std::string ShipmentFieldProperties(SchemaUse use) {
  return Text("tracking_number", use, "The tracking number; \\\"n/a\\\" when there is none.") +
         "," + Text("carrier_code", use, "USPS, UPS, FedEx, DHL, ...") + "," +
         Text("shipment_method", use, "The service, e.g. Ground.") + "," +
         StringOrAmount("weight", use, "Parcel weight.") + "," +
         StringOrAmount("cost", use, "What the shipment cost.") + "," +
         Text("status", use, "Carrier status text.") + "," +
         Text("tracking_url", use,
              "Left out, OrderDesk derives it from the carrier and tracking number.") +
         "," +
         Property("date_shipped", "string", use, R"("pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")",
                  "YYYY-MM-DD; default today.") +
         "," + Enum("print_status", R"("0","1")", use, "1 once the label was printed.") + "," +
         Text("cart_shipment_id", use, "The shipment's id in the cart.");
}

}  // namespace odmcp::orders
