#include "host/auth/request_authenticator.h"

#include <utility>

#include "host/auth/external_tokens.h"
#include "host/auth/server/issued_tokens.h"
#include "host/common/http_text.h"
#include "host/services/log.h"

namespace odmcp {
namespace {

// The token of "Authorization: Bearer <token>" (the scheme in any case,
// RFC 9110 section 11.1), if that is what the header holds.
std::optional<std::string_view> BearerToken(std::optional<std::string_view> authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (!authorization || authorization->size() <= kScheme.size() ||
      !EqualsIgnoringCase(authorization->substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  return TrimOws(authorization->substr(kScheme.size()));
}

// A quoted-string of RFC 9110 section 5.6.4: the messages put in challenges
// are the host's own, but may quote a claim's name.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  return out + "\"";
}

}  // namespace

RequestAuthenticator::RequestAuthenticator(MasterKeyAuthenticator& master_keys,
                                           ExternalTokens* external, IssuedTokens* issued,
                                           RequestAuthOptions options)
    : master_keys_(master_keys),
      external_(external),
      issued_(issued),
      options_(std::move(options)) {}

AuthResult RequestAuthenticator::Authenticate(std::optional<std::string_view> authorization,
                                              std::optional<std::string> query_token,
                                              const std::string& address) {
  const std::optional<std::string_view> bearer = BearerToken(authorization);
  if (bearer && (external_ != nullptr || issued_ != nullptr) && LooksLikeJwt(*bearer)) {
    StatusOr<TokenHolder> holder = Status(ODMCP_NOT_FOUND, "");
    if (issued_ != nullptr) holder = issued_->Verify(*bearer, /*sole=*/external_ == nullptr);
    if (holder.status().code() == ODMCP_NOT_FOUND) holder = external_->Verify(*bearer);
    if (holder.ok()) {
      return AuthResult{std::move(holder.value().tenant), std::nullopt,
                        std::move(holder.value().grant)};
    }
    if (holder.status().code() == ODMCP_UNAVAILABLE) {
      HostLog().Warning("an access token could not be checked", {{"error", holder.error()}});
      return AuthResult{
          nullptr,
          AuthRefusal{503, "Service Unavailable: " + holder.error(), {{"Retry-After", "5"}}},
          nullptr};
    }
    if (uint64_t suppressed = 0; refusal_log_.Admit(SteadyMillis(), &suppressed)) {
      HostLog().Warning("access token refused",
                        {{"address", address},
                         {"reason", holder.error()},
                         {"suppressed_before", std::to_string(suppressed)}});
    }
    return AuthResult{nullptr, InvalidToken(holder.error()), nullptr};
  }
  if (!options_.master_key_bearer) {
    // Master keys are not taken over HTTP: only a token will do.
    if (bearer) {
      return AuthResult{nullptr,
                        InvalidToken("this server takes OAuth access tokens only ([auth] "
                                     "master_key_bearer = false)"),
                        nullptr};
    }
    std::string challenge = R"(Bearer realm="orderdesk-mcp")";
    if (!options_.resource_metadata_url.empty()) {
      challenge += ", resource_metadata=" + Quoted(options_.resource_metadata_url);
    }
    return AuthResult{nullptr,
                      AuthRefusal{401,
                                  "Unauthorized: send an OAuth access token as \"Authorization: "
                                  "Bearer <token>\"; the resource metadata names where to get one",
                                  {{"WWW-Authenticate", std::move(challenge)}}},
                      nullptr};
  }
  AuthResult result = master_keys_.Authenticate(authorization, std::move(query_token), address);
  if (result.refusal && result.refusal->status == 401 && !options_.resource_metadata_url.empty()) {
    for (auto& [name, value] : result.refusal->headers) {
      if (name == "WWW-Authenticate") {
        value += ", resource_metadata=" + Quoted(options_.resource_metadata_url);
      }
    }
  }
  return result;
}

AuthRefusal RequestAuthenticator::InvalidToken(const std::string& why) const {
  std::string challenge = R"(Bearer realm="orderdesk-mcp", error="invalid_token", )"
                          "error_description=" +
                          Quoted(why);
  if (!options_.resource_metadata_url.empty()) {
    challenge += ", resource_metadata=" + Quoted(options_.resource_metadata_url);
  }
  return AuthRefusal{401, "Unauthorized: " + why, {{"WWW-Authenticate", std::move(challenge)}}};
}

std::string RequestAuthenticator::ScopeChallenge(std::string_view scope) const {
  std::string challenge =
      R"(Bearer realm="orderdesk-mcp", error="insufficient_scope", scope=)" + Quoted(scope);
  if (!options_.resource_metadata_url.empty()) {
    challenge += ", resource_metadata=" + Quoted(options_.resource_metadata_url);
  }
  return challenge;
}

}  // namespace odmcp
