// NotificationHub, the listen filter and acknowledgement, and
// ClientRequests: the pieces that carry messages from the host to clients
// outside a request's own reply.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "host/common/clock.h"
#include "host/protocol/client_requests.h"
#include "host/protocol/listen.h"
#include "host/services/notification_hub.h"
#include "host/protocol/request_context.h"

namespace odmcp {
namespace {

TEST(NotificationHubTest, EveryListenerHearsEveryChangeUntilRemoved) {
  NotificationHub hub;
  std::vector<std::string> first, second;
  auto a = std::make_unique<HubListener>(&hub, [&](const Change& c) {
    first.push_back(ChangeNotification(c));
  });
  HubListener b(&hub, [&](const Change& c) { second.push_back(ChangeNotification(c)); });
  hub.Publish(Change{ChangeKind::kToolsList, {}});
  a.reset();
  hub.Publish(Change{ChangeKind::kResourceUpdated, "test://watched-resource"});
  EXPECT_EQ(first, std::vector<std::string>{
                       R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})"});
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[1],
            R"({"jsonrpc":"2.0","method":"notifications/resources/updated",)"
            R"("params":{"uri":"test://watched-resource"}})");
  EXPECT_EQ(hub.listeners(), 1u);
}

TEST(NotificationHubTest, RemovingWaitsForADeliveryInProgress) {
  NotificationHub hub;
  std::atomic<bool> entered{false}, finished{false};
  auto listener = std::make_unique<HubListener>(&hub, [&](const Change&) {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    finished = true;
  });
  std::thread publisher([&] { hub.Publish(Change{ChangeKind::kPromptsList, {}}); });
  while (!entered) std::this_thread::yield();
  listener.reset();  // what the listener uses may go now
  EXPECT_TRUE(finished);
  publisher.join();
}

TEST(ChangeNotificationTest, ListenNotificationsCarryTheSubscriptionId) {
  EXPECT_EQ(ChangeNotification(Change{ChangeKind::kPromptsList, {}}, "42"),
            R"({"jsonrpc":"2.0","method":"notifications/prompts/list_changed",)"
            R"("params":{"_meta":{"io.modelcontextprotocol/subscriptionId":42}}})");
  EXPECT_EQ(ChangeNotification(Change{ChangeKind::kResourceUpdated, "a://b"}, R"("s1")"),
            R"({"jsonrpc":"2.0","method":"notifications/resources/updated","params":)"
            R"({"uri":"a://b","_meta":{"io.modelcontextprotocol/subscriptionId":"s1"}}})");
}

ListenFilter Filter(const char* params_json, std::optional<RpcError>* error) {
  rapidjson::Document params;
  params.Parse(params_json);
  Request request{"subscriptions/listen", "1", &params};
  ListenFilter filter;
  *error = ReadListenFilter(request, &filter);
  return filter;
}

TEST(ListenFilterTest, HonoursWhatWasAskedAndNothingElse) {
  std::optional<RpcError> error;
  ListenFilter filter = Filter(
      R"({"notifications":{"promptsListChanged":true,"resourceSubscriptions":["a://1"]}})", &error);
  ASSERT_FALSE(error);
  EXPECT_TRUE(filter.Wants(Change{ChangeKind::kPromptsList, {}}));
  EXPECT_FALSE(filter.Wants(Change{ChangeKind::kToolsList, {}}));
  EXPECT_FALSE(filter.Wants(Change{ChangeKind::kResourcesList, {}}));
  EXPECT_TRUE(filter.Wants(Change{ChangeKind::kResourceUpdated, "a://1"}));
  EXPECT_FALSE(filter.Wants(Change{ChangeKind::kResourceUpdated, "a://2"}));
  EXPECT_EQ(ListenAcknowledgement(filter, "9"),
            R"({"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged","params":)"
            R"({"notifications":{"promptsListChanged":true,"resourceSubscriptions":["a://1"]},)"
            R"("_meta":{"io.modelcontextprotocol/subscriptionId":9}}})");
}

TEST(ListenFilterTest, NamesTheFieldOfABadFilter) {
  std::optional<RpcError> error;
  Filter(R"({"notifications":{"toolsListChanged":"yes"}})", &error);
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("notifications.toolsListChanged"), std::string::npos);
  Filter(R"({"notifications":{"resourceSubscriptions":[1]}})", &error);
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("resourceSubscriptions"), std::string::npos);
}

// A channel that records what is sent and can refuse.
class RecordingChannel final : public RequestChannel {
 public:
  explicit RecordingChannel(bool open = true) : open_(open) {}
  bool Send(std::string_view message) override {
    std::lock_guard lock(mutex_);
    sent_.emplace_back(message);
    return open_;
  }
  std::vector<std::string> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  const bool open_;
  std::mutex mutex_;
  std::vector<std::string> sent_;
};

// The id of the request in `message`.
std::string IdOf(const std::string& message) {
  rapidjson::Document doc;
  doc.Parse(message.c_str());
  return std::string("\"") + doc["id"].GetString() + "\"";
}

TEST(ClientRequestsTest, EachAnswerReachesTheRequestItAnswers) {
  ClientRequests requests;
  RecordingChannel channel;
  std::vector<ClientRequests::Answer> answers;
  std::thread asker([&] {
    answers = requests.Ask(channel,
                           {{"elicitation/create", R"({"message":"Name?"})"}, {"roots/list", "{}"}},
                           nullptr, UnixMillis() + 5000);
  });
  while (channel.sent().size() < 2) std::this_thread::yield();
  std::vector<std::string> sent = channel.sent();
  EXPECT_NE(sent[0].find(R"("method":"elicitation/create","params":{"message":"Name?"})"),
            std::string::npos);
  rapidjson::Document roots, elicit, stray;
  roots.Parse(R"({"jsonrpc":"2.0","result":{"roots":[]}})");
  elicit.Parse(R"({"jsonrpc":"2.0","error":{"code":-1,"message":"declined by policy"}})");
  EXPECT_FALSE(requests.Resolve("\"odmcp-999\"", roots));  // answers nothing
  EXPECT_TRUE(requests.Resolve(IdOf(sent[1]), roots));
  EXPECT_TRUE(requests.Resolve(IdOf(sent[0]), elicit));
  EXPECT_FALSE(requests.Resolve(IdOf(sent[0]), elicit));  // answered already
  asker.join();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_FALSE(answers[0].ok);
  EXPECT_EQ(answers[0].json, "the client answered with an error: declined by policy");
  EXPECT_TRUE(answers[1].ok);
  EXPECT_EQ(answers[1].json, R"({"roots":[]})");
}

TEST(ClientRequestsTest, AWaitEndsOnCancellationDeadlineOrClose) {
  ClientRequests requests;
  RecordingChannel channel;
  Cancellation cancellation;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancellation.Cancel();
  });
  auto answers = requests.Ask(channel, {{"roots/list", "{}"}}, &cancellation, 0);
  canceller.join();
  EXPECT_EQ(answers[0].json, "the call was cancelled");

  answers = requests.Ask(channel, {{"roots/list", "{}"}}, nullptr, UnixMillis() + 50);
  EXPECT_EQ(answers[0].json, "the call's deadline passed before the client answered");

  RecordingChannel closed(false);
  answers = requests.Ask(closed, {{"roots/list", "{}"}}, nullptr, UnixMillis() + 5000);
  EXPECT_EQ(answers[0].json, "the request could not be sent: the client is gone");

  requests.Close();
  answers = requests.Ask(channel, {{"roots/list", "{}"}}, nullptr, UnixMillis() + 5000);
  EXPECT_EQ(answers[0].json, "the client's session ended");
}

}  // namespace
}  // namespace odmcp
