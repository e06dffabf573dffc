// Finding a store's folders by id or name, as a user gives them.
//
// Names are matched exactly first, then ignoring ASCII case (OrderDesk's own
// folder_name must match exactly, which models rarely get right), so
// "closed" finds "Closed" unless two folders differ only by case. The
// store's folders come from the cache; a folder not found there is looked
// up once more in a fresh GET /store (it may have been added since), and
// only then reported, with the folders the store has.
#ifndef ODMCP_PLUGINS_ORDERS_FOLDERS_H_
#define ODMCP_PLUGINS_ORDERS_FOLDERS_H_

#include <odmcp/plugin.hpp>
#include <string>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/status.h"
#include "plugins/common/store_info.h"
#include "plugins/orders/tools.h"

namespace odmcp::orders {

// A folder as a caller named it.
struct FolderWanted {
  std::string text;  // an id (digits) or a name
  bool by_id = false;
  std::string field;  // the argument it came from, for messages: "folders[1]"
};

// Sets *found to the folders `wanted` names, in order, and *info to the
// store's info they were found in (for folder names in results). Errors:
// NOT_FOUND naming the field and listing the store's folders; INVALID_ARGUMENT
// when a name matches several folders only when case is ignored.
orderdesk::Status FindFolders(const Context& context, Call& call,
                              const orderdesk::StoreAccess& access,
                              const std::vector<FolderWanted>& wanted,
                              std::vector<orderdesk::Folder>* found, orderdesk::StoreInfo* info);

// The name of folder `id` in info, or "" if the store has no such folder.
std::string FolderName(const orderdesk::StoreInfo& info, const std::string& id);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_FOLDERS_H_
