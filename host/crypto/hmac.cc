#include "host/crypto/hmac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

#include "host/crypto/openssl_glue.h"
#include "host/crypto/sha256.h"

namespace odmcp::crypto {
namespace {

struct MacContextFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};
using MacContext = std::unique_ptr<EVP_MAC_CTX, MacContextFree>;

MacContext NewHmacSha256Context() {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) internal::AbortOnOpenSslFailure("fetching HMAC");
  MacContext ctx(EVP_MAC_CTX_new(mac));
  EVP_MAC_free(mac);  // the context holds its own reference
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  if (ctx == nullptr || EVP_MAC_CTX_set_params(ctx.get(), params) != 1) {
    internal::AbortOnOpenSslFailure("creating an HMAC-SHA256 context");
  }
  return ctx;
}

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view data) {
  thread_local const MacContext ctx = NewHmacSha256Context();
  std::string mac(kSha256Size, '\0');
  size_t size = 0;
  if (EVP_MAC_init(ctx.get(), internal::Bytes(key), key.size(), nullptr) != 1 ||
      EVP_MAC_update(ctx.get(), internal::Bytes(data), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), reinterpret_cast<unsigned char*>(mac.data()), &size,
                    mac.size()) != 1 ||
      size != kSha256Size) {
    internal::AbortOnOpenSslFailure("HMAC-SHA256");
  }
  return mac;
}

}  // namespace odmcp::crypto
