// ToolCall: one tools/call in progress, and the odmcp_call handle a plugin's
// handler receives. Collects what the handler writes through the ABI's call
// table and turns it into a CallToolResult.
//
// Thread safety: a handler may use its call from any thread, one at a time
// (plugin.h T5); Run() must not be called concurrently on one object.
#ifndef ODMCP_HOST_PLUGINS_TOOL_CALL_H_
#define ODMCP_HOST_PLUGINS_TOOL_CALL_H_

#include <odmcp/plugin.h>

#include <limits>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/json.h"
#include "host/plugins/call_context.h"

namespace odmcp {
class ToolCall;
struct ToolRecord;
}  // namespace odmcp

// The opaque handle of odmcp/plugin.h, defined by the host.
struct odmcp_call {
  odmcp::ToolCall* call;
};

namespace odmcp {

// What a handler answers: a tool's result, or (odmcp/plugin.h, 1.2) a
// resource read, a template's resource list, a prompt, or completions.
enum class HandlerKind { kTool, kRead, kList, kGet, kComplete };

// A request for input a handler made (odmcp_call_api::request_input).
struct InputRequest {
  std::string key;
  std::string method;       // elicitation/create, sampling/createMessage, roots/list
  std::string params_json;  // a JSON object
};

// What a round of a call that asked for input gets back: the client's
// answers by key (each a JSON object) and the state the previous round set.
struct InputRound {
  std::map<std::string, std::string, std::less<>> responses;
  std::optional<std::string> state;
};

class ToolCall {
 public:
  // `progress_token_json` is the request's serialized progress token, or
  // empty if the client asked for no progress.
  ToolCall(const ToolRecord& tool, const CallContext& context,
           std::string progress_token_json, int64_t deadline_unix_ms);
  ToolCall(const ToolCall&) = delete;
  ToolCall& operator=(const ToolCall&) = delete;
  // A call counts among its plugin's calls in flight from construction to
  // destruction: unloading the plugin waits for it (InFlightCalls).
  ~ToolCall();

  // The answers this round of the call sees (set before Run/RunHandler).
  void set_input(InputRound input) { input_ = std::move(input); }
  // True if the handler asked for input and so has no answer yet; then
  // input_requests() and next_state() say what to ask and what to keep.
  bool input_required() const { return !input_requests_.empty(); }
  const std::vector<InputRequest>& input_requests() const { return input_requests_; }
  const std::optional<std::string>& next_state() const { return next_state_; }

  // Gives up on the input the handler asked for: the call fails with
  // `message` (for the client) and RunHandler's caller reports `status`.
  void AbandonInput(std::string message);

  // Runs the handler as `kind` with `args_json` (a tool's already
  // validated). A non-tool handler's answer is then in answer(), with
  // secrets scrubbed, and a failure's message in error_message(); a tool's
  // result is written by WriteToolResult().
  odmcp_status RunHandler(HandlerKind kind, std::string_view args_json);
  // Writes the members of the CallToolResult for a tool handler that
  // returned `status` into the open result object.
  void WriteToolResult(odmcp_status status, JsonWriter& result);
  // Serialized items, in the order written: ResourceContents (kRead),
  // Resource (kList), PromptMessage (kGet) or JSON strings (kComplete).
  const std::vector<std::string>& answer() const { return answer_; }
  const std::string& error_message() const { return error_message_; }

  static ToolCall* From(odmcp_call* handle) { return handle->call; }
  // When the call began (SteadyMillis()): a reply fetched since then is as
  // fresh as one it would fetch itself.
  int64_t began_steady_ms() const { return began_steady_ms_; }
  const CallContext& context() const { return context_; }
  const ToolRecord& tool() const { return tool_; }

  // The tenant the call runs for: the request's, or the one a tool
  // authenticated during this call (use_master_key).
  const std::shared_ptr<const Tenant>& tenant() const { return tenant_; }
  void set_tenant(std::shared_ptr<const Tenant> tenant) { tenant_ = std::move(tenant); }
  // Secrets the call handled (secret arguments, vault secrets it stored or
  // used): scrubbed from its result.
  void AddSecret(std::string_view secret);
  // For the audit row: the store the plugin named, and how the call ended
  // ("ok", "tool_error", or a status name such as "UNAVAILABLE"), known
  // after Run().
  const std::string& audit_store() const { return audit_store_; }
  void set_audit_store(std::string_view store) { audit_store_ = std::string(store); }
  const std::string& outcome() const { return outcome_; }

  // The operations of odmcp_call_api and odmcp_session_api::describe.
  odmcp_status AddText(std::string_view text);
  odmcp_status AddContent(std::string_view content_json);
  odmcp_status SetStructured(std::string_view json);
  odmcp_status SetError(std::string_view message);
  odmcp_status Progress(double progress, double total, std::string_view message);
  bool Cancelled() const;
  int64_t deadline_unix_ms() const { return deadline_unix_ms_; }
  odmcp_status ClientLog(int32_t level, std::string_view logger, std::string_view data_json);
  std::string Describe() const;
  odmcp_status SessionGet(int32_t scope, std::string_view key, std::string* value);
  odmcp_status SessionPut(int32_t scope, std::string_view key, std::string_view value);
  odmcp_status SessionErase(int32_t scope, std::string_view key);
  odmcp_status UseMasterKey(std::string_view master_key);
  odmcp_status AddResourceContents(std::string_view contents_json);
  odmcp_status AddListedResource(std::string_view resource_json);
  odmcp_status AddPromptMessage(std::string_view role, std::string_view content_json);
  odmcp_status AddCompletion(std::string_view value);
  odmcp_status RequestInput(std::string_view key, std::string_view method,
                            std::string_view params_json);
  odmcp_status InputResponse(std::string_view key, std::string* answer) const;
  odmcp_status SetRequestState(std::string_view state);
  odmcp_status RequestState(std::string* state) const;

  static constexpr size_t kMaxInputRequests = 16;
  static constexpr size_t kMaxStateBytes = 4096;

 private:
  odmcp_status Invoke(std::string_view args_json);
  // Locks as the plugin and handler ask (plugin.h T3), then invokes.
  odmcp_status InvokeSerialized(std::string_view args_json);
  // Adds `item` to answer() if the handler is of `kind`; otherwise the
  // plugin used the wrong writer, which is logged.
  odmcp_status Answer(HandlerKind kind, const char* writer, std::string item);

  const ToolRecord& tool_;
  const CallContext& context_;
  const std::string progress_token_json_;
  const int64_t deadline_unix_ms_;
  const int64_t began_steady_ms_;
  odmcp_call handle_{this};

  HandlerKind kind_ = HandlerKind::kTool;
  std::vector<std::string> content_;  // serialized content blocks
  std::vector<std::string> answer_;   // a non-tool handler's items
  std::string structured_;            // serialized structuredContent, or empty
  std::optional<std::string> structured_problem_;  // how it fails the output schema
  bool is_error_ = false;
  std::string error_message_;         // the last set_error message
  double last_progress_ = -std::numeric_limits<double>::infinity();
  std::shared_ptr<const Tenant> tenant_;
  std::vector<std::string> secrets_;
  std::string audit_store_;
  std::string outcome_;
  InputRound input_;
  std::vector<InputRequest> input_requests_;
  std::optional<std::string> next_state_;
};

// The call-scoped ABI tables, implemented over ToolCall.
const odmcp_call_api* CallApiTable();
const odmcp_session_api* SessionApiTable();

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_TOOL_CALL_H_
