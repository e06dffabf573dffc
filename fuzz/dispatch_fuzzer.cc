// Fuzzes the MCP protocol engine as a stdio client drives it: the input is
// the client's side of one connection, one JSON-RPC payload per line.
//
// Covers StdioConnection (host/protocol/stdio_connection.h), the Dispatcher's
// admission of every message (parse, batch, envelope, era, _meta, method)
// and the Engine's methods of both eras, over a host with no plugins and no
// tenants (tenants.mode = "none"). Each input gets a new connection, so its
// lines form one session: an initialize followed by requests reaches the
// legacy era's methods. Requests run on this thread, in input order.
//
// Asserts, beyond no crash and no sanitizer report: every line the host
// writes is one JSON-RPC message or a batch reply, on one line: an object
// with "jsonrpc": "2.0" that is a response, a notification or a request, or
// a non-empty array of responses (where an error without an id answers a
// message whose id could not be read).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/check.h"
#include "host/common/json.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/dispatcher.h"
#include "host/protocol/engine.h"
#include "host/protocol/jsonrpc.h"
#include "host/protocol/stdio_connection.h"
#include "host/services/log.h"

namespace odmcp {
namespace {

class CollectedLines final : public LineOutput {
 public:
  void WriteLine(std::string_view message) override { lines.emplace_back(message); }
  std::vector<std::string> lines;
};

// The host answers a message whose id it could not read with an error
// without an id (ErrorResponse), which ClassifyMessage finds invalid.
bool IsErrorWithoutId(const rapidjson::Value& value) {
  return value.IsObject() && FindMember(value, "id") == nullptr &&
         FindMember(value, "error") != nullptr;
}

bool IsAnswer(const rapidjson::Value& value) {
  return ClassifyMessage(value).kind == MessageKind::kResponse || IsErrorWithoutId(value);
}

bool IsMessage(const rapidjson::Value& value) {
  return ClassifyMessage(value).kind != MessageKind::kInvalid || IsErrorWithoutId(value);
}

void CheckLine(const std::string& line) {
  FUZZ_CHECK(line.find('\n') == std::string::npos);
  JsonDocument doc;
  FUZZ_CHECK(!ParseJson(line, doc).has_value());
  if (doc.IsArray()) {
    FUZZ_CHECK(!doc.Empty());
    for (const rapidjson::Value& reply : doc.GetArray()) FUZZ_CHECK(IsAnswer(reply));
  } else {
    FUZZ_CHECK(IsMessage(doc));
  }
}

// The host, built once: no plugins, so an empty tool registry; no services
// (no tenants, rate limit or audit).
Dispatcher& Host() {
  static Dispatcher* dispatcher = [] {
    HostLog().set_min_level(ODMCP_LOG_ERROR);
    auto* registry = new ToolRegistry();
    registry->Publish([](const ToolRecord&) { return true; });
    auto* engine = new Engine(*registry, ServerIdentity{"orderdesk-mcp", "0.0.0-fuzz", ""},
                              EngineOptions{});
    return new Dispatcher(*engine);
  }();
  return *dispatcher;
}

}  // namespace
}  // namespace odmcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp;
  CollectedLines output;
  {
    StdioConnection connection(Host(), output, nullptr);
    std::string_view input(reinterpret_cast<const char*>(data), size);
    while (!input.empty()) {
      const size_t end = std::min(input.find('\n'), input.size());
      if (std::function<void()> work = connection.OnLine(input.substr(0, end))) work();
      input.remove_prefix(std::min(end + 1, input.size()));
    }
    connection.Close();
  }
  for (const std::string& line : output.lines) CheckLine(line);
  return 0;
}
