#include "host/crypto/key_memory.h"

#include <openssl/crypto.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace odmcp::crypto {
namespace {

size_t PageRound(size_t n) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return (n + page - 1) / page * page;
}

}  // namespace

KeyMemory::KeyMemory(std::string_view bytes)
    : size_(bytes.size()), mapped_(PageRound(bytes.size() == 0 ? 1 : bytes.size())) {
  void* pages = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pages == MAP_FAILED) std::abort();
  data_ = static_cast<char*>(pages);
  excluded_from_dumps_ = madvise(pages, mapped_, MADV_DONTDUMP) == 0;
  // Not fatal: an unprivileged process may have a memlock limit of a few
  // pages, and unswapped is a bonus over undumped.
  locked_ = mlock(pages, mapped_) == 0;
  std::memcpy(data_, bytes.data(), bytes.size());
}

KeyMemory::~KeyMemory() {
  OPENSSL_cleanse(data_, mapped_);
  if (locked_) munlock(data_, mapped_);
  munmap(data_, mapped_);
}

}  // namespace odmcp::crypto
