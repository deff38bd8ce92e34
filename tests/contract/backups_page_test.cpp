// The Backups page as a client sees it: times in the cluster's zone and said so, progress of what
// runs, failures without secrets, a module whose state lives in its own file, and a page that
// answers when its state cannot be opened and starts the tick itself.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "backups_fixture.h"

using namespace pm::contract;

namespace {

bool Ok(const Result& result) { return result.doc.select_node("/doc/ok"); }

std::string BannerParam(const Result& page, const std::string& banner, const std::string& param) {
  return page.doc.select_node(("//banner[@id='" + banner + "']/param[@name='" + param + "']").c_str()).node().text().get();
}

// Moscow is three hours east of UTC, without daylight saving.
class BackupsInMoscow : public Backups {
 protected:
  BackupsInMoscow() : Backups(0.05, {{{"timezone", {{"name", "Europe/Moscow"}, {"offset_seconds", 10800}}}}}) {}
};

// vzdump takes five seconds here, so a tick can look at it halfway.
class SlowBackups : public Backups {
 protected:
  SlowBackups() : Backups(2.5) {}
};

}  // namespace

TEST_F(BackupsInMoscow, EveryTimeIsInTheClustersZoneAndThePageSaysWhich) {
  ASSERT_TRUE(Ok(Page("vds.backups.new", {{"sok", "ok"}})));
  TickUntilIdle();
  Result list = Page("vds.backups");
  EXPECT_EQ(BannerParam(list, "msg_timezone", "zone"), "Europe/Moscow (UTC+03:00)") << list.out;
  // The archive's name carries the node's local time; the page shows the same wall-clock time.
  std::string volid = Archives().at(0)["volid"];
  auto stamp = volid.substr(volid.find("vzdump-qemu-" + vmid + "-") + 13 + vmid.size(), 19);  // YYYY_MM_DD-HH_MM_SS
  std::string shown = list.doc.select_node("/doc/elem/created").node().text().get();
  std::string expected = stamp.substr(0, 4) + "-" + stamp.substr(5, 2) + "-" + stamp.substr(8, 2) + " " +
                         stamp.substr(11, 2) + ":" + stamp.substr(14, 2) + ":" + stamp.substr(17, 2);
  EXPECT_EQ(shown, expected) << volid;
  EXPECT_EQ(BannerParam(Page("vds.backups.schedule"), "msg_timezone", "zone"), "Europe/Moscow (UTC+03:00)");
}

TEST_F(SlowBackups, ARunningBackupShowsItsProgressAndWhenItStarted) {
  ASSERT_TRUE(Ok(Page("vds.backups.new", {{"sok", "ok"}})));
  ASSERT_EQ(Tick().exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ASSERT_EQ(Tick().exit_code, 0);
  Result list = Page("vds.backups");
  std::string progress = BannerParam(list, "msg_job_progress", "progress");
  ASSERT_FALSE(progress.empty()) << list.out;
  int percent = std::stoi(progress);
  EXPECT_GT(percent, 0) << list.out;
  EXPECT_LT(percent, 100) << list.out;
  EXPECT_EQ(list.doc.select_node("/doc/elem[state='creating']/progress").node().text().get(), progress);
  EXPECT_FALSE(BannerParam(list, "msg_job_progress", "started").empty());
  TickUntilIdle();
  EXPECT_EQ(Rows(Page("vds.backups"), "state"), std::vector<std::string>{"ready"});
}

// What the hypervisor says may echo what it was sent; the client never reads a secret in it.
TEST_F(Backups, AFailureShownToTheClientCarriesNoSecret) {
  ASSERT_TRUE(Ok(Page("vds.backups.new", {{"sok", "ok"}})));
  TickUntilIdle();
  const std::string secret = "5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90";  // the module's token secret
  sim.AddFault({{"action", "task_fail"}, {"task_type", "qmrestore"},
                {"exitstatus", "token billing@pve!bm=" + secret + " refused by the storage"}, {"count", 1}});
  ASSERT_TRUE(Ok(Page("vds.backups.restore", {{"elid", Rows(Page("vds.backups"), "id").at(0)}})));
  TickUntilIdle();
  Result list = Page("vds.backups");
  EXPECT_NE(BannerParam(list, "msg_restore_failed", "error").find("refused by the storage"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(secret), std::string::npos) << list.out;
  EXPECT_EQ(panel.Log().find(secret), std::string::npos);
}

// state_db puts the module's records in a file of its own: the commands, the tick and the page
// all use that one.
TEST(BackupsOfAModuleWithItsOwnState, CommandsTickAndPageShareTheStateFile) {
  Simulator sim;
  Panel panel;
  std::string custom = (panel.root() / "custom-state.db").string();
  ServiceDoc doc;
  doc.module_xml = ModuleXml(sim, {{"backup_storage", "backup-nfs"}, {"state_db", custom}});
  doc.SetAddon("backup_quota", "2");
  ASSERT_TRUE(panel.Run({"--command", "open", "--item", "1001", "--module", "7"}, doc.Text()).ok());
  Result queued = panel.Page("vds.backups.new", {{"plid", "1001"}, {"sok", "ok"}});
  ASSERT_TRUE(Ok(queued)) << queued.out;
  for (int i = 0; i < 50 && panel.StateColumn("SELECT id FROM backup_copy", custom).empty(); ++i) {
    ASSERT_EQ(panel.Run({"--command", "backup_tick"}, "").exit_code, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(panel.StateColumn("SELECT id FROM backup_copy", custom).size(), 1u);
  EXPECT_TRUE(panel.StateColumn("SELECT name FROM sqlite_master WHERE name = 'backup_copy'").empty())
      << "the index keeps no backups";
  Result list = panel.Page("vds.backups", {{"plid", "1001"}});
  EXPECT_EQ(list.doc.select_nodes("/doc/elem[state='ready']").size(), 1u) << list.out;
}

TEST_F(Backups, APageWhoseStateCannotBeOpenedAnswersWithAnErrorDocument) {
  ASSERT_EQ(::chmod((panel.root() / "var").c_str(), 0500), 0);  // no -wal or -shm can be made
  panel.StateSql("PRAGMA user_version = 1");  // (fails: read-only directory) keeps nothing half-done
  ::chmod((panel.root() / "var").c_str(), 0700);
  std::filesystem::remove(panel.root() / "var/pmproxmox.db");
  std::filesystem::create_directory(panel.root() / "var/pmproxmox.db");  // a state that is no file
  Result list = Page("vds.backups");
  EXPECT_EQ(list.ErrorType(), "internal") << list.out;
  EXPECT_FALSE(list.ErrorText().empty());
}

TEST_F(Backups, ThePageStartsTheTickItselfAndSaysWhenItCannot) {
  Result unstarted = Page("vds.backups.new", {{"sok", "ok"}, {"notes", "no program yet"}});
  ASSERT_TRUE(Ok(unstarted)) << unstarted.out;  // queued: the next cron tick takes it
  EXPECT_NE(panel.PageLog().find("could not start backup_tick"), std::string::npos) << panel.PageLog();
  TickUntilIdle();
  panel.InstallModule();
  ASSERT_TRUE(Ok(Page("vds.backups.new", {{"sok", "ok"}, {"notes", "started by the page"}})));
  // No tick run here: the page's own detached tick starts the job, the next clicks' ticks follow it.
  for (int i = 0; i < 100 && Rows(Page("vds.backups"), "state") != std::vector<std::string>{"ready", "ready"}; ++i) {
    ASSERT_TRUE(Ok(Page("vds.backups.schedule", {{"sok", "ok"}})));  // another click, another tick
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(Rows(Page("vds.backups"), "notes"), (std::vector<std::string>{"no program yet", "started by the page"}));
}
