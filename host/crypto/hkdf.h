// HKDF-SHA256 (RFC 5869): extract-then-expand key derivation.
#ifndef ODMCP_HOST_CRYPTO_HKDF_H_
#define ODMCP_HOST_CRYPTO_HKDF_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "host/common/status.h"

namespace odmcp::crypto {

// RFC 5869 caps the output at 255 hash blocks.
inline constexpr size_t kHkdfSha256MaxLength = 255 * 32;

// `length` bytes of output keying material derived from `ikm` with `salt`
// (empty means the RFC's string of zeros) and context `info` (may be empty).
// Fails only for a length outside 1..kHkdfSha256MaxLength, or if OpenSSL
// itself fails (message says which).
StatusOr<std::string> HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                                 size_t length);

}  // namespace odmcp::crypto

#endif  // ODMCP_HOST_CRYPTO_HKDF_H_
