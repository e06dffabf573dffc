#include "host/plugins/tool_registry.h"

#include <algorithm>

#include "host/plugins/plugin_record.h"

namespace odmcp {
namespace {

bool NameLess(const std::shared_ptr<const ToolRecord>& a, std::string_view b) {
  return a->name < b;
}

}  // namespace

ToolCatalog::ToolCatalog(std::vector<std::shared_ptr<const ToolRecord>> tools)
    : tools_(std::move(tools)) {
  std::sort(tools_.begin(), tools_.end(),
            [](const auto& a, const auto& b) { return a->name < b->name; });
}

const ToolRecord* ToolCatalog::Find(std::string_view name) const {
  auto it = std::lower_bound(tools_.begin(), tools_.end(), name, NameLess);
  return it != tools_.end() && (*it)->name == name ? it->get() : nullptr;
}

size_t ToolCatalog::IndexAfter(std::string_view name) const {
  auto it = std::upper_bound(
      tools_.begin(), tools_.end(), name,
      [](std::string_view n, const std::shared_ptr<const ToolRecord>& t) { return n < t->name; });
  return static_cast<size_t>(it - tools_.begin());
}

ToolRegistry::ToolRegistry()
    : catalog_(std::make_shared<const ToolCatalog>(std::vector<std::shared_ptr<const ToolRecord>>{})) {}

StatusOr<const ToolRecord*> ToolRegistry::Add(std::shared_ptr<ToolRecord> tool) {
  MutexLock lock(&mutex_);
  auto it = tools_.find(tool->name);
  if (it != tools_.end()) {
    return Status(ODMCP_INVALID_ARGUMENT, "tool \"" + tool->name +
                                              "\" is already registered by plugin \"" +
                                              it->second->plugin->name + "\"");
  }
  const ToolRecord* added = tool.get();
  tools_.emplace(tool->name, std::move(tool));
  return added;
}

std::vector<std::weak_ptr<const void>> ToolRegistry::RemovePlugin(const PluginRecord* plugin) {
  MutexLock lock(&mutex_);
  std::vector<std::weak_ptr<const void>> removed;
  for (auto it = tools_.begin(); it != tools_.end();) {
    if (it->second->plugin != plugin) {
      ++it;
      continue;
    }
    removed.emplace_back(it->second);
    it = tools_.erase(it);
  }
  return removed;
}

std::vector<std::string> ToolRegistry::NamesOf(const PluginRecord* plugin) const {
  MutexLock lock(&mutex_);
  std::vector<std::string> names;
  for (const auto& [name, tool] : tools_) {
    if (tool->plugin == plugin) names.push_back(name);
  }
  return names;
}

std::vector<std::string> ToolRegistry::NamesOf(std::string_view plugin_name) const {
  MutexLock lock(&mutex_);
  std::vector<std::string> names;
  for (const auto& [name, tool] : tools_) {
    if (tool->plugin->name == plugin_name) names.push_back(name);
  }
  return names;
}

void ToolRegistry::Publish(const std::function<bool(const ToolRecord&)>& offered) {
  MutexLock lock(&mutex_);
  std::vector<std::shared_ptr<const ToolRecord>> visible;
  for (const auto& [name, tool] : tools_) {
    if (offered(*tool)) visible.push_back(tool);
  }
  catalog_ = std::make_shared<const ToolCatalog>(std::move(visible));
}

std::shared_ptr<const ToolCatalog> ToolRegistry::Snapshot() const {
  MutexLock lock(&mutex_);
  return catalog_;
}

}  // namespace odmcp
