// FileStamp: what tells one version of a file from the next without reading
// it, for noticing that the configuration file changed: a new inode (an
// editor that writes a new file and renames it over the old), or a new size
// or modification time (one that writes in place).
//
// Thread safety: plain data and a function of the file system.
#ifndef ODMCP_HOST_CONFIG_FILE_STAMP_H_
#define ODMCP_HOST_CONFIG_FILE_STAMP_H_

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace odmcp {

struct FileStamp {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  int64_t modified_ns = 0;

  bool operator==(const FileStamp&) const = default;
};

// The stamp of `path` (following symbolic links); exists is false if it
// cannot be read.
FileStamp StampOf(const std::string& path);

}  // namespace odmcp

#endif  // ODMCP_HOST_CONFIG_FILE_STAMP_H_
