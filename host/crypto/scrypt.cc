#include "host/crypto/scrypt.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <limits>
#include <memory>

#include "host/crypto/openssl_glue.h"

namespace odmcp::crypto {
namespace {

struct KdfContextFree {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

// Room above OpenSSL's exact accounting (128*r*p for B plus 128*r*(N+2) for
// V), so a version that counts a little more still accepts the parameters.
constexpr uint64_t kMaxMemSlack = 1 << 20;

// The memory ceiling `params` need, or 0 if it does not fit in 64 bits.
uint64_t RequiredMaxMem(const ScryptParams& params) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  const uint64_t block = 128 * uint64_t{params.r};
  const uint64_t blocks = params.n + params.p + 2;
  if (blocks < params.n || blocks > (kMax - kMaxMemSlack) / block) return 0;
  return block * blocks + kMaxMemSlack;
}

}  // namespace

ScryptParams DefaultVerifierParams() { return ScryptParams{uint64_t{1} << 15, 8, 1}; }

StatusOr<std::string> Scrypt(std::string_view password, std::string_view salt,
                             const ScryptParams& params, size_t length) {
  if (params.n < 2 || (params.n & (params.n - 1)) != 0) {
    return Status(ODMCP_INTERNAL, "scrypt N must be a power of two greater than 1, not " +
                                      std::to_string(params.n));
  }
  if (params.r == 0 || params.p == 0) {
    return Status(ODMCP_INTERNAL, "scrypt r and p must be at least 1");
  }
  if (length == 0) return Status(ODMCP_INTERNAL, "scrypt output length must be at least 1 byte");
  const uint64_t max_mem = RequiredMaxMem(params);
  if (max_mem == 0) {
    return Status(ODMCP_INTERNAL, "scrypt parameters need more memory than can be addressed");
  }

  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_SCRYPT, nullptr);
  if (kdf == nullptr) {
    return Status(ODMCP_INTERNAL, "scrypt unavailable: " + internal::TakeOpenSslError());
  }
  std::unique_ptr<EVP_KDF_CTX, KdfContextFree> ctx(EVP_KDF_CTX_new(kdf));
  EVP_KDF_free(kdf);  // the context holds its own reference
  if (ctx == nullptr) {
    return Status(ODMCP_INTERNAL, "scrypt failed: " + internal::TakeOpenSslError());
  }

  uint64_t n = params.n;
  uint32_t r = params.r;
  uint32_t p = params.p;
  uint64_t mem = max_mem;
  const OSSL_PARAM ossl_params[] = {
      internal::OctetParam(OSSL_KDF_PARAM_PASSWORD, password),
      internal::OctetParam(OSSL_KDF_PARAM_SALT, salt),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &mem),
      OSSL_PARAM_construct_end()};
  std::string key(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(key.data()), key.size(),
                     ossl_params) != 1) {
    return Status(ODMCP_INTERNAL, "scrypt failed (N=" + std::to_string(params.n) + ", r=" +
                                      std::to_string(params.r) + ", p=" + std::to_string(params.p) +
                                      "): " + internal::TakeOpenSslError());
  }
  return key;
}

}  // namespace odmcp::crypto
