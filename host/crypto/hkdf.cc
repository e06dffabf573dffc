#include "host/crypto/hkdf.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

#include "host/crypto/openssl_glue.h"

namespace odmcp::crypto {
namespace {

struct KdfContextFree {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

}  // namespace

StatusOr<std::string> HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                                 size_t length) {
  if (length == 0 || length > kHkdfSha256MaxLength) {
    return Status(ODMCP_INTERNAL, "HKDF-SHA256 output length must be 1 to " +
                                      std::to_string(kHkdfSha256MaxLength) + " bytes, not " +
                                      std::to_string(length));
  }
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr);
  if (kdf == nullptr) {
    return Status(ODMCP_INTERNAL, "HKDF unavailable: " + internal::TakeOpenSslError());
  }
  std::unique_ptr<EVP_KDF_CTX, KdfContextFree> ctx(EVP_KDF_CTX_new(kdf));
  EVP_KDF_free(kdf);  // the context holds its own reference
  if (ctx == nullptr) return Status(ODMCP_INTERNAL, "HKDF failed: " + internal::TakeOpenSslError());

  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      internal::OctetParam(OSSL_KDF_PARAM_KEY, ikm),
      internal::OctetParam(OSSL_KDF_PARAM_SALT, salt),
      internal::OctetParam(OSSL_KDF_PARAM_INFO, info),
      OSSL_PARAM_construct_end()};
  std::string okm(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(okm.data()), okm.size(),
                     params) != 1) {
    return Status(ODMCP_INTERNAL, "HKDF failed: " + internal::TakeOpenSslError());
  }
  return okm;
}

}  // namespace odmcp::crypto
