// odmcp/plugin.hpp -- an optional, header-only C++17 helper over odmcp/plugin.h.
//
// It adds nothing to the ABI: a plugin built with it is an ordinary
// odmcp/plugin.h plugin. What it adds is convenience and safety:
//   * a Plugin base class whose tools are registered with lambdas;
//   * trampolines that parse arguments with RapidJSON and stop every C++
//     exception at the boundary (rule R1): an exception becomes
//     ODMCP_INTERNAL, and its message goes to the host log only;
//   * small wrappers (Call, Host) over the host's function tables, and one
//     per service table (Session, Vault, Cache, RateLimit, Http) that copy
//     what the host's sinks deliver into std::strings, and answer
//     ODMCP_UNIMPLEMENTED for a function the host does not provide (R5).
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
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
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

// The deepest nesting of arrays and objects ParseDocument accepts: far
// beyond any real document, and shallow enough that RapidJSON's recursive
// destruction and serialization of it cannot exhaust a thread's stack.
inline constexpr int kMaxJsonDepth = 128;

namespace detail {

// Passes a reader's events on to a document, failing the parse at the first
// array or object nested deeper than the limit.
class DepthLimitedHandler {
 public:
  DepthLimitedHandler(rapidjson::Document& doc, int max_depth) : doc_(doc), max_depth_(max_depth) {}
  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return doc_.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool StartObject() { return ++depth_ <= max_depth_ && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) {
    --depth_;
    return doc_.EndObject(members);
  }
  bool StartArray() { return ++depth_ <= max_depth_ && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) {
    --depth_;
    return doc_.EndArray(elements);
  }

 private:
  rapidjson::Document& doc_;
  const int max_depth_;
  int depth_ = 0;
};

}  // namespace detail

namespace detail {

// A document taking its memory in 4 KiB chunks, for the arguments and
// settings the trampolines parse (RapidJSON's default chunk, 64 KiB, costs
// a call more in malloc than parsing small arguments does).
struct ChunkAllocator {
  rapidjson::MemoryPoolAllocator<> allocator{4096};
};
class CompactDocument : private ChunkAllocator, public rapidjson::Document {
 public:
  CompactDocument() : rapidjson::Document(&allocator) {}
  CompactDocument(const CompactDocument&) = delete;
  CompactDocument& operator=(const CompactDocument&) = delete;
};

}  // namespace detail

// Parses `text` into `doc` without recursion, refusing arrays and objects
// nested deeper than `max_depth`. False, with `doc` null, on any error. Use
// it for every JSON the plugin did not write itself (its settings, an
// upstream service's replies): a reply nested a million deep would
// otherwise overflow the stack.
inline bool ParseDocument(std::string_view text, rapidjson::Document& doc,
                          int max_depth = kMaxJsonDepth) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::Reader reader;
  detail::DepthLimitedHandler handler(doc, max_depth);
  auto generate = [&](rapidjson::Document&) {
    return !reader.Parse<rapidjson::kParseIterativeFlag>(stream, handler).IsError();
  };
  doc.Populate(generate);
  if (!reader.HasParseError()) return true;
  doc.SetNull();
  return false;
}

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

  // Declares a token bucket family (odmcp_ratelimit_api::declare_bucket).
  // Only inside Init().
  odmcp_status DeclareBucket(std::string_view bucket, double capacity,
                             double refill_per_second) const {
    const odmcp_ratelimit_api* t = ODMCP_HAS(api_, odmcp_host_api, ratelimit) ? api_->ratelimit : nullptr;
    if (!ODMCP_HAS(t, odmcp_ratelimit_api, declare_bucket) || t->declare_bucket == nullptr) {
      return ODMCP_UNIMPLEMENTED;
    }
    return t->declare_bucket(handle_, Str(bucket), capacity, refill_per_second);
  }

  // Tells subscribed clients that `uri` changed, and connected clients that
  // a list (ODMCP_LIST_*) changed (odmcp_notify_api, 1.3).
  odmcp_status ResourceUpdated(std::string_view uri) const {
    const odmcp_notify_api* t = Notify();
    return t == nullptr ? ODMCP_UNIMPLEMENTED : t->resource_updated(handle_, Str(uri));
  }
  odmcp_status ListChanged(int32_t list) const {
    const odmcp_notify_api* t = Notify();
    return t == nullptr ? ODMCP_UNIMPLEMENTED : t->list_changed(handle_, list);
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
  const odmcp_notify_api* Notify() const {
    return ODMCP_HAS(api_, odmcp_host_api, notify) ? api_->notify : nullptr;
  }

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

  // Names the upstream account this call acts on, for its audit row (ABI
  // 1.1). Never pass a secret.
  odmcp_status AuditStore(std::string_view store) {
    if (!ODMCP_HAS(api_->call, odmcp_call_api, audit_store) || api_->call->audit_store == nullptr) {
      return ODMCP_UNIMPLEMENTED;
    }
    return api_->call->audit_store(call_, Str(store));
  }

  // The writers of resource, prompt and completion handlers (1.2; see
  // plugin.h "Resources and prompts"). Each takes JSON text of the shape
  // odmcp_call_api describes.
  odmcp_status ResourceContents(std::string_view contents_json) {
    if (!Has12()) return ODMCP_UNIMPLEMENTED;
    return api_->call->add_resource_contents(call_, Str(contents_json));
  }
  odmcp_status ListedResource(std::string_view resource_json) {
    if (!Has12()) return ODMCP_UNIMPLEMENTED;
    return api_->call->add_listed_resource(call_, Str(resource_json));
  }
  odmcp_status PromptMessage(std::string_view role, std::string_view content_json) {
    if (!Has12()) return ODMCP_UNIMPLEMENTED;
    return api_->call->add_prompt_message(call_, Str(role), Str(content_json));
  }
  odmcp_status Completion(std::string_view value) {
    if (!Has12()) return ODMCP_UNIMPLEMENTED;
    return api_->call->add_completion(call_, Str(value));
  }

  // Asking the client for input (1.3; see plugin.h "Asking the client for
  // input"). The client's answer to `key` from the previous round, as JSON
  // text, or nullopt.
  std::optional<std::string> InputResponse(std::string_view key) const {
    std::string out;
    if (!Has13() || api_->call->input_response(call_, Str(key), &AppendSink, &out) != ODMCP_OK) {
      return std::nullopt;
    }
    return out;
  }
  // Asks for `method` ("elicitation/create", "sampling/createMessage",
  // "roots/list") with `params_json` under `key`; the handler then returns
  // ODMCP_OK and runs again with the answer. ODMCP_FAILED_PRECONDITION: the
  // client cannot answer this kind of request.
  odmcp_status RequestInput(std::string_view key, std::string_view method,
                            std::string_view params_json) {
    if (!Has13()) return ODMCP_UNIMPLEMENTED;
    return api_->call->request_input(call_, Str(key), Str(method), Str(params_json));
  }
  // The state the next round receives; signed, not encrypted: no secrets.
  odmcp_status SetRequestState(std::string_view state) {
    if (!Has13()) return ODMCP_UNIMPLEMENTED;
    return api_->call->set_request_state(call_, Str(state));
  }
  // The state the previous round set, or nullopt.
  std::optional<std::string> RequestState() const {
    std::string out;
    if (!Has13() || api_->call->request_state(call_, &AppendSink, &out) != ODMCP_OK) {
      return std::nullopt;
    }
    return out;
  }

  const odmcp_host_api* api() const { return api_; }
  odmcp_call* raw() const { return call_; }

 private:
  bool Has12() const {
    return ODMCP_HAS(api_->call, odmcp_call_api, add_completion) &&
           api_->call->add_completion != nullptr;
  }
  bool Has13() const {
    return ODMCP_HAS(api_->call, odmcp_call_api, request_state) &&
           api_->call->request_state != nullptr;
  }

  const odmcp_host_api* api_;
  odmcp_host* host_;
  odmcp_call* call_;
};

// Service wrappers -----------------------------------------------------------
//
// Each wraps one table of odmcp_host_api for one call. They are as cheap to
// construct as a pointer copy; construct them where needed inside a handler
// and do not keep them past it. Every function returns the host's status
// unchanged (see plugin.h for their meanings), or ODMCP_UNIMPLEMENTED when the
// host does not provide the function (R5). An output string is cleared first
// and holds the value only when the status is ODMCP_OK.

namespace detail {

// The service table `field` of the root table, or nullptr when absent.
#define ODMCP_DETAIL_TABLE(api, field) \
  (ODMCP_HAS(api, odmcp_host_api, field) ? (api)->field : nullptr)
// Non-zero if table t provides function `fn` (a non-NULL field within size).
#define ODMCP_DETAIL_PROVIDES(t, type, fn) (ODMCP_HAS(t, type, fn) && (t)->fn != nullptr)

// Runs read(sink, ctx) with a sink that appends to *out; *out keeps the bytes
// only if read answers ODMCP_OK.
template <class Read>
odmcp_status ReadInto(std::string* out, const Read& read) {
  out->clear();
  odmcp_status status = read(&AppendSink, out);
  if (status != ODMCP_OK) out->clear();
  return status;
}

inline bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace detail

// Session values and tenant authentication (odmcp_session_api).
class Session {
 public:
  explicit Session(const Call& call)
      : table_(ODMCP_DETAIL_TABLE(call.api(), session)), call_(call.raw()) {}

  // *value receives the value of key in scope (ODMCP_SCOPE_*);
  // ODMCP_NOT_FOUND if there is none.
  odmcp_status Get(int32_t scope, std::string_view key, std::string* value) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_session_api, get)) return ODMCP_UNIMPLEMENTED;
    return detail::ReadInto(value, [&](odmcp_sink_fn sink, void* ctx) {
      return table_->get(call_, scope, Str(key), sink, ctx);
    });
  }
  odmcp_status Put(int32_t scope, std::string_view key, std::string_view value) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_session_api, put)) return ODMCP_UNIMPLEMENTED;
    return table_->put(call_, scope, Str(key), Str(value));
  }
  odmcp_status Erase(int32_t scope, std::string_view key) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_session_api, erase)) return ODMCP_UNIMPLEMENTED;
    return table_->erase(call_, scope, Str(key));
  }
  // ABI 1.1. The key is a secret: never log it.
  odmcp_status UseMasterKey(std::string_view master_key) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_session_api, use_master_key)) {
      return ODMCP_UNIMPLEMENTED;
    }
    return table_->use_master_key(call_, Str(master_key));
  }

 private:
  const odmcp_session_api* table_;
  odmcp_call* call_;
};

// The tenant's credential vault (odmcp_vault_api).
class Vault {
 public:
  explicit Vault(const Call& call)
      : table_(ODMCP_DETAIL_TABLE(call.api(), vault)), call_(call.raw()) {}

  odmcp_status Put(std::string_view name, std::string_view public_json,
                   std::string_view secret_headers_json) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_vault_api, put)) return ODMCP_UNIMPLEMENTED;
    return table_->put(call_, Str(name), Str(public_json), Str(secret_headers_json));
  }
  odmcp_status GetPublic(std::string_view name, std::string* public_json) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_vault_api, get_public)) return ODMCP_UNIMPLEMENTED;
    return detail::ReadInto(public_json, [&](odmcp_sink_fn sink, void* ctx) {
      return table_->get_public(call_, Str(name), sink, ctx);
    });
  }
  // *entries_json receives the JSON array of {"name", "public"}.
  odmcp_status List(std::string_view prefix, std::string* entries_json) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_vault_api, list)) return ODMCP_UNIMPLEMENTED;
    return detail::ReadInto(entries_json, [&](odmcp_sink_fn sink, void* ctx) {
      return table_->list(call_, Str(prefix), sink, ctx);
    });
  }
  odmcp_status Erase(std::string_view name) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_vault_api, erase)) return ODMCP_UNIMPLEMENTED;
    return table_->erase(call_, Str(name));
  }
  // Runs use() with the decrypted secret headers; the view dies with the
  // callback, so copy nothing out of it that outlives the use.
  odmcp_status WithSecret(std::string_view name,
                          const std::function<void(std::string_view)>& use) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_vault_api, with_secret)) return ODMCP_UNIMPLEMENTED;
    struct Context {
      const std::function<void(std::string_view)>* use;
      bool threw;
    } context{&use, false};
    odmcp_status status = table_->with_secret(
        call_, Str(name),
        [](void* ctx, const char* data, size_t len) {
          auto* c = static_cast<Context*>(ctx);
          try {
            (*c->use)(std::string_view(data, len));
          } catch (...) {
            c->threw = true;  // an exception must not unwind through the host (R1)
          }
        },
        &context);
    return context.threw ? ODMCP_INTERNAL : status;
  }

 private:
  const odmcp_vault_api* table_;
  odmcp_call* call_;
};

// The plugin's tenant-scoped cache (odmcp_cache_api).
class Cache {
 public:
  explicit Cache(const Call& call)
      : table_(ODMCP_DETAIL_TABLE(call.api(), cache)), call_(call.raw()) {}

  odmcp_status Get(std::string_view key, std::string* value) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_cache_api, get)) return ODMCP_UNIMPLEMENTED;
    return detail::ReadInto(value, [&](odmcp_sink_fn sink, void* ctx) {
      return table_->get(call_, Str(key), sink, ctx);
    });
  }
  odmcp_status Put(std::string_view key, std::string_view value, int64_t ttl_ms) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_cache_api, put)) return ODMCP_UNIMPLEMENTED;
    return table_->put(call_, Str(key), Str(value), ttl_ms);
  }
  odmcp_status InvalidatePrefix(std::string_view prefix) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_cache_api, invalidate_prefix)) {
      return ODMCP_UNIMPLEMENTED;
    }
    return table_->invalidate_prefix(call_, Str(prefix));
  }

 private:
  const odmcp_cache_api* table_;
  odmcp_call* call_;
};

// The plugin's token buckets (odmcp_ratelimit_api), declared with
// Host::DeclareBucket during Init().
class RateLimit {
 public:
  explicit RateLimit(const Call& call)
      : table_(ODMCP_DETAIL_TABLE(call.api(), ratelimit)), call_(call.raw()) {}

  odmcp_status TryAcquire(std::string_view bucket, std::string_view key, double cost,
                          int64_t* retry_after_ms) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_ratelimit_api, try_acquire)) {
      return ODMCP_UNIMPLEMENTED;
    }
    return table_->try_acquire(call_, Str(bucket), Str(key), cost, retry_after_ms);
  }
  // Waits for the tokens within the call's deadline.
  odmcp_status Acquire(std::string_view bucket, std::string_view key, double cost) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_ratelimit_api, acquire)) return ODMCP_UNIMPLEMENTED;
    return table_->acquire(call_, Str(bucket), Str(key), cost);
  }

 private:
  const odmcp_ratelimit_api* table_;
  odmcp_call* call_;
};

struct HttpHeader {
  std::string name;
  std::string value;
};

// An outbound request (odmcp_http_request) in owning form.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<HttpHeader> headers;
  std::string body;
  std::string credential;  // vault entry whose secret headers the host adds
  int64_t timeout_ms = 0;
  uint64_t max_response_bytes = 0;
  uint32_t flags = 0;  // ODMCP_HTTP_*
  // A declared rate-limit bucket and key that pay for each attempt sent
  // (odmcp_http_request.pace_bucket); empty for none.
  std::string pace_bucket;
  std::string pace_key;
};

// A response copied out of the host's callback.
struct HttpResponse {
  int32_t status_code = 0;
  std::vector<HttpHeader> headers;
  std::string body;

  // The first header of that name (compared ignoring ASCII case), or nullptr.
  const std::string* Header(std::string_view name) const {
    for (const HttpHeader& h : headers) {
      if (detail::EqualsIgnoringCase(h.name, name)) return &h.value;
    }
    return nullptr;
  }
};

// The host's HTTP client (odmcp_http_api).
class Http {
 public:
  explicit Http(const Call& call)
      : table_(ODMCP_DETAIL_TABLE(call.api(), http)), call_(call.raw()) {}

  // Performs request and, when the status is ODMCP_OK, fills *response. Any
  // other status is a transport failure (plugin.h, odmcp_http_done_fn); an
  // HTTP error status is a response.
  odmcp_status Fetch(const HttpRequest& request, HttpResponse* response) const {
    if (!ODMCP_DETAIL_PROVIDES(table_, odmcp_http_api, fetch)) return ODMCP_UNIMPLEMENTED;
    std::vector<odmcp_http_header> headers;
    headers.reserve(request.headers.size());
    for (const HttpHeader& h : request.headers) headers.push_back({Str(h.name), Str(h.value)});
    odmcp_http_request raw{};
    raw.struct_size = sizeof raw;
    raw.header_struct_size = sizeof(odmcp_http_header);
    raw.method = Str(request.method);
    raw.url = Str(request.url);
    raw.headers = headers.data();
    raw.header_count = headers.size();
    raw.body = Str(request.body);
    raw.credential = Str(request.credential);
    raw.timeout_ms = request.timeout_ms;
    raw.max_response_bytes = request.max_response_bytes;
    raw.flags = request.flags;
    raw.pace_bucket = Str(request.pace_bucket);
    raw.pace_key = Str(request.pace_key);
    struct Context {
      HttpResponse* response;
      bool failed;
    } context{response, false};
    *response = HttpResponse();
    odmcp_status status = table_->fetch(
        call_, &raw,
        [](void* ctx, odmcp_status transport, const odmcp_http_response* r) {
          auto* c = static_cast<Context*>(ctx);
          if (transport != ODMCP_OK || r == nullptr) return;
          try {
            c->response->status_code = r->status_code;
            for (size_t i = 0; i < r->header_count; ++i) {
              c->response->headers.push_back(
                  {std::string(View(r->headers[i].name)), std::string(View(r->headers[i].value))});
            }
            c->response->body.assign(View(r->body));
          } catch (...) {
            c->failed = true;  // out of memory; must not unwind through the host (R1)
          }
        },
        &context);
    if (status == ODMCP_OK && context.failed) status = ODMCP_RESOURCE_EXHAUSTED;
    if (status != ODMCP_OK) *response = HttpResponse();
    return status;
  }

 private:
  const odmcp_http_api* table_;
  odmcp_call* call_;
};

#undef ODMCP_DETAIL_PROVIDES
#undef ODMCP_DETAIL_TABLE

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

// A resource (uri) or resource template (uri_template); plugin.h's
// odmcp_resource_desc says what each field means.
struct ResourceSpec {
  std::string uri;
  std::string uri_template;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::string meta;    // empty: none
  uint32_t flags = 0;  // ODMCP_TOOL_SERIAL
};

// A prompt; arguments is a JSON array of {"name", "title"?, "description"?,
// "required"?} (empty: none).
struct PromptSpec {
  std::string name;
  std::string title;
  std::string description;
  std::string arguments;
  std::string meta;    // empty: none
  uint32_t flags = 0;  // ODMCP_TOOL_SERIAL
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
    RegisteredTool* tool = Keep(spec.name, std::move(handler));
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
    desc.handler = &Trampoline<>;
    desc.tool_state = tool;
    return host_->api()->registry->register_tool(host_->handle(), &desc);
  }

  // Registers a resource or resource template (1.2). `read` answers reads;
  // for a template, `list` (optional) lists its concrete resources and
  // `complete` (optional) completes its variables. Only inside Init().
  odmcp_status AddResource(const ResourceSpec& spec, ToolHandler read, ToolHandler list = {},
                           ToolHandler complete = {}) {
    const odmcp_registry_api* registry = host_->api()->registry;
    if (!ODMCP_HAS(registry, odmcp_registry_api, register_resource) ||
        registry->register_resource == nullptr) {
      return ODMCP_UNIMPLEMENTED;
    }
    odmcp_resource_desc desc{};
    desc.struct_size = sizeof desc;
    desc.flags = spec.flags;
    desc.uri = Str(spec.uri);
    desc.uri_template = Str(spec.uri_template);
    desc.name = Str(spec.name);
    desc.title = Str(spec.title);
    desc.description = Str(spec.description);
    desc.mime_type = Str(spec.mime_type);
    desc.meta_json = Str(spec.meta);
    desc.read = &Trampoline<>;
    desc.list = list ? &Trampoline<&RegisteredTool::list> : nullptr;
    desc.complete = complete ? &Trampoline<&RegisteredTool::complete> : nullptr;
    desc.state = Keep(spec.name, std::move(read), std::move(list), std::move(complete));
    return registry->register_resource(host_->handle(), &desc);
  }

  // Registers a prompt (1.2): `get` answers prompts/get, `complete`
  // (optional) completes argument values. Only inside Init().
  odmcp_status AddPrompt(const PromptSpec& spec, ToolHandler get, ToolHandler complete = {}) {
    const odmcp_registry_api* registry = host_->api()->registry;
    if (!ODMCP_HAS(registry, odmcp_registry_api, register_prompt) ||
        registry->register_prompt == nullptr) {
      return ODMCP_UNIMPLEMENTED;
    }
    odmcp_prompt_desc desc{};
    desc.struct_size = sizeof desc;
    desc.flags = spec.flags;
    desc.name = Str(spec.name);
    desc.title = Str(spec.title);
    desc.description = Str(spec.description);
    desc.arguments_json = Str(spec.arguments);
    desc.meta_json = Str(spec.meta);
    desc.get = &Trampoline<>;
    desc.complete = complete ? &Trampoline<&RegisteredTool::complete> : nullptr;
    desc.state = Keep(spec.name, std::move(get), {}, std::move(complete));
    return registry->register_prompt(host_->handle(), &desc);
  }

 private:
  // What a registration's handlers need, owned by the plugin object so that
  // it outlives every call (the host calls shutdown only after the last).
  // A resource's read, list and complete handlers share one state; each has
  // its own trampoline, which picks its member.
  struct RegisteredTool {
    const Host* host;
    std::string name;
    ToolHandler handler;
    ToolHandler list;
    ToolHandler complete;
  };

  RegisteredTool* Keep(const std::string& name, ToolHandler handler, ToolHandler list = {},
                       ToolHandler complete = {}) {
    tools_.push_back(std::unique_ptr<RegisteredTool>(new RegisteredTool{
        &*host_, name, std::move(handler), std::move(list), std::move(complete)}));
    return tools_.back().get();
  }

  template <ToolHandler RegisteredTool::*kHandler = &RegisteredTool::handler>
  static odmcp_status Trampoline(void* state, odmcp_call* raw, odmcp_str args) noexcept {
    auto* tool = static_cast<RegisteredTool*>(state);
    Call call(tool->host->api(), tool->host->handle(), raw);
    try {
      detail::CompactDocument doc;
      if (!ParseDocument(View(args), doc) || !doc.IsObject()) {
        call.Log(ODMCP_LOG_ERROR, "tool " + tool->name + ": arguments are not a JSON object");
        return ODMCP_INTERNAL;
      }
      return (tool->*kHandler)(call, doc);
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
      detail::CompactDocument doc;
      if (!ParseDocument(View(settings), doc) || !doc.IsObject()) {
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
