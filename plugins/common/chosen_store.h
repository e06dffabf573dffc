// The store a tool acts on: its `store` argument, else the
// session's active store, else the tenant's default store
// (store_directory.h), and how results and messages name it.
#ifndef ODMCP_PLUGINS_COMMON_CHOSEN_STORE_H_
#define ODMCP_PLUGINS_COMMON_CHOSEN_STORE_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/status.h"
#include "plugins/common/store_record.h"
#include "plugins/common/store_resolution.h"

namespace odmcp::orderdesk {

class ChosenStore {
 public:
  ChosenStore() = default;
  // selection_ points into stores_: copying would leave it dangling.
  ChosenStore(const ChosenStore&) = delete;
  ChosenStore& operator=(const ChosenStore&) = delete;

  // Chooses the store for this call from args' optional `store`, and names
  // it for the call's audit row. Errors are those of SelectStoreForCall; one
  // about the `store` argument (no such store, or an ambiguous name) starts
  // with "store: ".
  Status Choose(Call& call, const rapidjson::Value& args);

  // Valid after a successful Choose().
  const StoreRecord& record() const { return *selection_.store; }
  const std::string& id() const { return selection_.store->store_id; }
  // "Main Shop (1001)".
  const std::string& label() const { return access_.label; }
  // How requests reach the store: with the credentials of its vault entry.
  const StoreAccess& access() const { return access_; }

  // Adds "store_id", "store_name" and "selected_by" to the object *out.
  void AddTo(rapidjson::Document* out) const;

 private:
  std::vector<StoreRecord> stores_;
  Selection selection_;
  StoreAccess access_;
};

// The output-schema properties AddTo() adds, as the text of JSON object
// members (to splice into a "properties" object), and their names as the
// members of a "required" array.
inline constexpr const char* kChosenStoreProperties =
    R"("store_id":{"type":"string","description":"The OrderDesk store acted on."},)"
    R"("store_name":{"type":"string","description":"The store's registered name."},)"
    R"("selected_by":{"type":"string","enum":["argument","session","default"],)"
    R"("description":"How the store was chosen: the store argument, the session's active )"
    R"(store, or the tenant's default store."})";
inline constexpr const char* kChosenStoreRequired = R"("store_id","store_name","selected_by")";

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_CHOSEN_STORE_H_
