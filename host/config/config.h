// The host configuration: what config/orderdesk-mcp.toml documents, after
// environment overrides, validation, and resolution of relative paths.
// Plain data; LoadConfig() (config_loader.h) builds it.
#ifndef ODMCP_HOST_CONFIG_CONFIG_H_
#define ODMCP_HOST_CONFIG_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

namespace odmcp {

enum class TransportKind { kStdio, kHttp };

struct ServerConfig {
  TransportKind transport = TransportKind::kHttp;
  int workers = 16;                  // concurrent tool calls on stdio
  int64_t call_timeout_ms = 300000;  // a tool call's deadline
  int64_t max_message_bytes = 4 * 1024 * 1024;  // per JSON-RPC message, any transport
  std::string instructions;          // sent to clients at initialize/discover
};

struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 8080;
};

struct HttpConfig {
  ListenAddress listen;
  std::string path = "/mcp";
  std::vector<std::string> allowed_hosts = {"127.0.0.1", "localhost", "::1"};
  std::vector<std::string> allowed_origins;
  int session_idle_timeout_s = 1800;
  int max_sessions_per_tenant = 256;
  int sse_keepalive_s = 15;
  int keep_alive_timeout_s = 5;
  int shutdown_grace_s = 10;
  int max_threads = 512;
};

struct ProtocolConfig {
  int page_size = 100;
  int64_t list_ttl_ms = 60000;
};

struct LogConfig {
  int32_t level = 1;  // ODMCP_LOG_INFO
};

// Where a plugin's table sits, for messages about it.
struct ConfigOrigin {
  std::string file;
  int line = 0;
};

struct PluginConfig {
  std::string name;
  bool enabled = true;
  bool required = false;
  std::string path;  // absolute
  // At most one of these is non-empty; `tools_enabled_set` tells an empty
  // allow-list (no tools) from no allow-list.
  bool tools_enabled_set = false;
  std::vector<std::string> tools_enabled;
  std::vector<std::string> tools_disabled;
  std::string settings_json = "{}";
  ConfigOrigin origin;
};

struct PluginsConfig {
  std::string dir;  // absolute
  std::vector<PluginConfig> plugins;  // in file order
};

struct Config {
  std::string file;  // the file it was read from
  ServerConfig server;
  HttpConfig http;
  ProtocolConfig protocol;
  LogConfig log;
  PluginsConfig plugins;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_CONFIG_CONFIG_H_
