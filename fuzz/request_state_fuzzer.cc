// Fuzzes the requestState codec (host/protocol/request_state.h). The input
// is five parts: a handler's state, a token as a client returns it, and
// the tenant, target and arguments the request is bound to:
//
//   step=2
//   %%
//   v1.eyJwIjoi...
//   %%
//   7
//   %%
//   orders_create
//   %%
//   {"store":"main"}
//
// Covers Seal and Open: base64url, the HMAC, the payload's JSON, the
// binding tag and the clock checks.
//
// Asserts, beyond no crash and no sanitizer report:
//   - any state, whatever its bytes, sealed for a binding opens to itself
//     for that binding, and a state the handler did not set opens to none;
//   - a sealed token is plain ASCII with no room for a header or SSE
//     framing to break: "v1." then base64url, ".", base64url;
//   - it is refused for a binding that differs in any one part (foreign),
//     once its time-to-live has passed (expired), and with any one of its
//     characters altered (forged or malformed);
//   - a client's token is opened only if it is exactly what this codec
//     seals for its state now: the key below has signed nothing else, so
//     an accepted token re-encodes to itself.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/check.h"
#include "fuzz/input_parts.h"
#include "host/protocol/request_state.h"

namespace odmcp {
namespace {

// The clock and key of every seal and open here (the seed tokens were
// sealed with them).
constexpr int64_t kNowMs = 1'800'000'000'000;
constexpr int64_t kTtlMs = 600'000;
const RequestStateCodec& Codec() {
  static const RequestStateCodec codec(std::string(32, 'k'), kTtlMs);
  return codec;
}

bool IsTokenText(std::string_view token) {
  if (token.substr(0, 3) != "v1.") return false;
  int dots = 0;
  for (char c : token.substr(3)) {
    const bool url_safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (c == '.') {
      ++dots;
    } else if (!url_safe) {
      return false;
    }
  }
  return dots == 1;
}

bool Refused(const std::string& token, const StateBinding& binding, int64_t now_ms) {
  return Codec().Open(token, binding, now_ms).problem.has_value();
}

void CheckRoundTrip(const std::optional<std::string>& state, const StateBinding& binding) {
  const std::string token = Codec().Seal(binding, state, kNowMs);
  FUZZ_CHECK(IsTokenText(token));
  const RequestStateCodec::Opened opened = Codec().Open(token, binding, kNowMs);
  FUZZ_CHECK(!opened.problem.has_value());
  FUZZ_CHECK(opened.state == state);
}

void CheckRefusals(const std::string& state, const StateBinding& binding) {
  const std::string token = Codec().Seal(binding, state, kNowMs);
  const std::string other_tenant = binding.tenant + "x";
  const std::string other_target = std::string(binding.target) + "x";
  const std::string other_arguments = std::string(binding.arguments) + " ";
  for (const StateBinding& other :
       {StateBinding{other_tenant, binding.method, binding.target, binding.arguments},
        StateBinding{binding.tenant, "prompts/get", binding.target, binding.arguments},
        StateBinding{binding.tenant, binding.method, other_target, binding.arguments},
        StateBinding{binding.tenant, binding.method, binding.target, other_arguments}}) {
    FUZZ_CHECK(Codec().Open(token, other, kNowMs).problem == StateProblem::kForeign);
  }
  FUZZ_CHECK(!Refused(token, binding, kNowMs + kTtlMs - 1000));
  FUZZ_CHECK(Codec().Open(token, binding, kNowMs + kTtlMs + 999).problem ==
             StateProblem::kExpired);
  // One altered character, at a place the state picks.
  std::string altered = token;
  const size_t at = state.size() % altered.size();
  altered[at] = altered[at] == 'A' ? 'B' : 'A';
  const std::optional<StateProblem> problem = Codec().Open(altered, binding, kNowMs).problem;
  FUZZ_CHECK(problem == StateProblem::kForged || problem == StateProblem::kMalformed);
}

void CheckClientToken(std::string_view token, const StateBinding& binding) {
  const RequestStateCodec::Opened opened = Codec().Open(token, binding, kNowMs);
  if (opened.problem) return;
  FUZZ_CHECK(Codec().Seal(binding, opened.state, kNowMs) == token);
}

}  // namespace
}  // namespace odmcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp;
  const std::vector<std::string_view> parts = fuzz::SplitParts(data, size, 5);
  const StateBinding binding{std::string(parts[2]), "tools/call", parts[3], parts[4]};
  const std::string state(parts[0]);
  CheckRoundTrip(state, binding);
  CheckRoundTrip(std::nullopt, binding);
  CheckRefusals(state, binding);
  CheckClientToken(parts[1], binding);
  return 0;
}
