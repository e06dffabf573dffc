// PendingFile: a file that appears whole or not at all. It is written under
// a temporary name beside its destination (the same directory, so that the
// rename is atomic), with mode 0600, and renamed over the destination by
// Commit() once flushed to disk; dropped without Commit(), it is removed and
// an existing destination stays as it was.
//
// Thread safety: none; one owner writes it.
#ifndef ODMCP_HOST_COMMON_PENDING_FILE_H_
#define ODMCP_HOST_COMMON_PENDING_FILE_H_

#include <cstdio>
#include <memory>
#include <string>

#include "host/common/status.h"

namespace odmcp {

class PendingFile {
 public:
  // UNAVAILABLE if the temporary file cannot be made beside `path`.
  static StatusOr<std::unique_ptr<PendingFile>> Create(const std::string& path);

  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile();

  // Where to write; valid until Commit() or destruction.
  std::FILE* stream() { return stream_; }

  // Flushes to disk, then renames over the destination. On failure
  // (UNAVAILABLE, naming the destination) the temporary file is removed.
  // Call at most once.
  Status Commit();

 private:
  PendingFile(std::string path, std::string temp, std::FILE* stream);

  const std::string path_;
  const std::string temp_;
  std::FILE* stream_;  // null once committed
};

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_PENDING_FILE_H_
