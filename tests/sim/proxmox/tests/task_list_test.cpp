// GET /nodes/{node}/tasks: sources, filters and paging as PVE::API2::Tasks node_tasks does them.
#include "sim_test_support.h"

namespace pvesim::testing {

namespace {

constexpr const char* kArchive = "backup-nfs:backup/vzdump-qemu-100-2026_05_01-02_30_00.vma.zst";

std::vector<std::string> Column(const nlohmann::json& rows, const char* key) {
  std::vector<std::string> values;
  for (const auto& row : rows) values.push_back(row.at(key).get<std::string>());
  return values;
}

}  // namespace

class TaskListTest : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    RestartWithBackup(kArchive, 100);
    server_.AddVm({{"vmid", 100},
                   {"node", "pve1"},
                   {"config", {{"name", "web"}, {"scsi0", "local-lvm:vm-100-disk-0,size=2G"}}}});
  }

  nlohmann::json List(ApiClient& client, const Form& query) {
    ApiResponse response = client.Get("/nodes/pve1/tasks", query);
    EXPECT_EQ(response.status, 200) << response.reason;
    total_ = response.body.value("total", -1);
    return response.data();
  }
  nlohmann::json List(const Form& query = {}) { return List(*api_, query); }

  std::string Run(const std::string& method, const std::string& path, const Form& form = {}) {
    ApiResponse response = method == "POST" ? api_->Post(path, form) : api_->Delete(path, form);
    EXPECT_EQ(response.status, 200) << response.reason;
    std::string upid = response.data();
    api_->WaitTask(upid);
    return upid;
  }

  int total_ = -1;
};

TEST_F(TaskListTest, VmidMatchesTheTaskIdSoAnImgdelIsNotFoundByItsVmid) {
  Run("POST", "/nodes/pve1/qemu/100/status/start");
  Run("DELETE", "/nodes/pve1/storage/backup-nfs/content/" + UrlEncode(kArchive));
  Run("POST", "/nodes/pve1/qemu/9000/clone", {{"newid", "101"}});

  EXPECT_EQ(Column(List({{"vmid", "100"}}), "type"), std::vector<std::string>{"qmstart"});
  nlohmann::json imgdel = List({{"typefilter", "imgdel"}});
  EXPECT_EQ(Column(imgdel, "id"), std::vector<std::string>{"100@backup-nfs"});
  EXPECT_EQ(Column(List({{"vmid", "9000"}}), "type"), std::vector<std::string>{"qmclone"});
  EXPECT_TRUE(List({{"typefilter", "qmstar"}}).empty());  // the type is compared, not searched
}

TEST_F(TaskListTest, StatusFiltersApplyToRunningTasksAsUnknown) {
  server_.AddFault({{"action", "task_fail"}, {"task_type", "qmclone"}, {"count", 1}});
  Run("POST", "/nodes/pve1/qemu/9000/clone", {{"newid", "101"}});  // error
  server_.AddFault({{"action", "task_warnings"}, {"task_type", "qmclone"}, {"count", 1}});
  Run("POST", "/nodes/pve1/qemu/9000/clone", {{"newid", "102"}});  // warning
  Run("POST", "/nodes/pve1/qemu/9000/clone", {{"newid", "103"}});  // ok
  server_.AddFault({{"action", "task_hang"}, {"task_type", "qmstart"}});
  ASSERT_EQ(api_->Post("/nodes/pve1/qemu/100/status/start").status, 200);  // running

  EXPECT_EQ(Column(List({{"source", "all"}}), "status"),
            (std::vector<std::string>{"RUNNING", "OK", "WARNINGS: 1", "simulated failure"}));
  EXPECT_EQ(Column(List(), "status"),
            (std::vector<std::string>{"OK", "WARNINGS: 1", "simulated failure"}));
  EXPECT_EQ(Column(List({{"source", "active"}}), "status"), std::vector<std::string>{"RUNNING"});
  EXPECT_EQ(Column(List({{"source", "all"}, {"errors", "1"}}), "status"),
            (std::vector<std::string>{"RUNNING", "WARNINGS: 1", "simulated failure"}));
  EXPECT_EQ(Column(List({{"source", "all"}, {"statusfilter", "ok"}}), "status"),
            std::vector<std::string>{"OK"});
  EXPECT_EQ(Column(List({{"source", "all"}, {"statusfilter", "unknown"}}), "status"),
            std::vector<std::string>{"RUNNING"});
  EXPECT_EQ(Column(List({{"source", "all"}, {"statusfilter", "warning,error"}}), "status"),
            (std::vector<std::string>{"WARNINGS: 1", "simulated failure"}));
  // errors=1 wins over statusfilter.
  EXPECT_EQ(List({{"source", "all"}, {"statusfilter", "ok"}, {"errors", "1"}}).size(), 3u);
}

TEST_F(TaskListTest, RunningTasksAreListedAsTheActiveFileHasThemOldestFirst) {
  ApiClient token = Token();
  server_.AddFault({{"action", "task_hang"}, {"task_type", "qmstart"}});
  std::string first = token.Post("/nodes/pve1/qemu/100/status/start").data();
  std::string second = api_->Post("/nodes/pve1/qemu/9000/clone", {{"newid", "101"}}).data();
  server_.AddFault({{"action", "task_hang"}, {"task_type", "qmclone"}});
  std::string third = api_->Post("/nodes/pve1/qemu/9000/clone", {{"newid", "102"}}).data();
  api_->WaitTask(second);

  nlohmann::json active = List({{"source", "active"}});
  ASSERT_EQ(Column(active, "upid"), (std::vector<std::string>{first, third}));
  EXPECT_EQ(active[0]["user"], "billing@pve!bm");  // not split into user and tokenid
  EXPECT_FALSE(active[0].contains("tokenid"));
  EXPECT_EQ(active[0]["saved"], "0");
  EXPECT_EQ(active[0]["status"], "RUNNING");
  EXPECT_FALSE(active[0].contains("endtime"));
  EXPECT_EQ(List({{"source", "active"}, {"userfilter", "PVE!bm"}}).size(), 1u);

  ASSERT_EQ(token.Delete("/nodes/pve1/tasks/" + UrlEncode(first)).status, 200);
  token.WaitTask(first);
  nlohmann::json archived = List({{"userfilter", "billing@pve"}});
  ASSERT_EQ(Column(archived, "upid"), (std::vector<std::string>{first, second}));
  EXPECT_EQ(archived[0]["user"], "billing@pve");
  EXPECT_EQ(archived[0]["tokenid"], "bm");
  EXPECT_FALSE(archived[0].contains("saved"));
  // The user filter sees the user without its token id once the task is archived.
  EXPECT_TRUE(List({{"userfilter", "pve!bm"}}).empty());
  ASSERT_EQ(api_->Delete("/nodes/pve1/tasks/" + UrlEncode(third)).status, 200);
}

TEST_F(TaskListTest, PagingCountsEveryMatchAndSinceAndUntilBoundTheStart) {
  std::string a = Run("POST", "/nodes/pve1/qemu/100/config", {{"description", "a"}});
  server_.AdvanceClock(1000);
  std::string b = Run("POST", "/nodes/pve1/qemu/100/config", {{"description", "b"}});
  std::string c = Run("POST", "/nodes/pve1/qemu/100/config", {{"description", "c"}});
  int64_t start_a = api_->Get("/nodes/pve1/tasks/" + UrlEncode(a) + "/status").data()["starttime"];
  int64_t start_b = api_->Get("/nodes/pve1/tasks/" + UrlEncode(b) + "/status").data()["starttime"];

  EXPECT_EQ(Column(List(), "upid"), (std::vector<std::string>{c, b, a}));
  EXPECT_EQ(Column(List({{"start", "1"}, {"limit", "1"}}), "upid"), std::vector<std::string>{b});
  EXPECT_EQ(total_, 3);
  EXPECT_TRUE(List({{"limit", "0"}}).empty());
  EXPECT_EQ(total_, 3);
  EXPECT_TRUE(List({{"start", "5"}}).empty());
  EXPECT_EQ(total_, 3);
  EXPECT_EQ(Column(List({{"since", std::to_string(start_b)}}), "upid"),
            (std::vector<std::string>{c, b}));
  EXPECT_EQ(total_, 2);
  EXPECT_EQ(Column(List({{"until", std::to_string(start_a + 500)}}), "upid"),
            std::vector<std::string>{a});
  EXPECT_EQ(Column(List({{"since", std::to_string(start_a)}, {"until", std::to_string(start_a)}}),
                   "upid"),
            std::vector<std::string>{a});
}

TEST_F(SimTest, WithoutSysAuditAUserSeesItsOwnAndItsArchivedTokenTasks) {
  server_.Stop();
  options_.seed = {{"users",
                    {{{"userid", "billing@pve"},
                      {"password", "billing-secret"},
                      {"acl", {{"/vms", {"all"}}, {"/storage", {"all"}}}},
                      {"tokens",
                       {{{"id", "bm"},
                         {"secret", "5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90"},
                         {"privsep", false}}}}}}}};
  StartServer();
  ApiClient token = Token();
  ASSERT_EQ(CloneTemplate(*api_, 100, {{"full", "1"}}), "OK");
  server_.AddFault({{"action", "task_hang"}, {"task_type", "qmstart"}});
  std::string running = token.Post("/nodes/pve1/qemu/100/status/start").data();
  Form all = {{"source", "all"}};

  EXPECT_EQ(Column(api_->Get("/nodes/pve1/tasks", all).data(), "type"),
            std::vector<std::string>{"qmclone"});
  EXPECT_EQ(Column(token.Get("/nodes/pve1/tasks", all).data(), "type"),
            std::vector<std::string>{"qmstart"});

  ASSERT_EQ(token.Delete("/nodes/pve1/tasks/" + UrlEncode(running)).status, 200);
  token.WaitTask(running);
  EXPECT_EQ(Column(api_->Get("/nodes/pve1/tasks", all).data(), "type"),
            (std::vector<std::string>{"qmstart", "qmclone"}));
  EXPECT_EQ(Column(token.Get("/nodes/pve1/tasks", all).data(), "type"),
            std::vector<std::string>{"qmstart"});
}

}  // namespace pvesim::testing
