// Writes whose answer is lost after Proxmox did the work (pve-sim's drop "after"), and a cluster
// whose clock disagrees with the panel's: every command and job finds what its write started
// and carries on, never sending the write again and never making a second VM or archive.
#include <gtest/gtest.h>

#include "backups_fixture.h"

using namespace pm::contract;

namespace {

class LostAnswers : public ::testing::Test {
 protected:
  Result Run(const std::string& command, const ServiceDoc& doc) {
    return panel.Run({"--command", command, "--item", "1001", "--module", "7"}, doc.Text());
  }
  void DropAnswerAfterWork(const std::string& method, const std::string& path) {
    sim.AddFault({{"action", "drop"}, {"when", "after"}, {"method", method}, {"path", path}, {"count", 1}});
  }
  size_t Tasks(const std::string& type) {
    size_t count = 0;
    auto state = sim.State();
    for (const auto& task : state["tasks"]) count += task.value("type", "") == type;
    return count;
  }
  bool FaultUsed() { return sim.Control("GET", "/_sim/faults").empty(); }
  ServiceDoc Opened() {
    ServiceDoc doc;
    doc.module_xml = ModuleXml(sim);
    Result opened = Run("open", doc);
    EXPECT_TRUE(opened.ok()) << opened.out;
    doc.params["vmid"] = opened.Value("vmid");
    doc.params["node"] = opened.Value("node");
    return doc;
  }
  std::string Status(const ServiceDoc& doc) {
    return sim.Api("GET", "/nodes/" + doc.params.at("node") + "/qemu/" + doc.params.at("vmid") + "/status/current")["status"];
  }

  Simulator sim;
  Panel panel;
};

}  // namespace

TEST_F(LostAnswers, OpenWhoseStartAnswerIsLostStartsTheVmOnce) {
  DropAnswerAfterWork("POST", "/status/start$");
  ServiceDoc doc = Opened();
  EXPECT_TRUE(FaultUsed());
  EXPECT_EQ(Tasks("qmstart"), 1u) << "the start was sent once";
  EXPECT_EQ(Status(doc), "running");
}

TEST_F(LostAnswers, OpenWhoseCloneAnswerIsLostAdoptsTheClone) {
  DropAnswerAfterWork("POST", "/clone$");
  ServiceDoc doc = Opened();
  EXPECT_TRUE(FaultUsed());
  EXPECT_EQ(Tasks("qmclone"), 1u);
  EXPECT_EQ(sim.Guests().size(), 1u);
}

TEST_F(LostAnswers, SetparamWhoseConfigAnswerIsLostWaitsForTheChange) {
  ServiceDoc doc = Opened();
  doc.SetAddon("ncpu", "3");
  DropAnswerAfterWork("POST", "/qemu/\\d+/config$");
  Result changed = Run("setparam", doc);
  EXPECT_TRUE(changed.ok()) << changed.out;
  EXPECT_TRUE(FaultUsed());
  EXPECT_EQ(sim.Api("GET", "/nodes/" + doc.params["node"] + "/qemu/" + doc.params["vmid"] + "/config")["cores"], 3);
}

TEST_F(LostAnswers, SuspendAndCloseWhoseAnswersAreLostFinish) {
  ServiceDoc doc = Opened();
  DropAnswerAfterWork("POST", "/status/stop$");
  Result suspended = Run("suspend", doc);
  EXPECT_TRUE(suspended.ok()) << suspended.out;
  EXPECT_EQ(Status(doc), "stopped");
  DropAnswerAfterWork("DELETE", "/qemu/\\d+$");
  Result closed = Run("close", doc);
  EXPECT_TRUE(closed.ok()) << closed.out;
  EXPECT_TRUE(FaultUsed());
  EXPECT_EQ(Tasks("qmdestroy"), 1u) << "destroyed once";
  EXPECT_TRUE(sim.Guests().empty());
}

TEST_F(Backups, AVzdumpWhoseAnswerIsLostIsTakenOverNotStartedAgain) {
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}, {"notes", "one"}}).doc.select_node("/doc/ok"));
  sim.AddFault({{"action", "drop"}, {"when", "after"}, {"method", "POST"}, {"path", "/vzdump$"}, {"count", 1}});
  TickUntilIdle();
  EXPECT_EQ(Archives().size(), 1u);
  EXPECT_EQ(Rows(Page("vds.backups"), "notes"), std::vector<std::string>{"one"});
}

TEST_F(Backups, ARemovalWhoseAnswerIsLostIsTakenOver) {
  ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  sim.AddFault({{"action", "drop"}, {"when", "after"}, {"method", "DELETE"}, {"path", "/content/"}, {"count", 1}});
  ASSERT_TRUE(Page("vds.backups.delete", {{"elid", Rows(Page("vds.backups"), "id").at(0)}}).doc.select_node("/doc/ok"));
  TickUntilIdle();
  EXPECT_TRUE(Archives().empty());
  EXPECT_TRUE(Rows(Page("vds.backups"), "id").empty());
  size_t removals = 0;
  auto state = sim.State();
  for (const auto& task : state["tasks"]) removals += task.value("type", "") == "imgdel";
  EXPECT_EQ(removals, 1u);
}

// The cluster's clock two hours behind the panel's: a kill after vzdump started must still find
// that task (looking for it by the panel's clock would miss it and start a second archive).
class BackupsOnASkewedCluster : public Backups {
 protected:
  BackupsOnASkewedCluster() : Backups(0.05, {.clock_offset = -7200}) {}
};

TEST_F(BackupsOnASkewedCluster, AKilledTickFindsItsTaskByTheClustersClock) { BackupAfterAKillAtVzdump("once"); }
