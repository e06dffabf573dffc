#include "host/plugins/plugin_loader.h"

#include <dlfcn.h>

#include <boost/dll/shared_library_load_mode.hpp>
#include <exception>
#include <regex>

#include "host/plugins/abi_struct.h"

namespace odmcp {
namespace {

constexpr uint32_t kKnownPluginFlags = ODMCP_PLUGIN_SERIAL;

std::string Version(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// Boost.DLL clears dlerror() when dlopen fails, losing the reason (missing
// file, undefined symbol, wrong architecture). On that failure path only,
// ask dlopen again to recover the message for the operator.
std::string DlopenReason(const std::string& path) {
  dlerror();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle != nullptr) {
    dlclose(handle);
    return "unknown error";
  }
  const char* reason = dlerror();
  return reason != nullptr ? reason : "unknown error";
}

}  // namespace

StatusOr<std::unique_ptr<PluginRecord>> OpenPlugin(const std::string& path,
                                                   const std::string& expected_name) {
  const std::string file = "plugin file \"" + path + "\"";
  auto record = std::make_unique<PluginRecord>();
  record->path = path;
  boost::dll::fs::error_code ec;
  record->library.load(path,
                       boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    return Status(ODMCP_FAILED_PRECONDITION, file + ": cannot be loaded: " + DlopenReason(path));
  }
  if (!record->library.has(ODMCP_ENTRY_SYMBOL)) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  file + ": has no entry point " ODMCP_ENTRY_SYMBOL
                         " (is it an orderdesk-mcp plugin, built with ODMCP_EXPORT?)");
  }
  auto query = record->library.get<const odmcp_plugin_info*(uint32_t, uint32_t)>(
      ODMCP_ENTRY_SYMBOL);
  const odmcp_plugin_info* peer = nullptr;
  try {
    peer = query(ODMCP_ABI_MAJOR, ODMCP_ABI_MINOR);
  } catch (...) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  file + ": " ODMCP_ENTRY_SYMBOL " threw a C++ exception across the ABI");
  }
  if (peer == nullptr) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  file +
                      ": " ODMCP_ENTRY_SYMBOL " returned NULL: the plugin cannot run on host ABI " +
                      Version(ODMCP_ABI_MAJOR, ODMCP_ABI_MINOR));
  }
  std::string problem;
  if (!ReadPeerStruct(peer, ODMCP_PLUGIN_INFO_SIZE_V1_0, &record->info, &problem)) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  file + ": its odmcp_plugin_info is not usable: " + problem);
  }
  const odmcp_plugin_info& info = record->info;
  static const std::regex kName("[a-z0-9_]{1,48}");
  if (info.name == nullptr || !std::regex_match(info.name, kName)) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  file + ": its plugin name is missing or not 1 to 48 characters of a-z 0-9 _");
  }
  record->name = info.name;
  record->version = info.version != nullptr ? info.version : "";
  record->description = info.description != nullptr ? info.description : "";
  record->abi_major = info.abi_major;
  record->abi_minor = info.abi_minor;
  const std::string who = "plugin \"" + record->name + "\" (" + path + ")";
  if (info.abi_major != ODMCP_ABI_MAJOR) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  who + ": built for ABI " + Version(info.abi_major, info.abi_minor) +
                      ", this host speaks ABI " + Version(ODMCP_ABI_MAJOR, ODMCP_ABI_MINOR) +
                      "; rebuild it against plugin-api " + std::to_string(ODMCP_ABI_MAJOR) + ".x");
  }
  if (info.min_host_abi_minor > ODMCP_ABI_MINOR) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  who + ": needs host ABI " + Version(ODMCP_ABI_MAJOR, info.min_host_abi_minor) +
                      " or newer (it was built for ABI " + Version(info.abi_major, info.abi_minor) +
                      "), this host speaks ABI " + Version(ODMCP_ABI_MAJOR, ODMCP_ABI_MINOR) +
                      "; upgrade orderdesk-mcp or use an older build of the plugin");
  }
  if ((info.flags & ~kKnownPluginFlags) != 0) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  who + ": sets plugin flags this host does not know; it needs a newer host");
  }
  if (info.init == nullptr) {
    return Status(ODMCP_FAILED_PRECONDITION, who + ": its description has no init function");
  }
  if (record->name != expected_name) {
    return Status(ODMCP_FAILED_PRECONDITION, file + " contains plugin \"" + record->name +
                                                 "\", but its configuration table is [plugins." +
                                                 expected_name +
                                                 "]; rename the table or correct its path");
  }
  return record;
}

}  // namespace odmcp
