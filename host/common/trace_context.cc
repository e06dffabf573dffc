#include "host/common/trace_context.h"

#include <atomic>
#include <cctype>

#include "host/common/random.h"

namespace odmcp {
namespace {

constexpr size_t kTraceIdDigits = 32;
constexpr size_t kSpanIdDigits = 16;
constexpr size_t kMaxRequestIdBytes = 128;

bool LowerHex(std::string_view digits) {
  for (char c : digits) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool AllZero(std::string_view digits) { return digits.find_first_not_of('0') == digits.npos; }

std::string Hex64(uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<size_t>(i)] = kDigits[value & 0xf];
  return out;
}

// A process-unique, never-zero 64-bit value that looks random: the counter
// times an odd constant is a bijection, so values never repeat, and the
// random per-process key keeps two processes apart.
uint64_t NextUnique() {
  static const uint64_t key = std::stoull(RandomHex(8), nullptr, 16);
  static std::atomic<uint64_t> counter{0};
  uint64_t value = (counter.fetch_add(1, std::memory_order_relaxed) + 1) * 0x9e3779b97f4a7c15ULL;
  value ^= key;
  return value == 0 ? 1 : value;
}

}  // namespace

std::string Traceparent::Child() const {
  Traceparent child{trace_id, Hex64(NextUnique()), flags};
  return child.ToHeader();
}

std::string Traceparent::ToHeader() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string header = "00-" + trace_id + "-" + span_id + "-";
  header += kDigits[flags >> 4];
  header += kDigits[flags & 0xf];
  return header;
}

std::optional<Traceparent> ParseTraceparent(std::string_view header) {
  // version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2.
  constexpr size_t kLength = 55;
  if (header.size() < kLength || header[2] != '-' || header[35] != '-' || header[52] != '-') {
    return std::nullopt;
  }
  const std::string_view version = header.substr(0, 2);
  const std::string_view trace_id = header.substr(3, kTraceIdDigits);
  const std::string_view span_id = header.substr(36, kSpanIdDigits);
  const std::string_view flags = header.substr(53, 2);
  if (!LowerHex(version) || version == "ff") return std::nullopt;
  // Version 00 is exactly 55 characters; a later one may append fields
  // after a dash.
  if (header.size() > kLength && (version == "00" || header[kLength] != '-')) return std::nullopt;
  if (!LowerHex(trace_id) || AllZero(trace_id) || !LowerHex(span_id) || AllZero(span_id) ||
      !LowerHex(flags)) {
    return std::nullopt;
  }
  Traceparent parsed;
  parsed.trace_id = std::string(trace_id);
  parsed.span_id = std::string(span_id);
  parsed.flags = static_cast<uint8_t>(std::stoi(std::string(flags), nullptr, 16));
  return parsed;
}

Traceparent NewTrace() {
  Traceparent trace;
  trace.trace_id = Hex64(NextUnique()) + Hex64(NextUnique());
  trace.span_id = Hex64(NextUnique());
  return trace;
}

std::optional<std::string> AcceptRequestId(std::string_view value) {
  if (value.empty() || value.size() > kMaxRequestIdBytes) return std::nullopt;
  for (char c : value) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                         c == '.' || c == ':' || c == '/' || c == '+' || c == '=';
    if (!allowed) return std::nullopt;
  }
  return std::string(value);
}

}  // namespace odmcp
