// Task logs: progress lines of vzdump and restore while they run, and paging the log.
#include <chrono>
#include <regex>
#include <thread>

#include "sim_test_support.h"

namespace pvesim::testing {

namespace {

bool Has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// The lines following the first one that starts with `prefix`.
std::vector<std::string> After(const std::vector<std::string>& lines, const std::string& prefix) {
  auto it = std::find_if(lines.begin(), lines.end(),
                         [&](const std::string& line) { return line.rfind(prefix, 0) == 0; });
  return it == lines.end() ? std::vector<std::string>{}
                           : std::vector<std::string>(it + 1, lines.end());
}

}  // namespace

// Slow enough (a vzdump or restore of 2 s takes 1 s) to read logs while the task runs.
class TaskLogTest : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    server_.Stop();
    options_.time_scale = 0.5;
    StartServer();
    server_.AddVm({{"vmid", 100},
                   {"node", "pve1"},
                   {"config", {{"name", "web"}, {"scsi0", "local-lvm:vm-100-disk-0,size=2G"}}}});
  }

  std::string Path(const std::string& upid) { return "/nodes/pve1/tasks/" + UrlEncode(upid); }
  bool Running(const std::string& upid) {
    return api_->Get(Path(upid) + "/status").data()["status"] == "running";
  }

  std::string Backup() {
    return api_->Post("/nodes/pve1/vzdump", {{"vmid", "100"}, {"storage", "backup-nfs"}}).data();
  }
};

TEST_F(TaskLogTest, VzdumpLogsItsProgressWhileItRuns) {
  std::string upid = Backup();
  std::vector<std::vector<std::string>> read_while_running;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::vector<std::string> log = api_->TaskLog(upid);
    if (!Running(upid)) break;  // the log above was read before the task ended
    read_while_running.push_back(log);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  bool intermediate = false;
  for (const auto& log : read_while_running) {
    EXPECT_FALSE(Has(log, "TASK OK"));
    intermediate = intermediate || Has(log,
                                       "INFO:  50% (1.0 GiB of 2.0 GiB) in 1s, read: 512.0 "
                                       "MiB/s, write: 170.7 MiB/s");
  }
  EXPECT_TRUE(intermediate) << "no 50% line seen while the backup ran";

  EXPECT_EQ(api_->WaitTask(upid), "OK");
  std::vector<std::string> log = api_->TaskLog(upid);
  std::vector<std::string> archive = After(log, "INFO: creating vzdump archive '");
  ASSERT_GE(archive.size(), 11u);
  EXPECT_EQ(archive[0], "INFO: starting kvm to execute backup task");
  EXPECT_TRUE(std::regex_match(
      archive[1], std::regex("INFO: started backup task '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                             "[0-9a-f]{4}-[0-9a-f]{12}'")))
      << archive[1];
  std::vector<std::string> expected = {
      "INFO:  25% (512.0 MiB of 2.0 GiB) in 0s, read: 512.0 MiB/s, write: 170.7 MiB/s",
      "INFO:  50% (1.0 GiB of 2.0 GiB) in 1s, read: 512.0 MiB/s, write: 170.7 MiB/s",
      "INFO:  75% (1.5 GiB of 2.0 GiB) in 1s, read: 512.0 MiB/s, write: 170.7 MiB/s",
      "INFO: 100% (2.0 GiB of 2.0 GiB) in 2s, read: 512.0 MiB/s, write: 170.7 MiB/s",
      "INFO: backup is sparse: 1.33 GiB (66%) total zero data",
      "INFO: transferred 2.00 GiB in 2 seconds (1.0 GiB/s)",
      "INFO: stopping kvm after backup task"};
  EXPECT_EQ(std::vector<std::string>(archive.begin() + 2, archive.begin() + 9), expected);
  EXPECT_EQ(archive[9].rfind("INFO: archive file size: ", 0), 0u) << archive[9];
}

TEST_F(TaskLogTest, RunningGuestsResumeOnceTheBackupJobStarted) {
  ASSERT_EQ(api_->WaitTask(api_->Post("/nodes/pve1/qemu/100/status/start").data()), "OK");
  std::string upid = Backup();
  ASSERT_EQ(api_->WaitTask(upid), "OK");
  std::vector<std::string> archive = After(api_->TaskLog(upid), "INFO: creating vzdump archive");
  ASSERT_GE(archive.size(), 3u);
  EXPECT_EQ(archive[0].rfind("INFO: started backup task '", 0), 0u);
  EXPECT_EQ(archive[1], "INFO: resuming VM again");
  EXPECT_EQ(archive[2].rfind("INFO:  25% (", 0), 0u);
}

TEST_F(TaskLogTest, RestoreLogsVmaProgressAndFreesItsVolumesWhenItFails) {
  std::string backup = Backup();
  ASSERT_EQ(api_->WaitTask(backup), "OK");
  std::string volid = api_->Get("/nodes/pve1/storage/backup-nfs/content").data()[0]["volid"];
  std::string upid = api_->Post("/nodes/pve1/qemu", {{"vmid", "101"}, {"archive", volid}}).data();
  ASSERT_EQ(api_->WaitTask(upid), "OK");
  std::vector<std::string> restored = After(api_->TaskLog(upid), "CTIME: ");
  std::vector<std::string> expected = {
      "new volume ID is 'local-lvm:vm-101-disk-0'",
      "map 'drive-scsi0' to '/dev/pve/vm-101-disk-0' (write zeros = 0)",
      "progress 25% (read 536870912 bytes, duration 0 sec)",
      "progress 50% (read 1073741824 bytes, duration 1 sec)",
      "progress 75% (read 1610612736 bytes, duration 1 sec)",
      "progress 100% (read 2147483648 bytes, duration 2 sec)",
      "total bytes read 2147483648, sparse bytes 1431699456 (66.7%)",
      "space reduction due to 4K zero blocks 0.391%",
      "rescan volumes...",
      "TASK OK"};
  EXPECT_EQ(restored, expected);
  std::vector<std::string> log = api_->TaskLog(upid);
  auto ctime = std::find_if(log.begin(), log.end(),
                            [](const std::string& line) { return line.rfind("CTIME: ", 0) == 0; });
  ASSERT_NE(ctime, log.end());
  EXPECT_TRUE(
      std::regex_match(*ctime, std::regex(R"(CTIME: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})")))
      << *ctime;

  server_.AddFault(
      {{"action", "task_fail"}, {"task_type", "qmrestore"}, {"exitstatus", "broken pipe"}});
  std::string failed = api_->Post("/nodes/pve1/qemu", {{"vmid", "102"}, {"archive", volid}}).data();
  ASSERT_EQ(api_->WaitTask(failed), "broken pipe");
  EXPECT_TRUE(Has(api_->TaskLog(failed),
                  "temporary volume 'local-lvm:vm-102-disk-0' successfully removed"));
  for (const nlohmann::json& volume : server_.Volumes("local-lvm", "pve1")) {
    EXPECT_NE(volume["volid"], "local-lvm:vm-102-disk-0");
  }
}

TEST_F(TaskLogTest, TheLogPagesByZeroBasedStartAndOneBasedLineNumbers) {
  std::string upid = Backup();
  nlohmann::json page;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    ApiResponse read = api_->Get(Path(upid) + "/log", {{"start", "2"}, {"limit", "3"}});
    if (!Running(upid)) break;
    if (read.data().size() == 3) {
      page = read.body;
      break;
    }
  }
  ASSERT_FALSE(page.is_null()) << "the task ended before three lines past the second were read";
  ASSERT_EQ(api_->WaitTask(upid), "OK");
  std::vector<std::string> log = api_->TaskLog(upid);
  long long total = static_cast<long long>(log.size());
  ASSERT_EQ(page["data"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(page["data"][i]["n"], 3 + i);
    EXPECT_EQ(page["data"][i]["t"], log[2 + i]);
  }
  EXPECT_GE(page["total"].get<long long>(), 5);
  EXPECT_LT(page["total"].get<long long>(), total);  // read before TASK OK was written

  ApiResponse last = api_->Get(Path(upid) + "/log", {{"start", std::to_string(total - 1)}});
  ASSERT_EQ(last.data().size(), 1u);
  EXPECT_EQ(last.data()[0]["n"], total);
  EXPECT_EQ(last.data()[0]["t"], "TASK OK");
  EXPECT_EQ(last.body["total"], total);
  ApiResponse beyond = api_->Get(Path(upid) + "/log", {{"start", std::to_string(total + 5)}});
  EXPECT_TRUE(beyond.data().empty());
  EXPECT_EQ(beyond.body["total"], total);
  ASSERT_GT(total, 10);
  ApiResponse first = api_->Get(Path(upid) + "/log", {{"limit", "10"}});
  ASSERT_EQ(first.data().size(), 10u);
  EXPECT_EQ(first.data()[0]["n"], 1);
  EXPECT_EQ(first.data()[0]["t"], log[0]);
}

TEST_F(SimTest, TheLogShowsFiftyLinesByDefault) {
  server_.AddFault({{"action", "task_warnings"}, {"task_type", "qmclone"}, {"warnings", 60}});
  EXPECT_EQ(CloneTemplate(*api_, 100), "WARNINGS: 60");
  std::string upid = api_->Get("/nodes/pve1/tasks").data()[0]["upid"];
  ApiResponse log = api_->Get("/nodes/pve1/tasks/" + UrlEncode(upid) + "/log");
  ASSERT_EQ(log.data().size(), 50u);
  EXPECT_EQ(log.data()[49]["n"], 50);
  EXPECT_GT(log.body["total"].get<int>(), 60);
}

}  // namespace pvesim::testing
