#include "host/common/log_level.h"

#include <array>
#include <cstddef>

namespace odmcp {
namespace {

constexpr std::array<std::string_view, 8> kLevelNames = {
    "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

}  // namespace

std::string_view LogLevelName(int32_t level) {
  if (level < 0 || static_cast<size_t>(level) >= kLevelNames.size()) return "unknown";
  return kLevelNames[static_cast<size_t>(level)];
}

std::optional<int32_t> ParseLogLevel(std::string_view name) {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<int32_t>(i);
  }
  return std::nullopt;
}

}  // namespace odmcp
