// What GET /store says about a store: its name, settings and folders.
//
// OrderDesk's settings include the store's API key and SMTP credentials, so
// only an allow-list of harmless settings is kept: nothing read here can leak
// a secret into a cache entry or a tool result.
#ifndef ODMCP_PLUGINS_COMMON_STORE_INFO_H_
#define ODMCP_PLUGINS_COMMON_STORE_INFO_H_

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/status.h"

namespace odmcp::orderdesk {

struct Folder {
  std::string id;  // digits: OrderDesk's folder ids are the keys of a JSON object
  std::string name;
};

struct StoreInfo {
  std::string name;             // OrderDesk's store name, trimmed; may be empty
  std::vector<Folder> folders;  // in ascending id order
  // The allow-listed settings that are strings, numbers or booleans (for
  // example timezone, store_country, date_format), as an object.
  rapidjson::Document settings{rapidjson::kObjectType};
};

// Reads the successful envelope of GET /store into *info. UNAVAILABLE if it
// has no "store" object (a reply OrderDesk does not send).
Status ParseStoreInfo(const rapidjson::Value& envelope, StoreInfo* info);

// GET /store for access's store into *info (one OrderDesk request).
Status FetchStoreInfo(const OrderDeskClient& client, Call& call, const StoreAccess& access,
                      StoreInfo* info);

// info.folders as a JSON array of {"id", "name"}.
rapidjson::Value FoldersJson(const StoreInfo& info, rapidjson::Document::AllocatorType& allocator);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_STORE_INFO_H_
