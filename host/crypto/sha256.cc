#include "host/crypto/sha256.h"

#include <openssl/evp.h>

#include "host/crypto/openssl_glue.h"

namespace odmcp::crypto {

std::string Sha256(std::string_view data) {
  std::string digest(kSha256Size, '\0');
  unsigned int size = 0;
  if (EVP_Digest(internal::Bytes(data), data.size(),
                 reinterpret_cast<unsigned char*>(digest.data()), &size, EVP_sha256(),
                 nullptr) != 1 ||
      size != kSha256Size) {
    internal::AbortOnOpenSslFailure("SHA-256");
  }
  return digest;
}

}  // namespace odmcp::crypto
