// The vm5-sim executable: ready.json, the printed line, a working HTTPS API, SIGTERM, exit codes.
#include <filesystem>

#include "simtest/cli_checks.h"
#include "support.h"

namespace vm5sim::testing {
namespace {

TEST(CliTest, StartsWritesReadyJsonAndStopsOnSigterm) {
  std::filesystem::path dir = std::filesystem::path(ScratchDir()) / "cli";
  simtest::ExpectServesUntilSigterm(VM5_SIM_BINARY, dir, R"({"session_ttl": 120})",
                                    {"--time-scale", "0.5", "--latency-ms", "0"}, [&](int port) {
                                      Client client(port, (dir / "vm5-ca.pem").string());
                                      EXPECT_FALSE(client.Login("admin", "admin-secret").IsError());
                                      EXPECT_EQ(client.Post("vm").Rows().size(), 1u);
                                    });
}

TEST(CliTest, RefusesABadSeed) {
  simtest::ExpectRefusesSeed(
      VM5_SIM_BINARY, std::filesystem::path(ScratchDir()) / "cli-bad",
      R"({"vms": [{"id": 1, "name": "x", "user": 9, "osname": "a__b", "hostnode": 1}]})");
}

TEST(CliTest, RefusesABadCommandLine) {
  simtest::ExpectRefusesCommandLine(VM5_SIM_BINARY,
                                    {{"--state-dir", ScratchDir(), "--clock-offset", "60"}});
}

}  // namespace
}  // namespace vm5sim::testing
