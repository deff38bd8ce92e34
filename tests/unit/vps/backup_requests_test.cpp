// The Backups page's requests against the journal alone: no HTTP, nothing queued on refusal.
#include "pmproxmox/backup_requests.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.h"
#include "core/module_registry.h"
#include "core/service_registry.h"
#include "pmproxmox/backup_lock.h"
#include "pmproxmox/vm_records.h"

using namespace pm;

namespace {

class BackupRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    core::ModuleRegistry(db).Remember({7, core::Settings({{"url", "https://pve"}, {"backup_storage", "backup-nfs"}})});
    core::Service service;
    service.id = 1001;
    service.addons["backup_quota"] = {2, ""};
    core::ServiceRegistry(db).Remember(7, service);
    pmproxmox::VmRecords(db).Save({1001, 7, 100, "pve1", "active", "", "", "", ""});
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
  core::ErrorType Refusal(const std::function<void()>& request) {
    try {
      request();
    } catch (const core::Error& error) {
      return error.type();
    }
    ADD_FAILURE() << "not refused";
    return core::ErrorType::Internal;
  }
  size_t Queued() { return pmproxmox::BackupJournal(db).UnfinishedOf(1001).size(); }
  void AddCopy(const std::string& id, std::int64_t ctime) {
    pmproxmox::BackupJournal(db).AddCopy(
        {id, 1001, 7, 100, "backup-nfs:backup/vzdump-qemu-100-" + id + ".vma.zst", "pve1", ctime, 1024, "", ""});
  }

  std::filesystem::path path = std::filesystem::temp_directory_path() / ("pm-requests-" + std::to_string(::getpid()) + ".db");
  core::Sqlite db{path.string()};
  core::Log log{"pmtest", std::filesystem::temp_directory_path().string()};
  pmproxmox::BackupRequests requests{db, log, 1001};
};

}  // namespace

TEST_F(BackupRequestsTest, HostileButValidNotesAreQueuedVerbatim) {
  const std::string note = "{{vmid}} \\n \"quoted\" <b>&amp;</b>\nстрока 2\t✓";
  requests.BackupNow(note);
  auto jobs = pmproxmox::BackupJournal(db).UnfinishedOf(1001);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].notes, note);
  EXPECT_EQ(jobs[0].storage, "backup-nfs");
  EXPECT_EQ(jobs[0].vmid, 100);
}

TEST_F(BackupRequestsTest, UnusableNotesAreRefusedAndQueueNothing) {
  for (const std::string& bad : {std::string("nul\0byte", 8), std::string("bell\a"), std::string("\xff\xfe"),
                                 std::string("cut \xd0"), std::string(1001, 'x')}) {
    EXPECT_EQ(Refusal([&] { requests.BackupNow(bad); }), core::ErrorType::Value);
  }
  EXPECT_EQ(Queued(), 0u);
}

TEST_F(BackupRequestsTest, AFullQuotaRefusesABackup) {
  AddCopy("a", 100);
  AddCopy("b", 200);
  EXPECT_EQ(Refusal([&] { requests.BackupNow(""); }), core::ErrorType::Quota);
  EXPECT_EQ(Queued(), 0u);
  EXPECT_EQ(requests.View().used, 2);
  EXPECT_EQ(requests.View().limit, 2);
}

TEST_F(BackupRequestsTest, OnlyTheServicesOwnCopiesCanBeRestoredOrRemoved) {
  AddCopy("mine", 100);
  pmproxmox::BackupJournal(db).AddCopy({"theirs", 2002, 7, 200, "backup-nfs:backup/other.vma.zst", "pve1", 1, 1, "", ""});
  for (const std::string& id : {std::string("theirs"), std::string("backup-nfs:backup/other.vma.zst"), std::string("")}) {
    EXPECT_EQ(Refusal([&] { requests.Restore(id); }), core::ErrorType::Access) << id;
    EXPECT_EQ(Refusal([&] { requests.Remove(id); }), core::ErrorType::Access) << id;
  }
  EXPECT_EQ(Queued(), 0u);
  requests.Remove("mine");
  EXPECT_EQ(Queued(), 1u);
}

TEST_F(BackupRequestsTest, AnUnfinishedJobLocksTheVmUntilItGoesStale) {
  requests.BackupNow("first");
  EXPECT_EQ(Refusal([&] { requests.BackupNow("second"); }), core::ErrorType::Locked);
  pmproxmox::BackupJournal journal(db);
  EXPECT_EQ(Refusal([&] { pmproxmox::RequireNoBackupJob(journal, 1001, log); }), core::ErrorType::Locked);
  // No tick has looked after the job for longer than the stale limit: it no longer blocks.
  db.Exec("UPDATE backup_job SET updated = updated - ?", {std::to_string(pmproxmox::kStaleJobAfter + 1)});
  EXPECT_NO_THROW(pmproxmox::RequireNoBackupJob(journal, 1001, log));
}
