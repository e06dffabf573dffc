// KeyMemory: key material kept on pages of its own that are left out of
// core dumps (madvise MADV_DONTDUMP), locked in RAM where the memlock limit
// allows (mlock, so they are never written to swap), and wiped when freed.
//
// The host is not dumpable unless server.allow_core_dumps is set
// (cli/private_memory.h); this keeps the root keys out of the dumps an
// operator does allow. Copies a caller takes (a derived key in a
// std::string) are ordinary memory.
//
// Thread-compatible; immutable after construction.
#ifndef ODMCP_HOST_CRYPTO_KEY_MEMORY_H_
#define ODMCP_HOST_CRYPTO_KEY_MEMORY_H_

#include <cstddef>
#include <string_view>

namespace odmcp::crypto {

class KeyMemory {
 public:
  // Copies `bytes` onto fresh pages. Aborts if no memory can be mapped, as
  // the standard allocators do.
  explicit KeyMemory(std::string_view bytes);
  KeyMemory(const KeyMemory&) = delete;
  KeyMemory& operator=(const KeyMemory&) = delete;
  ~KeyMemory();  // wipes and unmaps

  std::string_view view() const { return {data_, size_}; }
  // Whether the kernel agreed to leave the pages out of core dumps.
  bool excluded_from_dumps() const { return excluded_from_dumps_; }

 private:
  char* data_;
  size_t size_;
  size_t mapped_;
  bool excluded_from_dumps_ = false;
  bool locked_ = false;
};

}  // namespace odmcp::crypto

#endif  // ODMCP_HOST_CRYPTO_KEY_MEMORY_H_
