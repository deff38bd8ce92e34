// Client backups when something goes wrong after the work was done, or while another run works
// on the service: what the client sees, and that the next ticks finish the job without a second
// archive, a lost copy or a copy kept beyond the quota.
#include <gtest/gtest.h>

#include "backups_fixture.h"

using namespace pm::contract;

namespace {

const char* kListing = "/storage/backup-nfs/content$";

bool Queued(const Result& queued) { return queued.doc.select_node("/doc/ok"); }

}  // namespace

// The archive exists once vzdump ended well: a listing that fails now must not lose it.
TEST_F(Backups, AListingFailureAfterASuccessfulBackupIsRetriedNotFailed) {
  Result queued = Page("vds.backups.new", {{"sok", "ok"}, {"notes", "kept"}});
  ASSERT_TRUE(Queued(queued)) << queued.out;
  ASSERT_EQ(Tick().exit_code, 0);  // starts vzdump
  sim.AddFault({{"action", "status"}, {"status", 500}, {"message", "storage listing failed"}, {"method", "GET"},
                {"path", kListing}, {"count", 1}});
  TickUntilIdle();
  EXPECT_TRUE(sim.Control("GET", "/_sim/faults").empty()) << "the listing failed once";
  Result list = Page("vds.backups");
  EXPECT_EQ(Rows(list, "state"), std::vector<std::string>{"ready"}) << list.out;
  EXPECT_EQ(Rows(list, "notes"), std::vector<std::string>{"kept"});
  EXPECT_EQ(Archives().size(), 1u);
}

// A failed notes PUT leaves a backup that exists: it is the client's copy, and the note follows.
TEST_F(Backups, AFailedNoteWriteKeepsTheBackupAndIsRetried) {
  Result queued = Page("vds.backups.new", {{"sok", "ok"}, {"notes", "before the upgrade"}});
  ASSERT_TRUE(Queued(queued)) << queued.out;
  sim.AddFault({{"action", "status"}, {"status", 500}, {"message", "unable to write notes"}, {"method", "PUT"},
                {"path", "/storage/backup-nfs/content/"}, {"count", 1}});
  TickUntilIdle();
  Result list = Page("vds.backups");
  EXPECT_EQ(Rows(list, "state"), std::vector<std::string>{"ready"}) << list.out;
  EXPECT_FALSE(list.doc.select_node("/doc/elem[state='failed']")) << list.out;
  ASSERT_EQ(Tick().exit_code, 0);  // the note is owed: the next tick writes it
  auto archives = Archives();
  ASSERT_EQ(archives.size(), 1u);
  std::string volid = archives[0]["volid"];
  EXPECT_EQ(sim.Api("GET", "/nodes/" + node + "/storage/backup-nfs/content/" + volid)["notes"], "before the upgrade");
}

// Rotation's removal fails once: it is tried again (and the page says so) until the quota holds.
TEST_F(Backups, AFailedRotationRemovalIsRetriedUntilTheQuotaHolds) {
  ASSERT_TRUE(Queued(Page("vds.backups.schedule", EveryDay())));
  for (int day = 0; day < 2; ++day) {
    TickUntilIdle();
    NextDay();
  }
  ASSERT_EQ(Archives().size(), 2u);
  sim.AddFault({{"action", "task_fail"}, {"task_type", "imgdel"}, {"exitstatus", "unable to delete: I/O error"},
                {"count", 1}});
  for (int i = 0; i < 20 && sim.Control("GET", "/_sim/faults").size() == 1; ++i) {
    ASSERT_EQ(Tick().exit_code, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(Tick().exit_code, 0);  // sees the failed removal
  Result waiting = Page("vds.backups");
  EXPECT_EQ(waiting.Value("quota"), "3/2") << waiting.out;
  EXPECT_TRUE(waiting.doc.select_node("//banner[@id='msg_over_quota']")) << waiting.out;
  auto retry = waiting.doc.select_node("//banner[@id='msg_remove_retry']/param").node();
  EXPECT_NE(std::string(retry.text().get()).find("I/O error"), std::string::npos) << waiting.out;
  EXPECT_EQ(Archives().size(), 3u);
  // Its pause is over (on the module's clock): the removal runs again.
  panel.StateSql("UPDATE backup_job SET retry_at = 0 WHERE kind = 'delete'");
  TickUntilIdle();
  EXPECT_EQ(Archives().size(), 2u);
  EXPECT_EQ(Page("vds.backups").Value("quota"), "2/2");
}

// The other direction of the module's lock: a job does not start while a command works on the VM.
TEST_F(Backups, AJobWaitsWhileACommandWorksOnTheService) {
  Result queued = Page("vds.backups.new", {{"sok", "ok"}});
  ASSERT_TRUE(Queued(queued)) << queued.out;
  {
    ServiceHold command(panel.root() / "var/pmproxmox.db.lock", 1001);
    ASSERT_EQ(Tick().exit_code, 0);
    auto tasks = sim.State()["tasks"];
    for (const auto& task : tasks) EXPECT_NE(task.value("type", ""), "vzdump") << "started behind the command's back";
  }
  TickUntilIdle();
  EXPECT_EQ(Archives().size(), 1u);
}
