// vzdump, backup content, notes, retention and restore.
#include <chrono>
#include <regex>
#include <thread>

#include "sim_test_support.h"

namespace pvesim::testing {

namespace {

std::string Backup(ApiClient& api, const Form& extra = {}) {
  Form form = {
      {"vmid", "100"}, {"storage", "backup-nfs"}, {"mode", "snapshot"}, {"compress", "zstd"}};
  for (const auto& [key, value] : extra) form[key] = value;
  ApiResponse response = api.Post("/nodes/pve1/vzdump", form);
  if (response.status != 200)
    return "HTTP " + std::to_string(response.status) + " " + response.message();
  return response.data();
}

nlohmann::json Backups(ApiClient& api, const std::string& storage = "backup-nfs") {
  return api
      .Get("/nodes/pve1/storage/" + storage + "/content", {{"content", "backup"}, {"vmid", "100"}})
      .data();
}

}  // namespace

class BackupTest : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    ASSERT_EQ(CloneTemplate(*api_, 100, {{"full", "1"}, {"name", "web1"}}), "OK");
  }
};

TEST_F(BackupTest, VzdumpWritesAnArchiveAndHoldsTheBackupLock) {
  std::string upid =
      Backup(*api_, {{"notes-template", "{{guestname}} on {{node}} ({{vmid}}, {{cluster}})"}});
  ASSERT_NE(upid.find(":vzdump:100:billing@pve:"), std::string::npos);
  bool locked = false;
  for (int i = 0; i < 200 && !locked; ++i) {
    locked = server_.VmState(100)->value("lock", "") == "backup";
    if (!locked) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(locked);
  EXPECT_EQ(api_->Put("/nodes/pve1/qemu/100/config", {{"cores", "2"}}).reason,
            "VM is locked (backup)");
  EXPECT_EQ(api_->WaitTask(upid), "OK");
  EXPECT_FALSE(server_.VmState(100)->contains("lock"));
  nlohmann::json backups = Backups(*api_);
  ASSERT_EQ(backups.size(), 1u);
  std::string volid = backups[0]["volid"];
  EXPECT_TRUE(std::regex_match(
      volid,
      std::regex(
          R"(backup-nfs:backup/vzdump-qemu-100-\d{4}_\d{2}_\d{2}-\d{2}_\d{2}_\d{2}\.vma\.zst)")));
  EXPECT_EQ(backups[0]["format"], "vma.zst");
  EXPECT_EQ(backups[0]["subtype"], "qemu");
  EXPECT_EQ(backups[0]["notes"], "web1 on pve1 (100, sim)");
  std::string file = volid.substr(std::string("backup-nfs:backup/").size());
  std::vector<std::string> log = api_->TaskLog(upid);
  EXPECT_NE(std::find(log.begin(), log.end(),
                      "INFO: creating vzdump archive '/mnt/pve/backup-nfs/dump/" + file + "'"),
            log.end());
  EXPECT_EQ(log.back(), "TASK OK");
}

TEST_F(BackupTest, StoppedGuestRunsInVzdumpsQemuDuringItsBackup) {
  std::string upid = Backup(*api_, {{"storage", "local"}});
  bool seen = false;
  for (int i = 0; i < 200 && !seen; ++i) {
    auto status = api_->Get("/nodes/pve1/qemu/100/status/current").data();
    seen = status["status"] == "running" && status["qmpstatus"] == "prelaunch";
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(api_->WaitTask(upid), "OK");
  EXPECT_EQ(api_->Get("/nodes/pve1/qemu/100/status/current").data()["status"], "stopped");
  // "local" is per node: the archive is only listed on pve1.
  nlohmann::json here = Backups(*api_, "local");
  ASSERT_EQ(here.size(), 1u);
  EXPECT_EQ(here[0]["format"], "vma.zst");
  EXPECT_TRUE(api_->Get("/nodes/pve2/storage/local/content", {{"vmid", "100"}}).data().empty());
  std::string volid = here[0]["volid"];
  std::string file = volid.substr(volid.find('/') + 1);
  EXPECT_EQ(api_->Get("/nodes/pve1/storage/local/content/" + volid).data()["path"],
            "/var/lib/vz/dump/" + file);
}

TEST_F(BackupTest, NotesTemplateRules) {
  ApiResponse variable =
      api_->Post("/nodes/pve1/vzdump",
                 {{"vmid", "100"}, {"storage", "backup-nfs"}, {"notes-template", "x {{foo}}"}});
  EXPECT_EQ(variable.status, 400);
  EXPECT_EQ(variable.error("notes-template"), "found unknown: variable 'foo' at char 6\n");
  ApiResponse escape =
      api_->Post("/nodes/pve1/vzdump",
                 {{"vmid", "100"}, {"storage", "backup-nfs"}, {"notes-template", "a\\tb"}});
  EXPECT_EQ(escape.error("notes-template"), "found unknown: escape sequence '\\t' at char 1\n");
  ApiResponse newline =
      api_->Post("/nodes/pve1/vzdump",
                 {{"vmid", "100"}, {"storage", "backup-nfs"}, {"notes-template", "a\nb"}});
  EXPECT_EQ(newline.error("notes-template"), "contains a line feed\n");
  ApiResponse without_storage =
      api_->Post("/nodes/pve1/vzdump", {{"vmid", "100"}, {"notes-template", "x"}});
  EXPECT_EQ(without_storage.error("storage"), "missing property required by 'notes-template'");
  EXPECT_EQ(api_->WaitTask(Backup(*api_, {{"notes-template", "line1\\nline2 \\\\ {{vmid}}"}})),
            "OK");
  std::string volid = Backups(*api_)[0]["volid"];
  EXPECT_EQ(Backups(*api_)[0]["notes"], "line1");
  EXPECT_EQ(api_->Get("/nodes/pve1/storage/backup-nfs/content/" + volid).data()["notes"],
            "line1\nline2 \\ 100");
}

TEST_F(BackupTest, StorageRetentionPrunesUnlessKeepAll) {
  server_.Stop();
  options_.seed = {
      {"storages",
       {{{"id", "local-lvm"}, {"type", "lvmthin"}, {"content", {"images"}}},
        {{"id", "local"}, {"type", "dir"}, {"content", {"iso", "backup"}}, {"path", "/var/lib/vz"}},
        {{"id", "backup-nfs"},
         {"type", "nfs"},
         {"content", {"backup"}},
         {"shared", true},
         {"prune_backups", "keep-last=2"}}}}};
  StartServer();
  ASSERT_EQ(CloneTemplate(*api_, 100, {{"full", "1"}}), "OK");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(api_->WaitTask(Backup(*api_)), "OK");
  EXPECT_EQ(Backups(*api_).size(), 2u);
  std::string upid = Backup(*api_, {{"prune-backups", "keep-all=1"}});
  EXPECT_EQ(api_->WaitTask(upid), "OK");
  EXPECT_EQ(Backups(*api_).size(), 3u);
  std::string limited = Backup(*api_, {{"remove", "0"}});
  EXPECT_EQ(api_->WaitTask(limited), "job errors");
  std::vector<std::string> log = api_->TaskLog(limited);
  EXPECT_NE(
      std::find(log.begin(), log.end(),
                "ERROR: Backup of VM 100 failed - There is a max backup limit of 2 enforced by the "
                "target storage or the vzdump parameters. Either increase the limit or delete old "
                "backups."),
      log.end());
}

TEST_F(BackupTest, ProtectedBackupsCannotBeDeleted) {
  EXPECT_EQ(api_->WaitTask(Backup(*api_, {{"protected", "1"}})), "OK");
  nlohmann::json backup = Backups(*api_)[0];
  EXPECT_EQ(backup["protected"], 1);
  std::string volid = backup["volid"];
  std::string name = volid.substr(volid.find(':') + 1);
  // The volume may be given percent-encoded or raw; it swallows the rest of the path.
  ApiResponse del = api_->Delete("/nodes/pve1/storage/backup-nfs/content/" + UrlEncode(volid));
  ASSERT_EQ(del.status, 200);
  EXPECT_NE(std::string(del.data()).find(":imgdel:100@backup-nfs:"), std::string::npos);
  EXPECT_EQ(api_->WaitTask(del.data()),
            "cannot remove protected volume '" + name + "' on 'backup-nfs'");
  ASSERT_EQ(api_->Put("/nodes/pve1/storage/backup-nfs/content/" + volid,
                      {{"protected", "0"}, {"notes", "old"}})
                .status,
            200);
  EXPECT_EQ(Backups(*api_)[0]["notes"], "old");
  EXPECT_EQ(api_->WaitTask(api_->Delete("/nodes/pve1/storage/backup-nfs/content/" + volid).data()),
            "OK");
  EXPECT_TRUE(Backups(*api_).empty());
}

TEST_F(BackupTest, VzdumpOnAnotherNodeSaysOk) {
  ApiResponse response =
      api_->Post("/nodes/pve2/vzdump", {{"vmid", "100"}, {"storage", "backup-nfs"}});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.data(), "OK");
}

TEST_F(BackupTest, OneVzdumpPerNodeAtATime) {
  std::string first = Backup(*api_);
  std::string second = Backup(*api_, {{"vmid", "9000"}});
  EXPECT_EQ(api_->WaitTask(first), "OK");
  EXPECT_EQ(api_->WaitTask(second), "OK");
  std::vector<std::string> log = api_->TaskLog(second);
  EXPECT_EQ(log[0], "INFO: trying to get global lock - waiting...");
  EXPECT_EQ(log[1], "INFO: got global lock");
}

TEST_F(BackupTest, RestoreReplacesTheVmFromTheArchive) {
  EXPECT_EQ(api_->WaitTask(Backup(*api_)), "OK");
  std::string archive = Backups(*api_)[0]["volid"];
  ASSERT_EQ(api_->Put("/nodes/pve1/qemu/100/config", {{"cores", "6"}, {"name", "changed"}}).status,
            200);
  EXPECT_EQ(api_->WaitTask(api_->Post("/nodes/pve1/qemu/100/status/start").data()), "OK");

  ApiResponse exists = api_->Post("/nodes/pve1/qemu", {{"vmid", "100"}, {"archive", archive}});
  EXPECT_EQ(exists.reason, "unable to restore VM 100 - VM 100 already exists on node 'pve1'");
  ApiResponse disk =
      api_->Post("/nodes/pve1/qemu",
                 {{"vmid", "100"}, {"archive", archive}, {"force", "1"}, {"scsi0", "local-lvm:4"}});
  EXPECT_EQ(disk.error("scsi0"), "option conflicts with option 'archive'");
  ApiResponse running =
      api_->Post("/nodes/pve1/qemu", {{"vmid", "100"}, {"archive", archive}, {"force", "1"}});
  EXPECT_EQ(api_->WaitTask(running.data()), "unable to restore VM 100 - vm is running");
  EXPECT_EQ(server_.VmState(100)->at("config")["name"], "changed");
  EXPECT_FALSE(server_.VmState(100)->contains("lock"));

  EXPECT_EQ(api_->WaitTask(api_->Post("/nodes/pve1/qemu/100/status/stop").data()), "OK");
  ApiResponse restore = api_->Post("/nodes/pve1/qemu", {{"vmid", "100"},
                                                        {"archive", archive},
                                                        {"force", "1"},
                                                        {"memory", "3072"},
                                                        {"storage", "local-lvm"}});
  ASSERT_EQ(restore.status, 200);
  std::string upid = restore.data();
  EXPECT_NE(upid.find(":qmrestore:100:"), std::string::npos);
  EXPECT_EQ(api_->WaitTask(upid), "OK");
  auto config = api_->Get("/nodes/pve1/qemu/100/config").data();
  EXPECT_EQ(config["name"], "web1");
  EXPECT_EQ(config["cores"], 1);
  EXPECT_EQ(config["memory"], "3072");
  EXPECT_EQ(config["scsi0"], "local-lvm:vm-100-disk-0,size=2G");
  EXPECT_FALSE(config.contains("lock"));

  ApiResponse copy =
      api_->Post("/nodes/pve1/qemu", {{"vmid", "150"}, {"archive", archive}, {"unique", "1"}});
  EXPECT_EQ(api_->WaitTask(copy.data()), "OK");
  auto copied = api_->Get("/nodes/pve1/qemu/150/config").data();
  EXPECT_EQ(copied["scsi0"], "local-lvm:vm-150-disk-0,size=2G");
  EXPECT_NE(copied["net0"], config["net0"]);
}

TEST_F(BackupTest, RestoreHoldsLockCreateUntilTheWorkerRuns) {
  EXPECT_EQ(api_->WaitTask(Backup(*api_)), "OK");
  std::string archive = Backups(*api_)[0]["volid"];
  server_.AddFault({{"action", "task_hang"}, {"task_type", "qmrestore"}});
  server_.AddFault({{"action", "file_lock"}, {"vmid", 160}, {"seconds", 100}});
  ApiResponse restore = api_->Post("/nodes/pve1/qemu", {{"vmid", "160"}, {"archive", archive}});
  // create_and_lock_config waits 5 s for the file lock.
  EXPECT_EQ(restore.reason,
            "unable to restore VM 160 - can't lock file '/var/lock/qemu-server/lock-160.conf' - "
            "got timeout");
  server_.ClearFaults();
  server_.AddFault({{"action", "task_hang"}, {"task_type", "qmrestore"}});
  restore = api_->Post("/nodes/pve1/qemu", {{"vmid", "160"}, {"archive", archive}});
  ASSERT_EQ(restore.status, 200);
  EXPECT_EQ(server_.VmState(160)->value("lock", ""), "create");
  EXPECT_EQ(api_->Delete("/nodes/pve1/tasks/" + std::string(restore.data())).status, 200);
  EXPECT_EQ(api_->WaitTask(restore.data()), "received interrupt");
  EXPECT_FALSE(server_.VmState(160)->contains("lock"));
}

}  // namespace pvesim::testing
