#include "host/protocol/request_state.h"

#include <openssl/crypto.h>
#include <rapidjson/document.h>

#include "host/common/base64.h"
#include "host/common/json.h"
#include "host/crypto/hmac.h"

namespace odmcp {
namespace {

constexpr std::string_view kVersion = "v1.";
constexpr size_t kTagBytes = 16;

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string_view StateProblemReason(StateProblem problem) {
  switch (problem) {
    case StateProblem::kMalformed:
      return "malformed_request_state";
    case StateProblem::kForged:
      return "invalid_request_state";
    case StateProblem::kExpired:
      return "expired_request_state";
    case StateProblem::kForeign:
      return "request_state_mismatch";
  }
  return "invalid_request_state";
}

RequestStateCodec::RequestStateCodec(std::string key, int64_t ttl_ms)
    : key_(std::move(key)), ttl_ms_(ttl_ms) {}

std::string RequestStateCodec::BindingTag(const StateBinding& binding) const {
  std::string message = "odmcp.requestState.bind";
  for (std::string_view part : {std::string_view(binding.tenant), binding.method, binding.target,
                                binding.arguments}) {
    // Lengths first, so that no two bindings serialize alike.
    message += '\0' + std::to_string(part.size()) + ':';
    message.append(part);
  }
  return crypto::HmacSha256(key_, message).substr(0, kTagBytes);
}

std::string RequestStateCodec::Seal(const StateBinding& binding,
                                    const std::optional<std::string>& state,
                                    int64_t now_ms) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("p");
  if (state) {
    WriteString(w, *state);
  } else {
    w.Null();
  }
  w.Key("exp");
  w.Int64((now_ms + ttl_ms_ + 999) / 1000);
  WriteKeyString(w, "b", Base64UrlEncode(BindingTag(binding)));
  w.EndObject();
  std::string token(kVersion);
  token += Base64UrlEncode(std::string_view(buffer.GetString(), buffer.GetSize()));
  const std::string mac = crypto::HmacSha256(key_, token);
  token += '.';
  token += Base64UrlEncode(mac);
  return token;
}

RequestStateCodec::Opened RequestStateCodec::Open(std::string_view token,
                                                  const StateBinding& binding,
                                                  int64_t now_ms) const {
  auto refuse = [](StateProblem problem) { return Opened{std::nullopt, problem}; };
  const size_t dot = token.rfind('.');
  if (token.substr(0, kVersion.size()) != kVersion || dot == std::string_view::npos ||
      dot < kVersion.size()) {
    return refuse(StateProblem::kMalformed);
  }
  std::optional<std::string> mac = Base64UrlDecode(token.substr(dot + 1));
  if (!mac || !ConstantTimeEqual(*mac, crypto::HmacSha256(key_, token.substr(0, dot)))) {
    return refuse(StateProblem::kForged);
  }
  // Signed by this host: what follows can only fail if the key leaked.
  std::optional<std::string> payload =
      Base64UrlDecode(token.substr(kVersion.size(), dot - kVersion.size()));
  JsonDocument doc;
  if (!payload || ParseJson(*payload, doc) || !doc.IsObject()) {
    return refuse(StateProblem::kMalformed);
  }
  const rapidjson::Value* exp = FindMember(doc, "exp");
  const rapidjson::Value* tag = FindMember(doc, "b");
  const rapidjson::Value* state = FindMember(doc, "p");
  if (exp == nullptr || !exp->IsInt64() || tag == nullptr || !tag->IsString() ||
      state == nullptr || !(state->IsString() || state->IsNull())) {
    return refuse(StateProblem::kMalformed);
  }
  if (now_ms / 1000 >= exp->GetInt64()) return refuse(StateProblem::kExpired);
  std::optional<std::string> bound = Base64UrlDecode(AsView(*tag));
  if (!bound || !ConstantTimeEqual(*bound, BindingTag(binding))) {
    return refuse(StateProblem::kForeign);
  }
  Opened opened;
  if (state->IsString()) opened.state = std::string(AsView(*state));
  return opened;
}

}  // namespace odmcp
