// Fuzzes the configuration loader (host/config/config_loader.h) in memory,
// through ParseConfig, which LoadConfig runs on the file's contents. The
// input is a TOML file, then optionally ODMCP_* environment overrides, one
// NAME=value a line:
//
//   [server]
//   workers = 4
//   %%
//   ODMCP_HTTP__LISTEN=127.0.0.1:0
//
// Covers toml++'s parser as the host calls it, every section's typed reads
// with their bounds, plugin tables and their free-form settings (converted
// to JSON), and environment overrides (read as TOML values where they may
// be).
//
// Asserts, beyond no crash, no sanitizer report and no exception escaping:
//   - loading is deterministic: the same text and environment give an equal
//     Config, or the same error (a reload compares Configs to find changes);
//   - every line of an error names the file or the environment variable at
//     fault, as config_loader.h promises;
//   - an accepted Config is within the documented bounds it was checked
//     against (a sample: workers, the listen port, the MCP path).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/check.h"
#include "fuzz/input_parts.h"
#include "host/config/config_loader.h"

namespace odmcp {
namespace {

// Where the text claims to come from; it does not exist, and need not.
constexpr char kFile[] = "/fuzz/orderdesk-mcp.toml";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void CheckErrorLines(const std::string& error) {
  for (const std::string& line : fuzz::Lines(error)) {
    if (StartsWith(line, std::string(kFile) + ":") || StartsWith(line, "environment variable ")) {
      continue;
    }
    std::fprintf(stderr, "error without a location:\n%s\n", error.c_str());
    FUZZ_CHECK(false);
  }
}

void CheckBounds(const Config& config) {
  FUZZ_CHECK(config.server.workers >= 1 && config.server.workers <= 1024);
  FUZZ_CHECK(config.http.listen.port >= 0 && config.http.listen.port <= 65535);
  FUZZ_CHECK(!config.http.path.empty() && config.http.path.front() == '/');
}

}  // namespace
}  // namespace odmcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp;
  const std::vector<std::string_view> parts = fuzz::SplitParts(data, size, 2);
  const std::vector<std::string> environment = fuzz::Lines(parts[1]);
  const StatusOr<Config> first = ParseConfig(parts[0], kFile, environment);
  const StatusOr<Config> again = ParseConfig(parts[0], kFile, environment);
  FUZZ_CHECK(first.ok() == again.ok());
  if (first.ok()) {
    FUZZ_CHECK(first.value() == again.value());
    CheckBounds(first.value());
  } else {
    FUZZ_CHECK(first.error() == again.error());
    CheckErrorLines(first.error());
  }
  return 0;
}
