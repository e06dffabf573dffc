// The diagnostics plugin: the tools an operator tries first.
//
//   system_ping    proves the whole path (client, transport, host, plugin)
//   system_echo    returns its text, for testing clients and transports
//   system_health  uptime, and the loaded plugins with their versions
//
// Settings ([plugins.diagnostics.settings]):
//   echo_max_length  longest text system_echo accepts (default 10000)
//
// Every tool is read-only and safe to call concurrently.
#include <odmcp/plugin.hpp>

#include <chrono>
#include <ctime>
#include <string>

namespace {

constexpr int64_t kDefaultEchoMaxLength = 10000;

std::string UtcNow() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

odmcp::ToolSpec ReadOnlySpec() {
  odmcp::ToolSpec spec;
  spec.read_only = odmcp::Hint::kTrue;
  spec.destructive = odmcp::Hint::kFalse;
  spec.idempotent = odmcp::Hint::kTrue;
  spec.open_world = odmcp::Hint::kFalse;
  return spec;
}

class Diagnostics : public odmcp::Plugin {
 public:
  odmcp_status Init(const rapidjson::Value& settings, std::string* error) override {
    int64_t echo_max = kDefaultEchoMaxLength;
    for (const auto& member : settings.GetObject()) {
      std::string key(member.name.GetString(), member.name.GetStringLength());
      if (key == "echo_max_length" && member.value.IsInt64() && member.value.GetInt64() >= 1 &&
          member.value.GetInt64() <= 1048576) {
        echo_max = member.value.GetInt64();
      } else if (key == "echo_max_length") {
        *error = "settings.echo_max_length must be an integer from 1 to 1048576";
        return ODMCP_INVALID_ARGUMENT;
      } else {
        *error = "unknown setting \"" + key + "\" (the diagnostics plugin knows echo_max_length)";
        return ODMCP_INVALID_ARGUMENT;
      }
    }
    odmcp_status status = AddPing();
    if (status == ODMCP_OK) status = AddEcho(echo_max);
    if (status == ODMCP_OK) status = AddHealth();
    if (status != ODMCP_OK) *error = "registering the diagnostics tools failed";
    return status;
  }

 private:
  odmcp_status AddPing() {
    odmcp::ToolSpec spec = ReadOnlySpec();
    spec.name = "system_ping";
    spec.title = "Ping";
    spec.description =
        "Checks that the server and its tools respond. Returns \"pong\" and the server's "
        "current UTC time. Costs nothing and touches no store: use it to test a connection.";
    spec.input_schema = R"({"type":"object","properties":{},"additionalProperties":false})";
    spec.output_schema = R"({"type":"object","properties":{
        "message":{"type":"string","description":"Always \"pong\"."},
        "server_time":{"type":"string","description":"The server's UTC time, RFC 3339."}},
        "required":["message","server_time"]})";
    return AddTool(spec, [](odmcp::Call& call, const rapidjson::Value&) {
      std::string now = UtcNow();
      call.Text("pong (server time " + now + ")");
      return call.Structured(R"({"message":"pong","server_time":")" + now + "\"}");
    });
  }

  odmcp_status AddEcho(int64_t max_length) {
    odmcp::ToolSpec spec = ReadOnlySpec();
    spec.name = "system_echo";
    spec.title = "Echo";
    spec.description =
        "Returns the text it is given, unchanged. Use it to test that a client can send "
        "arguments and read results; it has no other effect.";
    spec.input_schema =
        R"({"type":"object","properties":{"text":{"type":"string","description":"The text to return.","maxLength":)" +
        std::to_string(max_length) +
        R"(}},"required":["text"],"additionalProperties":false})";
    spec.output_schema =
        R"({"type":"object","properties":{"text":{"type":"string"}},"required":["text"]})";
    return AddTool(spec, [](odmcp::Call& call, const rapidjson::Value& args) {
      std::string_view text = odmcp::GetString(args, "text").value_or("");
      rapidjson::Document out(rapidjson::kObjectType);
      out.AddMember("text", rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()),
                                             out.GetAllocator()),
                    out.GetAllocator());
      call.Text(text);
      return call.Structured(out);
    });
  }

  odmcp_status AddHealth() {
    odmcp::ToolSpec spec = ReadOnlySpec();
    spec.name = "system_health";
    spec.title = "Health";
    spec.description =
        "Reports the server's health: its version, how long it has been up, and each loaded "
        "plugin with its version and tools. Use it to see what this server can do.";
    spec.input_schema = R"({"type":"object","properties":{},"additionalProperties":false})";
    spec.output_schema = R"({"type":"object","properties":{
        "status":{"type":"string"},
        "server":{"type":"object","properties":{"name":{"type":"string"},"version":{"type":"string"},"abi":{"type":"string"}}},
        "uptime_seconds":{"type":"number"},
        "plugins":{"type":"array","items":{"type":"object","properties":{
            "name":{"type":"string"},"version":{"type":"string"},"abi":{"type":"string"},
            "tools":{"type":"array","items":{"type":"string"}}}}}},
        "required":["status","server","uptime_seconds","plugins"]})";
    return AddTool(spec, [this](odmcp::Call& call, const rapidjson::Value&) {
      rapidjson::Document runtime;
      std::string described = host().DescribeRuntime();
      runtime.Parse(described.data(), described.size());
      if (runtime.HasParseError() || !runtime.IsObject()) {
        call.Error("the host did not describe itself");
        return ODMCP_UNAVAILABLE;
      }
      rapidjson::Document out(rapidjson::kObjectType);
      auto& oa = out.GetAllocator();
      out.AddMember("status", "ok", oa);
      rapidjson::Value server(rapidjson::kObjectType);
      for (const char* key : {"name", "version", "abi"}) {
        if (const rapidjson::Value* v = odmcp::Member(runtime, key)) {
          server.AddMember(rapidjson::StringRef(key), rapidjson::Value(*v, oa), oa);
        }
      }
      out.AddMember("server", server, oa);
      double uptime = odmcp::GetDouble(runtime, "uptime_ms").value_or(0) / 1000.0;
      out.AddMember("uptime_seconds", uptime, oa);
      rapidjson::Value plugins(rapidjson::kArrayType);
      if (const rapidjson::Value* list = odmcp::Member(runtime, "plugins"); list && list->IsArray()) {
        plugins.CopyFrom(*list, oa);
      }
      std::string summary = "ok: up " + std::to_string(static_cast<int64_t>(uptime)) + " s, " +
                            std::to_string(plugins.Size()) + " plugin(s)";
      for (const auto& p : plugins.GetArray()) {
        const rapidjson::Value* tools = odmcp::Member(p, "tools");
        summary += "\n  " + std::string(odmcp::GetString(p, "name").value_or("?")) + " " +
                   std::string(odmcp::GetString(p, "version").value_or("?")) + " (" +
                   std::to_string(tools && tools->IsArray() ? tools->Size() : 0) + " tools)";
      }
      out.AddMember("plugins", plugins, oa);
      call.Text(summary);
      return call.Structured(out);
    });
  }
};

}  // namespace

ODMCP_PLUGIN(Diagnostics, "diagnostics", "1.0.0",
             "Health and echo tools an operator uses first")
