// orderdesk-mcp audit list|export: the audit log, read beside a running
// server. The SQL lives in AuditQuery, the output formats in audit_format.h;
// this file parses options and runs the commands.
#include <strings.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>

#include "host/cli/audit_format.h"
#include "host/cli/cli_options.h"
#include "host/cli/commands.h"
#include "host/common/clock.h"
#include "host/common/pending_file.h"
#include "host/config/config_loader.h"
#include "host/services/audit/audit_query.h"

namespace odmcp {
namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 10000;

constexpr const char* kAuditCommands =
    "usage: orderdesk-mcp audit <command> [options] --config FILE\n"
    "\n"
    "  list     The newest audited tool calls, a page at a time (audit list --help).\n"
    "  export   Every matching audited tool call, oldest first, as CSV or JSON lines\n"
    "           (audit export --help).\n";

constexpr const char* kListOptions =
    "usage: orderdesk-mcp audit list [filters] [--limit N] [--after ID]\n"
    "                                [--format table|jsonl] --config FILE\n"
    "\n"
    "Audited tool calls, newest first.\n"
    "  --limit N        rows to show (default 50, at most 10000)\n"
    "  --after ID       the rows after row ID; when more rows match than were shown, the\n"
    "                   last line on stderr says which: \"more: --after ID\"\n"
    "  --format table   aligned columns: id, time, tenant, tool, store, outcome,\n"
    "                   duration in ms, correlation id (the default)\n"
    "  --format jsonl   one JSON object per line, with the call's arguments\n";

constexpr const char* kExportOptions =
    "usage: orderdesk-mcp audit export [filters] [--format csv|jsonl] [--output FILE]\n"
    "                                  --config FILE\n"
    "\n"
    "Every matching audited tool call, oldest first, however many there are.\n"
    "  --format csv     RFC 4180, with a header row (the default)\n"
    "  --format jsonl   one JSON object per line, with the call's arguments\n"
    "  --output FILE    write FILE (mode 0600) instead of standard output; it appears\n"
    "                   only once complete, so a failed or interrupted export leaves no\n"
    "                   partial file, and an existing FILE as it was\n";

// Every page of help ends with the filters both commands take.
constexpr const char* kFilters =
    "\n"
    "filters (all optional; a row must match every one given):\n"
    "  --tenant NAME      calls of this tenant\n"
    "  --tool NAME        calls of this tool (stores_list, orders_get, ...)\n"
    "  --outcome OUTCOME  ok, tool_error, input_required, or the status a call failed with\n"
    "                     (INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ...)\n"
    "  --since TIME       calls that started at TIME or later\n"
    "  --until TIME       calls that started before TIME\n"
    "TIME is RFC 3339 (2026-12-07T10:00:00Z), a date (2026-12-07: midnight UTC) or a\n"
    "time ago (90s, 30m, 1h, 7d).\n"
    "\n"
    "Reading needs the configuration's [storage] path only: not the KMS key, and not the\n"
    "server stopped. Arguments were redacted when the calls were recorded.\n";

constexpr const char* kFilterOptions[] = {"--tenant", "--tool", "--outcome", "--since", "--until"};

int Fail(const std::string& message) {
  std::fprintf(stderr, "orderdesk-mcp audit: %s\n", message.c_str());
  return 1;
}

int Usage(const std::string& problem, const std::string& usage) {
  std::fprintf(stderr, "orderdesk-mcp audit: %s\n\n%s", problem.c_str(), usage.c_str());
  return 2;
}

// A whole number from 1 to `max`, or nullopt.
std::optional<int64_t> PositiveNumber(const std::string& text, int64_t max) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n < 1 || n > max) return std::nullopt;
  return n;
}

// What the command line asks for.
struct Request {
  bool list = false;  // else export
  AuditFilter filter;
  std::string tenant;  // a name, resolved once the database is open
  bool jsonl = false;  // else list: table, export: CSV
  int limit = kDefaultLimit;
  std::optional<int64_t> after;
  std::string output;  // empty: standard output
};

// The request `args` (the options after the command) describe. The error
// is a usage problem.
StatusOr<Request> ParseRequest(bool list, const std::vector<std::string>& args) {
  std::vector<std::string> known(std::begin(kFilterOptions), std::end(kFilterOptions));
  known.push_back("--format");
  if (list) {
    known.insert(known.end(), {"--limit", "--after"});
  } else {
    known.push_back("--output");
  }
  StatusOr<std::map<std::string, std::string>> parsed = ParseOptions(args, known);
  if (!parsed.ok()) return parsed.status();
  const std::map<std::string, std::string>& options = parsed.value();
  auto option = [&](const char* name) -> const std::string* {
    auto it = options.find(name);
    return it == options.end() ? nullptr : &it->second;
  };
  auto problem = [](const std::string& message) { return Status(ODMCP_INVALID_ARGUMENT, message); };

  Request request;
  request.list = list;
  if (const std::string* tenant = option("--tenant")) request.tenant = *tenant;
  if (const std::string* tool = option("--tool")) request.filter.tool = *tool;
  if (const std::string* outcome = option("--outcome")) {
    std::string known_outcomes;
    for (const std::string& candidate : AuditOutcomes()) {
      if (strcasecmp(candidate.c_str(), outcome->c_str()) == 0) request.filter.outcome = candidate;
      known_outcomes += (known_outcomes.empty() ? "" : ", ") + candidate;
    }
    if (request.filter.outcome.empty()) {
      return problem("--outcome \"" + *outcome +
                     "\" is not an outcome; use one of: " + known_outcomes);
    }
  }
  const int64_t now_ms = UnixMillis();
  for (auto [name, bound] :
       {std::pair{"--since", &request.filter.since_ms}, {"--until", &request.filter.until_ms}}) {
    if (const std::string* text = option(name)) {
      StatusOr<int64_t> time = ParseAuditTime(*text, now_ms);
      if (!time.ok()) return problem(std::string(name) + ": " + time.error());
      *bound = time.value();
    }
  }
  if (request.filter.since_ms && request.filter.until_ms &&
      *request.filter.since_ms >= *request.filter.until_ms) {
    return problem("--since must be before --until");
  }
  if (const std::string* format = option("--format")) {
    const char* other = list ? "table" : "csv";
    if (*format != "jsonl" && *format != other) {
      return problem("--format \"" + *format + "\": use " + other + " or jsonl");
    }
    request.jsonl = *format == "jsonl";
  }
  if (const std::string* limit = option("--limit")) {
    std::optional<int64_t> n = PositiveNumber(*limit, kMaxLimit);
    if (!n) return problem("--limit must be a whole number from 1 to " + std::to_string(kMaxLimit));
    request.limit = static_cast<int>(*n);
  }
  if (const std::string* after = option("--after")) {
    request.after = PositiveNumber(*after, std::numeric_limits<int64_t>::max());
    if (!request.after) {
      return problem("--after takes the id of a row (as in the hint \"more: --after ID\")");
    }
  }
  if (const std::string* output = option("--output")) request.output = *output;
  return request;
}

// The audit log of the configuration named by --config or ODMCP_CONFIG,
// opened read-only.
StatusOr<std::unique_ptr<AuditQuery>> OpenAuditLog(const std::string& file) {
  if (file.empty()) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "no configuration: pass --config FILE or set ODMCP_CONFIG");
  }
  StatusOr<Config> loaded = LoadConfig(file, ProcessEnvironment());
  if (!loaded.ok()) return loaded.status();
  const Config& config = loaded.value();
  if (config.tenants.mode != TenantMode::kRequired) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  config.file +
                      ": [tenants] mode is \"none\": this server keeps no database, "
                      "so it audits nothing");
  }
  if (!config.audit.enabled) {
    std::fprintf(stderr,
                 "orderdesk-mcp audit: note: [audit] enabled = false in %s, so the "
                 "server records no new rows\n",
                 config.file.c_str());
  }
  return AuditQuery::Open(config.storage.path, config.storage.busy_timeout_ms);
}

int List(AuditQuery& query, const Request& request) {
  std::optional<AuditPosition> after;
  if (request.after) {
    StatusOr<AuditPosition> position = query.PositionOf(*request.after);
    if (!position.ok()) return Fail("--after: " + position.error());
    after = position.value();
  }
  StatusOr<AuditPage> page =
      query.Page(request.filter, AuditOrder::kNewestFirst, after, request.limit);
  if (!page.ok()) return Fail(page.error());
  if (request.jsonl) {
    std::string out;
    for (const AuditRow& row : page.value().rows) AppendJsonLine(row, out);
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    PrintTable(page.value().rows);
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    return Fail(std::string("writing standard output: ") + std::strerror(errno));
  }
  if (page.value().more) {
    std::fprintf(stderr, "more: --after %lld\n",
                 static_cast<long long>(page.value().rows.back().id));
  }
  return 0;
}

volatile std::sig_atomic_t interrupted = 0;

int Export(AuditQuery& query, const Request& request) {
  std::unique_ptr<PendingFile> file;
  std::FILE* out = stdout;
  const std::string where = request.output.empty() ? "standard output" : request.output;
  if (!request.output.empty()) {
    StatusOr<std::unique_ptr<PendingFile>> created = PendingFile::Create(request.output);
    if (!created.ok()) return Fail(created.error());
    file = std::move(created).value();
    out = file->stream();
    // Ctrl-C ends the export between rows, and the partial file is removed.
    for (int number : {SIGINT, SIGTERM, SIGHUP}) std::signal(number, [](int) { interrupted = 1; });
  }
  auto write = [&](const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), out) == text.size()) return Status::Ok();
    return Status(ODMCP_UNAVAILABLE, "writing " + where + ": " + std::strerror(errno));
  };
  Status status = request.jsonl ? Status::Ok() : write(kCsvHeader);
  void (*append)(const AuditRow&, std::string&) = request.jsonl ? AppendJsonLine : AppendCsvLine;
  std::string line;
  if (status.ok()) {
    status = query.ForEach(request.filter, AuditOrder::kOldestFirst, [&](const AuditRow& row) {
      if (interrupted) return Status(ODMCP_CANCELLED, "interrupted; " + where + " was not written");
      line.clear();
      append(row, line);
      return write(line);
    });
  }
  if (status.ok() && file != nullptr) status = file->Commit();
  if (status.ok() && file == nullptr && std::fflush(stdout) != 0) {
    status = Status(ODMCP_UNAVAILABLE, "writing " + where + ": " + std::strerror(errno));
  }
  return status.ok() ? 0 : Fail(status.message());
}

// The help of `command`: list, export, or anything else for the overview.
std::string AuditUsage(const std::string& command) {
  if (command == "list") return std::string(kListOptions) + kFilters;
  if (command == "export") return std::string(kExportOptions) + kFilters;
  return std::string(kAuditCommands) + kFilters;
}

}  // namespace

int RunAudit(const std::vector<std::string>& arguments) {
  std::vector<std::string> args = arguments;
  const std::string config_file = TakeConfigOption(args);
  const std::string command = args.empty() ? "" : args[0];
  const std::string usage = AuditUsage(command);
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(usage.c_str(), stdout);
      return 0;
    }
  }
  if (command.empty()) return Usage("which command?", usage);
  if (command != "list" && command != "export") {
    return Usage("unknown command \"" + command + "\"", usage);
  }
  args.erase(args.begin());
  StatusOr<Request> request = ParseRequest(command == "list", args);
  if (!request.ok()) return Usage(request.error(), usage);

  StatusOr<std::unique_ptr<AuditQuery>> query = OpenAuditLog(config_file);
  if (!query.ok()) return Fail(query.error());
  if (!request.value().tenant.empty()) {
    StatusOr<int64_t> tenant = query.value()->TenantId(request.value().tenant);
    if (!tenant.ok()) return Fail("--tenant: " + tenant.error());
    request.value().filter.tenant_id = tenant.value();
  }
  return request.value().list ? List(*query.value(), request.value())
                              : Export(*query.value(), request.value());
}

}  // namespace odmcp
