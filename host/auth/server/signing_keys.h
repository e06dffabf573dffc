// SigningKeys: the keys the built-in authorization server signs its access
// tokens with (ES256), kept in the database sealed under a key derived
// from the KMS key, and published as its JWKS.
//
// The newest key that is not retired signs. Rotate() makes a new key and
// retires the others; a retired key still verifies (and stays in the JWKS)
// for `keep_retired_ms` after it was retired -- the access-token lifetime --
// so that rotating never invalidates a live token, and is deleted after.
// A serving process reads the keys again at most every `reload_ms`, and
// when a token names a key it does not know (at most once per reload_ms),
// so a rotation made by the CLI reaches it without a restart.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_AUTH_SERVER_SIGNING_KEYS_H_
#define ODMCP_HOST_AUTH_SERVER_SIGNING_KEYS_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/jwt.h"
#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/common/status.h"
#include "host/crypto/signature.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/kms_key.h"

namespace odmcp {

// The keys as last read: immutable, shared by the requests using them.
struct SigningKeySet {
  std::string signer_kid;
  std::optional<crypto::SigningKey> signer;  // always set once read
  std::vector<PublicJwk> published;          // the signer first, then retired keys

  const PublicJwk* Find(std::string_view kid) const;
};

class SigningKeys {
 public:
  // `db`, `clock` must outlive this object.
  SigningKeys(storage::Database& db, std::shared_ptr<const KmsKey> kms, const Clock* clock,
              int64_t keep_retired_ms, int64_t reload_ms = 60000);

  // Reads the keys, making the first one if there is none. Call once
  // before the others; UNAVAILABLE if the database cannot be read,
  // DATA_LOSS if a key does not open under the KMS key.
  Status Load();

  // The keys now (read again if reload_ms has passed).
  std::shared_ptr<const SigningKeySet> Current();
  // The keys, read again now if `kid` is unknown and reload_ms has passed
  // since the last such read.
  std::shared_ptr<const SigningKeySet> ForKid(std::string_view kid);

  // Makes a new signing key and retires every other; returns its kid.
  static StatusOr<std::string> Rotate(storage::Database& db, const KmsKey& kms, const Clock& clock);

 private:
  StatusOr<std::shared_ptr<const SigningKeySet>> Read();
  // Reads the keys again unless the last read for `unknown_kid` (or any
  // read, for a periodic one) was within reload_ms.
  void ReloadIfDue(bool unknown_kid);

  storage::Database& db_;
  const std::shared_ptr<const KmsKey> kms_;
  const Clock* const clock_;
  const int64_t keep_retired_ms_;
  const int64_t reload_ms_;
  Mutex mutex_;
  std::shared_ptr<const SigningKeySet> keys_ GUARDED_BY(mutex_);
  int64_t loaded_ms_ GUARDED_BY(mutex_) = 0;
  // Steady time of the last read for an unknown kid; at first, long ago.
  int64_t unknown_kid_load_ms_ GUARDED_BY(mutex_) = std::numeric_limits<int64_t>::min() / 2;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_SERVER_SIGNING_KEYS_H_
