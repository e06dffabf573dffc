#include "host/common/secret_environment.h"

#include <cstdlib>
#include <cstring>

namespace odmcp {

std::optional<std::string> TakeSecretFromEnvironment(const std::string& name) {
  char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  std::string text(value);
  // Overwritten where it lies, which is what /proc/<pid>/environ shows,
  // then removed.
  std::memset(value, 0, std::strlen(value));
  ::unsetenv(name.c_str());
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace odmcp
