// Config locks, file locks and the fault injection of the control API.
#include <chrono>
#include <thread>

#include "sim_test_support.h"

namespace pvesim::testing {

TEST_F(SimTest, ConfigLockRefusesSynchronouslyForConfigAndAsynchronouslyForStart) {
  EXPECT_EQ(CloneTemplate(*api_, 100, {{"full", "1"}}), "OK");
  server_.AddFault({{"action", "stuck_lock"}, {"vmid", 100}, {"lock", "backup"}});
  ApiResponse put = api_->Put("/nodes/pve1/qemu/100/config", {{"cores", "2"}});
  EXPECT_EQ(put.status, 500);
  EXPECT_EQ(put.message(), "VM is locked (backup)\n");
  EXPECT_EQ(api_->Post("/nodes/pve1/qemu/100/config", {{"cores", "2"}}).reason,
            "VM is locked (backup)");
  ApiResponse clone = api_->Post("/nodes/pve1/qemu/100/clone", {{"newid", "101"}});
  EXPECT_EQ(clone.reason, "VM is locked (backup)");
  ApiResponse start = api_->Post("/nodes/pve1/qemu/100/status/start");
  ASSERT_EQ(start.status, 200);
  EXPECT_EQ(api_->WaitTask(start.data()), "VM is locked (backup)");
  std::vector<std::string> log = api_->TaskLog(start.data());
  EXPECT_EQ(log.back(), "TASK ERROR: VM is locked (backup)");
  EXPECT_EQ(
      api_->WaitTask(
          api_->Put("/nodes/pve1/qemu/100/resize", {{"disk", "scsi0"}, {"size", "+1G"}}).data()),
      "VM is locked (backup)");
  EXPECT_EQ(api_->Get("/nodes/pve1/qemu/100/status/current").data()["lock"], "backup");
  server_.ClearFaults();
  EXPECT_EQ(api_->Put("/nodes/pve1/qemu/100/config", {{"cores", "2"}}).status, 200);
}

TEST_F(SimTest, FileLockTimesOutAfterTenSimulatedSeconds) {
  server_.AddFault({{"action", "file_lock"}, {"vmid", 9000}, {"seconds", 30}});
  auto started = std::chrono::steady_clock::now();
  ApiResponse put = api_->Put("/nodes/pve1/qemu/9000/config", {{"description", "x"}});
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(put.status, 500);
  EXPECT_EQ(put.reason, "can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout");
  EXPECT_GE(waited, 10 * 0.05 * 0.9);
  ApiResponse post = api_->Post("/nodes/pve1/qemu/9000/config", {{"description", "x"}});
  EXPECT_EQ(api_->WaitTask(post.data()),
            "can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout");
}

TEST_F(SimTest, ShortFileLockIsWaitedOut) {
  server_.AddFault({{"action", "file_lock"}, {"vmid", 9000}, {"seconds", 3}});
  EXPECT_EQ(api_->Put("/nodes/pve1/qemu/9000/config", {{"description", "after wait"}}).status, 200);
}

TEST_F(SimTest, InjectedTaskFailureCleansUpTheClone) {
  server_.AddFault({{"action", "task_fail"},
                    {"task_type", "qmclone"},
                    {"exitstatus", "clone failed: out of space"},
                    {"count", 1}});
  EXPECT_EQ(CloneTemplate(*api_, 100), "clone failed: out of space");
  EXPECT_FALSE(server_.VmState(100).has_value());
  EXPECT_EQ(CloneTemplate(*api_, 100), "OK");  // count 1: fired once
}

TEST_F(SimTest, InjectedWarningsKeepTheTaskSuccessful) {
  server_.AddFault({{"action", "task_warnings"}, {"task_type", "qmclone"}, {"warnings", 2}});
  EXPECT_EQ(CloneTemplate(*api_, 100), "WARNINGS: 2");
  std::vector<std::string> log = api_->TaskLog(api_->Get("/nodes/pve1/tasks").data()[0]["upid"]);
  EXPECT_EQ(log.back(), "TASK WARNINGS: 2");
  EXPECT_TRUE(server_.VmState(100).has_value());
}

TEST_F(SimTest, HungTaskRunsUntilStopped) {
  server_.AddFault({{"action", "task_hang"}, {"task_type", "qmclone"}});
  ApiResponse clone = api_->Post("/nodes/pve1/qemu/9000/clone", {{"newid", "100"}});
  std::string upid = clone.data();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto status = api_->Get("/nodes/pve1/tasks/" + upid + "/status").data();
  EXPECT_EQ(status["status"], "running");
  EXPECT_EQ(server_.VmState(100)->value("lock", ""), "clone");
  auto active = api_->Get("/nodes/pve1/tasks", {{"source", "active"}}).data();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0]["status"], "RUNNING");
  EXPECT_EQ(api_->Delete("/nodes/pve1/tasks/" + upid).status, 200);
  EXPECT_EQ(api_->WaitTask(upid), "clone failed: interrupted by signal");
  EXPECT_FALSE(server_.VmState(100).has_value());
}

TEST_F(SimTest, RequestFaultsAnswerDropAndDelay) {
  server_.AddFault({{"action", "status"},
                    {"status", 503},
                    {"message", "service unavailable"},
                    {"method", "GET"},
                    {"path", "/cluster/resources"},
                    {"count", 1}});
  ApiResponse failed = api_->Get("/cluster/resources");
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.reason, "service unavailable");
  EXPECT_EQ(failed.message(), "service unavailable\n");
  EXPECT_EQ(api_->Get("/cluster/resources").status, 200);

  server_.AddFault({{"action", "drop"}, {"path", "/version"}, {"count", 1}});
  EXPECT_FALSE(api_->Get("/version").delivered);
  EXPECT_EQ(api_->Get("/version").status, 200);

  server_.AddFault({{"action", "latency"}, {"ms", 200}, {"path", "/version"}});
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(api_->Get("/version").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(190));
}

TEST_F(SimTest, DropBeforeLosesTheRequestAndDropAfterOnlyItsAnswer) {
  ASSERT_EQ(CloneTemplate(*api_, 100, {{"full", "1"}}), "OK");
  Form starts = {{"typefilter", "qmstart"}, {"source", "all"}};
  server_.AddFault({{"action", "drop"},
                    {"when", "before"},
                    {"method", "POST"},
                    {"path", "/status/start$"},
                    {"count", 1}});
  EXPECT_FALSE(api_->Post("/nodes/pve1/qemu/100/status/start").delivered);
  EXPECT_EQ(api_->Get("/nodes/pve1/tasks", starts).body["total"], 0);
  EXPECT_FALSE(server_.VmState(100)->at("running").get<bool>());

  server_.AddFault({{"action", "drop"},
                    {"when", "after"},
                    {"method", "POST"},
                    {"path", "/status/start$"},
                    {"count", 1}});
  EXPECT_FALSE(api_->Post("/nodes/pve1/qemu/100/status/start").delivered);
  ApiResponse tasks = api_->Get("/nodes/pve1/tasks", starts);
  ASSERT_EQ(tasks.body["total"], 1);
  EXPECT_EQ(tasks.data()[0]["id"], "100");
  EXPECT_EQ(api_->WaitTask(tasks.data()[0]["upid"]), "OK");
  EXPECT_TRUE(server_.VmState(100)->at("running").get<bool>());
}

TEST_F(SimTest, DropAfterLosesAnErrorAnswerToo) {
  server_.AddFault({{"action", "drop"}, {"when", "after"}, {"path", "/qemu/9000/config"}});
  EXPECT_FALSE(api_->Put("/nodes/pve1/qemu/9000/config", {{"description", "applied"}}).delivered);
  EXPECT_EQ(server_.VmState(9000)->at("config")["description"], "applied");
  EXPECT_FALSE(api_->Put("/nodes/pve1/qemu/9000/config", {{"cores", "0"}}).delivered);
  server_.ClearFaults();
  EXPECT_EQ(api_->Put("/nodes/pve1/qemu/9000/config", {{"cores", "0"}}).status, 400);
  EXPECT_THROW(server_.AddFault({{"action", "drop"}, {"when", "later"}}), std::invalid_argument);
}

TEST_F(SimTest, RequestLogCountsApiCalls) {
  server_.ClearRequests();
  api_->Get("/version");
  api_->Get("/nodes");
  auto requests = server_.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1], (nlohmann::json{{"method", "GET"}, {"path", "/api2/json/nodes"}}));
}

TEST_F(SimTest, ControlApiIsReachableOverHttps) {
  ApiClient control = NewClient();
  ApiResponse added =
      control.Send("POST", "/_sim/faults", R"({"action":"bogus"})", "application/json", {}, true);
  EXPECT_EQ(added.status, 400);
  EXPECT_EQ(added.message(), "invalid fault rule: unknown action 'bogus'\n");
  ApiResponse clock = control.Send("POST", "/_sim/clock", R"({"advance_seconds": 60})",
                                   "application/json", {}, true);
  ASSERT_EQ(clock.status, 200);
  ApiResponse state = control.Send("GET", "/_sim/state", "", "", {}, true);
  EXPECT_EQ(state.data()["vms"].size(), 3u);
  EXPECT_EQ(state.data()["cluster"], "sim");
  ApiResponse requests = control.Send("GET", "/_sim/requests", "", "", {}, true);
  EXPECT_GE(requests.data()["count"], 1);
  ApiResponse vm = control.Send("POST", "/_sim/vms",
                                R"({"vmid": 300, "node": "pve2", "running": true,
                                    "config": {"name": "web", "cores": 2, "memory": "2048",
                                               "scsi0": "local-lvm:vm-300-disk-0,size=20G"}})",
                                "application/json", {}, true);
  ASSERT_EQ(vm.status, 200);
  EXPECT_EQ(api_->Get("/nodes/pve2/qemu/300/status/current").data()["status"], "running");
}

}  // namespace pvesim::testing
