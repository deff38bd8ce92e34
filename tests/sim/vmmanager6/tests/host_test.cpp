// Host life: create, power, owner, resources (deferred), disk, IPs, reinstall, password, delete.
#include "support.h"

namespace vm6sim::testing {
namespace {

using nlohmann::json;

class HostTest : public SimTest {
 protected:
  // Creates a host with `overrides`, runs its tasks to the end, returns its id.
  int ActiveHost(const json& overrides = json::object()) {
    Response response = CreateHost(overrides);
    EXPECT_EQ(response.status, 200) << response.raw;
    int consul = response.body["task"];
    EXPECT_EQ(Finish(consul), "complete");
    if (!response.body["recipe_task"].is_null()) {
      EXPECT_EQ(Finish(response.body["recipe_task"]), "complete");
    }
    return response.body["id"];
  }
  std::string Path(int id, const std::string& tail = "") {
    return "/vm/v3/host/" + std::to_string(id) + tail;
  }
};

TEST_F(HostTest, CreateShowsCreatingThenActiveWithAnAddressOfTheClustersPool) {
  Response response = CreateHost(
      {{"comment", "billmgr-pmvmmanager6 module=1 item=7"}, {"domain", "vm1.example.net"}});
  ASSERT_EQ(response.status, 200) << response.raw;
  int id = response.body["id"];
  int consul = response.body["task"];
  EXPECT_EQ(id, 2);
  EXPECT_EQ(response.body["recipe_task_list"], json::array());
  EXPECT_TRUE(response.body["recipe_task"].is_null());
  json row = HostRow(id);
  EXPECT_EQ(row["state"], "creating");
  EXPECT_EQ(row["comment"], "billmgr-pmvmmanager6 module=1 item=7");
  json rows = TaskRows(consul);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["name"], "host_create");
  EXPECT_EQ(rows[0]["status"], "running");
  // Busy while creating.
  Response busy = admin_->Post(Path(id, "/stop"));
  EXPECT_EQ(busy.status, 400);
  EXPECT_EQ(busy.code(), 3015);
  server_.AdvanceClock(29);
  EXPECT_EQ(server_.WaitTask(consul, 0.2), std::nullopt);
  EXPECT_EQ(Finish(consul, 2), "complete");
  row = HostRow(id);
  EXPECT_EQ(row["state"], "active");
  EXPECT_EQ(row["ip4"].size(), 1u);
  EXPECT_EQ(row["ip4"][0]["ip"], "198.51.100.11");  // .10 is foreign1's
  EXPECT_EQ(row["account"], json({{"id", 2}, {"email", "client@example.com"}}));
  EXPECT_EQ(row["cluster"], json({{"id", 1}, {"name", "Cluster1"}}));
  EXPECT_EQ(row["node"]["name"], "node1");
  EXPECT_EQ(row["os"], json({{"id", 1}}));
  EXPECT_EQ(row["os_name"], "Debian 12");
  EXPECT_EQ(row["disk"]["disk_mib"], 10240);
  EXPECT_TRUE(row["disk"]["disk_mib_new"].is_null());
  EXPECT_EQ(row["disk_count"], 1);
  EXPECT_EQ(TaskRows(consul)[0]["status"], "complete");
  // The single-object read has no associated objects.
  Response bare = admin_->Get(Path(id));
  ASSERT_EQ(bare.status, 200);
  for (const char* key : {"account", "cluster", "node", "disk", "ip4"})
    EXPECT_FALSE(bare.body.contains(key)) << key;
  EXPECT_EQ(bare.body["state"], "active");
  Response ips = admin_->Get(Path(id, "/ipv4"));
  ASSERT_EQ(ips.body["list"].size(), 1u);
  EXPECT_EQ(ips.body["list"][0]["ip_addr"], "198.51.100.11");
  EXPECT_EQ(ips.body["list"][0]["gateway"], "198.51.100.1");
  EXPECT_EQ(ips.body["list"][0]["mask"], "255.255.255.0");
  EXPECT_EQ(ips.body["list"][0]["ippool"], 1);
  EXPECT_EQ(ips.body["list"][0]["domain"], "vm1.example.net");
}

TEST_F(HostTest, AddressesComeFromTheGivenPoolsOrTheClustersOwn) {
  int second = ActiveHost({{"cluster", 2}, {"os", 5}, {"ipv4_number", 2}});
  json row = HostRow(second);
  ASSERT_EQ(row["ip4"].size(), 2u);
  EXPECT_EQ(row["ip4"][0]["ip"], "203.0.113.10");
  EXPECT_EQ(row["ip4"][1]["ip"], "203.0.113.11");
  Response wrong_pool = CreateHost({{"ipv4_pool", {2}}});
  EXPECT_EQ(wrong_pool.status, 400);
  EXPECT_EQ(wrong_pool.code(), 3011);
  Response no_pool = CreateHost({{"ipv4_pool", {9}}});
  EXPECT_EQ(no_pool.code(), 3010);
  EXPECT_EQ(no_pool.msg(), "IP pool 9 not found");
  int empty_list = ActiveHost({{"ipv4_pool", json::array()}});  // empty: the cluster's pools
  EXPECT_EQ(HostRow(empty_list)["ip4"][0]["ip"], "198.51.100.11");
  int none = ActiveHost({{"ipv4_number", 0}});
  EXPECT_TRUE(HostRow(none)["ip4"].empty());
  int chosen = ActiveHost({{"custom_interfaces", {{{"ip_name", "198.51.100.42"}}}}});
  EXPECT_EQ(HostRow(chosen)["ip4"][0]["ip"], "198.51.100.42");
}

TEST_F(HostTest, NoFreeAddressIsRefusedAndTakesNothing) {
  options_.seed = {{"ippools",
                    {{{"id", 1}, {"name", "tiny"}, {"range", "198.51.100.10-198.51.100.11"}},
                     {{"id", 2}, {"name", "pool2"}, {"range", "203.0.113.10-203.0.113.60"}}}}};
  StartServer();
  Response response = CreateHost({{"ipv4_number", 2}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.code(), 3014);
  EXPECT_EQ(server_.State()["ips"].size(), 1u);
  EXPECT_EQ(server_.State()["hosts"].size(), 1u);
  EXPECT_EQ(CreateHost().status, 200);
}

TEST_F(HostTest, DiskBelowTheOsMinimumIsRefused) {
  Response response = CreateHost({{"os", 2}, {"hdd_mib", 8192}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.code(), 3012);
  EXPECT_NE(response.msg().find("10240"), std::string::npos) << response.msg();
  EXPECT_EQ(response.value(), json({{"property", "hdd_mib"}, {"minimum", 10240}}));
  EXPECT_EQ(CreateHost({{"os", 2}, {"hdd_mib", 10240}}).status, 200);
}

TEST_F(HostTest, ReferencesAreChecked) {
  EXPECT_EQ(CreateHost({{"cluster", 7}}).msg(), "Cluster 7 not found");
  EXPECT_EQ(CreateHost({{"account", 70}}).msg(), "Account 70 not found");
  EXPECT_EQ(CreateHost({{"os", 70}}).msg(), "OS 70 not found");
  EXPECT_EQ(CreateHost({{"recipe_list", {{{"recipe", 9}}}}}).msg(), "Recipe 9 not found");
  Response offered = CreateHost({{"os", 5}});  // FreeBSD is on cluster 2 only
  EXPECT_EQ(offered.code(), 3011);
  EXPECT_EQ(offered.msg(), "OS 5 is not available on cluster 1");
  EXPECT_EQ(CreateHost({{"node", 2}}).code(), 3011);
  EXPECT_EQ(CreateHost({{"password", "short"}}).code(), 3009);
}

TEST_F(HostTest, RecipesRunAfterTheCreate) {
  json recipe_list =
      json::array({{{"recipe", 1}, {"recipe_params", {{{"name", "db"}, {"value", "x"}}}}}});
  Response response = CreateHost({{"recipe_list", recipe_list}});
  ASSERT_EQ(response.status, 200) << response.raw;
  int create = response.body["task"];
  int recipe = response.body["recipe_task"];
  EXPECT_EQ(response.body["recipe_task_list"], json({recipe}));
  EXPECT_EQ(TaskRows(recipe)[0]["status"], "created");
  EXPECT_EQ(Finish(create, 30), "complete");
  EXPECT_EQ(TaskRows(recipe)[0]["name"], "recipe_run");
  EXPECT_EQ(Finish(recipe, 20), "complete");
  EXPECT_EQ(server_.HostState(response.body["id"])->at("recipes_run"), json({1}));
}

TEST_F(HostTest, PowerActions) {
  int id = ActiveHost();
  Response start = admin_->Post(Path(id, "/start"));  // already running: done at once
  ASSERT_EQ(start.status, 200);
  EXPECT_EQ(TaskRows(start.body["task"])[0]["status"], "complete");
  Response stop = admin_->Post(Path(id, "/stop"), {{"force", true}});
  ASSERT_EQ(stop.status, 200);
  EXPECT_EQ(stop.body["id"], id);
  EXPECT_EQ(TaskRows(stop.body["task"])[0]["name"], "host_stop");
  EXPECT_EQ(HostRow(id)["state"], "active");
  EXPECT_EQ(Finish(stop.body["task"]), "complete");
  EXPECT_EQ(HostRow(id)["state"], "stopped");
  EXPECT_EQ(HostRow(id)["uptime"], 0);
  Response start_again = admin_->Post(Path(id, "/start"));
  EXPECT_EQ(Finish(start_again.body["task"]), "complete");
  EXPECT_EQ(HostRow(id)["state"], "active");
}

TEST_F(HostTest, RestartReturnsAStartTask) {
  int id = ActiveHost();
  Response restart = admin_->Post(Path(id, "/restart"));
  ASSERT_EQ(restart.status, 200) << restart.raw;
  int task = restart.body["task"];
  int start = restart.body["start_task"];
  EXPECT_EQ(TaskRows(task)[0]["name"], "host_restart");
  EXPECT_EQ(TaskRows(start)[0]["name"], "host_start");
  EXPECT_EQ(Finish(start), "complete");
  EXPECT_EQ(server_.WaitTask(task, 1), "complete");
  EXPECT_EQ(HostRow(id)["state"], "active");
}

TEST_F(HostTest, DeferredResourceChangeAppliesWhenTheHostStops) {
  int id = ActiveHost();
  Response refused = admin_->Post(Path(id, "/resource"), {{"cpu_number", 2}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.code(), 3016);
  Response change =
      admin_->Post(Path(id, "/resource"),
                   {{"cpu_number", 2}, {"ram_mib", 2048}, {"defer", {{"action", "host_stop"}}}});
  ASSERT_EQ(change.status, 200) << change.raw;
  int task = change.body["task"];
  server_.AdvanceClock(600);
  json row = TaskRows(task)[0];
  EXPECT_EQ(row["name"], "host_change_params");
  EXPECT_EQ(row["status"], "deferred");
  EXPECT_EQ(row["defer_reason"], "host_stop");
  json host = HostRow(id);
  EXPECT_EQ(host["cpu_number"], 1);
  EXPECT_EQ(host["cpu_number_new"], 2);
  EXPECT_EQ(host["ram_mib_new"], 2048);
  Response stop = admin_->Post(Path(id, "/stop"));
  EXPECT_EQ(Finish(stop.body["task"]), "complete");
  EXPECT_EQ(Finish(task), "complete");
  host = HostRow(id);
  EXPECT_EQ(host["cpu_number"], 2);
  EXPECT_EQ(host["ram_mib"], 2048);
  EXPECT_TRUE(host["cpu_number_new"].is_null());
  EXPECT_EQ(host["state"], "stopped");
  // A stopped host changes at once; bandwidth alone never waits.
  Response direct = admin_->Post(Path(id, "/resource"), {{"ram_mib", 4096}});
  EXPECT_EQ(Finish(direct.body["task"]), "complete");
  EXPECT_EQ(HostRow(id)["ram_mib"], 4096);
}

TEST_F(HostTest, DeferredChangesApplyInTheStopPhaseOfARestart) {
  int id = ActiveHost();
  Response resize =
      admin_->Post("/vm/v3/disk/" + std::to_string(HostRow(id)["disk"]["id"].get<int>()),
                   {{"size_mib", 20480}, {"defer", {{"action", "host_stop"}}}});
  ASSERT_EQ(resize.status, 200) << resize.raw;
  EXPECT_EQ(HostRow(id)["disk"]["disk_mib_new"], 20480);
  Response restart = admin_->Post(Path(id, "/restart"));
  EXPECT_EQ(Finish(restart.body["start_task"]), "complete");
  EXPECT_EQ(server_.WaitTask(resize.body["task"], 1), "complete");
  json row = HostRow(id);
  EXPECT_EQ(row["disk"]["disk_mib"], 20480);
  EXPECT_TRUE(row["disk"]["disk_mib_new"].is_null());
  EXPECT_EQ(row["state"], "active");
  Response shrink = admin_->Post("/vm/v3/disk/" + std::to_string(row["disk"]["id"].get<int>()),
                                 {{"size_mib", 10240}, {"defer", {{"action", "host_stop"}}}});
  EXPECT_EQ(shrink.status, 400);
  EXPECT_EQ(shrink.code(), 3017);
  EXPECT_EQ(admin_->Post("/vm/v3/disk/9999", {{"size_mib", 1}}).status, 404);
}

TEST_F(HostTest, OwnerChange) {
  int id = ActiveHost();
  std::string ip = HostRow(id)["ip4"][0]["ip"];
  Response change = admin_->Post(Path(id, "/account"), {{"account", 3}});
  ASSERT_EQ(change.status, 200) << change.raw;
  EXPECT_EQ(TaskRows(change.body["task"])[0]["name"], "host_change_owner");
  EXPECT_EQ(Finish(change.body["task"]), "complete");
  json row = HostRow(id);
  EXPECT_EQ(row["account"], json({{"id", 3}, {"email", "operator@example.com"}}));
  EXPECT_EQ(row["ip4"][0]["ip"], ip);
  EXPECT_EQ(admin_->Post(Path(id, "/account"), {{"account", 99}}).code(), 3010);
  Client user = As("operator@example.com", "operator-secret");
  EXPECT_EQ(user.Post(Path(id, "/account"), {{"account", 3}}).status, 403);
  EXPECT_EQ(user.Post(Path(id, "/resource"), {{"ram_mib", 2048}}).status, 403);
  Response accounts = admin_->Get("/vm/v3/account?where=(id+EQ+3)");
  EXPECT_EQ(accounts.body["list"][0]["host_ids"], json({id}));
}

TEST_F(HostTest, NameAndCommentChangeAtOnceAndNothingElseGoesThere) {
  int id = ActiveHost();
  Response edit = admin_->Post(Path(id, ""), {{"name", "web2.example.com"}, {"comment", "billmgr-x module=1 item=2"}});
  ASSERT_EQ(edit.status, 200) << edit.raw;
  EXPECT_EQ(edit.body, json({{"id", id}}));
  json row = HostRow(id);
  EXPECT_EQ(row["name"], "web2.example.com");
  EXPECT_EQ(row["comment"], "billmgr-x module=1 item=2");
  EXPECT_EQ(admin_->Post(Path(id, ""), {{"ram_mib", 2048}}).code(), 3008);  // resources go to /resource
  EXPECT_EQ(admin_->Post(Path(id, ""), {{"name", ""}}).code(), 3009);
  Client user = As("operator@example.com", "operator-secret");
  EXPECT_EQ(user.Post(Path(id, ""), {{"name", "x"}}).status, 403);
}

TEST_F(HostTest, AddAndRemoveAddresses) {
  int id = ActiveHost();
  Response add = admin_->Post(Path(id, "/ip"), {{"ipv4_number", 2}});
  ASSERT_EQ(add.status, 200) << add.raw;
  EXPECT_EQ(HostRow(id)["ip4"].size(), 1u);  // until ip_change completes
  EXPECT_EQ(Finish(add.body["task"]), "complete");
  json ips = HostRow(id)["ip4"];
  ASSERT_EQ(ips.size(), 3u);
  EXPECT_EQ(admin_->Post(Path(id, "/ip"), {{"ipv4_number", 0}}).code(), 3009);
  for (int i = 0; i < 2; ++i) {
    Response remove = admin_->Delete("/vm/v3/ip/" + std::to_string(ips[i]["id"].get<int>()));
    ASSERT_EQ(remove.status, 200) << remove.raw;
    EXPECT_EQ(TaskRows(remove.body["task"])[0]["name"], "ip_delete");
  }
  Response last = admin_->Delete("/vm/v3/ip/" + std::to_string(ips[2]["id"].get<int>()));
  EXPECT_EQ(last.status, 400);
  EXPECT_EQ(last.code(), 3018);
  server_.AdvanceClock(600);
  ASSERT_TRUE(server_.HostState(id));
  EXPECT_EQ(HostRow(id)["ip4"].size(), 1u);
}

TEST_F(HostTest, AnAddressesReverseNameIsItsDomain) {
  int id = ActiveHost({{"domain", "vm1.example.net"}});
  json ips = admin_->Get(Path(id, "/ipv4")).body["list"];
  ASSERT_EQ(ips.size(), 1u);
  EXPECT_EQ(ips[0]["domain"], "vm1.example.net");  // the host's domain when it was made
  std::string ptr = "/vm/v3/ip/" + std::to_string(ips[0]["id"].get<int>()) + "/ptr";
  Response set = admin_->Post(ptr, {{"domain", "web7.example.com"}});
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(admin_->Get(Path(id, "/ipv4")).body["list"][0]["domain"], "web7.example.com");
  EXPECT_EQ(admin_->Post(ptr, {{"domain", ""}}).code(), 3009);
  EXPECT_EQ(admin_->Post(ptr, json::object()).code(), 3006);
  EXPECT_EQ(admin_->Post(ptr, {{"domain", "x.example.com"}, {"ttl", 60}}).code(), 3008);
  EXPECT_EQ(admin_->Post("/vm/v3/ip/999/ptr", {{"domain", "x.example.com"}}).code(), 3080);
  Client user = As("operator@example.com", "operator-secret");
  EXPECT_EQ(user.Post(ptr, {{"domain", "x.example.com"}}).status, 403);
  EXPECT_EQ(admin_->Get(Path(id, "/ipv4")).body["list"][0]["domain"], "web7.example.com");
}

TEST_F(HostTest, ReinstallAndPassword) {
  int id = ActiveHost();
  Client owner = As("client@example.com", "client-secret");
  Response windows = owner.Post(Path(id, "/reinstall"), {{"os", 4}, {"password", "Another-1"}});
  EXPECT_EQ(windows.code(), 3011);  // admin-only OS
  Response reinstall = owner.Post(Path(id, "/reinstall"), {{"os", 3}, {"password", "Another-1"}});
  ASSERT_EQ(reinstall.status, 200) << reinstall.raw;
  EXPECT_EQ(owner.Post(Path(id, "/stop")).code(), 3015);
  EXPECT_EQ(Finish(reinstall.body["task"]), "complete");
  EXPECT_EQ(HostRow(id)["os_name"], "AlmaLinux 9");
  Response password = owner.Post(Path(id, "/password"), {{"password", "Third-pass"}});
  ASSERT_EQ(password.status, 200);
  EXPECT_EQ(TaskRows(password.body["task"])[0]["name"], "host_change_password");
  std::string before = server_.HostState(id)->at("password_sha256");
  EXPECT_EQ(Finish(password.body["task"]), "complete");
  EXPECT_NE(server_.HostState(id)->at("password_sha256"), before);
  EXPECT_FALSE(server_.HostState(id)->contains("password"));
  EXPECT_EQ(owner.Post(Path(id, "/password"), {{"password", "short"}}).code(), 3009);
}

TEST_F(HostTest, DeleteRemovesTheHostEverywhere) {
  int id = ActiveHost();
  int disk = HostRow(id)["disk"]["id"];
  Response edit = admin_->Post("/vm/v3/schedule/1", {{"hosts", {1, id}}, {"disks", {disk}}});
  ASSERT_EQ(edit.status, 200) << edit.raw;
  Response removal = admin_->Delete(Path(id));
  ASSERT_EQ(removal.status, 200) << removal.raw;
  EXPECT_EQ(HostRow(id)["state"], "deleting");
  EXPECT_EQ(admin_->Post(Path(id, "/start")).code(), 3015);
  EXPECT_EQ(Finish(removal.body["task"]), "complete");
  EXPECT_TRUE(HostRow(id).is_null());
  EXPECT_EQ(admin_->Get(Path(id)).status, 404);
  Response schedule = admin_->Get("/vm/v3/schedule/1");
  EXPECT_EQ(schedule.body["hosts"], json({1}));
  EXPECT_EQ(schedule.body["disks"], json::array());
  json state = server_.State();
  EXPECT_EQ(state["ips"].size(), 1u);
  EXPECT_EQ(state["disks"].size(), 1u);
  // Its address is free again.
  int next = ActiveHost();
  EXPECT_EQ(HostRow(next)["ip4"][0]["ip"], "198.51.100.11");
}

TEST_F(HostTest, UsersCannotCreateDeleteOrResizeButCanRunTheirOwn) {
  Client owner = As("client@example.com", "client-secret");
  EXPECT_EQ(owner.Post("/vm/v3/host", HostBody()).status, 403);
  EXPECT_EQ(owner.Delete("/vm/v3/host/1").status, 403);
  EXPECT_EQ(owner.Post("/vm/v3/host/1/ip", {{"ipv4_number", 1}}).status, 403);
  EXPECT_EQ(owner.Post("/vm/v3/schedule/1", {{"name", "x"}}).status, 403);
  Response restart = owner.Post("/vm/v3/host/1/restart");
  ASSERT_EQ(restart.status, 200);
  EXPECT_EQ(Finish(restart.body["start_task"]), "complete");
  Response tasks = owner.Get("/vm/v3/task");
  EXPECT_EQ(tasks.body["list"].size(), 2u);
  Client other = As("operator@example.com", "operator-secret");
  EXPECT_TRUE(other.Get("/vm/v3/task").body["list"].empty());
}

}  // namespace
}  // namespace vm6sim::testing
