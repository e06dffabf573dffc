// orderdesk-mcp oauth rotate-signing-key
#include <cstdio>

#include "host/auth/server/signing_keys.h"
#include "host/cli/admin_host.h"
#include "host/cli/commands.h"
#include "host/common/clock.h"

namespace odmcp {
namespace {

constexpr const char* kOAuthUsage =
    "usage: orderdesk-mcp oauth <command> --config FILE\n"
    "\n"
    "  rotate-signing-key  Make a new key for the built-in authorization server to sign\n"
    "                      access tokens with. Tokens signed with the old key stay valid\n"
    "                      until they expire ([auth.server] access_token_ttl_s), and the\n"
    "                      old key stays in the published JWKS until then. A running server\n"
    "                      signs with the new key within a minute.\n"
    "\n"
    "The KMS key comes from the environment variable named by [vault] kms_key_env.\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "orderdesk-mcp oauth: %s\n", message.c_str());
  return 1;
}

int Usage(const std::string& problem) {
  std::fprintf(stderr, "orderdesk-mcp oauth: %s\n\n%s", problem.c_str(), kOAuthUsage);
  return 2;
}

}  // namespace

int RunOAuth(const std::vector<std::string>& arguments) {
  std::vector<std::string> args = arguments;
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kOAuthUsage, stdout);
      return 0;
    }
  }
  std::vector<std::string> positional = args;
  TakeConfigOption(positional);
  if (positional.empty()) return Usage("which command?");
  if (positional[0] != "rotate-signing-key") {
    return Usage("unknown command \"" + positional[0] + "\"");
  }
  if (positional.size() != 1) return Usage("rotate-signing-key takes no arguments");
  StatusOr<std::unique_ptr<AdminHost>> host = OpenAdminHost(args, AdminNeeds::kTenants);
  if (!host.ok()) return Fail(host.error());
  ServiceSet& services = *host.value()->services;
  StatusOr<std::string> kid =
      SigningKeys::Rotate(*services.database(), *services.kms(), *SystemClock());
  if (!kid.ok()) return Fail(kid.error());
  std::printf("New signing key \"%s\"; the previous one verifies until its tokens expire.\n",
              kid.value().c_str());
  return 0;
}

}  // namespace odmcp
