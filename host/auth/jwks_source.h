// JwksSource: an external identity provider's token-signing keys, fetched
// from its JWKS document (RFC 7517) and kept fresh.
//
// The document's address is [auth.external] jwks_uri, or, when that is
// empty, the jwks_uri of the issuer's OpenID Connect discovery document
// (<issuer>/.well-known/openid-configuration, whose "issuer" must be the
// configured one). The keys are fetched on first use and again once
// `refresh_ms` have passed; and when a token names a key the set does not
// have (the provider rotated its keys), at most once per `min_refetch_ms`,
// so that tokens with made-up key ids cannot make the host hammer the
// provider. A fetch that fails keeps the keys already held, and is not
// tried again for `min_refetch_ms`.
//
// Thread safety: Key may be called from any thread; fetches run one at a
// time, and callers waiting for one share its result.
#ifndef ODMCP_HOST_AUTH_JWKS_SOURCE_H_
#define ODMCP_HOST_AUTH_JWKS_SOURCE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/jwt.h"
#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/common/status.h"

namespace odmcp {

class HttpClient;

struct JwksSourceOptions {
  std::string issuer;
  std::string jwks_uri;  // empty: discovered from the issuer
  int64_t refresh_ms = 3600000;
  int64_t min_refetch_ms = 30000;
};

class JwksSource {
 public:
  // GETs `url` and returns its body, or why it could not (a status other
  // than 200 included). Injectable for tests.
  using Fetch = std::function<StatusOr<std::string>(const std::string& url)>;

  // `clock` must outlive this object.
  JwksSource(JwksSourceOptions options, Fetch fetch, const Clock* clock);

  // The key named `kid`, fetching the set first when the rules above say
  // so; null if the provider has no such key. UNAVAILABLE when no key set
  // could be fetched at all (the provider is unreachable, or its documents
  // are malformed: the message says which).
  StatusOr<std::shared_ptr<const PublicJwk>> Key(std::string_view kid);

 private:
  using KeySet = std::vector<PublicJwk>;

  // Fetches the key set (discovering its address first if need be).
  StatusOr<std::shared_ptr<const KeySet>> FetchKeys() REQUIRES(fetch_mutex_);
  StatusOr<std::string> DiscoverJwksUri();
  static std::shared_ptr<const PublicJwk> Find(const std::shared_ptr<const KeySet>& keys,
                                               std::string_view kid);

  const JwksSourceOptions options_;
  const Fetch fetch_;
  const Clock* const clock_;
  Mutex fetch_mutex_;  // one fetch at a time; held across it
  std::string jwks_uri_ GUARDED_BY(fetch_mutex_);
  Mutex keys_mutex_;
  std::shared_ptr<const KeySet> keys_ GUARDED_BY(keys_mutex_);
  uint64_t attempts_ GUARDED_BY(keys_mutex_) = 0;     // fetches tried so far
  int64_t attempted_ms_ GUARDED_BY(keys_mutex_) = 0;  // the last one, success or not
  int64_t refreshed_ms_ GUARDED_BY(keys_mutex_) = 0;  // the last success
  int64_t forced_ms_ GUARDED_BY(keys_mutex_) = -1;    // the last for an unknown kid; -1: none
  std::string last_error_ GUARDED_BY(keys_mutex_);    // of the last failed attempt
};

// A Fetch over the host's HTTP client: GET with Accept: application/json,
// at most `max_bytes` of body, within `timeout_ms`.
JwksSource::Fetch HttpJsonFetch(HttpClient& client, uint64_t max_bytes, int64_t timeout_ms);

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_JWKS_SOURCE_H_
