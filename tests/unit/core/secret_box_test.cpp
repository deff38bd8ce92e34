#include "core/secret_box.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "core/error.h"

namespace pm::core {
namespace {

namespace fs = std::filesystem;

class SecretBoxTest : public ::testing::Test {
 protected:
  ~SecretBoxTest() override { fs::remove_all(dir); }
  fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("pm-secretbox-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  std::string key = (dir / "module.key").string();
};

TEST_F(SecretBoxTest, SealedValuesOpenWithTheKeyAndShowNothing) {
  SecretBox box(key);
  std::string sealed = box.Seal("Pa$$ word ☃");
  EXPECT_EQ(sealed.find("Pa$$"), std::string::npos);
  EXPECT_NE(box.Seal("Pa$$ word ☃"), sealed) << "a fresh nonce each time";
  EXPECT_EQ(SecretBox(key).Open(sealed), "Pa$$ word ☃") << "another run, the same key file";
  EXPECT_EQ(box.Open(box.Seal("")), "");
  EXPECT_EQ(fs::file_size(key), 32u);
  auto perms = fs::status(key).permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST_F(SecretBoxTest, FirstRunsAtOnceEndUpWithOneKey) {
  std::vector<std::string> sealed(8);
  std::vector<std::thread> runs;
  for (size_t i = 0; i < sealed.size(); ++i) {
    runs.emplace_back([&, i] { sealed[i] = SecretBox(key).Seal("secret " + std::to_string(i)); });
  }
  for (auto& run : runs) run.join();
  for (size_t i = 0; i < sealed.size(); ++i) EXPECT_EQ(SecretBox(key).Open(sealed[i]), "secret " + std::to_string(i));
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u) << "no draft left beside the key";
}

TEST_F(SecretBoxTest, AValueWrittenBeforeSealingReadsAsItIs) {
  EXPECT_EQ(SecretBox(key).Open("plain-old-token"), "plain-old-token");
}

TEST_F(SecretBoxTest, AnotherKeyOrAChangedValueDoesNotOpen) {
  std::string sealed = SecretBox(key).Seal("token");
  EXPECT_THROW(SecretBox((dir / "other.key").string()).Open(sealed), Error);
  std::string changed = sealed;
  changed[changed.size() - 3] = changed[changed.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_THROW(SecretBox(key).Open(changed), Error);
  EXPECT_THROW(SecretBox(key).Open("sealed:v1:not base64!"), Error);
}

TEST_F(SecretBoxTest, AKeyOthersCouldReadIsMadeTheOwnersAlone) {
  SecretBox(key).Seal("x");
  fs::permissions(key, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  std::string sealed = SecretBox(key).Seal("y");
  auto perms = fs::status(key).permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  EXPECT_EQ(SecretBox(key).Open(sealed), "y");
}

}  // namespace
}  // namespace pm::core
