// The fault census: one injected fault per case on pve-sim, across every operation that changes a
// VM or a backup. Each case arms its fault, runs the operation (a command, or the ticks that carry
// a backup job), clears the fault, runs it again, and checks what must hold whatever happened:
// exactly one VM per service (none after close), no client backup lost or left outside the
// module's knowledge, no foreign backup touched, no VM left locked, the operation's goal reached,
// and every answer a well-formed document whose error type is one that fault can cause. Each case
// appends its row (kind, first run, rerun, verdict) to fault_census.tsv in the build tree.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>

#include "backups_fixture.h"

using namespace pm::contract;
using nlohmann::json;

namespace {

enum class Operation { Open, Suspend, Resume, SetParam, Reboot, Close, Backup, Rotation, Restore };

const char* Name(Operation operation) {
  switch (operation) {
    case Operation::Open: return "open";
    case Operation::Suspend: return "suspend";
    case Operation::Resume: return "resume";
    case Operation::SetParam: return "setparam";
    case Operation::Reboot: return "reboot";
    case Operation::Close: return "close";
    case Operation::Backup: return "backup";
    case Operation::Rotation: return "rotation";
    case Operation::Restore: return "restore";
  }
  return "";
}

struct CensusCase {
  const char* kind;
  Operation operation;
  json fault;
  std::set<std::string> first;  // what the first run may answer: "ok" or error types
  // A config lock PVE itself keeps after this fault and only an administrator may lift: the VM
  // may stay locked by it, and the rerun may answer `locked` naming it.
  const char* pve_keeps_lock = nullptr;
};

void PrintTo(const CensusCase& census, std::ostream* out) { *out << census.kind; }

json Drop(const char* when, const char* method, const char* path) {
  return {{"action", "drop"}, {"when", when}, {"method", method}, {"path", path}, {"count", 1}};
}
json Status(int status, const char* method, const char* path) {
  return {{"action", "status"}, {"status", status}, {"message", "injected failure"}, {"method", method},
          {"path", path}, {"count", 1}};
}
json TaskFail(const char* type) {
  return {{"action", "task_fail"}, {"task_type", type}, {"exitstatus", "injected task failure"}, {"count", 1}};
}
// A delay past the module's api_timeout (2 s here): PVE does the work after the client gave up.
json Late(const char* method, const char* path) {
  return {{"action", "latency"}, {"ms", 3000}, {"method", method}, {"path", path}, {"count", 1}};
}
json NodeOffline() { return {{"action", "node_offline"}, {"node", "pve1"}}; }
json StuckLock() { return {{"action", "stuck_lock"}, {"vmid", 100}, {"lock", "backup"}}; }

const std::set<std::string> kOk = {"ok"};
const std::set<std::string> kConnection = {"ok", "connection"};
const std::set<std::string> kRefused = {"api"};
const std::set<std::string> kLocked = {"locked"};
const std::set<std::string> kJob = {"ok"};  // the page's answer; the job's fate is its row

const std::vector<CensusCase> kCases = {
    {"open: clone refused (500)", Operation::Open, Status(500, "POST", "/clone$"), kRefused},
    {"open: clone dropped before PVE", Operation::Open, Drop("before", "POST", "/clone$"), {"connection"}},
    {"open: clone answer lost after", Operation::Open, Drop("after", "POST", "/clone$"), kOk},
    {"open: clone task fails", Operation::Open, TaskFail("qmclone"), kRefused},
    {"open: cluster listing 503 once", Operation::Open, Status(503, "GET", "/cluster/resources$"), kOk},
    {"open: config answer lost after", Operation::Open, Drop("after", "POST", "/qemu/\\d+/config$"), kOk},
    {"open: config task fails", Operation::Open, TaskFail("qmconfig"), kRefused},
    {"open: resize answer lost after", Operation::Open, Drop("after", "PUT", "/resize$"), kOk},
    {"open: resize task fails", Operation::Open, TaskFail("resize"), kRefused},
    {"open: start answer lost after", Operation::Open, Drop("after", "POST", "/status/start$"), kOk},
    {"open: start task fails", Operation::Open, TaskFail("qmstart"), kRefused},
    {"open: start later than the timeout", Operation::Open, Late("POST", "/status/start$"), kConnection},
    {"open: template's node offline", Operation::Open, NodeOffline(), {"notfound", "connection"}},
    {"suspend: stop answer lost after", Operation::Suspend, Drop("after", "POST", "/status/stop$"), kOk},
    {"suspend: stop dropped before PVE", Operation::Suspend, Drop("before", "POST", "/status/stop$"), {"connection"}},
    {"suspend: stop task fails", Operation::Suspend, TaskFail("qmstop"), kRefused},
    {"suspend: VM locked by a backup", Operation::Suspend, StuckLock(), kLocked},
    {"suspend: node offline", Operation::Suspend, NodeOffline(), {"connection"}},
    {"suspend: onboot config refused (500)", Operation::Suspend, Status(500, "POST", "/qemu/\\d+/config$"), kRefused},
    {"resume: start answer lost after", Operation::Resume, Drop("after", "POST", "/status/start$"), kOk},
    {"resume: start task fails", Operation::Resume, TaskFail("qmstart"), kRefused},
    {"resume: config answer lost after", Operation::Resume, Drop("after", "POST", "/qemu/\\d+/config$"), kOk},
    {"setparam: config answer lost after", Operation::SetParam, Drop("after", "POST", "/qemu/\\d+/config$"), kOk},
    {"setparam: config later than the timeout", Operation::SetParam, Late("POST", "/qemu/\\d+/config$"), kConnection},
    {"setparam: resize task fails", Operation::SetParam, TaskFail("resize"), kRefused},
    {"setparam: config read 503 once", Operation::SetParam, Status(503, "GET", "/config$"), kOk},
    {"reboot: reboot answer lost after", Operation::Reboot, Drop("after", "POST", "/status/reboot$"), kOk},
    {"reboot: reboot task fails", Operation::Reboot, TaskFail("qmreboot"), kRefused},
    {"reboot: VM locked by a backup", Operation::Reboot, StuckLock(), kLocked},
    {"close: destroy answer lost after", Operation::Close, Drop("after", "DELETE", "/qemu/\\d+$"), kOk},
    {"close: destroy task fails", Operation::Close, TaskFail("qmdestroy"), kRefused, "destroyed"},
    {"close: stop answer lost after", Operation::Close, Drop("after", "POST", "/status/stop$"), kOk},
    {"close: VM locked by a backup", Operation::Close, StuckLock(), kLocked},
    {"backup: vzdump answer lost after", Operation::Backup, Drop("after", "POST", "/vzdump$"), kJob},
    {"backup: vzdump dropped before PVE", Operation::Backup, Drop("before", "POST", "/vzdump$"), kJob},
    {"backup: vzdump task fails", Operation::Backup, TaskFail("vzdump"), kJob},
    {"backup: listing 500 after success", Operation::Backup, Status(500, "GET", "/storage/backup-nfs/content$"), kJob},
    {"backup: notes write refused (500)", Operation::Backup, Status(500, "PUT", "/storage/backup-nfs/content/"), kJob},
    {"backup: VM locked by another backup", Operation::Backup, StuckLock(), kJob},
    {"backup: node offline", Operation::Backup, NodeOffline(), kJob},
    {"rotation: removal task fails", Operation::Rotation, TaskFail("imgdel"), kJob},
    {"rotation: removal answer lost after", Operation::Rotation, Drop("after", "DELETE", "/content/"), kJob},
    {"rotation: removal refused (500)", Operation::Rotation, Status(500, "DELETE", "/content/"), kJob},
    {"restore: stop task fails", Operation::Restore, TaskFail("qmstop"), kJob},
    {"restore: restore answer lost after", Operation::Restore, Drop("after", "POST", "/nodes/pve1/qemu$"), kJob},
    {"restore: restore task fails", Operation::Restore, TaskFail("qmrestore"), kJob},
    {"restore: re-apply refused (500)", Operation::Restore, Status(500, "POST", "/qemu/\\d+/config$"), kJob},
    {"restore: start answer lost after", Operation::Restore, Drop("after", "POST", "/status/start$"), kJob},
    {"restore: start task fails", Operation::Restore, TaskFail("qmstart"), kJob},
};

// Somebody else's archives on the shared storage: an earlier VM that had VMID 100, and an admin's.
json ForeignArchives() {
  json config = {{"name", "old"}, {"scsi0", "local-lvm:vm-100-disk-0,size=2G"}};
  return {{"backups",
           {{{"volid", "backup-nfs:backup/vzdump-qemu-100-2025_01_01-00_00_00.vma.zst"}, {"vmid", 100},
             {"size", 1000}, {"notes", "a previous VM 100"}, {"config", config}},
            {{"volid", "backup-nfs:backup/vzdump-qemu-4242-2025_01_01-00_00_00.vma.zst"}, {"vmid", 4242},
             {"size", 1000}, {"notes", "an admin's backup"}, {"config", config}}}}};
}

class FaultCensus : public Backups, public ::testing::WithParamInterface<CensusCase> {
 protected:
  FaultCensus() : Backups(0.05, {.seed = ForeignArchives()}) {
    doc.module_xml = ModuleXml(sim, {{"backup_storage", "backup-nfs"}, {"api_timeout", "2"}});
  }

  Result Run(const std::string& command) {
    return panel.Run({"--command", command, "--item", "1001", "--module", "7"}, doc.Text());
  }
  // Ticks until the service's jobs are over or `ticks` ran; the page answers with each tick's state.
  void Settle(int ticks) {
    for (int i = 0; i < ticks; ++i) {
      ASSERT_EQ(Tick().exit_code, 0);
      Result list = Page("vds.backups");
      bool busy = list.doc.select_node("//banner[@id='msg_job_running']") ||
                  list.doc.select_node("/doc/elem[state='creating' or state='restoring' or state='removing']");
      if (!busy) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  // What the client sees of the service's backups, as one line for the table.
  std::string Shown() {
    Result list = Page("vds.backups");
    std::string shown = "quota " + list.Value("quota") + ":";
    for (auto elem : list.doc.select_nodes("/doc/elem")) shown += std::string(" ") + elem.node().child_value("state");
    if (list.doc.select_node("//banner[@id='msg_restore_failed']")) shown += " (restore failed)";
    return shown;
  }

  void Prepare(Operation operation) {
    if (operation == Operation::Open) {
      // A fresh service: the fixture's VM goes, so this open makes the only one.
      ASSERT_TRUE(Run("close").ok());
      doc.params.erase("vmid");
      doc.params.erase("node");
      doc.item = 1001;
    }
    if (operation == Operation::Resume) {
      ASSERT_TRUE(Run("suspend").ok());
    }
    if (operation == Operation::SetParam) {
      doc.SetAddon("ncpu", "2");
      doc.SetAddon("disc", "12", "GiB");  // a resize too
    }
    if (operation == Operation::Backup) {
      ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}, {"notes", "census"}}).doc.select_node("/doc/ok"));
    }
    if (operation == Operation::Rotation) {
      ASSERT_TRUE(Page("vds.backups.schedule", EveryDay()).doc.select_node("/doc/ok"));
      for (int day = 0; day < 2; ++day) {
        TickUntilIdle();
        NextDay();
      }
    }
    if (operation == Operation::Restore) {
      ASSERT_TRUE(Page("vds.backups.new", {{"sok", "ok"}}).doc.select_node("/doc/ok"));
      TickUntilIdle();
      doc.SetAddon("ncpu", "2");
      ASSERT_TRUE(Run("setparam").ok());
      ASSERT_TRUE(Page("vds.backups.restore", {{"elid", Rows(Page("vds.backups"), "id").at(0)}}).doc.select_node("/doc/ok"));
    }
  }

  // The operation once; a command's answer, or the jobs' state after a few ticks.
  std::string Perform(Operation operation, const Result*& answer, Result& held) {
    switch (operation) {
      case Operation::Open:
      case Operation::Suspend:
      case Operation::Resume:
      case Operation::SetParam:
      case Operation::Reboot:
      case Operation::Close:
        held = Run(Name(operation));
        answer = &held;
        return held.ok() ? "ok" : held.ErrorType() + ": " + held.ErrorText();
      case Operation::Backup:
      case Operation::Rotation:
      case Operation::Restore:
        Settle(15);
        answer = nullptr;
        return Shown();
    }
    return "";
  }

  // The client's or the panel's next attempt: the command again, or what the page offers.
  std::string Again(Operation operation, const Result*& answer, Result& held) {
    if (!panel.StateColumn("SELECT name FROM pragma_table_info('backup_job') WHERE name = 'retry_at'").empty()) {
      panel.StateSql("UPDATE backup_job SET retry_at = 0");  // pauses of retried removals are over
    }
    if (operation == Operation::Backup) {
      Settle(30);
      if (Page("vds.backups").doc.select_nodes("/doc/elem[state='ready']").empty()) {
        EXPECT_TRUE(Page("vds.backups.new", {{"sok", "ok"}, {"notes", "census"}}).doc.select_node("/doc/ok"));
      }
    }
    if (operation == Operation::Restore) {
      Settle(30);
      if (Page("vds.backups").doc.select_node("//banner[@id='msg_restore_failed']")) {
        EXPECT_TRUE(Page("vds.backups.restore", {{"elid", Rows(Page("vds.backups"), "id").at(0)}}).doc.select_node("/doc/ok"));
      }
    }
    std::string outcome = Perform(operation, answer, held);
    if (operation == Operation::Backup || operation == Operation::Rotation || operation == Operation::Restore) Settle(30);
    return answer ? outcome : Shown();
  }

  json Config(const json& guest) {
    return sim.Api("GET", "/nodes/" + guest["node"].get<std::string>() + "/qemu/" + std::to_string(guest["vmid"].get<int>()) + "/config");
  }

  // What must hold after the rerun, whatever the fault did; "" when it all holds.
  std::string Violations(const CensusCase& census) {
    Operation operation = census.operation;
    std::string found;
    auto fail = [&](const std::string& what) { found += (found.empty() ? "" : "; ") + what; };
    const std::string marker = "billmgr-pmproxmox module=7 item=1001";
    std::vector<json> ours;
    bool kept_by_pve = false;
    for (const auto& guest : sim.Guests()) {
      std::string lock = guest.value("lock", "");
      kept_by_pve = kept_by_pve || (census.pve_keeps_lock && lock == census.pve_keeps_lock);
      if (!lock.empty() && !kept_by_pve) fail("VM " + std::to_string(guest["vmid"].get<int>()) + " locked");
      if (Config(guest).value("description", "").find(marker) != std::string::npos) ours.push_back(guest);
    }
    if (kept_by_pve) return found;  // the VM waits for an administrator, as PVE wants it
    size_t expected = operation == Operation::Close ? 0 : 1;
    if (ours.size() != expected) fail(std::to_string(ours.size()) + " VMs of the service");
    std::set<std::string> journal;
    for (const auto& volid : panel.StateColumn("SELECT volid FROM backup_copy")) journal.insert(volid);
    std::set<std::string> stored;
    for (const auto& volume : sim.Api("GET", "/nodes/pve1/storage/backup-nfs/content?content=backup")) {
      std::string volid = volume["volid"];
      stored.insert(volid);
      if (volume.value("notes", "").rfind("billmgr-backup job=", 0) == 0 && !journal.count(volid)) {
        fail("archive " + volid + " made for the client but unknown to the module");
      }
    }
    for (const auto& volid : journal) {
      if (!stored.count(volid)) fail("copy " + volid + " lost");
    }
    const json foreign = ForeignArchives();
    for (const auto& archive : foreign["backups"]) {
      if (!stored.count(archive["volid"])) fail("foreign archive " + archive["volid"].get<std::string>() + " touched");
    }
    if (!ours.empty()) {
      const json& vm = ours.front();
      std::string status = vm.value("status", "");
      if (operation == Operation::Suspend && status != "stopped") fail("suspended VM is " + status);
      if (operation != Operation::Suspend && status != "running") fail("VM is " + status);
      if ((operation == Operation::SetParam || operation == Operation::Restore) && Config(vm)["cores"] != 2) {
        fail("the package is not applied");
      }
    }
    if (operation == Operation::Backup && Page("vds.backups").doc.select_nodes("/doc/elem[state='ready']").empty()) {
      fail("no backup made");
    }
    if (operation == Operation::Rotation && Page("vds.backups").Value("quota") != "2/2") fail("quota does not hold");
    if (operation == Operation::Restore && Page("vds.backups").doc.select_node("//banner[@id='msg_restore_failed']")) {
      fail("restore not completed");
    }
    return found;
  }

  // A well-formed answer whose error names a contract type and says something.
  static std::string Malformed(const Result& answer) {
    if (!answer.doc.child("doc")) return "no document";
    if (answer.ok()) return "";
    static const std::set<std::string> types = {"xml", "missed", "value", "auth", "connection", "locked",
                                                "notfound", "access", "quota", "api", "internal"};
    if (!types.count(answer.ErrorType())) return "error type '" + answer.ErrorType() + "'";
    if (answer.ErrorText().empty()) return "an error without a message";
    return "";
  }

  static void Record(const std::string& row) {
    int fd = ::open(PM_BINARY_DIR "/fault_census.tsv", O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) return;
    std::string line = row + "\n";
    if (::write(fd, line.data(), line.size()) < 0) ADD_FAILURE() << "cannot write the census row";
    ::close(fd);
  }
};

std::string Flat(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return text.size() > 160 ? text.substr(0, 157) + "..." : text;
}

}  // namespace

TEST_P(FaultCensus, TheRerunConvergesAndNothingIsLostOrTouched) {
  const CensusCase& census = GetParam();
  Prepare(census.operation);
  ASSERT_FALSE(HasFatalFailure());
  sim.AddFault(census.fault);
  Result held_first, held_again;
  const Result* answer = nullptr;
  std::string first = Perform(census.operation, answer, held_first);
  if (answer) {
    EXPECT_EQ(Malformed(*answer), "") << answer->out;
    std::string type = answer->ok() ? "ok" : answer->ErrorType();
    EXPECT_TRUE(census.first.count(type)) << census.kind << ": " << answer->out;
  }
  if (census.fault.contains("count")) {
    EXPECT_TRUE(sim.Control("GET", "/_sim/faults").empty()) << "the fault never struck";
  }
  sim.Control("DELETE", "/_sim/faults");
  std::string again = Again(census.operation, answer, held_again);
  if (answer) {
    EXPECT_EQ(Malformed(*answer), "") << answer->out;
    bool waits_for_admin = census.pve_keeps_lock && answer->ErrorObject() == census.pve_keeps_lock;
    EXPECT_TRUE(answer->ok() || waits_for_admin) << census.kind << " rerun: " << answer->out;
  }
  std::string violations = Violations(census);
  EXPECT_EQ(violations, "") << census.kind;
  bool passed = !HasFailure();
  std::string verdict = passed ? "holds" : "FAILS: " + Flat(violations);
  if (passed && census.pve_keeps_lock) verdict += std::string(" (PVE keeps lock '") + census.pve_keeps_lock + "' for an admin)";
  Record(std::string(census.kind) + "\t" + Flat(first) + "\t" + Flat(again) + "\t" + verdict);
}

INSTANTIATE_TEST_SUITE_P(OneFaultEach, FaultCensus, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<CensusCase>& info) {
                           std::string name;
                           for (char c : std::string(info.param.kind)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });
