// Handling secret bytes: generating them, comparing them, erasing them.
#ifndef ODMCP_HOST_CRYPTO_SECURE_BYTES_H_
#define ODMCP_HOST_CRYPTO_SECURE_BYTES_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace odmcp::crypto {

// `n` bytes from OpenSSL's CSPRNG (seeded from the operating system). Aborts
// the process if the generator fails: callers make keys, salts and nonces
// from these bytes, and a predictable key is worse than none.
std::string RandomBytes(size_t n);

// Whether `a` and `b` hold the same bytes, taking time that depends on their
// length but not on where they differ, so comparing a secret (a MAC, a key
// hash) reveals nothing about it. Different lengths compare unequal at once:
// the lengths compared here are public (fixed-size digests).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Overwrites the whole of `*s`'s buffer, spare capacity included, in a way
// the compiler cannot optimise away, then empties it. Copies made before
// (reallocations, copies the caller took) are out of its reach.
void Wipe(std::string* s);

}  // namespace odmcp::crypto

#endif  // ODMCP_HOST_CRYPTO_SECURE_BYTES_H_
