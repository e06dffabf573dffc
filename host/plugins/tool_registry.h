// ToolRegistry: every tool registered by a loaded plugin, and the catalog of
// those currently offered to clients.
//
// Registration happens on the control thread (during plugin init);
// requests read immutable ToolCatalog snapshots, so a tools/list or
// tools/call never waits for, or sees half of, a catalog change.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_PLUGINS_TOOL_REGISTRY_H_
#define ODMCP_HOST_PLUGINS_TOOL_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/mutex.h"
#include "host/common/status.h"
#include "host/plugins/tool_record.h"

namespace odmcp {

// An immutable set of offered tools, sorted by name.
class ToolCatalog {
 public:
  explicit ToolCatalog(std::vector<std::shared_ptr<const ToolRecord>> tools);

  // The tool named `name`, or nullptr if it is not offered.
  const ToolRecord* Find(std::string_view name) const;
  const std::vector<std::shared_ptr<const ToolRecord>>& tools() const { return tools_; }
  // Index of the first tool whose name sorts after `name`.
  size_t IndexAfter(std::string_view name) const;

 private:
  std::vector<std::shared_ptr<const ToolRecord>> tools_;
};

class ToolRegistry {
 public:
  ToolRegistry();

  // Adds a tool. Fails if another tool of any plugin has the same name.
  StatusOr<const ToolRecord*> Add(std::shared_ptr<ToolRecord> tool);
  // Removes every tool of `plugin` (from the catalog at the next Publish).
  // Returns a handle on each removed tool: it expires once no catalog
  // snapshot, and so no request, holds the tool any more.
  std::vector<std::weak_ptr<const void>> RemovePlugin(const PluginRecord* plugin);
  // Names of `plugin`'s registered tools, offered or not.
  std::vector<std::string> NamesOf(const PluginRecord* plugin) const;
  // The same, for the plugin named `plugin_name`.
  std::vector<std::string> NamesOf(std::string_view plugin_name) const;

  // Replaces the catalog with the registered tools `offered` accepts.
  void Publish(const std::function<bool(const ToolRecord&)>& offered);
  std::shared_ptr<const ToolCatalog> Snapshot() const;

 private:
  mutable Mutex mutex_;
  std::map<std::string, std::shared_ptr<ToolRecord>, std::less<>> tools_ GUARDED_BY(mutex_);
  std::shared_ptr<const ToolCatalog> catalog_ GUARDED_BY(mutex_);
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_TOOL_REGISTRY_H_
