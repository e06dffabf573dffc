// Cryptographically secure random identifiers (OpenSSL's RAND_bytes).
#ifndef ODMCP_HOST_COMMON_RANDOM_H_
#define ODMCP_HOST_COMMON_RANDOM_H_

#include <cstddef>
#include <string>

namespace odmcp {

// 2 * `bytes` lowercase hex digits from `bytes` random bytes. Aborts the
// process if the system's random source fails: every caller uses the result
// as an unguessable identifier, and a guessable one is worse than none.
std::string RandomHex(size_t bytes);

// A correlation id for one request: a random per-process prefix and a
// counter ("3fa91c2e-42"), unique within the process and cheap to make.
std::string NextCorrelationId();

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_RANDOM_H_
