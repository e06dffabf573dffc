// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/command_line.h"

#include <set>
#include <string_view>

#include "sandbox/text_util.h"

namespace odmcp::sandbox {
namespace {

constexpr int64_t kMaxOrders = 1000000;
constexpr int64_t kMaxProducts = 100000;
constexpr int64_t kMaxThreads = 1024;

bool ParseBoundedInt(std::string_view text, int64_t low, int64_t high, int64_t* out) {
  return ParseInt64(text, out) && *out >= low && *out <= high;
}

bool ParseListen(const std::string& value, SandboxOptions* options, std::string* error) {
  const size_t colon = value.rfind(':');
  std::string host = colon == std::string::npos ? "" : value.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int64_t port = 0;
  if (host.empty() || !ParseBoundedInt(std::string_view(value).substr(colon + 1), 0, 65535, &port)) {
    *error = "--listen expects HOST:PORT (for example 127.0.0.1:8080, or port 0 for any free port); got '" +
             value + "'";
    return false;
  }
  options->listen_host = host;
  options->listen_port = static_cast<int>(port);
  return true;
}

bool ParseStore(const std::string& value, SandboxOptions* options, std::set<std::string>* seen,
                std::string* error) {
  const size_t first = value.find(':');
  const size_t second = first == std::string::npos ? std::string::npos : value.find(':', first + 1);
  StoreConfig store;
  store.id = value.substr(0, first);
  store.api_key = first == std::string::npos ? "" : value.substr(first + 1, second - first - 1);
  store.name = second == std::string::npos ? "Store " + store.id : value.substr(second + 1);
  int64_t numeric_id = 0;
  if (!ParseBoundedInt(store.id, 1, INT64_MAX, &numeric_id) || store.api_key.empty() || store.name.empty()) {
    *error = "--store expects ID:API_KEY[:NAME] with a numeric ID and a non-empty key; got '" + value + "'";
    return false;
  }
  if (!seen->insert(store.id).second) {
    *error = "--store " + store.id + " is given twice; store ids must be unique";
    return false;
  }
  options->stores.push_back(std::move(store));
  return true;
}

bool ParseLatency(const std::string& value, SandboxOptions* options, std::string* error) {
  const size_t colon = value.find(':');
  int64_t latency = 0;
  int64_t jitter = 0;
  if (!ParseBoundedInt(std::string_view(value).substr(0, colon), 0, kMaxLatencyMs, &latency) ||
      (colon != std::string::npos &&
       !ParseBoundedInt(std::string_view(value).substr(colon + 1), 0, kMaxLatencyMs, &jitter))) {
    *error = "--latency-ms expects MS or MS:JITTER_MS, each from 0 to " + std::to_string(kMaxLatencyMs) +
             "; got '" + value + "'";
    return false;
  }
  options->faults.latency_ms = static_cast<int>(latency);
  options->faults.latency_jitter_ms = static_cast<int>(jitter);
  return true;
}

bool ParseFailRate(const std::string& value, SandboxOptions* options, std::string* error) {
  const size_t colon = value.find(':');
  double rate = 0;
  int64_t status = 500;
  const bool rate_ok = ParseDouble(std::string_view(value).substr(0, colon), &rate) && rate >= 0 && rate <= 1;
  const bool status_ok = colon == std::string::npos ||
                         (ParseInt64(std::string_view(value).substr(colon + 1), &status) &&
                          IsInjectableFailureStatus(static_cast<int>(status)));
  if (!rate_ok || !status_ok) {
    *error = "--fail-rate expects P or P:STATUS, with P from 0 to 1 and STATUS 500, 502, 503 or 504; got '" +
             value + "'";
    return false;
  }
  options->faults.failure_rate = rate;
  options->faults.failure_status = static_cast<int>(status);
  return true;
}

}  // namespace

bool ParseCommandLine(int argc, const char* const* argv, SandboxOptions* options, bool* show_help,
                      std::string* error) {
  *show_help = false;
  std::set<std::string> store_ids;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    std::string value;
    bool has_value = false;
    if (const size_t equals = flag.find('='); flag.rfind("--", 0) == 0 && equals != std::string::npos) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
      has_value = true;
    }
    if (flag == "--help" || flag == "-h") {
      *show_help = true;
      return true;
    }
    if (flag == "--legacy-errors") {
      options->legacy_errors = true;
      continue;
    }
    static const std::set<std::string> kValued = {
        "--listen",     "--seed",      "--orders",  "--products", "--store",      "--rate-limit",
        "--latency-ms", "--fail-rate", "--threads", "--timezone", "--request-log"};
    if (kValued.count(flag) == 0) {
      *error = "unknown option '" + flag + "'";
      return false;
    }
    if (!has_value) {
      if (i + 1 >= argc) {
        *error = "option " + flag + " needs a value";
        return false;
      }
      value = argv[++i];
    }
    int64_t number = 0;
    if (flag == "--listen") {
      if (!ParseListen(value, options, error)) return false;
    } else if (flag == "--seed") {
      if (!ParseBoundedInt(value, 0, INT64_MAX, &number)) {
        *error = "--seed expects a non-negative integer; got '" + value + "'";
        return false;
      }
      options->seed = static_cast<uint64_t>(number);
    } else if (flag == "--orders") {
      if (!ParseBoundedInt(value, 0, kMaxOrders, &options->orders_per_store)) {
        *error = "--orders expects an integer from 0 to " + std::to_string(kMaxOrders) + "; got '" + value + "'";
        return false;
      }
    } else if (flag == "--products") {
      if (!ParseBoundedInt(value, 0, kMaxProducts, &options->products_per_store)) {
        *error = "--products expects an integer from 0 to " + std::to_string(kMaxProducts) + "; got '" + value + "'";
        return false;
      }
    } else if (flag == "--store") {
      if (!ParseStore(value, options, &store_ids, error)) return false;
    } else if (flag == "--rate-limit") {
      if (value != "on" && value != "off") {
        *error = "--rate-limit expects on or off; got '" + value + "'";
        return false;
      }
      options->rate_limit = value == "on";
    } else if (flag == "--latency-ms") {
      if (!ParseLatency(value, options, error)) return false;
    } else if (flag == "--fail-rate") {
      if (!ParseFailRate(value, options, error)) return false;
    } else if (flag == "--threads") {
      if (!ParseBoundedInt(value, 1, kMaxThreads, &number)) {
        *error = "--threads expects an integer from 1 to " + std::to_string(kMaxThreads) + "; got '" + value + "'";
        return false;
      }
      options->threads = static_cast<int>(number);
    } else if (flag == "--timezone") {
      options->time_zone = value;
    } else if (flag == "--request-log") {
      options->request_log = value;
    }
  }
  if (options->orders_per_store > 0 && options->products_per_store == 0) {
    *error = "--orders needs a catalog to draw items from; use --products 1 or more";
    return false;
  }
  return true;
}

std::string UsageText() {
  return R"(orderdesk-sandbox: a local emulator of the OrderDesk API v2 (https://app.orderdesk.me/api/v2).

Usage:
  orderdesk-sandbox [options]

Prints the address it serves on (for example http://127.0.0.1:41234) as the first line on
stdout once it is ready; logs go to stderr. Stops cleanly on SIGINT or SIGTERM.

Options:
  --listen HOST:PORT        Address to serve on; port 0 picks a free port. Default 127.0.0.1:0.
                            The /_sandbox/ control routes are served only on loopback addresses.
  --seed N                  Seed of the generated data; the same seed gives identical data. Default 1.
  --orders N                Orders seeded per store, 0 to 1000000. Default 1000.
  --products N              Inventory items seeded per store, 0 to 100000. Default 50.
  --store ID:API_KEY[:NAME] A store to serve (repeatable). ID is numeric. Without any --store, one
                            demo store is served: ID 1001, API key
                            SandboxDemoKey0123456789abcdefghijklmnopqrstuvwxyz, name "Sandbox Demo Store".
  --rate-limit on|off       OrderDesk's per-store limit: a bucket of 20 requests refilling at 3 per
                            second, 429 with X-Retry-After when empty. Default on.
  --latency-ms N[:JITTER]   Delay every API request by N ms, or by N +/- JITTER ms. Default 0.
  --fail-rate P[:STATUS]    Answer a fraction P (0 to 1) of API requests with STATUS (500, 502, 503
                            or 504; default 500) without processing them. Default 0.
  --legacy-errors           Answer 400/401/404/405 errors with HTTP 200 and "status":"error".
  --threads N               Worker threads; each open keep-alive connection holds one. Default 64.
  --request-log FILE        Append a line per API request to FILE: method, path, status, and the
                            traceparent and X-Request-ID headers it carried ("-" when absent).
  --timezone ZONE           IANA time zone of the stores (settings.timezone, *_date_local filters).
                            Default America/Los_Angeles.
  -h, --help                Show this text.

More faults (429 storms, dropped connections, per-route targeting) are set at run time with
POST /_sandbox/faults; see sandbox/README.md.
)";
}

}  // namespace odmcp::sandbox
