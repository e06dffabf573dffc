#include "host/cli/tool_runner.h"

#include <rapidjson/document.h>

#include "host/common/clock.h"
#include "host/common/json.h"
#include "host/common/random.h"
#include "host/plugins/tool_record.h"
#include "host/common/json_schema.h"
#include "host/plugins/tool_call.h"
#include "host/protocol/request_context.h"

namespace odmcp {

ToolOutcome RunToolInProcess(const ToolRegistry& tools, std::string_view name,
                             std::string_view args_json, std::shared_ptr<const Tenant> tenant,
                             int64_t timeout_ms) {
  ToolOutcome outcome;
  std::shared_ptr<const ToolCatalog> catalog = tools.Snapshot();
  const ToolRecord* tool = catalog->Find(name);
  if (tool == nullptr) return outcome;
  outcome.found = true;
  JsonDocument args;
  ParseJson(args_json, args);
  if (std::optional<std::string> problem = tool->input_schema->Validate(args)) {
    outcome.is_error = true;
    outcome.text = *problem;
    return outcome;
  }
  NoChannel channel;
  RequestContext context;
  context.era = Era::kStateless;
  context.client_name = "orderdesk-mcp admin";
  context.correlation_id = NextCorrelationId();
  context.set_channel(&channel);
  context.cancellation = std::make_shared<Cancellation>();
  context.tenant = std::move(tenant);
  ToolCall call(*tool, context, "", UnixMillis() + timeout_ms);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  call.WriteToolResult(call.RunHandler(HandlerKind::kTool, args_json), w);
  w.EndObject();
  JsonDocument result;
  ParseJson(std::string_view(buffer.GetString(), buffer.GetSize()), result);
  if (const rapidjson::Value* content = FindMember(result, "content"); content && content->IsArray()) {
    for (const rapidjson::Value& block : content->GetArray()) {
      const rapidjson::Value* text = FindMember(block, "text");
      if (text == nullptr || !text->IsString()) continue;
      if (!outcome.text.empty()) outcome.text += "\n";
      outcome.text += std::string(AsView(*text));
    }
  }
  if (const rapidjson::Value* structured = FindMember(result, "structuredContent")) {
    outcome.structured = ToJson(*structured);
  }
  const rapidjson::Value* is_error = FindMember(result, "isError");
  outcome.is_error = is_error != nullptr && is_error->IsBool() && is_error->GetBool();
  return outcome;
}

}  // namespace odmcp
