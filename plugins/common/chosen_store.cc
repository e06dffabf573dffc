#include "plugins/common/chosen_store.h"

#include <optional>

#include "plugins/common/store_directory.h"
#include "plugins/common/tool_kit.h"

namespace odmcp::orderdesk {

Status ChosenStore::Choose(Call& call, const rapidjson::Value& args) {
  const std::optional<std::string> argument = OptionalString(args, "store");
  Status status = SelectStoreForCall(call, argument, &stores_, &selection_);
  if (!status.ok()) {
    // The model corrects an argument more readily when the message names it;
    // resolving the argument fails with NOT_FOUND or INVALID_ARGUMENT.
    const bool about_argument = argument.has_value() && (status.code() == ODMCP_NOT_FOUND ||
                                                         status.code() == ODMCP_INVALID_ARGUMENT);
    return about_argument ? Status(status.code(), "store: " + status.message()) : status;
  }
  access_ = StoreAccess{id(), StoreLabel(record()), {}};
  call.AuditStore(id());
  return status;
}

void ChosenStore::AddTo(rapidjson::Document* out) const {
  auto& a = out->GetAllocator();
  out->AddMember("store_id", JsonString(id(), a), a);
  out->AddMember("store_name", JsonString(record().name, a), a);
  out->AddMember("selected_by",
                 JsonString(SelectedByName(selection_.selected_by), a), a);
}

}  // namespace odmcp::orderdesk
