// Client-managed backups through the contract: the Backups page handler queues, backup_tick
// (run here by hand, as cron would) does the work against pve-sim.
#include <gtest/gtest.h>

#include "backups_fixture.h"
#include "fake_smtp_server.h"

using namespace pm::contract;

TEST_F(Backups, BackupNowKeepsTheClientsNoteExactly) {
  const std::string note = "before upgrade \"v2\" {{vmid}} \\n\nвторая строка & <tag>";
  Result queued = Page("vds.backups.new", {{"sok", "ok"}, {"notes", note}});
  ASSERT_TRUE(queued.doc.select_node("/doc/ok")) << queued.out;
  // While the job is queued the VM is locked for other operations.
  Result suspend = Command("suspend");
  EXPECT_EQ(suspend.ErrorType(), "locked") << suspend.out;
  EXPECT_EQ(suspend.ErrorObject(), "backup");
  TickUntilIdle();
  Result list = Page("vds.backups");
  ASSERT_EQ(Rows(list, "notes"), std::vector<std::string>{note}) << list.out;
  EXPECT_EQ(Rows(list, "state"), std::vector<std::string>{"ready"});
  EXPECT_EQ(list.Value("quota"), "1/2");
  auto archives = Archives();
  ASSERT_EQ(archives.size(), 1u);
  std::string volid = archives[0]["volid"];
  auto full = sim.Api("GET", "/nodes/" + node + "/storage/backup-nfs/content/" + volid);
  EXPECT_EQ(full["notes"], note);
  EXPECT_TRUE(Command("suspend").ok());
}

TEST_F(Backups, QuotaRefusesAManualBackupBeyondTheLimit) {
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}, {"notes", "n" + std::to_string(i)}}).doc.select_node("/doc/ok"));
    TickUntilIdle();
  }
  Result third = Page("vds.backups.new", {{"sok", "ok"}, {"notes", "n3"}});
  EXPECT_EQ(third.ErrorType(), "quota") << third.out;
  EXPECT_EQ(Archives().size(), 2u);
}

TEST_F(Backups, ForgedAndForeignIdsAreRefusedAndChangeNothing) {
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  // Someone else's archive on the same storage (another cluster, an earlier VM with this VMID).
  std::string foreign = sim.Api("GET", "/nodes/" + node + "/storage/backup-nfs/content?content=backup")[0]["volid"];
  for (const std::string& id : {std::string("0123456789abcdef"), foreign, std::string("' OR 1=1 --")}) {
    Result restore = Page("vds.backups.restore", {{"elid", id}});
    EXPECT_EQ(restore.ErrorType(), "access") << restore.out;
    Result removal = Page("vds.backups.delete", {{"elid", id}});
    EXPECT_EQ(removal.ErrorType(), "access") << removal.out;
  }
  TickUntilIdle();
  EXPECT_EQ(Archives().size(), 1u);
  // Another client's request for this service is refused by the panel's ownership check.
  setenv("PM_FAKE_MGRCTL_FAIL", "vds.edit", 1);
  Result other = panel.Page("vds.backups", {{"plid", "1001"}}, "intruder");
  unsetenv("PM_FAKE_MGRCTL_FAIL");
  EXPECT_EQ(other.ErrorType(), "access") << other.out;
  // The check is the panel's own: vds.edit as that user, shown only (no sok), and admins skip it.
  auto checks = Page("vds.backups").Calls("vds.edit");
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].args["elid"], "1001");
  EXPECT_EQ(checks[0].args["su"], "client1");
  EXPECT_EQ(checks[0].args.count("sok"), 0u);
  EXPECT_TRUE(panel.Page("vds.backups", {{"plid", "1001"}}, "admin", "29").Calls("vds.edit").empty());
}

TEST_F(Backups, RemoveDeletesOnlyThatCopy) {
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}, {"notes", "copy" + std::to_string(i)}}).doc.select_node("/doc/ok"));
    TickUntilIdle();
  }
  Result list = Page("vds.backups");
  auto ids = Rows(list, "id");
  ASSERT_EQ(ids.size(), 2u);
  ASSERT_TRUE(Page("vds.backups.delete", {{"elid", ids[0]}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  EXPECT_EQ(Rows(Page("vds.backups"), "notes"), std::vector<std::string>{"copy1"});
  EXPECT_EQ(Archives().size(), 1u);
}

TEST_F(Backups, RestoreReappliesTheCurrentPackageAndStartsTheVm) {
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  // An upgrade after the backup: the restore must not take the client back to the old plan.
  doc.SetAddon("ncpu", "2");
  doc.SetAddon("mem", "2", "GiB");
  ASSERT_TRUE(Command("setparam").ok());
  std::string id = Rows(Page("vds.backups"), "id").at(0);
  ASSERT_TRUE(Page("vds.backups.restore", {{"elid", id}}).doc.select_node("/doc/ok"));
  EXPECT_EQ(Command("reboot").ErrorType(), "locked");
  TickUntilIdle();
  auto config = sim.Api("GET", "/nodes/" + node + "/qemu/" + vmid + "/config");
  EXPECT_EQ(config["cores"], 2);
  EXPECT_EQ(config["memory"], "2048");
  auto status = sim.Api("GET", "/nodes/" + node + "/qemu/" + vmid + "/status/current");
  EXPECT_EQ(status["status"], "running");
  Result list = Page("vds.backups");
  EXPECT_FALSE(list.doc.select_node("//banner[@id='msg_restore_failed']")) << list.out;
}

TEST_F(Backups, AFailedRestoreIsShownAndCanBeRetried) {
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  std::string id = Rows(Page("vds.backups"), "id").at(0);
  sim.AddFault({{"action", "task_fail"}, {"task_type", "qmrestore"}, {"exitstatus", "unable to restore: disk full"}, {"count", 1}});
  ASSERT_TRUE(Page("vds.backups.restore", {{"elid", id}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  Result failed = Page("vds.backups");
  auto banner = failed.doc.select_node("//banner[@id='msg_restore_failed']/param").node();
  EXPECT_NE(std::string(banner.text().get()).find("disk full"), std::string::npos) << failed.out;
  EXPECT_EQ(Rows(failed, "state"), std::vector<std::string>{"restore_failed"});
  ASSERT_TRUE(Page("vds.backups.restore", {{"elid", id}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  Result retried = Page("vds.backups");
  EXPECT_FALSE(retried.doc.select_node("//banner[@id='msg_restore_failed']")) << retried.out;
  auto status = sim.Api("GET", "/nodes/" + node + "/qemu/" + vmid + "/status/current");
  EXPECT_EQ(status["status"], "running");
}

TEST_F(Backups, ScheduleFormRoundTripsAndRejectsBadTimes) {
  std::map<std::string, std::string> form = {{"sok", "ok"}};
  for (const char* day : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) {
    form[day] = std::string(day) == "sun" ? "on" : "off";
    form[std::string(day) + "_time"] = std::string(day) == "sun" ? "07:00" : "03:00";
  }
  ASSERT_TRUE(Page("vds.backups.schedule", form).doc.select_node("/doc/ok"));
  Result shown = Page("vds.backups.schedule");
  EXPECT_EQ(shown.Value("sun"), "on");
  EXPECT_EQ(shown.Value("sun_time"), "07:00");
  EXPECT_EQ(shown.Value("mon"), "off");
  form["mon"] = "on";
  form["mon_time"] = "25:00";
  Result bad = Page("vds.backups.schedule", form);
  EXPECT_EQ(bad.ErrorType(), "value");
  EXPECT_EQ(bad.ErrorObject(), "mon_time");
  EXPECT_EQ(Page("vds.backups.schedule").Value("mon"), "off");
}

TEST_F(Backups, OverlappingTicksDoNotBothRun) {
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  sim.AddFault({{"action", "latency"}, {"ms", 800}, {"count", 3}});
  auto first = panel.Start({"--command", "backup_tick"}, "");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Result second = Tick();
  first.wait();
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.Value("skipped"), "another backup_tick is running") << second.out;
}

TEST_F(Backups, ScheduledBackupsRunOncePerDayAndRotateAfterSuccess) {
  ASSERT_TRUE(Page("vds.backups.schedule", EveryDay()).doc.select_node("/doc/ok"));
  std::vector<size_t> kept;
  for (int day = 0; day < 4; ++day) {
    TickUntilIdle();
    TickUntilIdle();  // a second tick the same day finds today's backup and makes none
    kept.push_back(Archives().size());
    NextDay();
  }
  // Quota 2, rotation after: the third day's backup succeeds first, then the oldest goes.
  EXPECT_EQ(kept, (std::vector<size_t>{1, 2, 2, 2}));
  EXPECT_EQ(Page("vds.backups").Value("quota"), "2/2");
}

TEST_F(Backups, AFailingScheduledBackupKeepsEveryCopyUnderRotationAfter) {
  ScheduledBackupsOnTwoDaysThenAFailingOne();
  EXPECT_EQ(Archives().size(), 2u);  // nothing was deleted for a backup that failed
  Result list = Page("vds.backups");
  EXPECT_EQ(Rows(list, "state"), (std::vector<std::string>{"ready", "ready", "failed"})) << list.out;
}

TEST_F(Backups, RotationBeforeFreesTheSlotFirstAndAFailureCostsACopy) {
  Result configured = panel.Run({"--command", "sync_item", "--item", "1001", "--module", "7"},
                                [&] {
                                  ServiceDoc before = doc;
                                  before.module_xml = ModuleXml(sim, {{"backup_storage", "backup-nfs"}, {"backup_rotation", "before"}});
                                  return before.Text();
                                }());
  ASSERT_TRUE(configured.ok()) << configured.out;
  ScheduledBackupsOnTwoDaysThenAFailingOne();
  // The seed's order: the oldest went to make room, then the backup failed.
  EXPECT_EQ(Archives().size(), 1u);
  NextDay();
  TickUntilIdle();
  EXPECT_EQ(Archives().size(), 2u);
}

TEST_F(Backups, ATickKilledAfterStartingVzdumpIsCompletedByTheNextWithoutASecondArchive) {
  BackupAfterAKillAtVzdump("once");
}

TEST_F(Backups, ARestoreKilledAtEachStepIsResumed) {
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  doc.SetAddon("ncpu", "3");
  ASSERT_TRUE(Command("setparam").ok());
  std::string id = Rows(Page("vds.backups"), "id").at(0);
  for (const char* step : {"stop", "restore", "reapply", "start", "mail"}) {
    ASSERT_TRUE(Page("vds.backups.restore", {{"elid", id}}).doc.select_node("/doc/ok")) << step;
    if (std::string(step) != "stop") StopVm();  // what the steps before it did
    // The state a kill leaves just before the step ran (its task, if any, not recorded).
    panel.StateSql(std::string("UPDATE backup_job SET state = 'running', step = '") + step +
                   "', upid = '' WHERE kind = 'restore' AND state = 'queued'");
    TickUntilIdle();
    Result list = Page("vds.backups");
    EXPECT_FALSE(list.doc.select_node("//banner[@id='msg_restore_failed']")) << step << list.out;
    auto config = sim.Api("GET", "/nodes/" + node + "/qemu/" + vmid + "/config");
    EXPECT_EQ(config["cores"], 3) << step;
  }
}

TEST_F(Backups, CheckConnectionAcceptsAnAccountThatMayKeepEveryBackup) {
  Result checked = panel.Run({"--command", "check_connection", "--module", "7"}, "<doc>" + doc.module_xml + "</doc>");
  EXPECT_TRUE(checked.ok()) << checked.out;
}

TEST_F(Backups, AFinishedRestoreMailsTheClient) {
  pm::mail::test_support::FakeSmtpServer relay;
  doc.module_xml = ModuleXml(sim, {{"backup_storage", "backup-nfs"}, {"smtp_url", relay.Url()}, {"mail_from", "noreply@host.example"}});
  ASSERT_TRUE(Command("sync_item").ok());  // the panel's current connection form reaches the state
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  ASSERT_TRUE(Page("vds.backups.restore", {{"elid", Rows(Page("vds.backups"), "id").at(0)}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  const auto& session = relay.Session();
  EXPECT_EQ(session.mail_from, "<noreply@host.example>");
  EXPECT_EQ(session.recipients, std::vector<std::string>{"<client@example.com>"});
  EXPECT_NE(session.data.find("To: client@example.com\r\n"), std::string::npos) << session.data;
  // "Backup restored / Резервная копия восстановлена", encoded as RFC 2047 words.
  EXPECT_NE(session.data.find("Subject: =?UTF-8?B?QmFja3VwIHJlc3RvcmVk"), std::string::npos) << session.data;
}

TEST_F(Backups, AStuckTaskDoesNotLockTheVmForever) {
  sim.AddFault({{"action", "task_hang"}, {"task_type", "vzdump"}, {"count", 1}});
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  ASSERT_EQ(Tick().exit_code, 0);
  EXPECT_EQ(Command("reboot").ErrorType(), "locked");
  // Twelve hours after the task started (on the module's clock) the tick gives up on it and stops it.
  panel.StateSql("UPDATE backup_job SET created = created - 13 * 3600, started = started - 13 * 3600");
  TickUntilIdle();
  Result list = Page("vds.backups");
  EXPECT_EQ(Rows(list, "state"), std::vector<std::string>{"failed"}) << list.out;
  Result reboot = Command("reboot");
  EXPECT_TRUE(reboot.ok()) << reboot.out;
}

TEST_F(Backups, ARestoreFailingAtEachStepIsReportedAndARetryCompletesIt) {
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  doc.SetAddon("ncpu", "2");
  ASSERT_TRUE(Command("setparam").ok());
  std::string id = Rows(Page("vds.backups"), "id").at(0);
  const std::vector<nlohmann::json> faults = {
      {{"action", "task_fail"}, {"task_type", "qmstop"}, {"exitstatus", "stop failed"}, {"count", 1}},
      {{"action", "task_fail"}, {"task_type", "qmrestore"}, {"exitstatus", "restore failed"}, {"count", 1}},
      {{"action", "status"}, {"status", 500}, {"message", "config update failed"}, {"method", "POST"},
       {"path", "/qemu/\\d+/config"}, {"count", 1}},
      {{"action", "task_fail"}, {"task_type", "qmstart"}, {"exitstatus", "start failed"}, {"count", 1}}};
  for (const auto& fault : faults) {
    sim.AddFault(fault);
    ASSERT_TRUE(Page("vds.backups.restore", {{"elid", id}}).doc.select_node("/doc/ok")) << fault;
    TickUntilIdle();
    Result failed = Page("vds.backups");
    EXPECT_TRUE(failed.doc.select_node("//banner[@id='msg_restore_failed']")) << fault << failed.out;
    ASSERT_TRUE(Page("vds.backups.restore", {{"elid", id}}).doc.select_node("/doc/ok")) << fault;
    TickUntilIdle();
    Result retried = Page("vds.backups");
    EXPECT_FALSE(retried.doc.select_node("//banner[@id='msg_restore_failed']")) << fault << retried.out;
    EXPECT_EQ(sim.Api("GET", "/nodes/" + node + "/qemu/" + vmid + "/config")["cores"], 2) << fault;
    EXPECT_EQ(sim.Api("GET", "/nodes/" + node + "/qemu/" + vmid + "/status/current")["status"], "running") << fault;
  }
}
