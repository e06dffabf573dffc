#include "host/cli/config_reloader.h"

#include <chrono>
#include <utility>

#include "host/config/config_diff.h"
#include "host/config/config_loader.h"
#include "host/plugins/plugin_manager.h"
#include "host/common/log_level.h"
#include "host/services/log.h"

namespace odmcp {
namespace {

constexpr auto kPollInterval = std::chrono::seconds(1);

}  // namespace

ConfigReloader::ConfigReloader(Config running, FileStamp stamp, PluginManager& plugins,
                               Logger& log)
    : running_(std::move(running)), plugins_(plugins), log_(log), applied_(stamp) {
  if (running_.server.watch_config) {
    log_.Info("watching the configuration file", {{"file", running_.file}});
  }
  thread_ = std::thread([this] { Run(); });
}

ConfigReloader::~ConfigReloader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ConfigReloader::Request() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requested_ = true;
  }
  wake_.notify_all();
}

void ConfigReloader::Run() {
  const bool watch = running_.server.watch_config;
  FileStamp seen = applied_;
  std::unique_lock<std::mutex> lock(mutex_);
  auto woken = [this] { return requested_ || stopping_; };
  while (true) {
    if (watch) {
      wake_.wait_for(lock, kPollInterval, woken);
    } else {
      wake_.wait(lock, woken);
    }
    if (stopping_) return;
    const char* cause = nullptr;
    if (requested_) {
      requested_ = false;
      cause = "requested";
    } else {
      FileStamp now = StampOf(running_.file);
      // A change is applied once the file has stayed the same for a whole
      // poll, so that a reload does not read a file still being written.
      if (now != applied_ && now == seen) cause = "file changed";
      seen = now;
    }
    if (cause == nullptr) continue;
    lock.unlock();
    applied_ = Reload(cause);
    seen = applied_;
    lock.lock();
  }
}

FileStamp ConfigReloader::Reload(const char* cause) {
  const std::string file = running_.file;
  // Taken before reading, so that a change made while reading is seen.
  const FileStamp stamp = StampOf(file);
  log_.Info("reloading configuration", {{"file", file}, {"cause", cause}});
  StatusOr<Config> loaded = LoadConfig(file, ProcessEnvironment());
  if (!loaded.ok()) {
    log_.Error("configuration not reloaded: the running one stays",
               {{"file", file}, {"error", loaded.error()}});
    return stamp;
  }
  const Config& next = loaded.value();
  std::string restart;
  for (const std::string& section : ChangedSections(running_, next)) {
    if (section != "log") restart += (restart.empty() ? "" : ", ") + section;
  }
  if (!restart.empty()) {
    // The running values stay, so this is said again at each reload until
    // the restart.
    log_.Warning("configuration changes that apply only after a restart",
                 {{"file", file}, {"sections", restart}});
  }
  if (next.log.level != running_.log.level) {
    log_.set_min_level(next.log.level);
    running_.log = next.log;
    log_.Info("log level changed", {{"level", LogLevelName(next.log.level)}});
  }
  plugins_.Reload(next.plugins);
  log_.Info("configuration reloaded", {{"file", file}});
  return stamp;
}

}  // namespace odmcp
