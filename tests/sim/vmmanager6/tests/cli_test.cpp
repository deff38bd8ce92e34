// The vm6-sim executable: ready.json, the printed line, a working HTTPS API, SIGTERM.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support.h"

namespace vm6sim::testing {
namespace {

TEST(CliTest, StartsWritesReadyJsonAndStopsOnSigterm) {
  std::filesystem::path dir = std::filesystem::path(ScratchDir()) / "cli";
  std::filesystem::create_directories(dir);
  std::filesystem::remove(dir / "ready.json");
  std::filesystem::path seed = dir / "seed.json";
  std::ofstream(seed) << R"({"token_ttl": 120})";
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(VM6_SIM_BINARY, VM6_SIM_BINARY, "--state-dir", dir.c_str(), "--seed", seed.c_str(),
          "--time-scale", "0.5", "--latency-ms", "0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c = 0;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  nlohmann::json printed = nlohmann::json::parse(line);
  std::ifstream ready_file(dir / "ready.json");
  nlohmann::json ready = nlohmann::json::parse(ready_file);
  EXPECT_EQ(printed, ready);
  int port = ready["port"];
  EXPECT_GT(port, 0);
  EXPECT_EQ(ready["fingerprint"].get<std::string>().size(), 32u * 3 - 1);
  Client client(port, (dir / "vm6-ca.pem").string());
  EXPECT_EQ(client.Login("admin@example.com", "admin-secret").body["token"].is_string(), true);
  EXPECT_EQ(client.Get("/vm/v3/cluster").status, 200);
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(CliTest, RefusesABadSeed) {
  std::filesystem::path dir = std::filesystem::path(ScratchDir()) / "cli-bad";
  std::filesystem::create_directories(dir);
  std::filesystem::path seed = dir / "seed.json";
  std::ofstream(seed)
      << R"({"hosts": [{"id": 1, "name": "x", "account": 9, "cluster": 1, "os": 1}]})";
  std::string command = std::string(VM6_SIM_BINARY) + " --state-dir " + dir.string() + " --seed " +
                        seed.string() + " >/dev/null 2>&1";
  int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

}  // namespace
}  // namespace vm6sim::testing
