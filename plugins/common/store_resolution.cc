#include "plugins/common/store_resolution.h"

#include "plugins/common/text.h"

namespace odmcp::orderdesk {
namespace {

constexpr std::string_view kSeeList = "stores_list shows the registered stores";

// The message for a pointer (what: "This session's active store") whose store
// is gone.
Status StalePointer(std::string_view what, std::string_view store_id, std::string_view fix) {
  return Status(ODMCP_FAILED_PRECONDITION,
                std::string(what) + " is store " + std::string(store_id) +
                    ", which is no longer registered. Pass `store`, or " + std::string(fix) +
                    "; " + std::string(kSeeList) + ".");
}

}  // namespace

std::string_view MatchedByName(MatchedBy matched_by) {
  return matched_by == MatchedBy::kId ? "id" : "name";
}

std::string_view SelectedByName(SelectedBy selected_by) {
  switch (selected_by) {
    case SelectedBy::kArgument: return "argument";
    case SelectedBy::kSession: return "session";
    case SelectedBy::kDefault: break;
  }
  return "default";
}

Status ResolveStore(const std::vector<StoreRecord>& stores, std::string_view argument,
                    const StoreRecord** store, MatchedBy* matched_by) {
  *store = nullptr;
  const std::string_view wanted = TrimWhitespace(argument);
  if (wanted.empty()) {
    return Status(ODMCP_INVALID_ARGUMENT, "`store` is blank: give a store id or a store name; " +
                                              std::string(kSeeList) + ".");
  }
  if (IsDigits(wanted)) {
    *matched_by = MatchedBy::kId;
    *store = FindStoreById(stores, wanted);
    if (*store != nullptr) return Status::Ok();
    return Status(ODMCP_NOT_FOUND, "No registered store has id " + std::string(wanted) + "; " +
                                       std::string(kSeeList) +
                                       ", and stores_register adds one.");
  }
  *matched_by = MatchedBy::kName;
  std::vector<const StoreRecord*> matches;
  for (const StoreRecord& candidate : stores) {
    if (EqualsIgnoringCase(TrimWhitespace(candidate.name), wanted)) matches.push_back(&candidate);
  }
  if (matches.size() == 1) {
    *store = matches.front();
    return Status::Ok();
  }
  if (matches.empty()) {
    return Status(ODMCP_NOT_FOUND, "No registered store is named \"" + std::string(wanted) +
                                       "\"; " + std::string(kSeeList) + ".");
  }
  std::string candidates;
  for (const StoreRecord* match : matches) {
    if (!candidates.empty()) candidates += ", ";
    candidates += StoreLabel(*match);
  }
  return Status(ODMCP_INVALID_ARGUMENT, "\"" + std::string(wanted) + "\" names " +
                                            std::to_string(matches.size()) +
                                            " stores: " + candidates +
                                            ". Pass the store id instead.");
}

Status SelectStore(const std::vector<StoreRecord>& stores, const std::optional<std::string>& argument,
                   const std::optional<std::string>& active_store_id,
                   const std::optional<std::string>& default_store_id, Selection* selection) {
  selection->store = nullptr;
  if (argument.has_value()) {
    MatchedBy matched_by;
    Status status = ResolveStore(stores, *argument, &selection->store, &matched_by);
    selection->selected_by = SelectedBy::kArgument;
    return status;
  }
  if (active_store_id.has_value()) {
    selection->selected_by = SelectedBy::kSession;
    selection->store = FindStoreById(stores, *active_store_id);
    if (selection->store != nullptr) return Status::Ok();
    return StalePointer("This session's active store", *active_store_id,
                        "choose another with stores_use");
  }
  if (default_store_id.has_value()) {
    selection->selected_by = SelectedBy::kDefault;
    selection->store = FindStoreById(stores, *default_store_id);
    if (selection->store != nullptr) return Status::Ok();
    return StalePointer("The default store", *default_store_id,
                        "choose another with stores_set_default");
  }
  if (stores.empty()) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  "No OrderDesk store is registered yet: register one with stores_register "
                  "(its store id and API key are in OrderDesk under Settings > API).");
  }
  return Status(ODMCP_FAILED_PRECONDITION,
                "No store was given and none is selected: pass `store` (a store id or name), "
                "or choose one with stores_use (this session) or stores_set_default (every "
                "session); " + std::string(kSeeList) + ".");
}

}  // namespace odmcp::orderdesk
