// SessionTable and HttpSession: ids, lookup, removal, the per-tenant cap,
// idle expiry, and the numbered events of a GET stream with their replay.
#include "host/protocol/session_table.h"
#include "tests/support/manual_clock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace odmcp {
namespace {

using ::testing::ElementsAre;
using testing::ManualClock;

std::shared_ptr<ClientSession> Client() { return std::make_shared<ClientSession>(); }

// A GET stream that records what it was sent; it can break like a
// connection whose client left.
class RecordingStream final : public ResponseStream {
 public:
  bool Write(std::string bytes) override {
    if (broken || ended) return false;
    written.push_back(std::move(bytes));
    return true;
  }
  void End() override { ended = true; }

  std::vector<std::string> written;
  bool broken = false;
  bool ended = false;
};

TEST(SessionTableTest, IdsAreUnguessableAndUnique) {
  SessionTable table(std::chrono::seconds(60), 1000, 16);
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    std::string id = table.Create("", Client())->id();
    EXPECT_EQ(id.size(), 32u);  // 128 random bits
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 200u);
}

TEST(SessionTableTest, FindAndRemove) {
  SessionTable table(std::chrono::seconds(60), 10, 16);
  std::shared_ptr<HttpSession> s = table.Create("t", Client());
  EXPECT_EQ(table.Find(s->id()), s);
  EXPECT_EQ(table.Find("unknown"), nullptr);
  EXPECT_TRUE(table.Remove(s->id()));
  EXPECT_FALSE(table.Remove(s->id()));
  EXPECT_EQ(table.Find(s->id()), nullptr);
  EXPECT_EQ(table.size(), 0u);
}

TEST(SessionTableTest, CapEndsTheTenantsLeastRecentlyUsedSession) {
  ManualClock clock;
  SessionTable table(std::chrono::seconds(60), 2, 16, &clock);
  std::shared_ptr<HttpSession> a = table.Create("t", Client());
  clock.Advance(5);
  std::shared_ptr<HttpSession> b = table.Create("t", Client());
  clock.Advance(5);
  table.Find(a->id());  // a is now the more recently used
  std::shared_ptr<HttpSession> other = table.Create("u", Client());
  std::shared_ptr<HttpSession> c = table.Create("t", Client());
  EXPECT_NE(table.Find(a->id()), nullptr);
  EXPECT_EQ(table.Find(b->id()), nullptr);
  EXPECT_NE(table.Find(c->id()), nullptr);
  EXPECT_NE(table.Find(other->id()), nullptr);  // another tenant is unaffected
  EXPECT_EQ(table.size(), 3u);
}

TEST(SessionTableTest, IdleSessionsExpire) {
  ManualClock clock;
  SessionTable table(std::chrono::seconds(60), 10, 16, &clock);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  clock.Advance(60'000);
  EXPECT_EQ(table.ExpireIdle(), 0u) << "idle for exactly the timeout, not longer";
  clock.Advance(1);
  EXPECT_EQ(table.ExpireIdle(), 1u);
  EXPECT_EQ(table.Find(s->id()), nullptr);
}

TEST(SessionTableTest, ASessionWithAnOpenStreamIsNotIdle) {
  ManualClock clock;
  SessionTable table(std::chrono::seconds(60), 10, 16, &clock);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  auto stream = std::make_shared<RecordingStream>();
  ASSERT_EQ(s->AttachStream(stream, std::nullopt), HttpSession::Attach::kAttached);
  clock.Advance(120'000);
  EXPECT_EQ(table.ExpireIdle(), 0u);
  s->DetachStream(stream.get());
  EXPECT_EQ(table.ExpireIdle(), 1u);
}

TEST(SessionTableTest, EndingASessionEndsItsStreamAndCancelsItsRequests) {
  SessionTable table(std::chrono::seconds(60), 10, 16);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  auto cancellation = std::make_shared<Cancellation>();
  s->Track("7", cancellation);
  auto stream = std::make_shared<RecordingStream>();
  ASSERT_EQ(s->AttachStream(stream, std::nullopt), HttpSession::Attach::kAttached);
  EXPECT_EQ(s->AttachStream(std::make_shared<RecordingStream>(), std::nullopt),
            HttpSession::Attach::kBusy);  // one stream at a time
  table.Remove(s->id());
  EXPECT_TRUE(stream->ended);
  EXPECT_TRUE(cancellation->cancelled());
  EXPECT_EQ(s->CheckAttach(std::nullopt), HttpSession::Attach::kEnded);
}

TEST(SessionTableTest, EndingStreamsLeavesRequestsRunning) {
  SessionTable table(std::chrono::seconds(60), 10, 16);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  auto cancellation = std::make_shared<Cancellation>();
  s->Track("1", cancellation);
  auto stream = std::make_shared<RecordingStream>();
  ASSERT_EQ(s->AttachStream(stream, std::nullopt), HttpSession::Attach::kAttached);
  table.EndStreams();
  EXPECT_TRUE(stream->ended);
  EXPECT_FALSE(cancellation->cancelled());
  EXPECT_EQ(table.Find(s->id()), s);
}

TEST(SessionTableTest, MessagesAreNumberedEventsAndWaitForAStream) {
  SessionTable table(std::chrono::seconds(60), 10, 16);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  s->Push("one");
  s->Push("two");
  auto stream = std::make_shared<RecordingStream>();
  ASSERT_EQ(s->AttachStream(stream, std::nullopt), HttpSession::Attach::kAttached);
  s->Push("three");
  EXPECT_THAT(stream->written,
              ElementsAre("id: 1\nevent: message\ndata: one\n\n",
                          "id: 2\nevent: message\ndata: two\n\n",
                          "id: 3\nevent: message\ndata: three\n\n"));
}

TEST(SessionTableTest, AResumedStreamReplacesTheLostOneAndGetsWhatItMissed) {
  SessionTable table(std::chrono::seconds(60), 10, 16);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  auto lost = std::make_shared<RecordingStream>();
  ASSERT_EQ(s->AttachStream(lost, std::nullopt), HttpSession::Attach::kAttached);
  s->Push("one");
  s->Push("two");  // written, but (say) never reached the client
  s->Push("three");
  auto resumed = std::make_shared<RecordingStream>();
  EXPECT_EQ(s->AttachStream(resumed, 1), HttpSession::Attach::kAttached);
  EXPECT_TRUE(lost->ended);
  EXPECT_THAT(resumed->written, ElementsAre("id: 2\nevent: message\ndata: two\n\n",
                                            "id: 3\nevent: message\ndata: three\n\n"));
  EXPECT_EQ(s->CheckAttach(99), HttpSession::Attach::kUnknownEvent);
}

TEST(SessionTableTest, ABrokenStreamKeepsItsMessagesForTheNextOne) {
  SessionTable table(std::chrono::seconds(60), 10, 16);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  auto stream = std::make_shared<RecordingStream>();
  ASSERT_EQ(s->AttachStream(stream, std::nullopt), HttpSession::Attach::kAttached);
  s->Push("one");
  stream->broken = true;
  s->Push("two");
  EXPECT_FALSE(s->has_stream());
  auto next = std::make_shared<RecordingStream>();
  ASSERT_EQ(s->AttachStream(next, std::nullopt), HttpSession::Attach::kAttached);
  EXPECT_THAT(next->written, ElementsAre("id: 2\nevent: message\ndata: two\n\n"));
}

TEST(SessionTableTest, TheReplayWindowKeepsTheNewestEvents) {
  SessionTable table(std::chrono::seconds(60), 10, 2);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  for (const char* m : {"one", "two", "three"}) s->Push(m);
  auto stream = std::make_shared<RecordingStream>();
  ASSERT_EQ(s->AttachStream(stream, 0), HttpSession::Attach::kAttached);
  EXPECT_THAT(stream->written, ElementsAre("id: 2\nevent: message\ndata: two\n\n",
                                           "id: 3\nevent: message\ndata: three\n\n"));
}

TEST(SessionTableTest, CancelReachesTheTrackedRequestOnly) {
  SessionTable table(std::chrono::seconds(60), 10, 16);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  auto one = std::make_shared<Cancellation>();
  auto two = std::make_shared<Cancellation>();
  s->Track("1", one);
  s->Track("\"2\"", two);
  s->Cancel("\"2\"");
  EXPECT_FALSE(one->cancelled());
  EXPECT_TRUE(two->cancelled());
}

}  // namespace
}  // namespace odmcp
