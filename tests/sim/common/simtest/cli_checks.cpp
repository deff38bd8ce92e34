#include "simtest/cli_checks.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "simtest/sim_process.h"

namespace simtest {

namespace {

// The state directory, fresh, and the options naming it and the seed.
std::vector<std::string> Prepare(const std::filesystem::path& dir, const std::string& seed,
                                 const std::vector<std::string>& args) {
  std::filesystem::create_directories(dir);
  std::filesystem::remove(dir / "ready.json");
  std::vector<std::string> all = {"--state-dir", dir.string()};
  if (!seed.empty()) {
    std::ofstream(dir / "seed.json") << seed;
    all.insert(all.end(), {"--seed", (dir / "seed.json").string()});
  }
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

}  // namespace

void ExpectServesUntilSigterm(const std::string& binary, const std::filesystem::path& dir,
                              const std::string& seed, const std::vector<std::string>& args,
                              const std::function<void(int port)>& use) {
  SimProcess process(binary, Prepare(dir, seed, args));
  nlohmann::json printed = nlohmann::json::parse(process.first_line(), nullptr, false);
  ASSERT_TRUE(printed.is_object()) << "printed: " << process.first_line();
  std::ifstream ready_file(dir / "ready.json");
  nlohmann::json ready = nlohmann::json::parse(ready_file, nullptr, false);
  EXPECT_EQ(printed, ready);
  ASSERT_TRUE(printed["port"].is_number_integer()) << printed;
  int port = printed["port"];
  EXPECT_GT(port, 0);
  EXPECT_EQ(printed["fingerprint"].get<std::string>().size(), 32u * 3 - 1);
  use(port);
  EXPECT_EQ(process.Terminate(), 0);
}

void ExpectRefusesSeed(const std::string& binary, const std::filesystem::path& dir,
                       const std::string& seed) {
  EXPECT_EQ(RunToEnd(binary, Prepare(dir, seed, {})), 1);
}

void ExpectRefusesCommandLine(const std::string& binary,
                              const std::vector<std::vector<std::string>>& more) {
  std::string dir = std::filesystem::temp_directory_path().string();
  std::vector<std::vector<std::string>> lines = {
      {}, {"--port", "0"}, {"--state-dir", dir, "--bogus", "1"}, {"--state-dir"}};
  lines.insert(lines.end(), more.begin(), more.end());
  for (const auto& line : lines) {
    std::string shown;
    for (const std::string& arg : line) shown += " " + arg;
    EXPECT_EQ(RunToEnd(binary, line), 2) << binary << shown;
  }
}

}  // namespace simtest
