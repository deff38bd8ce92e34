// The simulated clock: the Date header of every answer, --clock-offset and what reads it.
#include <ctime>
#include <filesystem>

#include "sim_test_support.h"
#include "simtest/cli_checks.h"

namespace pvesim::testing {

namespace {

constexpr int64_t kTwoHoursBehind = -7200;

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") as epoch seconds; -1 if it is not one.
int64_t ParseHttpDate(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0' || text.size() != 29) return -1;
  return static_cast<int64_t>(timegm(&tm));
}

int64_t NodeTime(ApiClient& client) {
  return client.Get("/nodes/pve1/time").data()["time"].get<int64_t>();
}

// The epoch seconds of a ticket ("PVE:user@realm:HEXTIME::signature").
int64_t TicketTime(const std::string& ticket) {
  size_t start = ticket.find(':', 4) + 1;
  return std::stoll(ticket.substr(start, ticket.find(':', start) - start), nullptr, 16);
}

int64_t UpidStarttime(const std::string& upid) {
  std::vector<std::string> parts;
  for (size_t at = 0, next; (next = upid.find(':', at)) != std::string::npos; at = next + 1)
    parts.push_back(upid.substr(at, next - at));
  return std::stoll(parts.at(4), nullptr, 16);
}

}  // namespace

TEST_F(SimTest, EveryAnswerCarriesTheSimulatedClockAsDate) {
  ApiClient token = Token();  // a ticket would expire when the clock jumps
  ApiResponse ok = token.Get("/nodes/pve1/time");
  int64_t date = ParseHttpDate(ok.header("Date"));
  EXPECT_NE(date, -1) << ok.header("Date");
  EXPECT_LE(std::abs(date - ok.data()["time"].get<int64_t>()), 1);
  EXPECT_EQ(ok.header("Expires"), ok.header("Date"));

  server_.AdvanceClock(3 * 86400);
  int64_t later = NodeTime(token);
  for (const ApiResponse& answer :
       {token.Get("/nodes/pve1/time"), token.Get("/nodes/pve1/qemu/12345/config"),
        NewClient().Get("/nodes"), token.Send("GET", "/api2/extjs/version", "", "")}) {
    SCOPED_TRACE(std::to_string(answer.status) + " " + answer.reason);
    int64_t shown = ParseHttpDate(answer.header("Date"));
    EXPECT_GE(shown, later);
    EXPECT_LE(shown, later + 5);  // the 401 waits 3 s (scaled)
    EXPECT_GE(shown - date, 3 * 86400);
  }
}

class OffsetClockTest : public SimTest {
 protected:
  void SetUp() override {
    options_.clock_offset = kTwoHoursBehind;
    SimTest::SetUp();
  }
};

TEST_F(OffsetClockTest, EverySimulatedTimeIsTwoHoursBehindTheHost) {
  int64_t host = std::time(nullptr);
  int64_t node_time = NodeTime(*api_);
  EXPECT_NEAR(node_time - host, kTwoHoursBehind, 2);
  EXPECT_NEAR(TicketTime(api_->ticket()) - host, kTwoHoursBehind, 2);
  ApiResponse answer = api_->Get("/version");
  EXPECT_NEAR(ParseHttpDate(answer.header("Date")) - host, kTwoHoursBehind, 2);

  ApiResponse clone = api_->Post("/nodes/pve1/qemu/9000/clone", {{"newid", "100"}});
  ASSERT_EQ(clone.status, 200);
  std::string upid = clone.data();
  EXPECT_EQ(api_->WaitTask(upid), "OK");
  nlohmann::json status = api_->Get("/nodes/pve1/tasks/" + UrlEncode(upid) + "/status").data();
  EXPECT_NEAR(status["starttime"].get<int64_t>() - host, kTwoHoursBehind, 2);
  EXPECT_EQ(UpidStarttime(upid), status["starttime"].get<int64_t>());

  std::string backup =
      api_->Post("/nodes/pve1/vzdump", {{"vmid", "100"}, {"storage", "local"}}).data();
  EXPECT_EQ(api_->WaitTask(backup), "OK");
  nlohmann::json archive = api_->Get("/nodes/pve1/storage/local/content", {{"vmid", "100"}}).data();
  ASSERT_EQ(archive.size(), 1u);
  EXPECT_NEAR(archive[0]["ctime"].get<int64_t>() - host, kTwoHoursBehind, 3);

  nlohmann::json state = server_.State();
  EXPECT_EQ(state["clock_offset"], kTwoHoursBehind);
  server_.AdvanceClock(60);
  EXPECT_EQ(server_.State()["clock_offset"], kTwoHoursBehind + 60);
  EXPECT_NEAR(NodeTime(*api_) - std::time(nullptr), kTwoHoursBehind + 60, 2);
}

// pve-sim --clock-offset, as a black-box suite starts it.
TEST(PveSimCli, ClockOffsetStartsTheClockBehindTheHost) {
  std::filesystem::path dir = std::filesystem::path(ScratchDir()) / "cli";
  simtest::ExpectServesUntilSigterm(
      PVE_SIM_BINARY, dir, "", {"--time-scale", "0.05", "--clock-offset", "-7200"}, [&](int port) {
        ApiClient client(port, (dir / "pve-root-ca.pem").string());
        client.UseToken("PVEAPIToken=billing@pve!bm=5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90");
        EXPECT_NEAR(NodeTime(client) - std::time(nullptr), kTwoHoursBehind, 2);
      });
}

TEST(PveSimCli, RefusesABadSeedOrCommandLine) {
  simtest::ExpectRefusesSeed(PVE_SIM_BINARY, std::filesystem::path(ScratchDir()) / "cli-bad",
                             R"({"bogus": []})");
  simtest::ExpectRefusesCommandLine(PVE_SIM_BINARY,
                                    {{"--state-dir", ScratchDir(), "--clock-offset"}});
}

}  // namespace pvesim::testing
