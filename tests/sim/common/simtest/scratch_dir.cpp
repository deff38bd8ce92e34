#include "simtest/scratch_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace simtest {

namespace {

// Removes the scratch directory when the test program ends.
class ScratchCleanup : public ::testing::Environment {
 public:
  explicit ScratchCleanup(std::filesystem::path path) : path_(std::move(path)) {}
  void TearDown() override { std::filesystem::remove_all(path_); }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::string ScratchDir(const std::string& name) {
  static const std::filesystem::path kPath = [&] {
    auto path =
        std::filesystem::temp_directory_path() / (name + "-test-" + std::to_string(getpid()));
    ::testing::AddGlobalTestEnvironment(new ScratchCleanup(path));
    return path;
  }();
  std::filesystem::create_directories(kPath);
  return kPath.string();
}

}  // namespace simtest
