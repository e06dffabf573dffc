// odmcp/plugin.hpp -- an optional, header-only C++17 helper over odmcp/plugin.h.
//
// It adds nothing to the ABI: a plugin built with it is an ordinary
// odmcp/plugin.h plugin. What it adds is convenience and safety:
//   * a Plugin base class whose tools are registered with lambdas;
//   * trampolines that parse arguments with RapidJSON and stop every C++
//     exception at the boundary (rule R1): an exception becomes
//     ODMCP_INTERNAL, and its message goes to the host log only;
//   * small wrappers (Call, Host) over the host's function tables.
//
//   class Echo : public odmcp::Plugin {
//    public:
//     odmcp_status Init(const rapidjson::Value& settings, std::string* error) override {
//       odmcp::ToolSpec spec;
//       spec.name = "demo_echo";
//       spec.description = "Returns its text argument.";
//       spec.input_schema = R"({"type":"object","properties":{"text":{"type":"string"}},
//                               "required":["text"]})";
//       return AddTool(spec, [](odmcp::Call& call, const rapidjson::Value& args) {
//         call.Text(odmcp::GetString(args, "text").value_or(""));
//         return ODMCP_OK;
//       });
//     }
//   };
//   ODMCP_PLUGIN(Echo, "demo", "1.0.0", "Echoes text")
//
// Thread safety: handlers run concurrently (plugin.h T3), so a lambda that
// touches plugin state must synchronise it. A Call must not be shared between
// threads. Needs RapidJSON's headers, nothing else.
#ifndef ODMCP_PLUGIN_HPP_
#define ODMCP_PLUGIN_HPP_

#include <odmcp/plugin.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace odmcp {

// Views and conversions ----------------------------------------------------

inline odmcp_str Str(std::string_view s) { return odmcp_str{s.data(), s.size()}; }

inline std::string_view View(odmcp_str s) {
  return s.len == 0 ? std::string_view() : std::string_view(s.ptr, s.len);
}

// A sink that appends to the std::string passed as its context.
inline void AppendSink(void* ctx, const char* data, size_t len) {
  static_cast<std::string*>(ctx)->append(data, len);
}

// RapidJSON helpers ----------------------------------------------------------

inline std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The member `key` of `object`, or nullptr if `object` is not an object or
// has no such member. (RapidJSON's operator[] asserts on a missing member.)
inline const rapidjson::Value* Member(const rapidjson::Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(
      rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

inline std::optional<std::string_view> GetString(const rapidjson::Value& object,
                                                 std::string_view key) {
  const rapidjson::Value* v = Member(object, key);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return std::string_view(v->GetString(), v->GetStringLength());
}

inline std::optional<int64_t> GetInt64(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* v = Member(object, key);
  if (v == nullptr || !v->IsInt64()) return std::nullopt;
  return v->GetInt64();
}

inline std::optional<double> GetDouble(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* v = Member(object, key);
  if (v == nullptr || !v->IsNumber()) return std::nullopt;
  return v->GetDouble();
}

inline std::optional<bool> GetBool(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* v = Member(object, key);
  if (v == nullptr || !v->IsBool()) return std::nullopt;
  return v->GetBool();
}

// Host and call wrappers ----------------------------------------------------

// The plugin's view of the host: valid from Init() until the plugin object is
// destroyed at shutdown.
class Host {
 public:
  Host(const odmcp_host_api* api, odmcp_host* handle) : api_(api), handle_(handle) {}

  const odmcp_host_api* api() const { return api_; }
  odmcp_host* handle() const { return handle_; }

  bool LogEnabled(int32_t level) const { return api_->log->enabled(handle_, level) != 0; }
  void Log(int32_t level, std::string_view message) const {
    api_->log->write(handle_, nullptr, level, Str(message));
  }

  // The runtime description (odmcp_runtime_api::describe) as JSON text, or
  // an empty string if this host does not provide it.
  std::string DescribeRuntime() const {
    std::string out;
    if (ODMCP_HAS(api_, odmcp_host_api, runtime) && api_->runtime != nullptr &&
        api_->runtime->describe != nullptr) {
      api_->runtime->describe(handle_, &AppendSink, &out);
    }
    return out;
  }

 private:
  const odmcp_host_api* api_;
  odmcp_host* handle_;
};

// One tool call. Valid only inside the handler it was passed to.
class Call {
 public:
  Call(const odmcp_host_api* api, odmcp_host* host, odmcp_call* call)
      : api_(api), host_(host), call_(call) {}

  odmcp_status Text(std::string_view text) { return api_->call->add_text(call_, Str(text)); }
  odmcp_status Content(std::string_view block_json) {
    return api_->call->add_content(call_, Str(block_json));
  }
  odmcp_status Structured(const rapidjson::Value& value) { return Structured(ToJson(value)); }
  odmcp_status Structured(std::string_view json) {
    return api_->call->set_structured(call_, Str(json));
  }
  // Marks the result as a tool error with a message for the model.
  odmcp_status Error(std::string_view message) {
    return api_->call->set_error(call_, Str(message));
  }
  odmcp_status Progress(double progress, double total = -1, std::string_view message = {}) {
    return api_->call->progress(call_, progress, total, Str(message));
  }
  bool Cancelled() const { return api_->call->is_cancelled(call_) != 0; }
  int64_t DeadlineUnixMs() const { return api_->call->deadline_unix_ms(call_); }
  odmcp_status ClientLog(int32_t level, std::string_view logger, std::string_view data_json) {
    return api_->call->client_log(call_, level, Str(logger), Str(data_json));
  }
  // Writes to the host log, attributed to this call.
  void Log(int32_t level, std::string_view message) const {
    api_->log->write(host_, call_, level, Str(message));
  }
  // The request description (odmcp_session_api::describe) as JSON text.
  std::string Describe() const {
    std::string out;
    api_->session->describe(call_, &AppendSink, &out);
    return out;
  }

  const odmcp_host_api* api() const { return api_; }
  odmcp_call* raw() const { return call_; }

 private:
  const odmcp_host_api* api_;
  odmcp_host* host_;
  odmcp_call* call_;
};

// Tool declarations ----------------------------------------------------------

enum class Hint : int32_t {
  kUnset = ODMCP_HINT_UNSET,
  kFalse = ODMCP_HINT_FALSE,
  kTrue = ODMCP_HINT_TRUE,
};

struct ToolSpec {
  std::string name;
  std::string title;
  std::string description;
  std::string input_schema = R"({"type":"object"})";
  std::string output_schema;  // empty: none
  std::string meta;           // empty: none
  // Client capabilities the tool cannot work without, e.g. {"sampling":{}};
  // empty: none.
  std::string required_client_capabilities;
  Hint read_only = Hint::kUnset;
  Hint destructive = Hint::kUnset;
  Hint idempotent = Hint::kUnset;
  Hint open_world = Hint::kUnset;
  int32_t cost_class = ODMCP_COST_READ;
  uint32_t flags = 0;  // ODMCP_TOOL_*
};

// A handler receives the validated arguments object. Its return value is the
// handler status of plugin.h (odmcp_tool_fn).
using ToolHandler = std::function<odmcp_status(Call& call, const rapidjson::Value& args)>;

// Base class of a C++ plugin; see the example at the top of this file.
class Plugin {
 public:
  Plugin() = default;
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;
  virtual ~Plugin() = default;

  // Called once from the plugin's init() with its settings object. Registers
  // tools with AddTool(). On failure, describe the problem in *error and
  // return a non-OK status.
  virtual odmcp_status Init(const rapidjson::Value& settings, std::string* error) = 0;

  // Internal: connects the object to the host before Init().
  void Attach(const odmcp_host_api* api, odmcp_host* handle) { host_.emplace(api, handle); }

 protected:
  const Host& host() const { return *host_; }

  // Registers a tool whose calls run `handler`. Only inside Init().
  odmcp_status AddTool(const ToolSpec& spec, ToolHandler handler) {
    auto tool = std::make_unique<RegisteredTool>();
    tool->host = &*host_;
    tool->name = spec.name;
    tool->handler = std::move(handler);
    odmcp_tool_desc desc{};
    desc.struct_size = sizeof desc;
    desc.flags = spec.flags;
    desc.name = Str(spec.name);
    desc.title = Str(spec.title);
    desc.description = Str(spec.description);
    desc.input_schema_json = Str(spec.input_schema);
    desc.output_schema_json = Str(spec.output_schema);
    desc.meta_json = Str(spec.meta);
    desc.required_client_capabilities_json = Str(spec.required_client_capabilities);
    desc.read_only_hint = static_cast<int32_t>(spec.read_only);
    desc.destructive_hint = static_cast<int32_t>(spec.destructive);
    desc.idempotent_hint = static_cast<int32_t>(spec.idempotent);
    desc.open_world_hint = static_cast<int32_t>(spec.open_world);
    desc.cost_class = spec.cost_class;
    desc.handler = &Trampoline;
    desc.tool_state = tool.get();
    odmcp_status status = host_->api()->registry->register_tool(host_->handle(), &desc);
    if (status == ODMCP_OK) tools_.push_back(std::move(tool));
    return status;
  }

 private:
  struct RegisteredTool {
    const Host* host;
    std::string name;
    ToolHandler handler;
  };

  static odmcp_status Trampoline(void* state, odmcp_call* raw, odmcp_str args) noexcept {
    auto* tool = static_cast<RegisteredTool*>(state);
    Call call(tool->host->api(), tool->host->handle(), raw);
    try {
      rapidjson::Document doc;
      doc.Parse(args.ptr, args.len);
      if (doc.HasParseError() || !doc.IsObject()) {
        call.Log(ODMCP_LOG_ERROR, "tool " + tool->name + ": arguments are not a JSON object");
        return ODMCP_INTERNAL;
      }
      return tool->handler(call, doc);
    } catch (const std::exception& e) {
      call.Log(ODMCP_LOG_ERROR, "tool " + tool->name + " threw: " + e.what());
    } catch (...) {
      call.Log(ODMCP_LOG_ERROR, "tool " + tool->name + " threw a non-standard exception");
    }
    return ODMCP_INTERNAL;
  }

  std::optional<Host> host_;
  std::vector<std::unique_ptr<RegisteredTool>> tools_;
};

namespace detail {

inline void Report(odmcp_sink_fn sink, void* ctx, std::string_view message) noexcept {
  sink(ctx, message.data(), message.size());
}

template <class P>
struct Entry {
  static odmcp_status Init(const odmcp_host_api* api, odmcp_host* host, odmcp_str settings,
                           odmcp_sink_fn error_sink, void* error_ctx,
                           void** out_state) noexcept {
    try {
      rapidjson::Document doc;
      doc.Parse(settings.ptr, settings.len);
      if (doc.HasParseError() || !doc.IsObject()) {
        Report(error_sink, error_ctx, "settings are not a JSON object");
        return ODMCP_INVALID_ARGUMENT;
      }
      auto plugin = std::make_unique<P>();
      plugin->Attach(api, host);
      std::string error;
      odmcp_status status = plugin->Init(doc, &error);
      if (status != ODMCP_OK) {
        Report(error_sink, error_ctx, error.empty() ? "init failed" : error);
        return status;
      }
      *out_state = plugin.release();
      return ODMCP_OK;
    } catch (const std::exception& e) {
      Report(error_sink, error_ctx, std::string("init threw: ") + e.what());
    } catch (...) {
      Report(error_sink, error_ctx, "init threw a non-standard exception");
    }
    return ODMCP_INTERNAL;
  }

  static void Shutdown(void* state) noexcept { delete static_cast<P*>(state); }
};

}  // namespace detail
}  // namespace odmcp

// Defines the plugin's entry point for PluginClass (a subclass of
// odmcp::Plugin with a default constructor). name, version and description
// are string literals; name must match the plugin's table in the config.
// The plugin asks for a host at least as new as the header it was built
// with, so it never meets tables shorter than the ones it was compiled for.
#define ODMCP_PLUGIN(PluginClass, name, version, description)                      \
  extern "C" ODMCP_EXPORT const odmcp_plugin_info* odmcp_plugin_query(            \
      uint32_t, uint32_t) {                                                        \
    static const odmcp_plugin_info info = {sizeof(odmcp_plugin_info),              \
                                           ODMCP_ABI_MAJOR,                        \
                                           ODMCP_ABI_MINOR,                        \
                                           ODMCP_ABI_MINOR,                        \
                                           0,                                      \
                                           0,                                      \
                                           name,                                   \
                                           version,                                \
                                           description,                            \
                                           &::odmcp::detail::Entry<PluginClass>::Init, \
                                           &::odmcp::detail::Entry<PluginClass>::Shutdown}; \
    return &info;                                                                  \
  }

#endif  // ODMCP_PLUGIN_HPP_
