// orderdesk-mcp tenant create|list|delete|rotate-key|link|unlink
#include <cstdio>

#include "host/cli/admin_host.h"
#include "host/cli/cli_options.h"
#include "host/cli/commands.h"
#include "host/common/clock.h"

namespace odmcp {
namespace {

constexpr const char* kTenantUsage =
    "usage: orderdesk-mcp tenant <command> --config FILE\n"
    "\n"
    "  create NAME        Create a tenant and print its master key, once, on stdout.\n"
    "                     Keep it: it is stored only as a hash and cannot be shown again.\n"
    "  list               List tenants: id, name, created, key rotated, stored credentials.\n"
    "  delete NAME --yes  Delete a tenant with its stored credentials and values.\n"
    "  rotate-key NAME    Issue a new master key (printed once) and re-encrypt the tenant's\n"
    "                     credentials under it; the current key comes from ODMCP_MASTER_KEY.\n"
    "                     The old key stops working at once here, and in a running server\n"
    "                     within a second.\n"
    "  link NAME --issuer URL --subject VALUE\n"
    "                     Let the external identity provider's tokens for VALUE (the claim\n"
    "                     [auth.external] tenant_claim names) reach tenant NAME; the tenant's\n"
    "                     master key comes from ODMCP_MASTER_KEY.\n"
    "  unlink --issuer URL --subject VALUE\n"
    "                     Stop those tokens reaching the tenant (within a second in a running\n"
    "                     server).\n"
    "\n"
    "The KMS key comes from the environment variable named by [vault] kms_key_env.\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "orderdesk-mcp tenant: %s\n", message.c_str());
  return 1;
}

int Usage(const std::string& problem) {
  std::fprintf(stderr, "orderdesk-mcp tenant: %s\n\n%s", problem.c_str(), kTenantUsage);
  return 2;
}

std::string Date(int64_t unix_ms) { return unix_ms == 0 ? "-" : Rfc3339Millis(unix_ms).substr(0, 19) + "Z"; }

int Create(AdminHost& host, const std::string& name) {
  StatusOr<CreatedTenant> created = host.services->tenants()->Create(name);
  if (!created.ok()) return Fail(created.error());
  std::fprintf(stderr,
               "Created tenant \"%s\" (id %lld). Its master key follows on stdout; it is shown "
               "only now.\n",
               created.value().tenant.name.c_str(),
               static_cast<long long>(created.value().tenant.id));
  std::printf("%s\n", created.value().master_key.c_str());
  return 0;
}

int List(AdminHost& host) {
  StatusOr<std::vector<TenantSummary>> tenants = host.services->tenants()->List();
  if (!tenants.ok()) return Fail(tenants.error());
  std::printf("%-6s %-24s %-21s %-21s %s\n", "ID", "NAME", "CREATED", "KEY ROTATED", "CREDENTIALS");
  for (const TenantSummary& t : tenants.value()) {
    std::printf("%-6lld %-24s %-21s %-21s %lld\n", static_cast<long long>(t.id), t.name.c_str(),
                Date(t.created_ms).c_str(), Date(t.key_rotated_ms).c_str(),
                static_cast<long long>(t.vault_entries));
  }
  return 0;
}

int Delete(AdminHost& host, const std::string& name, bool confirmed) {
  if (!confirmed) {
    return Usage("delete removes tenant \"" + name +
                 "\" and every credential stored for it; add --yes to confirm");
  }
  StatusOr<bool> deleted = host.services->tenants()->Delete(name);
  if (!deleted.ok()) return Fail(deleted.error());
  if (!deleted.value()) return Fail("no tenant named \"" + name + "\" (see: tenant list)");
  std::printf("Deleted tenant \"%s\".\n", name.c_str());
  return 0;
}

int RotateKey(AdminHost& host, const std::string& name) {
  StatusOr<std::string> current =
      RequiredEnvironment("ODMCP_MASTER_KEY", "the tenant's current master key");
  if (!current.ok()) return Fail(current.error());
  StatusOr<std::string> rotated = host.services->tenants()->RotateKey(name, current.value());
  if (!rotated.ok()) return Fail(rotated.error());
  std::fprintf(stderr,
               "Rotated the master key of tenant \"%s\"; the new key follows on stdout and is "
               "shown only now.\n",
               name.c_str());
  std::printf("%s\n", rotated.value().c_str());
  return 0;
}

// link NAME --issuer URL --subject VALUE, unlink --issuer URL --subject VALUE.
int RunIdentity(const std::string& command, const std::vector<std::string>& positional,
                std::vector<std::string>& args) {
  const bool link = command == "link";
  if (link && (positional.size() < 2 || positional[1].rfind("--", 0) == 0)) {
    return Usage("link takes the tenant's NAME first");
  }
  StatusOr<std::map<std::string, std::string>> options =
      ParseOptions(std::vector<std::string>(positional.begin() + (link ? 2 : 1), positional.end()),
                   {"--issuer", "--subject"});
  if (!options.ok()) return Usage(options.error());
  if (options.value().size() != 2) return Usage(command + " needs --issuer and --subject");
  const std::string& issuer = options.value().at("--issuer");
  const std::string& subject = options.value().at("--subject");
  StatusOr<std::unique_ptr<AdminHost>> host = OpenAdminHost(args, AdminNeeds::kTenants);
  if (!host.ok()) return Fail(host.error());
  ServiceSet& services = *host.value()->services;
  if (!link) {
    StatusOr<bool> unlinked = services.identities()->Unlink(issuer, subject);
    if (!unlinked.ok()) return Fail(unlinked.error());
    if (!unlinked.value()) return Fail("\"" + subject + "\" of " + issuer + " is not linked");
    std::printf("Unlinked \"%s\" of %s.\n", subject.c_str(), issuer.c_str());
    return 0;
  }
  StatusOr<std::string> key =
      RequiredEnvironment("ODMCP_MASTER_KEY", "the master key of tenant " + positional[1]);
  if (!key.ok()) return Fail(key.error());
  AuthOutcome auth = services.tenants()->Authenticate(key.value());
  if (auth.status != AuthStatus::kOk || auth.tenant->name != positional[1]) {
    return Fail(auth.status == AuthStatus::kError || auth.status == AuthStatus::kBusy
                    ? auth.error
                    : "ODMCP_MASTER_KEY is not tenant \"" + positional[1] + "\"'s master key");
  }
  if (Status linked = services.identities()->Link(issuer, subject, key.value()); !linked.ok()) {
    return Fail(linked.message());
  }
  std::printf("Linked \"%s\" of %s to tenant \"%s\".\n", subject.c_str(), issuer.c_str(),
              positional[1].c_str());
  return 0;
}

}  // namespace

int RunTenant(const std::vector<std::string>& arguments) {
  std::vector<std::string> args = arguments;
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kTenantUsage, stdout);
      return 0;
    }
  }
  bool confirmed = false;
  for (auto it = args.begin(); it != args.end();) {
    if (*it == "--yes") {
      confirmed = true;
      it = args.erase(it);
    } else {
      ++it;
    }
  }
  std::vector<std::string> positional = args;
  TakeConfigOption(positional);
  if (positional.empty()) return Usage("which command?");
  const std::string command = positional[0];
  if (command == "link" || command == "unlink") return RunIdentity(command, positional, args);
  const size_t wanted = command == "list" ? 1 : 2;
  if (command != "create" && command != "list" && command != "delete" &&
      command != "rotate-key") {
    return Usage("unknown command \"" + command + "\"");
  }
  if (positional.size() != wanted) {
    return Usage(command == "list" ? "list takes no arguments" : command + " takes one NAME");
  }
  StatusOr<std::unique_ptr<AdminHost>> host = OpenAdminHost(args, AdminNeeds::kTenants);
  if (!host.ok()) return Fail(host.error());
  AdminHost& h = *host.value();
  if (command == "create") return Create(h, positional[1]);
  if (command == "list") return List(h);
  if (command == "delete") return Delete(h, positional[1], confirmed);
  return RotateKey(h, positional[1]);
}

}  // namespace odmcp
