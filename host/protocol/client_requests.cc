#include "host/protocol/client_requests.h"

#include <algorithm>
#include <chrono>

#include "host/common/blocking_region.h"
#include "host/common/clock.h"
#include "host/common/json.h"
#include "host/protocol/request_context.h"

namespace odmcp {
namespace {

// How often a wait looks at the call's cancellation flag, which has no
// way to wake it.
constexpr int64_t kCancellationPollMs = 100;

}  // namespace

std::vector<ClientRequests::Answer> ClientRequests::Ask(RequestChannel& channel,
                                                        const std::vector<Outgoing>& requests,
                                                        const Cancellation* cancellation,
                                                        int64_t deadline_unix_ms) {
  std::vector<std::string> ids;
  std::vector<std::shared_ptr<Pending>> slots;
  {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < requests.size(); ++i) {
      // A string id no client request can share: clients number theirs.
      ids.push_back(QuoteJson("odmcp-" + std::to_string(next_id_++)));
      slots.push_back(std::make_shared<Pending>());
      pending_.emplace(ids.back(), slots.back());
    }
  }
  for (size_t i = 0; i < requests.size(); ++i) {
    const std::string message = R"({"jsonrpc":"2.0","id":)" + ids[i] + R"(,"method":)" +
                                QuoteJson(requests[i].method) + R"(,"params":)" +
                                requests[i].params_json + "}";
    if (!channel.Send(message)) {
      std::lock_guard lock(mutex_);
      slots[i]->done = true;
      slots[i]->answer = Answer{false, "the request could not be sent: the client is gone"};
    }
  }
  BlockingRegion waiting_for_the_client;
  std::unique_lock lock(mutex_);
  auto all_done = [&] {
    return std::all_of(slots.begin(), slots.end(), [](const auto& s) { return s->done; });
  };
  std::string unanswered;
  while (!all_done()) {
    if (closed_) {
      unanswered = "the client's session ended";
    } else if (cancellation != nullptr && cancellation->cancelled()) {
      unanswered = "the call was cancelled";
    } else if (deadline_unix_ms > 0 && UnixMillis() >= deadline_unix_ms) {
      unanswered = "the call's deadline passed before the client answered";
    }
    if (!unanswered.empty()) break;
    int64_t wait_ms = kCancellationPollMs;
    if (deadline_unix_ms > 0) wait_ms = std::min(wait_ms, deadline_unix_ms - UnixMillis());
    answered_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(wait_ms, 1)));
  }
  std::vector<Answer> answers;
  for (size_t i = 0; i < slots.size(); ++i) {
    pending_.erase(ids[i]);
    answers.push_back(slots[i]->done ? std::move(slots[i]->answer) : Answer{false, unanswered});
  }
  return answers;
}

bool ClientRequests::Resolve(std::string_view id_json, const rapidjson::Value& message) {
  Answer answer;
  if (const rapidjson::Value* result = FindMember(message, "result");
      result != nullptr && result->IsObject()) {
    answer = Answer{true, ToJson(*result)};
  } else {
    const rapidjson::Value* error = FindMember(message, "error");
    const rapidjson::Value* text = error == nullptr ? nullptr : FindMember(*error, "message");
    answer.json = "the client answered with an error";
    if (text != nullptr && text->IsString()) answer.json += ": " + std::string(AsView(*text));
  }
  std::lock_guard lock(mutex_);
  auto it = pending_.find(id_json);
  if (it == pending_.end() || it->second->done) return false;
  it->second->done = true;
  it->second->answer = std::move(answer);
  answered_.notify_all();
  return true;
}

void ClientRequests::Close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  answered_.notify_all();
}

}  // namespace odmcp
