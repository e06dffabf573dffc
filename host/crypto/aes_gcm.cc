#include "host/crypto/aes_gcm.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>
#include <memory>

#include "host/crypto/openssl_glue.h"

namespace odmcp::crypto {
namespace {

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

// EVP_*Update takes its lengths as int.
constexpr size_t kMaxInput = INT_MAX;

Status CheckInputs(std::string_view key, std::string_view nonce, std::string_view text,
                   std::string_view aad) {
  if (key.size() != kAesGcmKeySize) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "AES-256-GCM key must be 32 bytes, not " + std::to_string(key.size()));
  }
  if (nonce.size() != kAesGcmNonceSize) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "AES-256-GCM nonce must be 12 bytes, not " + std::to_string(nonce.size()));
  }
  if (text.size() > kMaxInput || aad.size() > kMaxInput) {
    return Status(ODMCP_INVALID_ARGUMENT, "AES-256-GCM input larger than 2 GiB");
  }
  return Status::Ok();
}

unsigned char* Writable(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

Status OpenSslFailure(const char* operation) {
  return Status(ODMCP_INTERNAL, std::string("AES-256-GCM ") + operation +
                                    " failed: " + internal::TakeOpenSslError());
}

}  // namespace

StatusOr<std::string> AesGcmSeal(std::string_view key32, std::string_view nonce12,
                                 std::string_view plaintext, std::string_view aad) {
  if (Status checked = CheckInputs(key32, nonce12, plaintext, aad); !checked.ok()) return checked;
  CipherContext ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) return OpenSslFailure("encryption");

  std::string sealed(plaintext.size() + kAesGcmTagSize, '\0');
  int size = 0;
  // GCM's default nonce length is the 12 bytes checked above.
  bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                               internal::Bytes(key32), internal::Bytes(nonce12)) == 1;
  if (ok && !aad.empty()) {
    ok = EVP_EncryptUpdate(ctx.get(), nullptr, &size, internal::Bytes(aad),
                           static_cast<int>(aad.size())) == 1;
  }
  if (ok && !plaintext.empty()) {
    ok = EVP_EncryptUpdate(ctx.get(), Writable(sealed), &size, internal::Bytes(plaintext),
                           static_cast<int>(plaintext.size())) == 1 &&
         static_cast<size_t>(size) == plaintext.size();
  }
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), Writable(sealed) + plaintext.size(), &size) == 1 &&
       size == 0 &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAesGcmTagSize),
                           Writable(sealed) + plaintext.size()) == 1;
  if (!ok) return OpenSslFailure("encryption");
  return sealed;
}

StatusOr<std::string> AesGcmOpen(std::string_view key32, std::string_view nonce12,
                                 std::string_view ciphertext_and_tag, std::string_view aad) {
  if (Status checked = CheckInputs(key32, nonce12, ciphertext_and_tag, aad); !checked.ok()) {
    return checked;
  }
  if (ciphertext_and_tag.size() < kAesGcmTagSize) {
    return Status(ODMCP_INTERNAL, "AES-256-GCM input is " +
                                      std::to_string(ciphertext_and_tag.size()) +
                                      " bytes, shorter than its 16-byte tag");
  }
  const std::string_view ciphertext =
      ciphertext_and_tag.substr(0, ciphertext_and_tag.size() - kAesGcmTagSize);
  const std::string_view tag = ciphertext_and_tag.substr(ciphertext.size());
  CipherContext ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) return OpenSslFailure("decryption");

  std::string plaintext(ciphertext.size(), '\0');
  int size = 0;
  bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                               internal::Bytes(key32), internal::Bytes(nonce12)) == 1;
  if (ok && !aad.empty()) {
    ok = EVP_DecryptUpdate(ctx.get(), nullptr, &size, internal::Bytes(aad),
                           static_cast<int>(aad.size())) == 1;
  }
  if (ok && !ciphertext.empty()) {
    ok = EVP_DecryptUpdate(ctx.get(), Writable(plaintext), &size, internal::Bytes(ciphertext),
                           static_cast<int>(ciphertext.size())) == 1 &&
         static_cast<size_t>(size) == ciphertext.size();
  }
  // The tag is only read, but the control interface is read-write by type.
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG,
                                 static_cast<int>(kAesGcmTagSize),
                                 const_cast<unsigned char*>(internal::Bytes(tag))) == 1;
  if (!ok) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return OpenSslFailure("decryption");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), Writable(plaintext) + plaintext.size(), &size) != 1) {
    // The buffer holds unauthenticated plaintext, possibly chosen by whoever
    // altered the input; it must not outlive this call.
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    ERR_clear_error();
    return Status(ODMCP_INTERNAL, std::string(kAesGcmAuthenticationFailed));
  }
  return plaintext;
}

}  // namespace odmcp::crypto
