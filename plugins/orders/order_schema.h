// JSON Schemas of the order and shipment shapes that tools accept
// (orderdesk-api.md section 4): only the fields OrderDesk lets a caller
// write, so a read-only field (id, totals, dates, shipments, history) is
// refused by name before a tool runs. An existing order's folder_id is left
// to orders_move, which runs the folder's rules.
#ifndef ODMCP_PLUGINS_ORDERS_ORDER_SCHEMA_H_
#define ODMCP_PLUGINS_ORDERS_ORDER_SCHEMA_H_

#include <string>
#include <string_view>
#include <vector>

namespace odmcp::orders {

enum class SchemaUse {
  kCreate,  // something new (an order, items, a shipment): no ids, no nulls
  kUpdate,  // changes to merge: items may name an id; null clears a field
};

enum class AddressKind { kShipping, kCustomer, kReturn };

// The address field names of `kind`: shipping has address3 and address4,
// customer does not, and a return address has title and name instead of
// first and last names.
const std::vector<std::string_view>& AddressFields(AddressKind kind);

// The schema of an array of order items (1 to 1,000).
std::string OrderItemsSchema(SchemaUse use);

// The members of a properties object (JSON text without braces) for every
// writable order field; kCreate adds folder_id.
std::string OrderFieldProperties(SchemaUse use);

// The members of a properties object for the writable shipment fields
// (orderdesk-api.md 4.7); kUpdate lets null clear one.
std::string ShipmentFieldProperties(SchemaUse use);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_ORDER_SCHEMA_H_
