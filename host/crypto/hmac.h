// HMAC-SHA256 (RFC 2104, FIPS 198-1).
#ifndef ODMCP_HOST_CRYPTO_HMAC_H_
#define ODMCP_HOST_CRYPTO_HMAC_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace odmcp::crypto {

// The 32-byte HMAC-SHA256 of `data` under `key` (any length, empty included;
// keys longer than 64 bytes are hashed first, as the RFC says). Cannot fail
// in a working OpenSSL; aborts the process if the library is broken or out
// of memory.
//
// Runs for every authenticated request, so each thread keeps one MAC context
// and only re-keys it: fetching the algorithm per call costs more than the
// MAC itself (about 1.2 us against 0.4 us for a 64-byte message). That
// context holds state derived from the last key until the thread's next call
// or its exit.
std::string HmacSha256(std::string_view key, std::string_view data);

// A key the host MACs with on every request (the lookup key of master keys,
// the key that signs request states), made ready once: each thread keys a
// context for it the first time and afterwards only restarts that context,
// skipping the key schedule, most of the work for the short messages these
// keys MAC. Same results as HmacSha256.
//
// Thread safety: Mac() may be called from any thread. A thread keeps its
// context for each key it used until it exits; keys like these live as long
// as the process.
class HmacSha256Key {
 public:
  explicit HmacSha256Key(std::string key);
  HmacSha256Key(const HmacSha256Key&) = delete;
  HmacSha256Key& operator=(const HmacSha256Key&) = delete;
  ~HmacSha256Key();  // wipes the key

  std::string Mac(std::string_view data) const;

 private:
  const uint64_t id_;  // never reused, so a thread's context is never another key's
  std::string key_;
};

}  // namespace odmcp::crypto

#endif  // ODMCP_HOST_CRYPTO_HMAC_H_
