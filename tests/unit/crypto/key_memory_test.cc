// KeyMemory keeps its bytes, on pages the kernel reports as left out of
// core dumps ("dd" in /proc/self/smaps).
#include "host/crypto/key_memory.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace odmcp::crypto {
namespace {

// The VmFlags line of the mapping that holds `address`, from
// /proc/self/smaps; empty if none does.
std::string VmFlagsOf(const void* address) {
  const auto at = reinterpret_cast<uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t start = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> start >> dash >> end && dash == '-' &&
        line.find(' ') != std::string::npos && line.find(':') > line.find(' ')) {
      inside = start <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST(KeyMemoryTest, HoldsTheBytes) {
  const std::string key(48, '\x7f');
  KeyMemory memory(key);
  EXPECT_EQ(memory.view(), key);
  EXPECT_EQ(KeyMemory("").view(), "");
}

TEST(KeyMemoryTest, ItsPagesAreLeftOutOfCoreDumps) {
  KeyMemory memory(std::string(32, 'k'));
  ASSERT_TRUE(memory.excluded_from_dumps());
  const std::string flags = VmFlagsOf(memory.view().data());
  ASSERT_FALSE(flags.empty()) << "no mapping holds the key";
  EXPECT_NE((flags + " ").find(" dd "), std::string::npos) << flags;
}

}  // namespace
}  // namespace odmcp::crypto
