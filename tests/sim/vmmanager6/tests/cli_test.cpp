// The vm6-sim executable: ready.json, the printed line, a working HTTPS API, SIGTERM, exit codes.
#include <filesystem>

#include "simtest/cli_checks.h"
#include "support.h"

namespace vm6sim::testing {
namespace {

TEST(CliTest, StartsWritesReadyJsonAndStopsOnSigterm) {
  std::filesystem::path dir = std::filesystem::path(ScratchDir()) / "cli";
  simtest::ExpectServesUntilSigterm(
      VM6_SIM_BINARY, dir, R"({"token_ttl": 120})", {"--time-scale", "0.5", "--latency-ms", "0"},
      [&](int port) {
        Client client(port, (dir / "vm6-ca.pem").string());
        EXPECT_EQ(client.Login("admin@example.com", "admin-secret").body["token"].is_string(),
                  true);
        EXPECT_EQ(client.Get("/vm/v3/cluster").status, 200);
      });
}

TEST(CliTest, RefusesABadSeed) {
  simtest::ExpectRefusesSeed(
      VM6_SIM_BINARY, std::filesystem::path(ScratchDir()) / "cli-bad",
      R"({"hosts": [{"id": 1, "name": "x", "account": 9, "cluster": 1, "os": 1}]})");
}

TEST(CliTest, RefusesABadCommandLine) {
  simtest::ExpectRefusesCommandLine(VM6_SIM_BINARY,
                                    {{"--state-dir", ScratchDir(), "--clock-offset", "60"}});
}

}  // namespace
}  // namespace vm6sim::testing
