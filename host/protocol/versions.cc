#include "host/protocol/versions.h"

#include <algorithm>

namespace odmcp {

bool IsLegacyVersion(std::string_view version) {
  return std::find(kLegacyVersions.begin(), kLegacyVersions.end(), version) !=
         kLegacyVersions.end();
}

bool IsStatelessVersion(std::string_view version) {
  return std::find(kStatelessVersions.begin(), kStatelessVersions.end(), version) !=
         kStatelessVersions.end();
}

std::string_view NegotiateLegacyVersion(std::string_view requested) {
  return IsLegacyVersion(requested) ? requested : kLegacyVersions.front();
}

}  // namespace odmcp
