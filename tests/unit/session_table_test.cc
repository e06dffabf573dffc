// SessionTable and HttpSession: ids, lookup, removal, the per-tenant cap,
// idle expiry, and the event queue behind a GET stream.
#include "host/transport/session_table.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace odmcp {
namespace {

std::shared_ptr<ClientSession> Client() { return std::make_shared<ClientSession>(); }

TEST(SessionTableTest, IdsAreUnguessableAndUnique) {
  SessionTable table(std::chrono::seconds(60), 1000);
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
  SessionTable table(std::chrono::seconds(60), 10);
  std::shared_ptr<HttpSession> s = table.Create("t", Client());
  EXPECT_EQ(table.Find(s->id()), s);
  EXPECT_EQ(table.Find("unknown"), nullptr);
  EXPECT_TRUE(table.Remove(s->id()));
  EXPECT_FALSE(table.Remove(s->id()));
  EXPECT_EQ(table.Find(s->id()), nullptr);
  EXPECT_EQ(table.size(), 0u);
}

TEST(SessionTableTest, CapEndsTheTenantsLeastRecentlyUsedSession) {
  SessionTable table(std::chrono::seconds(60), 2);
  std::shared_ptr<HttpSession> a = table.Create("t", Client());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::shared_ptr<HttpSession> b = table.Create("t", Client());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
  SessionTable table(std::chrono::seconds(0), 10);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(table.ExpireIdle(), 1u);
  EXPECT_EQ(table.Find(s->id()), nullptr);
}

TEST(SessionTableTest, EndingASessionWakesItsStreamAndCancelsItsRequests) {
  SessionTable table(std::chrono::seconds(60), 10);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  auto cancellation = std::make_shared<Cancellation>();
  s->Track("7", cancellation);
  ASSERT_TRUE(s->AttachStream());
  EXPECT_FALSE(s->AttachStream());  // one listener at a time
  std::thread remover([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    table.Remove(s->id());
  });
  EXPECT_EQ(s->Wait(std::chrono::seconds(10)), std::nullopt);
  remover.join();
  EXPECT_TRUE(cancellation->cancelled());
}

TEST(SessionTableTest, EndingStreamsLeavesRequestsRunning) {
  SessionTable table(std::chrono::seconds(60), 10);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  auto cancellation = std::make_shared<Cancellation>();
  s->Track("1", cancellation);
  table.EndStreams();
  EXPECT_EQ(s->Wait(std::chrono::seconds(10)), std::nullopt);
  EXPECT_FALSE(cancellation->cancelled());
  EXPECT_EQ(table.Find(s->id()), s);
}

TEST(SessionTableTest, QueuedMessagesReachTheStream) {
  SessionTable table(std::chrono::seconds(60), 10);
  std::shared_ptr<HttpSession> s = table.Create("", Client());
  s->Push("one");
  s->Push("two");
  std::optional<std::vector<std::string>> got = s->Wait(std::chrono::milliseconds(10));
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, (std::vector<std::string>{"one", "two"}));
  EXPECT_TRUE(s->Wait(std::chrono::milliseconds(10))->empty());
}

TEST(SessionTableTest, CancelReachesTheTrackedRequestOnly) {
  SessionTable table(std::chrono::seconds(60), 10);
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
