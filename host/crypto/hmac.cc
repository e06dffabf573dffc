#include "host/crypto/hmac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <atomic>
#include <memory>
#include <unordered_map>

#include "host/crypto/openssl_glue.h"
#include "host/crypto/secure_bytes.h"
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

// Runs an initialised context over `data`.
std::string Finish(EVP_MAC_CTX* ctx, std::string_view data) {
  std::string mac(kSha256Size, '\0');
  size_t size = 0;
  if (EVP_MAC_update(ctx, internal::Bytes(data), data.size()) != 1 ||
      EVP_MAC_final(ctx, reinterpret_cast<unsigned char*>(mac.data()), &size, mac.size()) != 1 ||
      size != kSha256Size) {
    internal::AbortOnOpenSslFailure("HMAC-SHA256");
  }
  return mac;
}

std::atomic<uint64_t> next_key_id{1};

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view data) {
  thread_local const MacContext ctx = NewHmacSha256Context();
  if (EVP_MAC_init(ctx.get(), internal::Bytes(key), key.size(), nullptr) != 1) {
    internal::AbortOnOpenSslFailure("HMAC-SHA256");
  }
  return Finish(ctx.get(), data);
}

HmacSha256Key::HmacSha256Key(std::string key) : id_(next_key_id.fetch_add(1)), key_(std::move(key)) {}

HmacSha256Key::~HmacSha256Key() { Wipe(&key_); }

std::string HmacSha256Key::Mac(std::string_view data) const {
  thread_local std::unordered_map<uint64_t, MacContext> contexts;
  auto [it, first] = contexts.try_emplace(id_);
  if (first) {
    it->second = NewHmacSha256Context();
    if (EVP_MAC_init(it->second.get(), internal::Bytes(key_), key_.size(), nullptr) != 1) {
      internal::AbortOnOpenSslFailure("HMAC-SHA256");
    }
  } else if (EVP_MAC_init(it->second.get(), nullptr, 0, nullptr) != 1) {
    // Restarted under the key it already holds.
    internal::AbortOnOpenSslFailure("HMAC-SHA256");
  }
  return Finish(it->second.get(), data);
}

}  // namespace odmcp::crypto
