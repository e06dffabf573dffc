#include "host/plugins/plugin_manager.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

#include "host/common/clock.h"
#include "host/common/json.h"
#include "host/common/status_names.h"
#include "host/plugins/abi_struct.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/host_api.h"
#include "host/plugins/plugin_diff.h"
#include "host/plugins/plugin_loader.h"
#include "host/plugins/tool_registry.h"
#include "host/services/cache/cache.h"
#include "host/services/log.h"
#include "host/services/metrics/host_metrics.h"
#include "host/services/notification_hub.h"

namespace odmcp {
namespace {

void AppendToString(void* ctx, const char* data, size_t len) {
  static_cast<std::string*>(ctx)->append(data, len);
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// Whether the configuration offers `tool` to clients.
bool Offered(const PluginConfig& config, const std::string& tool) {
  if (config.tools_enabled_set) {
    return std::find(config.tools_enabled.begin(), config.tools_enabled.end(), tool) !=
           config.tools_enabled.end();
  }
  return std::find(config.tools_disabled.begin(), config.tools_disabled.end(), tool) ==
         config.tools_disabled.end();
}

// Lines naming each tool `config`'s tool lists name that `record` does not
// provide: a misspelt entry in a deny-list would otherwise leave the tool it
// meant to hide offered. Empty if there is none.
std::string UnknownTools(const PluginConfig& config, const PluginRecord& record,
                         const std::vector<std::string>& provided) {
  std::string unknown;
  auto check = [&](const std::vector<std::string>& names, const char* key) {
    for (const std::string& name : names) {
      if (std::find(provided.begin(), provided.end(), name) == provided.end()) {
        unknown += "\nplugins." + config.name + ".tools." + key + " names \"" + name +
                   "\", which plugin \"" + record.name + "\" does not provide (it provides: " +
                   JoinNames(provided) + ")";
      }
    }
  };
  check(config.tools_enabled, "enabled");
  check(config.tools_disabled, "disabled");
  return unknown;
}

std::string Who(const PluginRecord& record) {
  return "plugin \"" + record.name + "\" (" + record.path + ")";
}

// A request that found one of a withdrawn plugin's handlers in a catalog
// snapshot starts its call, and so counts among the plugin's calls in
// flight, moments later; waiting for the snapshots to be let go closes that
// gap. A request keeps its snapshot to its end, perhaps through a long call
// of another plugin, so the wait is bounded.
constexpr auto kHandOffGrace = std::chrono::seconds(1);
constexpr auto kHandOffPoll = std::chrono::milliseconds(5);
// How often a wait for calls in flight says what it waits for.
constexpr auto kDrainReport = std::chrono::seconds(10);

}  // namespace

PluginManager::PluginManager(HostServices& services) : services_(services) {
  services_.plugins = this;
}

PluginManager::~PluginManager() { ShutdownAll(); }

namespace {

std::vector<std::string> RequiredNames(const PluginsConfig& config) {
  std::vector<std::string> names;
  for (const PluginConfig& plugin : config.plugins) {
    if (plugin.enabled && plugin.required) names.push_back(plugin.name);
  }
  return names;
}

}  // namespace

StatusOr<bool> PluginManager::LoadAll(const PluginsConfig& config) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    required_ = RequiredNames(config);
  }
  for (const PluginConfig& plugin : config.plugins) {
    if (!plugin.enabled) {
      services_.log->Info("plugin disabled by configuration", {{"plugin", plugin.name}});
      continue;
    }
    StatusOr<PluginRecord*> loaded = LoadCounted(plugin);
    if (!loaded.ok()) {
      if (plugin.required) return loaded.status();
      services_.log->Error("optional plugin skipped",
                           {{"plugin", plugin.name}, {"error", loaded.error()}});
      continue;
    }
    LogLoaded("plugin loaded", *loaded.value());
  }
  Publish();
  return true;
}

void PluginManager::Reload(const PluginsConfig& config) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    required_ = RequiredNames(config);
  }
  std::vector<PluginConfig> configs;
  for (const Running& plugin : running_) configs.push_back(plugin.config);
  const PluginChanges changes = DiffPlugins(configs, config.plugins);
  if (changes.empty()) {
    services_.log->Info("plugins unchanged");
    return;
  }
  if (services_.metrics != nullptr) services_.metrics->plugin_reloads.Inc();
  const Listings before = Current();
  std::vector<Withdrawn> withdrawn;
  for (const std::string& name : changes.unload) withdrawn.push_back(Withdraw(name));
  std::vector<PluginConfig> previous;  // of changes.restart, for a failed restart
  for (const PluginConfig& plugin : changes.restart) {
    withdrawn.push_back(Withdraw(plugin.name));
    previous.push_back(withdrawn.back().plugin.config);
  }
  for (const PluginConfig& plugin : changes.update) Update(plugin);
  for (const PluginConfig& plugin : changes.load) LoadLogged(plugin, "plugin loaded");
  Listings published = Publish();
  Notify(before, published);

  for (Withdrawn& plugin : withdrawn) Unload(std::move(plugin));
  if (changes.restart.empty()) return;
  for (size_t i = 0; i < changes.restart.size(); ++i) {
    if (LoadLogged(changes.restart[i], "plugin restarted with its new configuration")) continue;
    LoadLogged(previous[i], "plugin restarted with its previous configuration");
  }
  Notify(published, Publish());
}

StatusOr<PluginRecord*> PluginManager::LoadCounted(const PluginConfig& config) {
  StatusOr<PluginRecord*> loaded = Load(config);
  if (services_.metrics != nullptr) {
    services_.metrics->plugin_loads.With({loaded.ok() ? "ok" : "failed"}).Inc();
  }
  return loaded;
}

StatusOr<PluginRecord*> PluginManager::Load(const PluginConfig& config) {
  StatusOr<std::unique_ptr<PluginRecord>> opened = OpenPlugin(config.path, config.name);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<PluginRecord> record = std::move(opened).value();
  record->services = &services_;
  record->read_secrets = config.read_secrets;
  const std::string who = Who(*record);

  std::string init_error;
  odmcp_status status;
  record->in_init = true;
  try {
    status = record->info.init(HostApi(), &record->handle, Str(config.settings_json),
                               &AppendToString, &init_error, &record->state);
  } catch (...) {
    status = ODMCP_INTERNAL;
    init_error = "init threw a C++ exception across the ABI";
  }
  record->in_init = false;
  if (status != ODMCP_OK) {
    services_.tools->RemovePlugin(record.get());
    if (services_.features != nullptr) services_.features->RemovePlugin(record.get());
    Retire(std::move(record));
    return Status(ODMCP_FAILED_PRECONDITION,
                  who + ": init failed with " + std::string(StatusName(status)) + ": " +
                      (init_error.empty() ? "no reason given" : init_error));
  }
  record->initialized = true;

  std::string unknown = UnknownTools(config, *record, services_.tools->NamesOf(record.get()));
  if (!unknown.empty()) {
    Shutdown(*record);
    services_.tools->RemovePlugin(record.get());
    if (services_.features != nullptr) services_.features->RemovePlugin(record.get());
    Retire(std::move(record));
    return Status(ODMCP_INVALID_ARGUMENT,
                  config.origin.file + ": configuration of " + who + " is wrong:" + unknown);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  running_.push_back(Running{std::move(record), config});
  return running_.back().record.get();
}

bool PluginManager::LoadLogged(const PluginConfig& config, const char* message) {
  StatusOr<PluginRecord*> loaded = LoadCounted(config);
  if (!loaded.ok()) {
    services_.log->Error("plugin not loaded", {{"plugin", config.name}, {"error", loaded.error()}});
    return false;
  }
  LogLoaded(message, *loaded.value());
  return true;
}

void PluginManager::LogLoaded(const char* message, const PluginRecord& record) const {
  services_.log->Info(message, {{"plugin", record.name},
                                {"version", record.version},
                                {"abi", std::to_string(record.abi_major) + "." +
                                            std::to_string(record.abi_minor)},
                                {"tools", JoinNames(services_.tools->NamesOf(&record))},
                                {"path", record.path}});
}

PluginManager::Withdrawn PluginManager::Withdraw(const std::string& name) {
  Withdrawn withdrawn;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = std::find_if(running_.begin(), running_.end(),
                           [&](const Running& r) { return r.config.name == name; });
    withdrawn.plugin = std::move(*it);
    running_.erase(it);
  }
  const PluginRecord* record = withdrawn.plugin.record.get();
  withdrawn.handles = services_.tools->RemovePlugin(record);
  if (services_.features != nullptr) {
    for (auto& handle : services_.features->RemovePlugin(record)) {
      withdrawn.handles.push_back(std::move(handle));
    }
  }
  services_.log->Info("plugin withdrawn", {{"plugin", record->name}, {"path", record->path}});
  return withdrawn;
}

void PluginManager::Unload(Withdrawn withdrawn) {
  PluginRecord& plugin = *withdrawn.plugin.record;
  const auto until = std::chrono::steady_clock::now() + kHandOffGrace;
  auto held = [&withdrawn] {
    return std::any_of(withdrawn.handles.begin(), withdrawn.handles.end(),
                       [](const std::weak_ptr<const void>& h) { return !h.expired(); });
  };
  while (held() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(kHandOffPoll);
  }
  // expired() is a relaxed load: it tells that the last holder let go, not
  // what that holder did before. Dropping our weak references decrements
  // each record's weak count, an acquire-release step after the holder's own,
  // so everything it did with the plugin happens before the shutdown below.
  withdrawn.handles.clear();
  auto report = [&](const char* message) {
    services_.log->Info(message,
                        {{"plugin", plugin.name}, {"calls", std::to_string(plugin.calls.count())}});
  };
  if (plugin.calls.count() > 0) report("plugin unloads once its calls in flight finish");
  while (!plugin.calls.AwaitNone(kDrainReport)) report("still waiting for calls in flight");
  Shutdown(plugin);
  services_.log->Info("plugin unloaded", {{"plugin", plugin.name}, {"path", plugin.path}});
  Retire(std::move(withdrawn.plugin.record));
}

void PluginManager::Update(const PluginConfig& config) {
  auto it = std::find_if(running_.begin(), running_.end(),
                         [&](const Running& r) { return r.config.name == config.name; });
  const PluginRecord& record = *it->record;
  std::string unknown = UnknownTools(config, record, services_.tools->NamesOf(&record));
  if (!unknown.empty()) {
    services_.log->Error("plugin tool lists not applied; the previous ones stay",
                         {{"plugin", config.name},
                          {"error", config.origin.file + ": configuration of " + Who(record) +
                                        " is wrong:" + unknown}});
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  it->config = config;
}

PluginManager::Listings PluginManager::Publish() {
  services_.tools->Publish([this](const ToolRecord& tool) {
    for (const Running& plugin : running_) {
      if (plugin.record.get() == tool.plugin) return Offered(plugin.config, tool.name);
    }
    return false;
  });
  if (services_.features != nullptr) services_.features->Publish();
  return Current();
}

PluginManager::Listings PluginManager::Current() const {
  Listings listings;
  for (const auto& tool : services_.tools->Snapshot()->tools()) {
    listings.tools.push_back(tool->listing_json);
  }
  if (services_.features == nullptr) return listings;
  std::shared_ptr<const FeatureCatalog> features = services_.features->Snapshot();
  for (const auto& resource : features->resources()) {
    listings.resources.push_back(resource->listing_json);
  }
  for (const auto& prompt : features->prompts()) listings.prompts.push_back(prompt->listing_json);
  return listings;
}

void PluginManager::Notify(const Listings& before, const Listings& after) const {
  std::vector<ChangeKind> changed;
  if (before.tools != after.tools) changed.push_back(ChangeKind::kToolsList);
  if (before.prompts != after.prompts) changed.push_back(ChangeKind::kPromptsList);
  if (before.resources != after.resources) changed.push_back(ChangeKind::kResourcesList);
  std::string methods;
  for (ChangeKind kind : changed) {
    methods += (methods.empty() ? "" : ", ") + std::string(ChangeMethod(kind));
    if (services_.notifications != nullptr) services_.notifications->Publish(Change{kind, ""});
  }
  if (!methods.empty()) services_.log->Info("catalog changed", {{"notified", methods}});
}

void PluginManager::ShutdownAll() {
  for (auto it = running_.rbegin(); it != running_.rend(); ++it) Shutdown(*it->record);
}

void PluginManager::Shutdown(PluginRecord& plugin) {
  if (!plugin.initialized) return;
  plugin.initialized = false;
  if (plugin.info.shutdown == nullptr) return;
  try {
    plugin.info.shutdown(plugin.state);
  } catch (...) {
    services_.log->Error("plugin shutdown threw across the ABI", {{"plugin", plugin.name}});
  }
}

void PluginManager::Retire(std::unique_ptr<PluginRecord> record) {
  std::lock_guard<std::mutex> lock(mutex_);
  retired_.push_back(std::move(record));
}

std::vector<std::string> PluginManager::MissingRequired() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> missing;
  for (const std::string& name : required_) {
    auto running = std::find_if(running_.begin(), running_.end(),
                                [&](const Running& plugin) { return plugin.config.name == name; });
    if (running == running_.end()) missing.push_back(name);
  }
  return missing;
}

std::string PluginManager::DescribeRuntime() const {
  std::shared_ptr<const ToolCatalog> catalog = services_.tools->Snapshot();
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "name", services_.server_name);
  WriteKeyString(w, "version", services_.server_version);
  WriteKeyString(w, "abi", std::to_string(ODMCP_ABI_MAJOR) + "." + std::to_string(ODMCP_ABI_MINOR));
  w.Key("uptime_ms");
  w.Int64(UnixMillis() - services_.started_unix_ms);
  w.Key("plugins");
  w.StartArray();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Running& running : running_) {
      const PluginRecord* plugin = running.record.get();
      w.StartObject();
      WriteKeyString(w, "name", plugin->name);
      WriteKeyString(w, "version", plugin->version);
      WriteKeyString(w, "abi",
                     std::to_string(plugin->abi_major) + "." + std::to_string(plugin->abi_minor));
      w.Key("tools");
      w.StartArray();
      for (const auto& tool : catalog->tools()) {
        if (tool->plugin == plugin) WriteString(w, tool->name);
      }
      w.EndArray();
      w.EndObject();
    }
  }
  w.EndArray();
  if (services_.cache != nullptr) {
    CacheStats stats = services_.cache->stats();
    w.Key("cache");
    w.StartObject();
    for (const auto& [key, value] :
         {std::pair{"hits", stats.hits}, {"misses", stats.misses}, {"puts", stats.puts},
          {"evictions", stats.evictions}, {"expirations", stats.expirations},
          {"entries", stats.entries}, {"bytes", stats.bytes}}) {
      w.Key(key);
      w.Uint64(value);
    }
    w.EndObject();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace odmcp
