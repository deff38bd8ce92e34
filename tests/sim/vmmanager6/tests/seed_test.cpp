// Seeds: sections replace the default world's; mistakes are refused.
#include "support.h"

namespace vm6sim::testing {
namespace {

using nlohmann::json;

class SeedTest : public SimTest {};

TEST_F(SeedTest, SectionsReplaceTheDefaults) {
  options_.seed = {{"hosts",
                    {{{"id", 7},
                      {"name", "seeded"},
                      {"account", 3},
                      {"cluster", 2},
                      {"os", 5},
                      {"state", "stopped"},
                      {"ips", {"203.0.113.20"}},
                      {"cpu_number", 2},
                      {"ram_mib", 2048},
                      {"hdd_mib", 20480},
                      {"comment", "billmgr-pmvmmanager6 module=1 item=9"}}}},
                   {"schedules",
                    {{{"id", 3},
                      {"name", "Seeded"},
                      {"type", "weekly"},
                      {"start_time", {{"week_day", 7}, {"hour", 1}, {"minute", 5}}},
                      {"hosts", {7}}}}},
                   {"task_durations", {{"host_start", 1}}}};
  StartServer();
  Response hosts = admin_->Get("/vm/v3/host");
  ASSERT_EQ(hosts.body["list"].size(), 1u);
  json row = hosts.body["list"][0];
  EXPECT_EQ(row["id"], 7);
  EXPECT_EQ(row["state"], "stopped");
  EXPECT_EQ(row["ip4"][0]["ip"], "203.0.113.20");
  EXPECT_EQ(row["node"]["name"], "node2");
  EXPECT_EQ(row["account"]["email"], "operator@example.com");
  Response schedules = admin_->Get("/vm/v3/schedule");
  ASSERT_EQ(schedules.body["list"].size(), 1u);
  EXPECT_EQ(schedules.body["list"][0]["hosts"], json({7}));
  EXPECT_EQ(schedules.body["list"][0]["backup_mode"], "full");
  Response start = admin_->Post("/vm/v3/host/7/start");
  server_.AdvanceClock(1.5);
  EXPECT_EQ(server_.WaitTask(start.body["task"], 5), "complete");
  EXPECT_EQ(CreateHost().body["id"], 8);  // ids go on after the seeded ones
}

TEST_F(SeedTest, MistakesAreRefused) {
  Server other;
  Options options = options_;
  for (const json& seed :
       {json{{"nosuch", 1}},
        json{{"hosts", {{{"id", 1}, {"name", "x"}, {"account", 9}, {"cluster", 1}, {"os", 1}}}}},
        json{{"hosts",
              {{{"id", 1},
                {"name", "x"},
                {"account", 1},
                {"cluster", 1},
                {"os", 1},
                {"colour", "red"}}}}},
        json{{"ippools", {{{"id", 1}, {"name", "p"}, {"range", "10.0.0.9-10.0.0.1"}}}}},
        json{{"schedules", {{{"id", 1}, {"type", "hourly"}}}}},
        json{{"os", {{{"id", 1}, {"name", "x"}, {"repository", 1}, {"clusters", {9}}}}}},
        json{{"token_ttl", "1h"}}, json::array()}) {
    options.seed = seed;
    EXPECT_THROW(other.Start(options), std::invalid_argument) << seed.dump();
  }
}

TEST_F(SeedTest, InProcessHelpers) {
  EXPECT_EQ(server_.HostState(1)->at("name"), "foreign1");
  EXPECT_FALSE(server_.HostState(99));
  EXPECT_FALSE(server_.TaskState(1));
  EXPECT_FALSE(server_.WaitTask(12345, 0.1));
  EXPECT_EQ(server_.Fingerprint().size(), 95u);
  EXPECT_TRUE(std::filesystem::exists(server_.CaFile()));
  EXPECT_THROW(server_.UserToken("nobody@example.com"), std::invalid_argument);
  Client by_id = NewClient();
  by_id.UseToken(server_.UserToken("2"));
  EXPECT_EQ(by_id.Get("/vm/v3/host").body["size"], 1);
  server_.ClearRequests();
  admin_->Get("/vm/v3/node?where=(id+EQ+1)");
  auto requests = server_.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["query"], "where=(id+EQ+1)");
}

}  // namespace
}  // namespace vm6sim::testing
