// PendingFile: the destination appears only on Commit, whole; a file
// dropped uncommitted leaves no trace and an existing destination as it was.
#include "host/common/pending_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/support/host_process.h"

namespace odmcp {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The entries of `dir`, the destination's directory.
size_t EntriesIn(const std::string& dir) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                           std::filesystem::directory_iterator()));
}

class PendingFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A new, empty directory in the test's temporary one (which outlives
    // the run, so another run's files may be there).
    std::string pattern =
        (std::filesystem::path(testing::WriteTempFile("marker", "")).parent_path() / "out-XXXXXX")
            .string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << pattern;
    dir_ = pattern;
    path_ = dir_ + "/export.csv";
  }
  std::string dir_;
  std::string path_;
};

TEST_F(PendingFileTest, CommitMakesTheWholeFileAppearWithMode0600) {
  StatusOr<std::unique_ptr<PendingFile>> file = PendingFile::Create(path_);
  ASSERT_TRUE(file.ok()) << file.error();
  std::fputs("a,b\r\n", file.value()->stream());
  EXPECT_FALSE(std::filesystem::exists(path_)) << "visible before Commit";
  ASSERT_TRUE(file.value()->Commit().ok());
  EXPECT_EQ(ReadAll(path_), "a,b\r\n");
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  file.value().reset();
  EXPECT_EQ(EntriesIn(dir_), 1u) << "the temporary file stayed";
}

TEST_F(PendingFileTest, DroppedUncommittedItLeavesTheDestinationAsItWas) {
  std::ofstream(path_) << "before";
  {
    StatusOr<std::unique_ptr<PendingFile>> file = PendingFile::Create(path_);
    ASSERT_TRUE(file.ok()) << file.error();
    std::fputs("half of it", file.value()->stream());
    EXPECT_EQ(EntriesIn(dir_), 2u);
  }
  EXPECT_EQ(ReadAll(path_), "before");
  EXPECT_EQ(EntriesIn(dir_), 1u) << "the temporary file stayed";
}

TEST_F(PendingFileTest, ADirectoryThatCannotBeWrittenIsUnavailableNamingIt) {
  StatusOr<std::unique_ptr<PendingFile>> file = PendingFile::Create(dir_ + "/missing/export.csv");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), ODMCP_UNAVAILABLE);
  EXPECT_NE(file.error().find(dir_ + "/missing/export.csv"), std::string::npos) << file.error();
}

}  // namespace
}  // namespace odmcp
