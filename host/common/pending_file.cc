#include "host/common/pending_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace odmcp {

StatusOr<std::unique_ptr<PendingFile>> PendingFile::Create(const std::string& path) {
  std::string temp = path + ".partial-XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) {
    return Status(ODMCP_UNAVAILABLE,
                  "creating a file beside " + path + ": " + std::strerror(errno));
  }
  std::FILE* stream = ::fdopen(fd, "w");
  if (stream == nullptr) {
    ::close(fd);
    ::unlink(temp.c_str());
    return Status(ODMCP_UNAVAILABLE, "opening " + temp + ": " + std::strerror(errno));
  }
  return std::unique_ptr<PendingFile>(new PendingFile(path, std::move(temp), stream));
}

PendingFile::PendingFile(std::string path, std::string temp, std::FILE* stream)
    : path_(std::move(path)), temp_(std::move(temp)), stream_(stream) {}

PendingFile::~PendingFile() {
  if (stream_ == nullptr) return;
  std::fclose(stream_);
  ::unlink(temp_.c_str());
}

Status PendingFile::Commit() {
  int error = 0;
  if (std::fflush(stream_) != 0 || ::fsync(::fileno(stream_)) != 0) error = errno;
  if (std::fclose(stream_) != 0 && error == 0) error = errno;
  stream_ = nullptr;
  if (error == 0 && ::rename(temp_.c_str(), path_.c_str()) != 0) error = errno;
  if (error == 0) return Status::Ok();
  ::unlink(temp_.c_str());
  return Status(ODMCP_UNAVAILABLE, "writing " + path_ + ": " + std::strerror(error));
}

}  // namespace odmcp
