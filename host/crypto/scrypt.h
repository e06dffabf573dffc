// scrypt (RFC 7914): a memory-hard password-based key derivation function.
#ifndef ODMCP_HOST_CRYPTO_SCRYPT_H_
#define ODMCP_HOST_CRYPTO_SCRYPT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "host/common/status.h"

namespace odmcp::crypto {

// n: CPU/memory cost, a power of two greater than 1; r: block size; p:
// parallelism. One derivation needs about 128 * r * (n + p + 2) bytes.
struct ScryptParams {
  uint64_t n;
  uint32_t r;
  uint32_t p;
};

// The parameters for verifying tenant master keys: N=2^15, r=8, p=1, which
// take 32 MiB and roughly 50-150 ms per derivation depending on the CPU.
// Master keys are 256-bit random values, so guessing one is hopeless even
// against a fast hash; the slow hash is defence in depth for a leaked
// database. Verified keys are cached, which keeps this cost off the hot path.
ScryptParams DefaultVerifierParams();

// `length` (at least 1) bytes derived from `password` and `salt`. OpenSSL's
// memory ceiling is set to exactly what `params` need (plus slack) rather than
// left at a default that differs between its interfaces (32 MiB for
// EVP_PBE_scrypt, 1025 MiB for the provider), so any valid parameters work,
// RFC 7914's 1 GiB vector included. Memory use is therefore bounded only by
// `params`: take them from configuration or a trusted record, never from a
// request. Fails for invalid parameters (n not a power of two above 1, r or p
// zero, r * p too large) or if the memory cannot be allocated; the message
// says which.
StatusOr<std::string> Scrypt(std::string_view password, std::string_view salt,
                             const ScryptParams& params, size_t length);

}  // namespace odmcp::crypto

#endif  // ODMCP_HOST_CRYPTO_SCRYPT_H_
