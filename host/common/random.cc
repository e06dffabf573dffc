#include "host/common/random.h"

#include <openssl/rand.h>

#include <atomic>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace odmcp {

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    std::fputs("orderdesk-mcp: the system random source failed\n", stderr);
    std::abort();
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes * 2);
  for (unsigned char b : raw) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0x0f]);
  }
  return hex;
}

std::string NextCorrelationId() {
  static const std::string prefix = RandomHex(4) + "-";
  static std::atomic<uint64_t> counter{0};
  return prefix + std::to_string(counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

}  // namespace odmcp
