#include "host/auth/jwks_source.h"

#include <utility>

#include "host/common/json.h"
#include "host/services/http_client/http_client.h"
#include "host/services/log.h"

namespace odmcp {

JwksSource::JwksSource(JwksSourceOptions options, Fetch fetch, const Clock* clock)
    : options_(std::move(options)), fetch_(std::move(fetch)), clock_(clock) {
  MutexLock lock(&fetch_mutex_);
  jwks_uri_ = options_.jwks_uri;
}

StatusOr<std::shared_ptr<const PublicJwk>> JwksSource::Key(std::string_view kid) {
  uint64_t attempts = 0;
  bool forced = false;
  {
    MutexLock lock(&keys_mutex_);
    const int64_t now = clock_->SteadyMillis();
    std::shared_ptr<const PublicJwk> key = Find(keys_, kid);
    const bool fresh = keys_ != nullptr && now - refreshed_ms_ < options_.refresh_ms;
    if (key != nullptr && fresh) return key;
    bool may_fetch;
    if (fresh) {
      // A key the set lacks: the provider may have rotated.
      forced = true;
      may_fetch = forced_ms_ < 0 || now - forced_ms_ >= options_.min_refetch_ms;
    } else {
      // None yet, or time to refresh: after a failure, not at once again.
      may_fetch = attempts_ == 0 || now - attempted_ms_ >= options_.min_refetch_ms;
    }
    if (!may_fetch) {
      if (keys_ == nullptr) return Status(ODMCP_UNAVAILABLE, last_error_);
      return key;
    }
    attempts = attempts_;
  }
  MutexLock fetching(&fetch_mutex_);
  {
    // Another caller fetched while this one waited: its result stands.
    MutexLock lock(&keys_mutex_);
    if (attempts_ != attempts) {
      if (keys_ == nullptr) return Status(ODMCP_UNAVAILABLE, last_error_);
      return Find(keys_, kid);
    }
  }
  StatusOr<std::shared_ptr<const KeySet>> fetched = FetchKeys();
  MutexLock lock(&keys_mutex_);
  ++attempts_;
  attempted_ms_ = clock_->SteadyMillis();
  if (forced) forced_ms_ = attempted_ms_;
  if (fetched.ok()) {
    keys_ = fetched.value();
    refreshed_ms_ = attempted_ms_;
    return Find(keys_, kid);
  }
  last_error_ = fetched.error();
  HostLog().Warning("the identity provider's signing keys could not be fetched",
                    {{"issuer", options_.issuer}, {"error", last_error_}});
  if (keys_ == nullptr) return Status(ODMCP_UNAVAILABLE, last_error_);
  return Find(keys_, kid);
}

StatusOr<std::shared_ptr<const JwksSource::KeySet>> JwksSource::FetchKeys() {
  if (jwks_uri_.empty()) {
    StatusOr<std::string> discovered = DiscoverJwksUri();
    if (!discovered.ok()) return discovered.status();
    jwks_uri_ = std::move(discovered).value();
  }
  StatusOr<std::string> body = fetch_(jwks_uri_);
  if (!body.ok()) {
    return Status(ODMCP_UNAVAILABLE,
                  "fetching the JWKS of " + options_.issuer + ": " + body.error());
  }
  StatusOr<std::vector<PublicJwk>> keys = ParseJwks(body.value());
  if (!keys.ok()) {
    return Status(ODMCP_UNAVAILABLE, "the JWKS of " + options_.issuer + ": " + keys.error());
  }
  return std::make_shared<const KeySet>(std::move(keys).value());
}

StatusOr<std::string> JwksSource::DiscoverJwksUri() {
  std::string url = options_.issuer;
  if (!url.empty() && url.back() == '/') url.pop_back();
  url += "/.well-known/openid-configuration";
  StatusOr<std::string> body = fetch_(url);
  const std::string where = "the OpenID discovery document of " + options_.issuer;
  if (!body.ok()) return Status(ODMCP_UNAVAILABLE, "fetching " + where + ": " + body.error());
  rapidjson::Document doc;
  if (ParseJson(body.value(), doc) || !doc.IsObject()) {
    return Status(ODMCP_UNAVAILABLE, where + " is not a JSON object");
  }
  const rapidjson::Value* issuer = FindMember(doc, "issuer");
  if (issuer == nullptr || !issuer->IsString() || AsView(*issuer) != options_.issuer) {
    return Status(ODMCP_UNAVAILABLE, where +
                                         " names another issuer (OpenID Connect Discovery "
                                         "section 4.3: they must be the same)");
  }
  const rapidjson::Value* jwks_uri = FindMember(doc, "jwks_uri");
  if (jwks_uri == nullptr || !jwks_uri->IsString() || jwks_uri->GetStringLength() == 0) {
    return Status(ODMCP_UNAVAILABLE, where + " has no jwks_uri; set [auth.external] jwks_uri");
  }
  return std::string(AsView(*jwks_uri));
}

std::shared_ptr<const PublicJwk> JwksSource::Find(const std::shared_ptr<const KeySet>& keys,
                                                  std::string_view kid) {
  if (keys == nullptr) return nullptr;
  for (const PublicJwk& key : *keys) {
    // Aliasing: the key lives as long as its set.
    if (key.kid == kid) return std::shared_ptr<const PublicJwk>(keys, &key);
  }
  return nullptr;
}

JwksSource::Fetch HttpJsonFetch(HttpClient& client, uint64_t max_bytes, int64_t timeout_ms) {
  return [&client, max_bytes, timeout_ms](const std::string& url) -> StatusOr<std::string> {
    HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.headers = {{"Accept", "application/json"}};
    request.coalesce_scope = "auth";
    request.max_response_bytes = max_bytes;
    request.deadline_unix_ms = UnixMillis() + timeout_ms;
    HttpOutcome outcome = client.Fetch(request);
    if (outcome.status != ODMCP_OK) return Status(outcome.status, outcome.error);
    if (outcome.response->status != 200) {
      return Status(ODMCP_UNAVAILABLE,
                    "answered HTTP " + std::to_string(outcome.response->status) + ", not 200");
    }
    return outcome.response->body;
  };
}

}  // namespace odmcp
