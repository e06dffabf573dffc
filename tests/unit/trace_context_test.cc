// W3C traceparent parsing (valid, each malformed shape, later versions),
// child spans, new traces, and which X-Request-ID values are kept.
#include "host/common/trace_context.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace odmcp {
namespace {

constexpr char kValid[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(TraceContextTest, ParsesAVersion00Traceparent) {
  std::optional<Traceparent> parsed = ParseTraceparent(kValid);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(parsed->span_id, "00f067aa0ba902b7");
  EXPECT_EQ(parsed->flags, 1);
  EXPECT_EQ(parsed->ToHeader(), kValid);
}

TEST(TraceContextTest, IgnoresMalformedTraceparents) {
  for (const char* bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",      // no flags
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",  // 00 with more
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",   // upper case
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",   // zero trace
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",   // zero span
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",   // forbidden version
           "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",   // separator
           "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",   // not hex
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",
       }) {
    EXPECT_FALSE(ParseTraceparent(bad).has_value()) << bad;
  }
}

TEST(TraceContextTest, ReadsTheKnownFieldsOfALaterVersion) {
  std::optional<Traceparent> parsed =
      ParseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_FALSE(ParseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00x"));
}

TEST(TraceContextTest, AChildKeepsTheTraceAndFlagsWithANewSpan) {
  Traceparent parent = *ParseTraceparent(kValid);
  std::set<std::string> spans;
  for (int i = 0; i < 100; ++i) {
    std::optional<Traceparent> child = ParseTraceparent(parent.Child());
    ASSERT_TRUE(child.has_value());
    EXPECT_EQ(child->trace_id, parent.trace_id);
    EXPECT_EQ(child->flags, parent.flags);
    EXPECT_NE(child->span_id, parent.span_id);
    spans.insert(child->span_id);
  }
  EXPECT_EQ(spans.size(), 100u);
}

TEST(TraceContextTest, NewTracesAreValidAndDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    Traceparent trace = NewTrace();
    ASSERT_TRUE(ParseTraceparent(trace.ToHeader()).has_value()) << trace.ToHeader();
    ids.insert(trace.trace_id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(TraceContextTest, KeepsOnlyRequestIdsALogLineCanCarry) {
  EXPECT_EQ(AcceptRequestId("checkout-7f3a.42"), "checkout-7f3a.42");
  EXPECT_EQ(AcceptRequestId("a:b/c+d=e_f"), "a:b/c+d=e_f");
  EXPECT_EQ(AcceptRequestId(std::string(128, 'x')), std::string(128, 'x'));
  EXPECT_FALSE(AcceptRequestId(std::string(129, 'x')));
  EXPECT_FALSE(AcceptRequestId(""));
  EXPECT_FALSE(AcceptRequestId("has space"));
  EXPECT_FALSE(AcceptRequestId("quote\""));
  EXPECT_FALSE(AcceptRequestId("new\nline"));
}

}  // namespace
}  // namespace odmcp
