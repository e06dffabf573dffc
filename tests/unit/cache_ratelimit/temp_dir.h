// TempDir: a fresh directory under the test temporary directory, removed
// with its contents when the object goes away.
#ifndef ODMCP_TESTS_UNIT_CACHE_RATELIMIT_TEMP_DIR_H_
#define ODMCP_TESTS_UNIT_CACHE_RATELIMIT_TEMP_DIR_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace odmcp::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "odmcp-cache-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << pattern;
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_UNIT_CACHE_RATELIMIT_TEMP_DIR_H_
