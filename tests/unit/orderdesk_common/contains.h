// EXPECT_TRUE(Contains(text, part)): a substring check that prints both on
// failure, without needing gMock.
#ifndef ODMCP_TESTS_UNIT_ORDERDESK_COMMON_CONTAINS_H_
#define ODMCP_TESTS_UNIT_ORDERDESK_COMMON_CONTAINS_H_

#include <gtest/gtest.h>

#include <string_view>

namespace odmcp::orderdesk {

inline ::testing::AssertionResult Contains(std::string_view text, std::string_view part) {
  if (text.find(part) != std::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

}  // namespace odmcp::orderdesk

#endif  // ODMCP_TESTS_UNIT_ORDERDESK_COMMON_CONTAINS_H_
