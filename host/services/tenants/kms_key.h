// The KMS key: the root secret the operator keeps outside the database
// (kms_key_source.h says where). Never stored. Every other key the host uses is derived from it
// (HKDF-SHA256 with a distinct label each), so one key in one place unlocks
// the database and nothing else does.
#ifndef ODMCP_HOST_SERVICES_TENANTS_KMS_KEY_H_
#define ODMCP_HOST_SERVICES_TENANTS_KMS_KEY_H_

#include <memory>
#include <string>
#include <string_view>

#include "host/common/status.h"
#include "host/crypto/hmac.h"
#include "host/crypto/key_memory.h"

namespace odmcp {

class KmsKey {
 public:
  // Decodes base64 `encoded` (standard or URL alphabet, padding optional);
  // it must hold at least 32 bytes. Errors never quote the value.
  static StatusOr<std::shared_ptr<const KmsKey>> FromBase64(std::string_view encoded);

  KmsKey(const KmsKey&) = delete;
  KmsKey& operator=(const KmsKey&) = delete;

  // The key and the lookup key live in KeyMemory: out of core dumps, wiped
  // when the key goes.
  std::string_view raw() const { return raw_.view(); }
  // Keys the HMAC that indexes tenants by master key.
  std::string_view lookup_key() const { return lookup_key_->view(); }
  // The same key, ready to MAC master keys with (tenant lookups, on every
  // request).
  const crypto::HmacSha256Key& lookup_mac() const { return *lookup_mac_; }
  // A value stored in the database at creation, so that a different KMS key
  // is reported as such instead of as "no such tenant" everywhere.
  const std::string& check_value() const { return check_value_; }

 private:
  explicit KmsKey(std::string raw);

  const crypto::KeyMemory raw_;
  std::unique_ptr<const crypto::KeyMemory> lookup_key_;
  std::unique_ptr<const crypto::HmacSha256Key> lookup_mac_;
  std::string check_value_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_KMS_KEY_H_
