#include "host/plugins/feature_registry.h"

#include <algorithm>

#include "host/plugins/plugin_record.h"

namespace odmcp {

FeatureCatalog::FeatureCatalog(std::vector<std::shared_ptr<const ResourceRecord>> resources,
                               std::vector<std::shared_ptr<const PromptRecord>> prompts)
    : resources_(std::move(resources)), prompts_(std::move(prompts)) {
  std::sort(prompts_.begin(), prompts_.end(),
            [](const auto& a, const auto& b) { return a->name < b->name; });
}

ResourceMatch FeatureCatalog::Resolve(std::string_view uri) const {
  for (const auto& resource : resources_) {
    if (!resource->uri_template && resource->uri == uri) return ResourceMatch{resource.get(), {}};
  }
  for (const auto& resource : resources_) {
    if (!resource->uri_template) continue;
    if (auto variables = resource->uri_template->Match(uri)) {
      return ResourceMatch{resource.get(), std::move(*variables)};
    }
  }
  return ResourceMatch{};
}

const ResourceRecord* FeatureCatalog::FindByKey(std::string_view key) const {
  for (const auto& resource : resources_) {
    if (resource->key() == key) return resource.get();
  }
  return nullptr;
}

const PromptRecord* FeatureCatalog::FindPrompt(std::string_view name) const {
  auto it = std::lower_bound(prompts_.begin(), prompts_.end(), name,
                             [](const auto& p, std::string_view n) { return p->name < n; });
  return it != prompts_.end() && (*it)->name == name ? it->get() : nullptr;
}

FeatureRegistry::FeatureRegistry() { Publish(); }

StatusOr<bool> FeatureRegistry::Add(std::shared_ptr<const ResourceRecord> resource) {
  MutexLock lock(&mutex_);
  for (const auto& other : resources_) {
    if (other->name == resource->name || other->key() == resource->key()) {
      return Status(ODMCP_INVALID_ARGUMENT, "resource \"" + resource->name + "\" (" +
                                                resource->key() + ") clashes with resource \"" +
                                                other->name + "\" (" + other->key() +
                                                ") of plugin \"" + other->plugin->name + "\"");
    }
  }
  resources_.push_back(std::move(resource));
  return true;
}

StatusOr<bool> FeatureRegistry::Add(std::shared_ptr<const PromptRecord> prompt) {
  MutexLock lock(&mutex_);
  for (const auto& other : prompts_) {
    if (other->name == prompt->name) {
      return Status(ODMCP_INVALID_ARGUMENT, "prompt \"" + prompt->name +
                                                "\" is already registered by plugin \"" +
                                                other->plugin->name + "\"");
    }
  }
  prompts_.push_back(std::move(prompt));
  return true;
}

std::vector<std::weak_ptr<const void>> FeatureRegistry::RemovePlugin(const PluginRecord* plugin) {
  MutexLock lock(&mutex_);
  std::vector<std::weak_ptr<const void>> removed;
  auto take = [plugin, &removed](auto& records) {
    auto kept = std::remove_if(records.begin(), records.end(), [&](const auto& record) {
      if (record->plugin != plugin) return false;
      removed.emplace_back(record);
      return true;
    });
    records.erase(kept, records.end());
  };
  take(resources_);
  take(prompts_);
  return removed;
}

std::shared_ptr<const FeatureCatalog> FeatureRegistry::Snapshot() const {
  MutexLock lock(&mutex_);
  return catalog_;
}

void FeatureRegistry::Publish() {
  MutexLock lock(&mutex_);
  catalog_ = std::make_shared<const FeatureCatalog>(resources_, prompts_);
}

}  // namespace odmcp
