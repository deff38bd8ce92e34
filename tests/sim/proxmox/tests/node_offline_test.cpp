// The node_offline fault: a cluster member is down while the node answering the API is up.
#include <chrono>

#include "sim_test_support.h"

namespace pvesim::testing {

namespace {

nlohmann::json Find(const nlohmann::json& rows, const std::string& id) {
  for (const auto& row : rows) {
    if (row.at("id") == id) return row;
  }
  return nullptr;
}

std::set<std::string> Keys(const nlohmann::json& row) {
  std::set<std::string> keys;
  for (const auto& [key, value] : row.items()) keys.insert(key);
  return keys;
}

}  // namespace

TEST_F(SimTest, RequestsToAnOfflineNodeFailAsPveproxyCannotConnect) {
  server_.AddFault({{"action", "node_offline"}, {"node", "pve2"}});
  auto started = std::chrono::steady_clock::now();
  ApiResponse refused = api_->Get("/nodes/pve2/qemu");
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(refused.status, 595);
  EXPECT_EQ(refused.reason, "No route to host");
  EXPECT_TRUE(refused.raw.empty());
  EXPECT_EQ(refused.header("Connection"), "close");
  EXPECT_GE(waited, 3 * 0.05 * 0.9);  // ARP resolution gives up after about 3 s
  EXPECT_EQ(api_->Get("/nodes/pve2/qemu/9002/status/current").status, 595);
  EXPECT_EQ(api_->Post("/nodes/pve2/qemu/9002/clone", {{"newid", "100"}}).status, 595);
  EXPECT_FALSE(server_.VmState(100).has_value());
  EXPECT_EQ(api_->Get("/nodes/pve1/qemu").status, 200);

  server_.ClearFaults();
  EXPECT_EQ(api_->Get("/nodes/pve2/qemu").status, 200);
  server_.AddFault({{"action", "node_offline"}, {"node", "pve2"}, {"error", "Connection refused"}});
  EXPECT_EQ(api_->Get("/nodes/pve2/qemu").reason, "Connection refused");
}

TEST_F(SimTest, TheClusterShowsAnOfflineNodeFromWhatItBroadcastLast) {
  server_.AddFault({{"action", "task_hang"}, {"task_type", "qmclone"}});
  std::string clone = api_->Post("/nodes/pve2/qemu/9002/clone", {{"newid", "200"}}).data();
  server_.AddFault({{"action", "node_offline"}, {"node", "pve2"}});

  nlohmann::json nodes = api_->Get("/nodes").data();
  nlohmann::json pve2 = Find(nodes, "node/pve2");
  EXPECT_EQ(pve2["status"], "offline");
  EXPECT_TRUE(pve2.contains("ssl_fingerprint"));
  EXPECT_EQ(Find(nodes, "node/pve1")["status"], "online");

  // pmxcfs keeps the node's last broadcast for five minutes: limits yes, usage no.
  nlohmann::json resources = api_->Get("/cluster/resources").data();
  pve2 = Find(resources, "node/pve2");
  EXPECT_EQ(pve2["status"], "offline");
  EXPECT_EQ(pve2["maxcpu"], 16);
  EXPECT_FALSE(pve2.contains("uptime"));
  EXPECT_FALSE(pve2.contains("mem"));
  nlohmann::json guest = Find(resources, "qemu/9002");
  EXPECT_EQ(guest["status"], "stopped");
  EXPECT_EQ(guest["name"], "almalinux-9-cloud");
  EXPECT_EQ(Find(resources, "storage/pve2/local-lvm")["status"], "available");

  server_.AdvanceClock(301);
  resources = api_->Get("/cluster/resources").data();
  EXPECT_EQ(Keys(Find(resources, "node/pve2")),
            (std::set<std::string>{"id", "node", "status", "type"}));
  guest = Find(resources, "qemu/9002");
  EXPECT_EQ(Keys(guest), (std::set<std::string>{"id", "node", "status", "type", "vmid"}));
  EXPECT_EQ(guest["status"], "unknown");
  nlohmann::json cloning = Find(resources, "qemu/200");  // the config in /etc/pve still says so
  EXPECT_EQ(cloning["status"], "unknown");
  EXPECT_EQ(cloning["lock"], "clone");
  nlohmann::json storage = Find(resources, "storage/pve2/local-lvm");
  EXPECT_EQ(storage["status"], "unknown");
  EXPECT_FALSE(storage.contains("maxdisk"));
  EXPECT_EQ(Find(resources, "storage/pve1/local-lvm")["status"], "available");
  EXPECT_EQ(Find(resources, "qemu/9000")["status"], "stopped");

  // Its tasks are out of sight until it is back, and went on meanwhile.
  EXPECT_EQ(api_->Get("/nodes/pve2/tasks", {{"source", "active"}}).status, 595);
  server_.ClearFaults();
  nlohmann::json active = api_->Get("/nodes/pve2/tasks", {{"source", "active"}}).data();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0]["upid"], clone);
  EXPECT_EQ(Find(api_->Get("/cluster/resources").data(), "node/pve2")["status"], "online");
  EXPECT_EQ(api_->Delete("/nodes/pve2/tasks/" + UrlEncode(clone)).status, 200);
}

TEST_F(SimTest, NodeOfflineRulesAreChecked) {
  EXPECT_THROW(server_.AddFault({{"action", "node_offline"}}), std::invalid_argument);
  EXPECT_THROW(server_.AddFault({{"action", "node_offline"}, {"node", "pve9"}}),
               std::invalid_argument);
  EXPECT_THROW(server_.AddFault({{"action", "node_offline"}, {"node", "pve2"}, {"error", "gone"}}),
               std::invalid_argument);
  server_.AddFault({{"action", "node_offline"}, {"node", "pve2"}});
  EXPECT_THROW(server_.AddFault({{"action", "node_offline"}, {"node", "pve2"}}),
               std::invalid_argument);
  EXPECT_EQ(server_.State()["nodes"][1]["unreachable"], "No route to host");
}

TEST_F(SimTest, NodesWithoutSysAuditAreListedWithoutTheirUsage) {
  server_.Stop();
  options_.seed = {{"users",
                    {{{"userid", "billing@pve"},
                      {"password", "billing-secret"},
                      {"acl", {{"/vms", {"all"}}}}}}}};
  StartServer();
  nlohmann::json nodes = api_->Get("/cluster/resources", {{"type", "node"}}).data();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(Keys(nodes[0]), (std::set<std::string>{"id", "level", "node", "status", "type"}));
  EXPECT_EQ(nodes[0]["status"], "online");
  EXPECT_TRUE(api_->Get("/cluster/resources", {{"type", "storage"}}).data().empty());
}

}  // namespace pvesim::testing
