// Hex codec for writing test vectors as they are published.
#ifndef ODMCP_TESTS_UNIT_CRYPTO_HEX_H_
#define ODMCP_TESTS_UNIT_CRYPTO_HEX_H_

#include <stdexcept>
#include <string>
#include <string_view>

namespace odmcp::crypto::test_hex {

// Throws on odd length or a non-hex digit, so a mistyped vector fails loudly
// instead of silently testing something else.
inline std::string FromHex(std::string_view hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("not a hex digit: " + std::string(1, c));
  };
  if (hex.size() % 2 != 0) throw std::invalid_argument("odd-length hex string");
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1])));
  }
  return bytes;
}

inline std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0x0f]);
  }
  return hex;
}

}  // namespace odmcp::crypto::test_hex

#endif  // ODMCP_TESTS_UNIT_CRYPTO_HEX_H_
