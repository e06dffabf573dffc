// AES-256-GCM authenticated encryption (NIST SP 800-38D) with 96-bit nonces
// and 128-bit tags.
#ifndef ODMCP_HOST_CRYPTO_AES_GCM_H_
#define ODMCP_HOST_CRYPTO_AES_GCM_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "host/common/status.h"

namespace odmcp::crypto {

inline constexpr size_t kAesGcmKeySize = 32;
inline constexpr size_t kAesGcmNonceSize = 12;
inline constexpr size_t kAesGcmTagSize = 16;

// The error message of AesGcmOpen when the tag does not verify, whatever the
// cause (wrong key, nonce or additional data, or altered ciphertext or tag):
// callers match it to report which entry failed.
inline constexpr std::string_view kAesGcmAuthenticationFailed = "authentication failed";

// Encrypts `plaintext` under `key32` (32 bytes) and `nonce12` (12 bytes),
// authenticating `aad` too, and returns ciphertext || tag, i.e.
// plaintext.size() + 16 bytes. A nonce must never repeat under one key:
// repetition reveals the XOR of the plaintexts and allows forging tags.
// Fails for wrong key or nonce sizes, inputs over 2 GiB, or an OpenSSL failure.
StatusOr<std::string> AesGcmSeal(std::string_view key32, std::string_view nonce12,
                                 std::string_view plaintext, std::string_view aad);

// Reverses AesGcmSeal: verifies the trailing 16-byte tag of
// `ciphertext_and_tag` over it and `aad`, and returns the plaintext
// (ciphertext_and_tag.size() - 16 bytes). Fails with exactly
// kAesGcmAuthenticationFailed if the tag does not verify, and with a
// descriptive message for wrong key or nonce sizes, an input shorter than the
// tag, inputs over 2 GiB, or an OpenSSL failure. No plaintext is released,
// or left in memory, unless the tag verifies.
StatusOr<std::string> AesGcmOpen(std::string_view key32, std::string_view nonce12,
                                 std::string_view ciphertext_and_tag, std::string_view aad);

}  // namespace odmcp::crypto

#endif  // ODMCP_HOST_CRYPTO_AES_GCM_H_
