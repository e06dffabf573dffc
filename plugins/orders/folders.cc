#include "plugins/orders/folders.h"

#include "plugins/common/text.h"
#include "plugins/orders/order_data.h"

namespace odmcp::orders {
namespace {

using orderdesk::Folder;
using orderdesk::Status;
using orderdesk::StoreInfo;

enum class Lookup { kFound, kMissing, kAmbiguous };

Lookup Find(const StoreInfo& info, const FolderWanted& wanted, const Folder** found) {
  if (wanted.by_id) {
    for (const Folder& folder : info.folders) {
      if (folder.id == wanted.text) {
        *found = &folder;
        return Lookup::kFound;
      }
    }
    return Lookup::kMissing;
  }
  const std::string_view name = orderdesk::TrimWhitespace(wanted.text);
  for (const Folder& folder : info.folders) {
    if (folder.name == name) {
      *found = &folder;
      return Lookup::kFound;
    }
  }
  int matches = 0;
  for (const Folder& folder : info.folders) {
    if (orderdesk::EqualsIgnoringCase(folder.name, name)) {
      *found = &folder;
      ++matches;
    }
  }
  if (matches == 1) return Lookup::kFound;
  return matches == 0 ? Lookup::kMissing : Lookup::kAmbiguous;
}

std::string FolderList(const StoreInfo& info) {
  std::string list;
  for (const Folder& folder : info.folders) {
    list += (list.empty() ? "" : ", ") + folder.name + " (" + folder.id + ")";
  }
  return list.empty() ? "none" : list;
}

// Resolves every wanted folder in info; the first failure stops it.
Lookup FindAll(const StoreInfo& info, const std::vector<FolderWanted>& wanted,
               std::vector<Folder>* found, size_t* failed) {
  found->clear();
  for (size_t i = 0; i < wanted.size(); ++i) {
    const Folder* folder = nullptr;
    Lookup lookup = Find(info, wanted[i], &folder);
    if (lookup != Lookup::kFound) {
      *failed = i;
      return lookup;
    }
    found->push_back(*folder);
  }
  return Lookup::kFound;
}

}  // namespace

Status FindFolders(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                   const std::vector<FolderWanted>& wanted, std::vector<Folder>* found,
                   StoreInfo* info) {
  Status status = LoadStoreInfo(context, call, access, info);
  if (!status.ok()) return status;
  size_t failed = 0;
  Lookup lookup = FindAll(*info, wanted, found, &failed);
  if (lookup == Lookup::kMissing) {
    status = RefreshStoreInfo(context, call, access, info);
    if (!status.ok()) return status;
    lookup = FindAll(*info, wanted, found, &failed);
  }
  if (lookup == Lookup::kFound) return Status::Ok();
  const FolderWanted& bad = wanted[failed];
  if (lookup == Lookup::kAmbiguous) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  bad.field + ": \"" + bad.text + "\" matches several folders of store " +
                      access.label + " when case is ignored; give its exact name or its id. " +
                      "Folders: " + FolderList(*info) + ".");
  }
  return Status(ODMCP_NOT_FOUND,
                bad.field + ": store " + access.label + " has no folder " +
                    (bad.by_id ? "with id " + bad.text : "named \"" + bad.text + "\"") +
                    ". Its folders: " + FolderList(*info) + ".");
}

std::string FolderName(const StoreInfo& info, const std::string& id) {
  for (const Folder& folder : info.folders) {
    if (folder.id == id) return folder.name;
  }
  return "";
}

}  // namespace odmcp::orders
