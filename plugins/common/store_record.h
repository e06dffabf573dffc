// The store directory's records: one vault entry per registered store.
//
// Entry name:    orderdesk:store:<store id>
// public_json:   {"store_id": "<digits>", "name": "<label>",
//                 "registered_at": "<RFC 3339 UTC>"}
// secret headers {"ORDERDESK-STORE-ID": "<id>", "ORDERDESK-API-KEY": "<key>"},
//                which the host adds to requests naming the entry, so a
//                plugin holds an API key only while registering it.
//
// The label is fixed at registration (OrderDesk's store name, or one the user
// chose): a plugin cannot rewrite the entry without the secret it never reads.
#ifndef ODMCP_PLUGINS_COMMON_STORE_RECORD_H_
#define ODMCP_PLUGINS_COMMON_STORE_RECORD_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/status.h"

namespace odmcp::orderdesk {

inline constexpr std::string_view kStoreEntryPrefix = "orderdesk:store:";
inline constexpr std::string_view kStoreIdHeader = "ORDERDESK-STORE-ID";
inline constexpr std::string_view kApiKeyHeader = "ORDERDESK-API-KEY";
inline constexpr size_t kMaxStoreIdDigits = 20;
inline constexpr size_t kMaxStoreNameBytes = 100;

struct StoreRecord {
  std::string store_id;       // digits
  std::string name;           // the label, trimmed
  std::string registered_at;  // RFC 3339 UTC, or empty if unknown
};

// 1 to kMaxStoreIdDigits ASCII digits.
bool IsStoreId(std::string_view text);

// "orderdesk:store:<store_id>".
std::string StoreEntryName(std::string_view store_id);

// How messages name a store: "Main Shop (1001)".
std::string StoreLabel(const StoreRecord& store);

// OK if name, trimmed, can label a store: not empty, at most
// kMaxStoreNameBytes, no control characters, and not all digits (a name of
// digits would be taken for a store id). Otherwise INVALID_ARGUMENT saying
// which rule it breaks.
Status CheckStoreName(std::string_view name);

// The entry's public_json.
std::string StorePublicJson(const StoreRecord& store);

// The entry's secret_headers_json. Holds the API key: never log it.
std::string StoreSecretHeadersJson(std::string_view store_id, std::string_view api_key);

// Reads the JSON array that odmcp_vault_api::list gives for
// kStoreEntryPrefix into *stores, sorted by name (ignoring case), then id.
// Entries whose name is not kStoreEntryPrefix + a store id are skipped (not
// this directory's); "public" may be an object or a string holding one; a
// missing name reads as "Store <id>". INTERNAL if list_json is not an array.
Status ParseStoreEntries(std::string_view list_json, std::vector<StoreRecord>* stores);

// The record with that id, or nullptr.
const StoreRecord* FindStoreById(const std::vector<StoreRecord>& stores, std::string_view store_id);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_STORE_RECORD_H_
