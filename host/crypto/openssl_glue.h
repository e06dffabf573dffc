// Adapters between std::string_view and OpenSSL's C interfaces, shared by the
// sources in host/crypto only (not part of the crypto library's interface).
#ifndef ODMCP_HOST_CRYPTO_OPENSSL_GLUE_H_
#define ODMCP_HOST_CRYPTO_OPENSSL_GLUE_H_

#include <openssl/core.h>

#include <string>
#include <string_view>

namespace odmcp::crypto::internal {

// The bytes of `s` as OpenSSL wants them. Never null, even for an empty view:
// several OpenSSL calls treat a null pointer as "keep the previous value"
// (EVP_MAC_init's key, for one) rather than as "empty".
const unsigned char* Bytes(std::string_view s);

// An octet-string parameter viewing `s` (OpenSSL copies it when the
// parameter is applied, so `s` need only outlive that call).
OSSL_PARAM OctetParam(const char* name, std::string_view s);

// The first error on this thread's OpenSSL error queue, as text, and clears
// the queue so a stale error cannot be blamed on a later, unrelated call.
std::string TakeOpenSslError();

// For failures that only a broken OpenSSL installation or exhausted memory
// can cause, in functions whose callers have no sensible way to recover.
[[noreturn]] void AbortOnOpenSslFailure(const char* what);

}  // namespace odmcp::crypto::internal

#endif  // ODMCP_HOST_CRYPTO_OPENSSL_GLUE_H_
