// The Backups fixture: one service opened on pve-sim with a backup quota of 2, the Backups page
// driven as the panel drives it, backup_tick run by hand as cron would.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "harness.h"

namespace pm::contract {

// Every day on at 00:00, so that a tick on any simulated day finds its backup due.
inline std::map<std::string, std::string> EveryDay() {
  std::map<std::string, std::string> form = {{"sok", "ok"}};
  for (const char* day : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) {
    form[day] = "on";
    form[std::string(day) + "_time"] = "00:00";
  }
  return form;
}

class Backups : public ::testing::Test {
 protected:
  // With `database`, the panel is a stock one: every run reads that database, none gets a document.
  explicit Backups(double time_scale = 0.05, const SimOptions& options = {}, test::PanelDatabase* database = nullptr)
      : sim(time_scale, options) {
    if (database) panel.UseDatabase(*database);
    doc.module_xml = ModuleXml(sim, {{"backup_storage", "backup-nfs"}});
    doc.SetAddon("backup_quota", "2");
    doc.params["email"] = "client@example.com";
    Result opened = panel.Run({"--command", "open", "--item", "1001", "--module", "7"}, doc.Text());
    EXPECT_TRUE(opened.ok()) << opened.out;
    vmid = opened.Value("vmid");
    node = opened.Value("node");
    doc.params["vmid"] = vmid;
    doc.params["node"] = node;
  }

  Result Tick() { return panel.Run({"--command", "backup_tick"}, ""); }
  Result Page(const std::string& func, std::map<std::string, std::string> params = {}) {
    params.emplace("plid", "1001");
    return panel.Page(func, params);
  }
  // Ticks until no job of the service is unfinished (each tick only looks at running tasks).
  void TickUntilIdle() {
    for (int i = 0; i < 100; ++i) {
      Result tick = Tick();
      ASSERT_EQ(tick.exit_code, 0) << tick.out;
      Result list = Page("vds.backups");
      bool busy = list.doc.select_node("//banner[@id='msg_job_running']") ||
                  list.doc.select_node("/doc/elem[state='creating' or state='restoring' or state='removing']");
      if (!busy) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "jobs did not finish";
  }
  std::vector<std::string> Rows(const Result& list, const char* column) {
    std::vector<std::string> values;
    for (auto elem : list.doc.select_nodes("/doc/elem")) values.push_back(elem.node().child_value(column));
    return values;
  }
  std::vector<nlohmann::json> Archives(const std::string& storage = "backup-nfs") {
    std::vector<nlohmann::json> found;
    for (auto& volume : sim.Api("GET", "/nodes/" + node + "/storage/" + storage + "/content?content=backup")) {
      found.push_back(volume);
    }
    return found;
  }
  // Every day scheduled; two days with a good backup each, then a third whose vzdump fails.
  void ScheduledBackupsOnTwoDaysThenAFailingOne() {
    ASSERT_TRUE(Page("vds.backups.schedule", EveryDay()).doc.select_node("/doc/ok"));
    for (int day = 0; day < 2; ++day) {
      TickUntilIdle();
      NextDay();
    }
    ASSERT_EQ(Archives().size(), 2u);
    sim.AddFault({{"action", "task_fail"}, {"task_type", "vzdump"}, {"exitstatus", "job errors"}, {"count", 1}});
    TickUntilIdle();
  }
  // A backup whose tick was killed right after the vzdump call (the job running, its UPID never
  // saved), then ticks until idle: exactly one archive, carrying the note.
  void BackupAfterAKillAtVzdump(const std::string& note) {
    ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}, {"notes", note}}).doc.select_node("/doc/ok"));
    ASSERT_EQ(Tick().exit_code, 0);
    panel.StateSql("UPDATE backup_job SET upid = '' WHERE kind = 'backup'; DELETE FROM backup_task");
    TickUntilIdle();
    EXPECT_EQ(Archives().size(), 1u);
    EXPECT_EQ(Rows(Page("vds.backups"), "notes"), std::vector<std::string>{note});
  }
  void StopVm() {
    sim.Api("POST", "/nodes/" + node + "/qemu/" + vmid + "/status/stop");
    for (int i = 0; i < 100 && Status() != "stopped"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_EQ(Status(), "stopped");
  }
  std::string Status() { return sim.Api("GET", "/nodes/" + node + "/qemu/" + vmid + "/status/current")["status"]; }
  void NextDay() { sim.Control("POST", "/_sim/clock", {{"advance_seconds", 86400}}); }
  Result Command(const std::string& command) {
    return panel.Run({"--command", command, "--item", "1001", "--module", "7"}, doc.Text());
  }

  Simulator sim;
  Panel panel;
  ServiceDoc doc;
  std::string vmid, node;
};


}  // namespace pm::contract
