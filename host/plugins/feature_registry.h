// FeatureRegistry: the resources, resource templates and prompts registered
// by loaded plugins, and immutable snapshots of them for requests.
//
// Registration happens on the control thread (during plugin init); requests
// read FeatureCatalog snapshots, so a list or read never sees half of a
// change, and see a change only once it is published: a plugin's features
// are not offered before its init has succeeded.
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_PLUGINS_FEATURE_REGISTRY_H_
#define ODMCP_HOST_PLUGINS_FEATURE_REGISTRY_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/common/mutex.h"
#include "host/common/status.h"
#include "host/plugins/feature_record.h"

namespace odmcp {

// A resource a URI names, and the template variables it bound.
struct ResourceMatch {
  const ResourceRecord* resource = nullptr;
  std::vector<std::pair<std::string, std::string>> variables;
};

class FeatureCatalog {
 public:
  FeatureCatalog(std::vector<std::shared_ptr<const ResourceRecord>> resources,
                 std::vector<std::shared_ptr<const PromptRecord>> prompts);

  // Fixed resources and templates, in registration order.
  const std::vector<std::shared_ptr<const ResourceRecord>>& resources() const { return resources_; }
  // Prompts, sorted by name.
  const std::vector<std::shared_ptr<const PromptRecord>>& prompts() const { return prompts_; }

  // The fixed resource whose URI is `uri`, else the first template that
  // matches it; resource is null when none does.
  ResourceMatch Resolve(std::string_view uri) const;
  // The resource whose URI or template text is `key` (a completion's
  // ref/resource), or nullptr.
  const ResourceRecord* FindByKey(std::string_view key) const;
  const PromptRecord* FindPrompt(std::string_view name) const;

 private:
  std::vector<std::shared_ptr<const ResourceRecord>> resources_;
  std::vector<std::shared_ptr<const PromptRecord>> prompts_;
};

class FeatureRegistry {
 public:
  FeatureRegistry();

  // Fail if a loaded plugin already registered the same resource name, URI
  // or template text (or prompt name).
  StatusOr<bool> Add(std::shared_ptr<const ResourceRecord> resource);
  StatusOr<bool> Add(std::shared_ptr<const PromptRecord> prompt);
  // Removes everything `plugin` registered (from the catalog at the next
  // Publish). Returns a handle on each removed resource and prompt: it
  // expires once no catalog snapshot, and so no request, holds it any more.
  std::vector<std::weak_ptr<const void>> RemovePlugin(const PluginRecord* plugin);

  // Replaces the catalog with everything registered.
  void Publish();
  std::shared_ptr<const FeatureCatalog> Snapshot() const;

 private:
  mutable Mutex mutex_;
  std::vector<std::shared_ptr<const ResourceRecord>> resources_ GUARDED_BY(mutex_);
  std::vector<std::shared_ptr<const PromptRecord>> prompts_ GUARDED_BY(mutex_);
  std::shared_ptr<const FeatureCatalog> catalog_ GUARDED_BY(mutex_);
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_FEATURE_REGISTRY_H_
