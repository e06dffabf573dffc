// HMAC-SHA256 against RFC 4231, and the per-thread context's re-keying.
#include "host/crypto/hmac.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "tests/unit/crypto/hex.h"

namespace odmcp::crypto {
namespace {

using test_hex::FromHex;
using test_hex::ToHex;

constexpr char kCase1Mac[] = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
// HMAC-SHA256 with an empty key over an empty message (a widely published value).
constexpr char kEmptyKeyEmptyDataMac[] =
    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";

TEST(HmacSha256Test, Rfc4231Case1) {
  EXPECT_EQ(ToHex(HmacSha256(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), "Hi There")),
            kCase1Mac);
}

TEST(HmacSha256Test, Rfc4231Case2KeyShorterThanOutput) {
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256Test, Rfc4231Case6KeyLargerThanBlock) {
  const std::string key(131, '\xaa');
  EXPECT_EQ(ToHex(HmacSha256(key, "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// The context is reused per thread: an empty (even null) key must not fall
// back to the previous call's key.
TEST(HmacSha256Test, EmptyKeyAfterAnotherKeyIsReallyEmpty) {
  const std::string key1 = FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  ASSERT_EQ(ToHex(HmacSha256(key1, "Hi There")), kCase1Mac);
  EXPECT_EQ(ToHex(HmacSha256(std::string_view(), std::string_view())), kEmptyKeyEmptyDataMac);
  ASSERT_EQ(ToHex(HmacSha256(key1, "Hi There")), kCase1Mac);
  EXPECT_EQ(ToHex(HmacSha256("", "")), kEmptyKeyEmptyDataMac);
}

TEST(HmacSha256Test, ThreadsEachGetCorrectResults) {
  const std::string key1 = FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (ToHex(HmacSha256(key1, "Hi There")) != kCase1Mac) ++failures[t];
        if (ToHex(HmacSha256("", "")) != kEmptyKeyEmptyDataMac) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

TEST(HmacSha256KeyTest, MacsLikeHmacSha256UnderEachKeyOnEveryThread) {
  const HmacSha256Key case1(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
  const HmacSha256Key empty("");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      // Alternating keys: each restart must use its own key, not the last.
      for (int i = 0; i < 200; ++i) {
        if (ToHex(case1.Mac("Hi There")) != kCase1Mac) ++failures[t];
        if (ToHex(empty.Mac("")) != kEmptyKeyEmptyDataMac) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int f : failures) EXPECT_EQ(f, 0);
  EXPECT_EQ(case1.Mac("other data"),
            HmacSha256(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), "other data"));
}

}  // namespace
}  // namespace odmcp::crypto
