// orderdesk-mcp store add|list|remove, through the stores plugin's tools.
#include <rapidjson/document.h>

#include <cstdio>

#include "host/cli/admin_host.h"
#include "host/cli/commands.h"
#include "host/cli/tool_runner.h"
#include "host/common/json.h"

namespace odmcp {
namespace {

constexpr int64_t kToolTimeoutMs = 120000;

constexpr const char* kStoreUsage =
    "usage: orderdesk-mcp store <command> --config FILE\n"
    "\n"
    "  add --store-id ID [--name NAME]\n"
    "                 Verify an OrderDesk store's credentials with OrderDesk and store them,\n"
    "                 encrypted, for the tenant. The API key comes from ORDERDESK_API_KEY.\n"
    "  list           List the tenant's stores (never their keys).\n"
    "  remove STORE   Forget a store (by id or name) and its credentials.\n"
    "\n"
    "The tenant's master key comes from ODMCP_MASTER_KEY and the KMS key from the\n"
    "variable named by [vault] kms_key_env. These commands run the stores plugin's\n"
    "tools (stores_register, stores_list, stores_delete), so the configuration must\n"
    "enable it.\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "orderdesk-mcp store: %s\n", message.c_str());
  return 1;
}

int Usage(const std::string& problem) {
  std::fprintf(stderr, "orderdesk-mcp store: %s\n\n%s", problem.c_str(), kStoreUsage);
  return 2;
}

// Takes "--flag VALUE" from args; empty if absent.
std::string TakeFlag(std::vector<std::string>& args, const std::string& flag) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) {
      std::string value = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return value;
    }
  }
  return {};
}

int RunStoresTool(AdminHost& host, const char* tool, const std::string& args_json) {
  StatusOr<std::string> key = RequiredEnvironment("ODMCP_MASTER_KEY", "the tenant's master key");
  if (!key.ok()) return Fail(key.error());
  AuthOutcome auth = host.services->tenants()->Authenticate(key.value());
  if (auth.status == AuthStatus::kError || auth.status == AuthStatus::kBusy) return Fail(auth.error);
  if (auth.status != AuthStatus::kOk) return Fail("ODMCP_MASTER_KEY is not the master key of any tenant");
  ToolOutcome outcome = RunToolInProcess(host.tools, tool, args_json, auth.tenant, kToolTimeoutMs);
  if (!outcome.found) {
    return Fail(std::string("the configuration does not enable the stores plugin's ") + tool +
                " ([plugins.stores] in " + host.config.file + ")");
  }
  std::FILE* out = outcome.is_error ? stderr : stdout;
  std::fprintf(out, "%s\n", outcome.text.c_str());
  return outcome.is_error ? 1 : 0;
}

}  // namespace

int RunStore(const std::vector<std::string>& arguments) {
  std::vector<std::string> args = arguments;
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kStoreUsage, stdout);
      return 0;
    }
  }
  std::vector<std::string> positional = args;
  TakeConfigOption(positional);
  const std::string store_id = TakeFlag(positional, "--store-id");
  const std::string name = TakeFlag(positional, "--name");
  if (positional.empty()) return Usage("which command?");
  const std::string command = positional[0];
  std::string tool_args;
  const char* tool = nullptr;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  if (command == "add") {
    if (positional.size() != 1 || store_id.empty()) return Usage("add needs --store-id ID");
    StatusOr<std::string> api_key =
        RequiredEnvironment("ORDERDESK_API_KEY", "the store's OrderDesk API key");
    if (!api_key.ok()) return Fail(api_key.error());
    WriteKeyString(w, "store_id", store_id);
    WriteKeyString(w, "api_key", api_key.value());
    if (!name.empty()) WriteKeyString(w, "name", name);
    tool = "stores_register";
  } else if (command == "list") {
    if (positional.size() != 1) return Usage("list takes no arguments");
    tool = "stores_list";
  } else if (command == "remove") {
    if (positional.size() != 2) return Usage("remove takes one STORE (an id or a name)");
    WriteKeyString(w, "store", positional[1]);
    tool = "stores_delete";
  } else {
    return Usage("unknown command \"" + command + "\"");
  }
  w.EndObject();
  tool_args.assign(buffer.GetString(), buffer.GetSize());
  std::vector<std::string> rest = args;
  StatusOr<std::unique_ptr<AdminHost>> host = OpenAdminHost(rest, AdminNeeds::kTenantsAndPlugins);
  if (!host.ok()) return Fail(host.error());
  return RunStoresTool(*host.value(), tool, tool_args);
}

}  // namespace odmcp
