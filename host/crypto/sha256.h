// SHA-256 (FIPS 180-4).
#ifndef ODMCP_HOST_CRYPTO_SHA256_H_
#define ODMCP_HOST_CRYPTO_SHA256_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace odmcp::crypto {

inline constexpr size_t kSha256Size = 32;

// The 32-byte SHA-256 digest of `data`. Cannot fail in a working OpenSSL;
// aborts the process if the library is broken or out of memory.
std::string Sha256(std::string_view data);

}  // namespace odmcp::crypto

#endif  // ODMCP_HOST_CRYPTO_SHA256_H_
