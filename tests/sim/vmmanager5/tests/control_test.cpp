// The control API: request log, state, clock, seeds.
#include <chrono>

#include "support.h"

namespace vm5sim::testing {
namespace {

using nlohmann::json;

class ControlTest : public SimTest {};

TEST_F(ControlTest, RequestLogKeepsFuncAndElidButNoSecret) {
  server_.ClearRequests();
  CreateVm();
  admin_->Post("vm.chpasswd",
               {{"elid", "101"}, {"sok", "ok"}, {"password", "Pw-9"}, {"confirm", "Pw-9"}});
  NewClient().Post("vm", {{"authinfo", "admin:admin-secret"}});
  NewClient().Login("operator", "operator-secret");
  std::vector<json> log = server_.Requests();
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0], json({{"method", "POST"}, {"func", "vm.edit"}, {"elid", ""}}));
  EXPECT_EQ(log[1], json({{"method", "POST"}, {"func", "vm.chpasswd"}, {"elid", "101"}}));
  EXPECT_EQ(log[3]["func"], "auth");
  std::string dump = json(log).dump() + server_.State().dump();
  for (const char* secret :
       {"Secret-123", "Pw-9", "admin-secret", "operator-secret", admin_->session().c_str()})
    EXPECT_EQ(dump.find(secret), std::string::npos) << secret;
  server_.ClearRequests();
  EXPECT_TRUE(server_.Requests().empty());
}

TEST_F(ControlTest, StateShowsUsersVmsAddressesAndSessions) {
  json state = server_.State();
  ASSERT_EQ(state["users"].size(), 2u);
  EXPECT_EQ(state["users"][0]["name"], "admin");
  EXPECT_EQ(state["users"][0]["level"], 29);
  EXPECT_EQ(state["users"][0]["password_sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(state["users"][0].contains("password"));
  ASSERT_EQ(state["vms"].size(), 1u);
  EXPECT_EQ(state["vms"][0]["ips"], json({"203.0.113.10"}));
  EXPECT_EQ(state["ips"], json({{{"id", 1001}, {"ip", "203.0.113.10"}, {"vm", 101}}}));
  EXPECT_EQ(state["sessions"], 1);
  EXPECT_TRUE(state["now"].is_number());
}

TEST_F(ControlTest, ClockAdvancesByTheGivenSeconds) {
  double before = server_.State()["now"];
  server_.AdvanceClock(7200);
  double after = server_.State()["now"];
  EXPECT_GE(after - before, 7200);
  EXPECT_LT(after - before, 7260);
}

TEST_F(ControlTest, LatencyOptionDelaysApiRequestsButNotControl) {
  options_.latency_ms = 250;
  StartServer();
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(admin_->Post("vm").Rows().size(), 1u);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  start = std::chrono::steady_clock::now();
  server_.State();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
}

TEST_F(ControlTest, SeedSectionsReplaceTheDefaultsAndBadSeedsAreRefused) {
  options_.seed = {{"users",
                    {{{"id", 5}, {"name", "root"}, {"password", "r"}, {"level", 29}},
                     {{"id", 6}, {"name", "client"}, {"password", "c"}}}},
                   {"vms", json::array()},
                   {"recipes", json::array()}};
  server_.Stop();
  server_.Start(options_);
  Client root = As("root", "r");
  EXPECT_TRUE(root.Post("vm").Rows().empty());
  EXPECT_TRUE(root.Post("recipemgr").Rows().empty());
  EXPECT_EQ(root.Post("osmgr").Rows().size(), 3u);  // templates stay
  Response created =
      root.Post("user.edit", {{"sok", "ok"}, {"name", "n"}, {"passwd", "p"}, {"confirm", "p"}});
  EXPECT_EQ(created.Field("id"), "7");
  Response vm = root.Post("vm.edit", VmForm({{"user", "6"}}));
  EXPECT_EQ(vm.Field("id"), "101");
  server_.Stop();
  for (const json& bad :
       {json{{"planets", json::array()}},
        json{{"vms",
              {{{"id", 1}, {"name", "x"}, {"user", 99}, {"osname", "a__b"}, {"hostnode", 1}}}}},
        json{{"ip_ranges", {"1.2.3.4-1.2.3.1"}}},
        json{{"users", {{{"id", 1}, {"name", "a"}, {"password", "p"}, {"level", 20}}}}},
        json{{"nodes", {{{"id", 1}, {"name", "n"}, {"colour", "red"}}}}}}) {
    options_.seed = bad;
    EXPECT_THROW(server_.Start(options_), std::invalid_argument) << bad.dump();
  }
  options_.seed = nullptr;
  server_.Start(options_);
}

}  // namespace
}  // namespace vm5sim::testing
