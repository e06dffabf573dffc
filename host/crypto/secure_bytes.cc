#include "host/crypto/secure_bytes.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "host/crypto/openssl_glue.h"

namespace odmcp::crypto {

std::string RandomBytes(size_t n) {
  std::string bytes(n, '\0');
  if (n > 0 && RAND_bytes_ex(nullptr, reinterpret_cast<unsigned char*>(bytes.data()), n, 0) != 1) {
    internal::AbortOnOpenSslFailure("the random generator");
  }
  return bytes;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         CRYPTO_memcmp(internal::Bytes(a), internal::Bytes(b), a.size()) == 0;
}

void Wipe(std::string* s) {
  // Bytes past size() may still hold an earlier, longer value; growing to the
  // capacity makes them part of the string (without reallocating) so they are
  // cleansed too.
  s->resize(s->capacity());
  OPENSSL_cleanse(s->data(), s->size());
  s->clear();
}

}  // namespace odmcp::crypto
