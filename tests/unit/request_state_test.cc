// RequestStateCodec: a state this host sealed opens only for the request it
// was sealed for, unaltered and in time; everything else is refused with the
// problem named.
#include "host/protocol/request_state.h"

#include <gtest/gtest.h>

#include "host/common/base64.h"

namespace odmcp {
namespace {

constexpr int64_t kNowMs = 1'800'000'000'000;
constexpr int64_t kTtlMs = 600'000;
const std::string kKey(32, 'k');

StateBinding Binding(std::string tenant = "7", std::string_view target = "orders_create",
                     std::string_view arguments = R"({"store":"main"})") {
  return StateBinding{std::move(tenant), "tools/call", target, arguments};
}

TEST(RequestStateTest, OpensForTheRequestItWasSealedFor) {
  RequestStateCodec codec(kKey, kTtlMs);
  const std::string token = codec.Seal(Binding(), std::string("step=2;name=Alice"), kNowMs);
  RequestStateCodec::Opened opened = codec.Open(token, Binding(), kNowMs + 1000);
  EXPECT_FALSE(opened.problem.has_value());
  EXPECT_EQ(opened.state, "step=2;name=Alice");
}

TEST(RequestStateTest, AStateTheHandlerDidNotSetComesBackAsNone) {
  RequestStateCodec codec(kKey, kTtlMs);
  RequestStateCodec::Opened opened =
      codec.Open(codec.Seal(Binding(), std::nullopt, kNowMs), Binding(), kNowMs);
  EXPECT_FALSE(opened.problem.has_value());
  EXPECT_FALSE(opened.state.has_value());
}

TEST(RequestStateTest, TamperingAnywhereIsForgery) {
  RequestStateCodec codec(kKey, kTtlMs);
  const std::string token = codec.Seal(Binding(), std::string("x"), kNowMs);
  // The suite's probe: a suffix on the signature.
  EXPECT_EQ(codec.Open(token + "-TAMPERED", Binding(), kNowMs).problem, StateProblem::kForged);
  // A payload rewritten to carry another state, with the old signature.
  const size_t dot = token.rfind('.');
  std::string payload = *Base64UrlDecode(token.substr(3, dot - 3));
  payload.replace(payload.find("\"x\""), 3, "\"y\"");
  const std::string rewritten = "v1." + Base64UrlEncode(payload) + token.substr(dot);
  EXPECT_EQ(codec.Open(rewritten, Binding(), kNowMs).problem, StateProblem::kForged);
  // Sealed under another host's key.
  RequestStateCodec other(std::string(32, 'o'), kTtlMs);
  EXPECT_EQ(codec.Open(other.Seal(Binding(), std::string("x"), kNowMs), Binding(), kNowMs).problem,
            StateProblem::kForged);
}

TEST(RequestStateTest, ExpiresAfterItsTimeToLive) {
  RequestStateCodec codec(kKey, kTtlMs);
  const std::string token = codec.Seal(Binding(), std::string("x"), kNowMs);
  EXPECT_FALSE(codec.Open(token, Binding(), kNowMs + kTtlMs - 1000).problem.has_value());
  EXPECT_EQ(codec.Open(token, Binding(), kNowMs + kTtlMs + 1000).problem, StateProblem::kExpired);
}

TEST(RequestStateTest, IsRefusedForAnotherTenantToolMethodOrArguments) {
  RequestStateCodec codec(kKey, kTtlMs);
  const std::string token = codec.Seal(Binding(), std::string("x"), kNowMs);
  EXPECT_EQ(codec.Open(token, Binding("8"), kNowMs).problem, StateProblem::kForeign);
  EXPECT_EQ(codec.Open(token, Binding("7", "orders_delete"), kNowMs).problem,
            StateProblem::kForeign);
  EXPECT_EQ(codec.Open(token, Binding("7", "orders_create", R"({"store":"other"})"), kNowMs).problem,
            StateProblem::kForeign);
  StateBinding prompt = Binding();
  prompt.method = "prompts/get";
  EXPECT_EQ(codec.Open(token, prompt, kNowMs).problem, StateProblem::kForeign);
  // Field boundaries are part of the binding: moving a character from one
  // field to the next is another binding.
  EXPECT_EQ(codec.Open(token, Binding("7o", "rders_create"), kNowMs).problem,
            StateProblem::kForeign);
}

TEST(RequestStateTest, WhatThisHostNeverWritesIsMalformed) {
  RequestStateCodec codec(kKey, kTtlMs);
  for (const char* token : {"", "v1.", "v2.abc.def", "not a state", "v1.abc"}) {
    EXPECT_EQ(codec.Open(token, Binding(), kNowMs).problem, StateProblem::kMalformed) << token;
  }
  EXPECT_EQ(StateProblemReason(StateProblem::kForged), "invalid_request_state");
}

}  // namespace
}  // namespace odmcp
