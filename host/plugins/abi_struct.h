// ABI helpers. Reading structs that a plugin filled, under rule R2 of odmcp/plugin.h: a
// plugin built against an older header passes a shorter struct (the missing
// fields read as zero); one built against a newer header passes a longer
// one, accepted only if every byte this host does not know is zero.
#ifndef ODMCP_HOST_PLUGINS_ABI_STRUCT_H_
#define ODMCP_HOST_PLUGINS_ABI_STRUCT_H_

#include <odmcp/plugin.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace odmcp {

// Conversions between the ABI's string views and std::string_view.
inline std::string_view View(odmcp_str s) {
  return s.len == 0 ? std::string_view() : std::string_view(s.ptr, s.len);
}
inline odmcp_str Str(std::string_view s) { return odmcp_str{s.data(), s.size()}; }

// The size is validated before anything is copied (a struct_size larger than
// this is treated as corrupt rather than read).
inline constexpr uint32_t kMaxPeerStructSize = 64 * 1024;

// Copies *peer (whose first member is uint32_t struct_size) into *out.
// Returns false with *problem set if the size is below `min_size`, absurdly
// large, or the peer sets fields beyond sizeof(T).
template <class T>
bool ReadPeerStruct(const T* peer, size_t min_size, T* out, std::string* problem) {
  uint32_t size = 0;
  std::memcpy(&size, peer, sizeof size);
  if (size < min_size) {
    *problem = "struct_size " + std::to_string(size) + " is smaller than the oldest layout (" +
               std::to_string(min_size) + " bytes)";
    return false;
  }
  if (size > kMaxPeerStructSize) {
    *problem = "struct_size " + std::to_string(size) + " is not plausible";
    return false;
  }
  *out = T{};
  if (size > sizeof(T)) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(peer);
    for (size_t i = sizeof(T); i < size; ++i) {
      if (bytes[i] != 0) {
        *problem = "it sets fields this host does not know (struct_size " + std::to_string(size) +
                   ", this host knows " + std::to_string(sizeof(T)) +
                   " bytes); it needs a newer host";
        return false;
      }
    }
    size = sizeof(T);
  }
  std::memcpy(static_cast<void*>(out), peer, size);
  return true;
}

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_ABI_STRUCT_H_
