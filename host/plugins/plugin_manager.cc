#include "host/plugins/plugin_manager.h"

#include <algorithm>
#include <exception>
#include <set>

#include "host/common/clock.h"
#include "host/common/json.h"
#include "host/common/status_names.h"
#include "host/plugins/abi_struct.h"
#include "host/plugins/host_api.h"
#include "host/plugins/plugin_loader.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/tool_registry.h"
#include "host/services/cache/cache.h"
#include "host/services/log.h"

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

}  // namespace

PluginManager::PluginManager(HostServices& services) : services_(services) {
  services_.plugins = this;
}

PluginManager::~PluginManager() { ShutdownAll(); }

Result<bool> PluginManager::LoadAll(const PluginsConfig& config) {
  configs_ = config.plugins;
  for (const PluginConfig& plugin : config.plugins) {
    if (!plugin.enabled) {
      services_.log->Info("plugin disabled by configuration", {{"plugin", plugin.name}});
      continue;
    }
    Result<PluginRecord*> loaded = Load(plugin);
    if (!loaded.ok()) {
      if (plugin.required) return Error{loaded.error()};
      services_.log->Error("optional plugin skipped",
                           {{"plugin", plugin.name}, {"error", loaded.error()}});
      continue;
    }
    const PluginRecord& record = *loaded.value();
    services_.log->Info("plugin loaded",
                        {{"plugin", record.name},
                         {"version", record.version},
                         {"abi", std::to_string(record.abi_major) + "." +
                                     std::to_string(record.abi_minor)},
                         {"tools", JoinNames(services_.tools->NamesOf(&record))},
                         {"path", record.path}});
  }
  services_.tools->Publish([this](const ToolRecord& tool) {
    for (const PluginConfig& c : configs_) {
      if (c.name == tool.plugin->name) return Offered(c, tool.name);
    }
    return false;
  });
  return true;
}

Result<PluginRecord*> PluginManager::Load(const PluginConfig& config) {
  Result<std::unique_ptr<PluginRecord>> opened = OpenPlugin(config.path, config.name);
  if (!opened.ok()) return Error{opened.error()};
  std::unique_ptr<PluginRecord> record = std::move(opened).value();
  record->services = &services_;
  record->read_secrets = config.read_secrets;
  const std::string who = "plugin \"" + record->name + "\" (" + record->path + ")";

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
    refused_.push_back(std::move(record));
    return Error{who + ": init failed with " + std::string(StatusName(status)) + ": " +
                 (init_error.empty() ? "no reason given" : init_error)};
  }
  record->initialized = true;

  // Every tool the configuration names must exist: a misspelt entry in a
  // deny-list would otherwise leave the tool it meant to hide offered.
  std::vector<std::string> provided = services_.tools->NamesOf(record.get());
  std::string unknown;
  auto check = [&](const std::vector<std::string>& names, const char* key) {
    for (const std::string& name : names) {
      if (std::find(provided.begin(), provided.end(), name) == provided.end()) {
        unknown += "\nplugins." + config.name + ".tools." + key + " names \"" + name +
                   "\", which plugin \"" + record->name + "\" does not provide (it provides: " +
                   JoinNames(provided) + ")";
      }
    }
  };
  check(config.tools_enabled, "enabled");
  check(config.tools_disabled, "disabled");
  if (!unknown.empty()) {
    if (record->info.shutdown != nullptr) record->info.shutdown(record->state);
    record->initialized = false;
    services_.tools->RemovePlugin(record.get());
    if (services_.features != nullptr) services_.features->RemovePlugin(record.get());
    refused_.push_back(std::move(record));
    return Error{config.origin.file + ": configuration of " + who + " is wrong:" + unknown};
  }
  plugins_.push_back(std::move(record));
  return plugins_.back().get();
}

void PluginManager::ShutdownAll() {
  for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
    PluginRecord& plugin = **it;
    if (!plugin.initialized) continue;
    plugin.initialized = false;
    if (plugin.info.shutdown == nullptr) continue;
    try {
      plugin.info.shutdown(plugin.state);
    } catch (...) {
      services_.log->Error("plugin shutdown threw across the ABI", {{"plugin", plugin.name}});
    }
  }
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
  for (const auto& plugin : plugins_) {
    w.StartObject();
    WriteKeyString(w, "name", plugin->name);
    WriteKeyString(w, "version", plugin->version);
    WriteKeyString(w, "abi",
                   std::to_string(plugin->abi_major) + "." + std::to_string(plugin->abi_minor));
    w.Key("tools");
    w.StartArray();
    for (const auto& tool : catalog->tools()) {
      if (tool->plugin == plugin.get()) WriteString(w, tool->name);
    }
    w.EndArray();
    w.EndObject();
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
