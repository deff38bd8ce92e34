// The Backups page's requests against the journal alone: no HTTP, nothing queued on refusal.
#include "vps/backups/requests.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/error.h"
#include "vps/backups/lock.h"
#include "vps/vm_records.h"

using namespace pm;
using namespace pm::vps::backups;

namespace {

core::Input Service(int quota) {
  core::Input input;
  input.module = core::ModuleConfig{7, core::Settings({{"url", "https://pve"}, {"backup_storage", "backup-nfs"}})};
  input.item = core::Service{};
  input.item->id = 1001;
  input.item->addons["backup_quota"] = {static_cast<double>(quota), ""};
  return input;
}

class BackupRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override { vps::VmRecords(db).Save({1001, 7, 100, "pve1", vps::VmPhase::Active, "", "", "", ""}); }
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
  size_t Queued() { return BackupJournal(db).UnfinishedOf(1001).size(); }
  void AddCopy(const std::string& id, std::int64_t ctime) {
    BackupJournal(db).AddCopy(
        {id, 1001, 7, 100, "backup-nfs:backup/vzdump-qemu-100-" + id + ".vma.zst", "pve1", ctime, 1024, "", ""});
  }

  std::filesystem::path path = std::filesystem::temp_directory_path() / ("pm-requests-" + std::to_string(::getpid()) + ".db");
  core::Sqlite db{path.string()};
  core::Log log{"pmtest", std::filesystem::temp_directory_path().string()};
  core::Input service = Service(2);
  BackupRequests requests{db, log, service};
};

}  // namespace

TEST_F(BackupRequestsTest, HostileButValidNotesAreQueuedVerbatim) {
  const std::string note = "{{vmid}} \\n \"quoted\" <b>&amp;</b>\nстрока 2\t✓";
  requests.BackupNow(note);
  auto jobs = BackupJournal(db).UnfinishedOf(1001);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].notes, note);
  EXPECT_EQ(jobs[0].storage, "backup-nfs");
  EXPECT_EQ(jobs[0].vmid, 100);
  EXPECT_EQ(jobs[0].kind, JobKind::Backup);
}

TEST_F(BackupRequestsTest, UnusableNotesAreRefusedAndQueueNothing) {
  for (const std::string& bad : {std::string("nul\0byte", 8), std::string("bell\a"), std::string("\xff\xfe"),
                                 std::string("cut \xd0"), std::string(1001, 'x'), std::string("overlong \xc0\x80"),
                                 std::string("surrogate \xed\xa0\x80"), std::string("nonchar \xef\xbf\xbf"),
                                 std::string("lead \xf5\x80\x80\x80"), std::string("c1 \xc2\x85")}) {
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

TEST_F(BackupRequestsTest, AnAbsurdQuotaIsAValueError) {
  for (double quota : {1e30, -1.0, 2.5}) {
    core::Input absurd = Service(0);
    absurd.item->addons["backup_quota"] = {quota, ""};
    BackupRequests asked(db, log, absurd);
    EXPECT_EQ(Refusal([&] { asked.BackupNow(""); }), core::ErrorType::Value) << quota;
  }
  EXPECT_EQ(Queued(), 0u);
}

TEST_F(BackupRequestsTest, OnlyTheServicesOwnCopiesCanBeRestoredOrRemoved) {
  AddCopy("mine", 100);
  BackupJournal(db).AddCopy({"theirs", 2002, 7, 200, "backup-nfs:backup/other.vma.zst", "pve1", 1, 1, "", ""});
  for (const std::string& id : {std::string("theirs"), std::string("backup-nfs:backup/other.vma.zst"), std::string("")}) {
    EXPECT_EQ(Refusal([&] { requests.Restore(id); }), core::ErrorType::Access) << id;
    EXPECT_EQ(Refusal([&] { requests.Remove({id}); }), core::ErrorType::Access) << id;
  }
  EXPECT_EQ(Queued(), 0u);
  requests.Remove({"mine"});
  EXPECT_EQ(Queued(), 1u);
}

TEST_F(BackupRequestsTest, ARemovalOfSeveralCopiesQueuesAllOrNone) {
  AddCopy("a", 100);
  AddCopy("b", 200);
  requests.Remove({"b"});
  EXPECT_EQ(Refusal([&] { requests.Remove({"a", "b"}); }), core::ErrorType::Locked) << "b is being removed";
  EXPECT_EQ(Queued(), 1u) << "a was not queued either";
  EXPECT_EQ(requests.Remove({"a"}).size(), 1u);
}

TEST_F(BackupRequestsTest, AnUnfinishedJobLocksTheVmUntilItGoesStale) {
  requests.BackupNow("first");
  EXPECT_EQ(Refusal([&] { requests.BackupNow("second"); }), core::ErrorType::Locked);
  BackupJournal journal(db);
  EXPECT_EQ(Refusal([&] { RequireNoBackupJob(journal, 1001, log); }), core::ErrorType::Locked);
  // No tick has looked after the job for longer than the stale limit: it no longer blocks.
  db.Exec("UPDATE backup_job SET updated = updated - ?", {std::to_string(kStaleJobAfter + 1)});
  EXPECT_NO_THROW(RequireNoBackupJob(journal, 1001, log));
}

TEST_F(BackupRequestsTest, ARemovalDoesNotHoldTheVmButGuardsItsCopy) {
  AddCopy("old", 100);
  requests.Remove({"old"});
  BackupJournal journal(db);
  EXPECT_NO_THROW(RequireNoBackupJob(journal, 1001, log));
  EXPECT_EQ(Refusal([&] { requests.Restore("old"); }), core::ErrorType::Locked);
  EXPECT_EQ(Refusal([&] { requests.Remove({"old"}); }), core::ErrorType::Locked);
}

// Clicks that arrive together, each from its own page process (its own connection to the state):
// only one may pass the checks. Without one transaction around check and enqueue, several pass.
TEST_F(BackupRequestsTest, ConcurrentRequestsQueueOneJob) {
  constexpr int kClicks = 8;
  for (int round = 0; round < 20; ++round) {
    db.Exec("DELETE FROM backup_job");
    db.Exec("DELETE FROM backup_copy");
    AddCopy("copy", 1);
    std::atomic<int> ready{0};
    std::vector<std::thread> clicks;
    for (int i = 0; i < kClicks; ++i) {
      clicks.emplace_back([&, i] {
        core::Sqlite own(path.string());
        BackupRequests page(own, log, service);
        ++ready;
        while (ready < kClicks) std::this_thread::yield();
        try {
          if (i % 2) {
            page.BackupNow("click");
          } else {
            page.Restore("copy");
          }
        } catch (const core::Error&) {
        }
      });
    }
    for (auto& click : clicks) click.join();
    ASSERT_EQ(Queued(), 1u) << "round " << round;
  }
}
