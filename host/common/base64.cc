#include "host/common/base64.h"

#include <array>
#include <cstdint>

namespace odmcp {
namespace {

constexpr std::string_view kStandard =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrl =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    out.push_back(alphabet[(n >> 6) & 63]);
    out.push_back(alphabet[n & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    if (rest == 2) out.push_back(alphabet[(n >> 6) & 63]);
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

std::array<int8_t, 256> ReverseTable(std::string_view alphabet) {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}

// Decodes canonical input: with padding when `padded`, else without. The
// unused low bits of the last symbol must be zero (canonical form).
std::optional<std::string> Decode(std::string_view text, std::string_view alphabet,
                                  bool padded) {
  const std::array<int8_t, 256> table = ReverseTable(alphabet);
  size_t pad = 0;
  if (padded) {
    if (text.size() % 4 != 0) return std::nullopt;
    while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  } else if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string_view symbols = text.substr(0, text.size() - pad);
  std::string out;
  out.reserve(symbols.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : symbols) {
    int8_t v = table[static_cast<uint8_t>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if (bits >= 6 || (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) { return Encode(bytes, kStandard, true); }

std::optional<std::string> Base64Decode(std::string_view text) {
  return Decode(text, kStandard, true);
}

std::string Base64UrlEncode(std::string_view bytes) { return Encode(bytes, kUrl, false); }

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  return Decode(text, kUrl, false);
}

}  // namespace odmcp
