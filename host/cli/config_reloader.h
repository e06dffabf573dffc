// ConfigReloader: applies the configuration file again while `serve` runs,
// when asked (SIGHUP) and, with [server] watch_config, when the file changes
// (its inode, size or modification time, polled once a second).
//
// A reload applies [plugins] (PluginManager::Reload: plugins loaded,
// unloaded, restarted, tools offered or hidden, clients told) and the
// [log] level. Every other section is read at start-up only: a change there
// is logged as needing a restart, and the running values stay. A file that
// fails to load is logged with the file, line and key at fault, and changes
// nothing.
//
// Reloads run one at a time on the reloader's own thread, which is the
// control thread for plugins (plugin.h T2) once serving has started.
// Thread safety: Request() may be called from any thread.
#ifndef ODMCP_HOST_CLI_CONFIG_RELOADER_H_
#define ODMCP_HOST_CLI_CONFIG_RELOADER_H_

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "host/config/config.h"
#include "host/config/file_stamp.h"

namespace odmcp {

class Logger;
class PluginManager;

class ConfigReloader {
 public:
  // `running` is the configuration `serve` started with, as read from its
  // file (before command-line overrides); `stamp` the file's stamp taken
  // before it was read. `plugins` must outlive the reloader.
  ConfigReloader(Config running, FileStamp stamp, PluginManager& plugins, Logger& log);
  ConfigReloader(const ConfigReloader&) = delete;
  ConfigReloader& operator=(const ConfigReloader&) = delete;
  // Stops the thread, after the reload in progress (which may be waiting
  // for calls in flight to finish).
  ~ConfigReloader();

  // Asks for a reload; requests made while one is pending make one.
  void Request();

 private:
  void Run();
  // Reads the file and applies it; returns the stamp taken before reading.
  FileStamp Reload(const char* cause);

  Config running_;  // the file's values in effect; only the thread uses it
  PluginManager& plugins_;
  Logger& log_;
  FileStamp applied_;  // only the thread uses it

  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_CONFIG_RELOADER_H_
