#include "host/protocol/jsonrpc.h"

#include "host/common/json.h"
#include "host/common/mutex.h"

namespace odmcp {
namespace {

IncomingMessage Invalid(int code, std::string message, std::string id_json = {}) {
  IncomingMessage m;
  m.kind = MessageKind::kInvalid;
  m.id_json = std::move(id_json);
  m.error = RpcError{code, std::move(message), {}};
  return m;
}

}  // namespace

IncomingMessage ClassifyMessage(const rapidjson::Value& value) {
  if (!value.IsObject()) {
    return Invalid(rpc::kInvalidRequest, "Invalid request: a message must be a JSON object");
  }
  const rapidjson::Value* id = FindMember(value, "id");
  std::string id_json;
  if (id != nullptr) {
    if (!id->IsString() && !id->IsInt64() && !id->IsUint64()) {
      return Invalid(rpc::kInvalidRequest,
                     "Invalid request: \"id\" must be a string or an integer");
    }
    id_json = ToJson(*id);
  }
  const rapidjson::Value* version = FindMember(value, "jsonrpc");
  if (version == nullptr || !version->IsString() || AsView(*version) != "2.0") {
    return Invalid(rpc::kInvalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\"", id_json);
  }
  const rapidjson::Value* method = FindMember(value, "method");
  if (method == nullptr) {
    if (id != nullptr &&
        (FindMember(value, "result") != nullptr || FindMember(value, "error") != nullptr)) {
      IncomingMessage m;
      m.kind = MessageKind::kResponse;
      m.id_json = id_json;
      return m;
    }
    return Invalid(rpc::kInvalidRequest,
                   "Invalid request: a message needs a \"method\" (request or notification) or "
                   "an \"id\" with \"result\" or \"error\" (response)",
                   id_json);
  }
  if (!method->IsString() || method->GetStringLength() == 0) {
    return Invalid(rpc::kInvalidRequest, "Invalid request: \"method\" must be a non-empty string",
                   id_json);
  }
  IncomingMessage m;
  m.kind = id == nullptr ? MessageKind::kNotification : MessageKind::kRequest;
  m.id_json = id_json;
  m.method = AsView(*method);
  if (const rapidjson::Value* params = FindMember(value, "params")) {
    if (!params->IsObject()) {
      return Invalid(rpc::kInvalidParams, "Invalid params: \"params\" must be an object", id_json);
    }
    m.params = params;
  }
  return m;
}

namespace {

// Error replies by code; codes are few (jsonrpc.h), so a short list.
class ErrorCounts {
 public:
  void Add(int code) {
    MutexLock lock(&mutex_);
    for (auto& [known, count] : counts_) {
      if (known == code) {
        ++count;
        return;
      }
    }
    counts_.emplace_back(code, 1);
  }
  std::vector<std::pair<int, uint64_t>> Get() {
    MutexLock lock(&mutex_);
    return counts_;
  }

 private:
  Mutex mutex_;
  std::vector<std::pair<int, uint64_t>> counts_ GUARDED_BY(mutex_);
};

ErrorCounts& ProcessErrorCounts() {
  static ErrorCounts* counts = new ErrorCounts();  // never destroyed: used at exit
  return *counts;
}

}  // namespace

std::vector<std::pair<int, uint64_t>> ErrorResponseCounts() { return ProcessErrorCounts().Get(); }

std::string ErrorResponse(std::string_view id_json, const RpcError& error) {
  ProcessErrorCounts().Add(error.code);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "jsonrpc", "2.0");
  if (!id_json.empty()) {
    w.Key("id");
    WriteRaw(w, id_json);
  }
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.Int(error.code);
  WriteKeyString(w, "message", error.message);
  if (!error.data_json.empty()) {
    w.Key("data");
    WriteRaw(w, error.data_json);
  }
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string Notification(std::string_view method, std::string_view params_json) {
  std::string out;
  out.reserve(40 + method.size() + params_json.size());
  out += R"({"jsonrpc":"2.0","method":)";
  out += QuoteJson(method);
  out += R"(,"params":)";
  out += params_json;
  out += '}';
  return out;
}

}  // namespace odmcp
