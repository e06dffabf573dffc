#include "host/services/tenants/kms_key.h"

#include <cstdio>
#include <cstdlib>

#include "host/common/base64.h"
#include "host/crypto/hkdf.h"
#include "host/crypto/hmac.h"
#include "host/crypto/secure_bytes.h"

namespace odmcp {
namespace {

constexpr size_t kMinimumKeyBytes = 32;

std::string Derive(std::string_view raw, std::string_view label) {
  StatusOr<std::string> key = crypto::HkdfSha256(raw, "", label, 32);
  // HKDF over a 32+ byte key with a fixed label fails only if OpenSSL itself
  // is broken, and then no key the host could use is trustworthy.
  if (!key.ok()) {
    std::fprintf(stderr, "orderdesk-mcp: key derivation failed: %s\n", key.error().c_str());
    std::abort();
  }
  return std::move(key).value();
}

}  // namespace

KmsKey::KmsKey(std::string raw) : raw_(raw) {
  crypto::Wipe(&raw);
  std::string lookup_key = Derive(raw_.view(), "orderdesk-mcp tenant lookup v1");
  lookup_key_ = std::make_unique<const crypto::KeyMemory>(lookup_key);
  lookup_mac_ = std::make_unique<const crypto::HmacSha256Key>(lookup_key);
  crypto::Wipe(&lookup_key);
  std::string check_key = Derive(raw_.view(), "orderdesk-mcp kms check v1");
  check_value_ = crypto::HmacSha256(check_key, "orderdesk-mcp");
  crypto::Wipe(&check_key);
}

StatusOr<std::shared_ptr<const KmsKey>> KmsKey::FromBase64(std::string_view encoded) {
  while (!encoded.empty() && (encoded.back() == '\n' || encoded.back() == ' ')) {
    encoded.remove_suffix(1);
  }
  // Either alphabet, padded or not: normalize to unpadded base64url.
  std::string normalized(encoded);
  while (!normalized.empty() && normalized.back() == '=') normalized.pop_back();
  for (char& c : normalized) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  std::optional<std::string> raw = Base64UrlDecode(normalized);
  crypto::Wipe(&normalized);
  if (!raw) return Status(ODMCP_INVALID_ARGUMENT, "the KMS key is not valid base64");
  if (raw->size() < kMinimumKeyBytes) {
    std::string size = std::to_string(raw->size());
    crypto::Wipe(&*raw);
    return Status(ODMCP_INVALID_ARGUMENT, "the KMS key decodes to " + size +
                                              " bytes; it must be at least " +
                                              std::to_string(kMinimumKeyBytes));
  }
  return std::shared_ptr<const KmsKey>(new KmsKey(std::move(*raw)));
}

}  // namespace odmcp
