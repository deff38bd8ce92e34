// The client-area Backups page (addons/backups_page.h) with requests built from the fuzz bytes:
// a fake in-memory panel (alice owns service 1001), a RegistryDirectory over a temporary state
// pre-seeded with processing module 7 and service 1001 (VM 100 on pve1), and a start_tick that
// only counts. Every answer must be one well-formed XML 1.0 document <doc> in UTF-8 (no byte that
// is not UTF-8, no character or character reference XML forbids), never an `internal` error, and
// the state must stay consistent after every request: nothing but queued jobs of service 1001 on
// its own copies, no job where a check should have refused it (a second backup or restore while
// one runs, a backup beyond the quota, a restore of a copy being removed, …), no change at all
// for a caller who may not see the service, and none for a request that was refused (a group
// removal queues all its copies or none).
//
// Input (text), one request per line, at most kMaxRequests:
//   func=vds.backups.new&plid=1001&sok=ok&notes=hello%20there&user=alice&level=16
// Items are percent-decoded; func, user, level and doc (the panel's document) are the request's
// own, every other item is a parameter. func=0…4 names one of the five real functions. user
// defaults to alice and level to 16 (a client); "user=" is nobody signed in.
// An optional first line "state:" sets the state the requests start from (else the default):
//   state:copies=2&quota=3&vm=active&jobs=backup/running,delete/failed/1&zone=Europe/Moscow@10800
//         &schedule=sun=on@03:00
// jobs are kind/state[/copy]: kind backup|restore|delete, state queued|running|failed|done|
// stale|retry. The state is reset before every input by deleting its rows in one transaction: a
// transaction around the input that is rolled back would be cheaper, but the page opens its own
// (BEGIN IMMEDIATE), and SQLite does not nest them.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "backup/schedule.h"
#include "backups_page.h"
#include "core/error.h"
#include "core/log.h"
#include "core/module_registry.h"
#include "core/service_directory.h"
#include "core/service_registry.h"
#include "core/state_files.h"
#include "fuzz_support.h"
#include "recording_panel.h"
#include "vps/backups/journal.h"
#include "vps/backups/lock.h"
#include "vps/vm_records.h"

using namespace pm;
using fuzz::Finding;
using vps::backups::BackupJob;
using vps::backups::BackupJournal;
using vps::backups::JobKind;
using vps::backups::JobState;
namespace fs = std::filesystem;

namespace {

constexpr long kModule = 7;
constexpr long kItem = 1001;
constexpr int kVmid = 100;
constexpr std::int64_t kNow = 1'780'000'000;
constexpr size_t kMaxRequests = 6;
const std::string kOwner = "alice";
const std::string kSecret = "s3cret-pve-pass";  // the module's password: never in an answer
const std::vector<std::string> kCopyIds = {"3f9a0c1d5e7b2a48", "a1b2c3d4e5f60718", "0f1e2d3c4b5a6978",
                                           "deadbeefcafe0042"};
const std::string kForeignCopy = "f0f0f0f0f0f0f0f0";  // a copy of service 2002: never 1001's to touch
const std::vector<std::string> kFunctions = {"vds.backups", "vds.backups.new", "vds.backups.schedule",
                                             "vds.backups.restore", "vds.backups.delete"};

// alice may open service 1001; the panel refuses everyone else, as vds.edit with su= does.
class OwnerPanel : public test::RecordingPanel {
 public:
  std::string Read(const std::string& func, const core::PanelArgs& args) override {
    calls.push_back({func, args, std::nullopt});
    if (func == "vds.edit" && calls.back().Arg("su") == kOwner && calls.back().Arg("elid") == std::to_string(kItem)) {
      return "<doc><ok/></doc>";
    }
    throw core::Error(core::ErrorType::Internal, func, "panel call " + func + " failed: access denied");
  }
};

core::Service Service1001() {
  core::Service service;
  service.id = kItem;
  service.status = "2";
  service.account = 42;
  service.pricelist_id = 5;
  service.params.Set("domain", "c1001.example.net");
  service.params.Set("password", "cl1ent-pass");
  service.addons["backup_quota"] = {3, ""};
  service.addons["ncpu"] = {2, ""};
  service.addons["mem"] = {2048, "MiB"};
  service.addons["disc"] = {20, "GiB"};
  return service;
}

// The temporary panel root with the module's index, created once per process.
struct World {
  fs::path root;
  core::ModuleTraits traits;
  std::unique_ptr<core::StateFiles> files;
  core::Sqlite* state = nullptr;  // the index, which is also module 7's state file

  World() {
    const char* tmp = std::getenv("TMPDIR");
    std::string base = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (tmp ? tmp : "/tmp");
    std::string pattern = base + "/pm-fuzz-page-XXXXXX";
    if (!::mkdtemp(pattern.data())) Finding("cannot create a temporary directory under " + base);
    root = pattern;
    fs::create_directories(root / "var");
    fs::create_directories(root / "etc");
    std::ofstream(root / "etc/debug.conf") << "pmfuzz_backups 9\n";
    // Every log line is written (level 9), to nowhere.
    fs::create_symlink("/dev/null", root / "var/pmfuzz_backups.log");
    traits.name = "pmfuzz";
    traits.itemtype = "vds";
    traits.params = {"url", "username", "backup_storage"};
    traits.secret_params = {"password"};
    traits.service_secrets = {"password"};
    files = std::make_unique<core::StateFiles>(root.string(), "pmfuzz");
    core::Sqlite& index = files->Index();
    state = &index;
    index.Exec("PRAGMA synchronous=OFF");  // a temporary state: no fsync per request
    core::ModuleRegistry(index, files->Secrets(), traits.secret_params).Remember({kModule, core::Settings({{"url", "https://pve1:8006"},
                                                                   {"username", "billing@pve"},
                                                                   {"password", kSecret},
                                                                   {"backup_storage", "backup-nfs"}})});
    core::ServiceRegistry(index, files->Secrets(), traits.service_secrets).Remember(kModule, Service1001());
    vps::VmRecords records(index);  // creates its table
    BackupJournal journal(index);   // creates its tables
    std::atexit(RemoveRoot);
    fuzz::AtDeath(RemoveRoot);
  }

  core::Sqlite& State() { return *state; }

  static void RemoveRoot() {
    std::error_code ignored;
    fs::remove_all(Get().root, ignored);
  }

  static World& Get() {
    static World* world = new World();  // never destroyed: the state outlives every input
    return *world;
  }
};

struct SeedJob {
  JobKind kind = JobKind::Backup;
  std::string state = "queued";
  size_t copy = 0;
};

struct Scenario {
  size_t copies = 2;
  std::optional<double> quota = 3;
  std::string vm = "active";
  std::vector<SeedJob> jobs;
  std::optional<vps::backups::ClusterZone> zone;
  std::optional<backup::Schedule> schedule;
};

std::optional<long long> Whole(const std::string& text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (*end) return std::nullopt;
  return value;
}

Scenario ReadScenario(std::string_view line) {
  Scenario scenario;
  for (const auto& [key, value] : fuzz::FormItems(line)) {
    if (key == "copies") {
      scenario.copies = std::min<size_t>(kCopyIds.size(), static_cast<size_t>(Whole(value).value_or(0) & 7));
    } else if (key == "quota") {
      char* end = nullptr;
      double quota = std::strtod(value.c_str(), &end);
      if (value.empty()) {
        scenario.quota.reset();
      } else if (!*end && std::isfinite(quota)) {
        scenario.quota = quota;  // subnormals too: the registry reads back any amount it wrote
      }
    } else if (key == "vm") {
      scenario.vm = value;
    } else if (key == "zone") {
      auto at = value.rfind('@');
      auto offset = at == std::string::npos ? std::optional<long long>(0) : Whole(value.substr(at + 1));
      std::string name = value.substr(0, at);
      // Any offset, to the ends of int64: the page must show what an older state may hold.
      if (offset) scenario.zone = vps::backups::ClusterZone{name, *offset};
    } else if (key == "schedule") {
      try {
        scenario.schedule = backup::Schedule::Parse(value);  // the state only ever holds valid ones
      } catch (const std::invalid_argument&) {
      }
    } else if (key == "jobs") {
      size_t start = 0;
      while (start <= value.size() && scenario.jobs.size() < 6) {
        size_t comma = std::min(value.find(',', start), value.size());
        std::string token = value.substr(start, comma - start);
        start = comma + 1;
        SeedJob job;
        auto slash = token.find('/');
        std::string kind = token.substr(0, slash);
        if (kind == "backup") {
          job.kind = JobKind::Backup;
        } else if (kind == "restore") {
          job.kind = JobKind::Restore;
        } else if (kind == "delete") {
          job.kind = JobKind::Delete;
        } else {
          continue;
        }
        if (slash != std::string::npos) {
          std::string rest = token.substr(slash + 1);
          auto second = rest.find('/');
          job.state = rest.substr(0, second);
          if (second != std::string::npos) {
            job.copy = static_cast<size_t>(Whole(rest.substr(second + 1)).value_or(0) & 7);
          }
        }
        scenario.jobs.push_back(job);
      }
    }
  }
  return scenario;
}

void Reset(const Scenario& scenario) {
  core::Sqlite& db = World::Get().State();
  db.Transaction([&] {
    for (const char* table : {"backup_job", "backup_copy", "backup_schedule", "backup_task", "cluster_zone"}) {
      db.Exec(std::string("DELETE FROM ") + table);
    }
    db.Exec("DELETE FROM sqlite_sequence WHERE name = 'backup_job'");
    if (scenario.quota) {
      char text[32];
      std::snprintf(text, sizeof text, "%.17g", *scenario.quota);
      db.Exec(
          "INSERT OR REPLACE INTO service_value (item, kind, name, value, measure) VALUES (?, 'addon', 'backup_quota', "
          "?, '')",
          {std::to_string(kItem), std::string(text)});
    } else {
      db.Exec("DELETE FROM service_value WHERE item = ? AND kind = 'addon' AND name = 'backup_quota'",
              {std::to_string(kItem)});
    }
    vps::VmRecords records(db);
    if (scenario.vm == "active" || scenario.vm == "planned" || scenario.vm == "suspended") {
      vps::VmPhase phase = scenario.vm == "active"    ? vps::VmPhase::Active
                           : scenario.vm == "planned" ? vps::VmPhase::Planned
                                                      : vps::VmPhase::Suspended;
      records.Save({kItem, kModule, kVmid, "pve1", phase, "BC:24:11:00:10:01", "", "", ""});
    } else {
      records.Forget(kItem);
    }
    std::int64_t clock = kNow;
    BackupJournal journal(db, [&clock] { return clock; });
    for (size_t i = 0; i < scenario.copies; ++i) {
      std::string name = "vzdump-qemu-100-2026_05_0" + std::to_string(i + 1) + "-02_30_00.vma.zst";
      journal.AddCopy({kCopyIds[i], kItem, kModule, kVmid, "backup-nfs:backup/" + name, "pve1",
                       kNow - static_cast<std::int64_t>(scenario.copies - i) * 86400, 1234567890ULL * (i + 1),
                       i == 0 ? "" : "copy " + std::to_string(i), "", false, kNow - 100});
    }
    journal.AddCopy({kForeignCopy, 2002, kModule, 200, "backup-nfs:backup/vzdump-qemu-200-2026_05_01-02_30_00.vma.zst",
                     "pve1", kNow - 86400, 1000, "someone else's", "", false, kNow - 100});
    for (const auto& seed : scenario.jobs) {
      bool stale = seed.state == "stale";
      std::int64_t when = stale ? kNow - vps::backups::kStaleJobAfter - 100 : kNow - 60;
      clock = when;
      BackupJob job{
          .item = kItem, .module = kModule, .vmid = kVmid, .node = "pve1", .kind = seed.kind, .storage = "backup-nfs"};
      if (seed.kind != JobKind::Backup && seed.copy < scenario.copies) {
        job.copy_id = kCopyIds[seed.copy];
        job.volid = "backup-nfs:backup/vzdump-qemu-100-2026_05_0" + std::to_string(seed.copy + 1) + "-02_30_00.vma.zst";
      }
      job.id = journal.Enqueue(job);
      job.created = when;  // Enqueue set them on its own copy
      if (seed.state == "running" || stale) {
        job.state = JobState::Running;
        job.step = vps::backups::JobStep::Task;
        job.task = "UPID:pve1:0003A1F0:01B2C3D4:6A1B2C3D:vzdump:100:billing@pve!bm:";
        job.started = when - 30;
        job.progress = 45;
      } else if (seed.state == "failed") {
        job.state = JobState::Failed;
        job.error = "TASK ERROR: storage 'backup-nfs' is not online";
      } else if (seed.state == "done") {
        job.state = JobState::Done;
      } else if (seed.state == "retry") {
        job.attempts = 2;
        job.error = "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout";
      }
      journal.Save(job);
    }
    if (scenario.zone) journal.SaveZone(kModule, *scenario.zone);
    if (scenario.schedule) journal.SetSchedule(kItem, kModule, *scenario.schedule);
  });
}

addons::PageRequest ReadRequest(std::string_view line) {
  addons::PageRequest request;
  request.user = kOwner;
  request.level = "16";
  for (auto& [key, value] : fuzz::FormItems(line)) {
    if (key == "func") {
      request.func = value.size() == 1 && value[0] >= '0' && value[0] <= '9'
                         ? kFunctions[(value[0] - '0') % kFunctions.size()]
                         : value;
    } else if (key == "user") {
      request.user = value;
    } else if (key == "level") {
      request.level = value;
    } else if (key == "doc") {
      request.document = value;
    } else {
      request.params[key] = value;
    }
  }
  return request;
}

// What the checks compare before and after a request.
struct Snapshot {
  std::map<long, BackupJob> jobs;
  std::string schedule;
  std::set<std::string> copies;  // of service 1001
  int quota = -1;                // -1: not a valid quota
  bool vm = false;               // a VM the page may back up (not planned, not missing)
};

JobKind KindOf(const std::string& text) {
  for (auto kind : {JobKind::Backup, JobKind::Restore, JobKind::Delete}) {
    if (text == vps::backups::ToString(kind)) return kind;
  }
  Finding("a job of kind '" + text + "' in the state");
}

JobState StateOf(const std::string& text) {
  for (auto state : {JobState::Queued, JobState::Running, JobState::Done, JobState::Failed}) {
    if (text == vps::backups::ToString(state)) return state;
  }
  Finding("a job in state '" + text + "' in the state");
}

// Three queries: the checks run after every request, and the page's own work is the point.
Snapshot Take(const Snapshot& fixed) {
  core::Sqlite& db = World::Get().State();
  Snapshot snapshot;
  snapshot.quota = fixed.quota;
  snapshot.vm = fixed.vm;
  for (const auto& row :
       db.Query("SELECT id, item, module, vmid, kind, state, copy_id, notes, updated FROM backup_job")) {
    BackupJob job;
    job.id = std::stol(row[0].value_or("0"));
    job.item = std::stol(row[1].value_or("0"));
    job.module = std::stol(row[2].value_or("0"));
    job.vmid = std::stoi(row[3].value_or("0"));
    job.kind = KindOf(row[4].value_or(""));
    job.state = StateOf(row[5].value_or(""));
    job.copy_id = row[6].value_or("");
    job.notes = row[7].value_or("");
    job.updated = std::stoll(row[8].value_or("0"));
    snapshot.jobs[job.id] = job;
  }
  auto rows = db.Query("SELECT schedule FROM backup_schedule WHERE item = ?", {std::to_string(kItem)});
  snapshot.schedule = rows.empty() ? "" : rows[0][0].value_or("");
  for (const auto& row : db.Query("SELECT id FROM backup_copy WHERE item = ?", {std::to_string(kItem)})) {
    snapshot.copies.insert(row[0].value_or(""));
  }
  return snapshot;
}

// What no request changes: the quota and the VM record, as Reset left them.
Snapshot Fixed(const Scenario& scenario) {
  Snapshot fixed;
  if (!scenario.quota) {
    fixed.quota = 0;
  } else if (*scenario.quota >= 0 && *scenario.quota <= vps::backups::kMaxBackupQuota &&
             *scenario.quota == std::floor(*scenario.quota)) {
    fixed.quota = static_cast<int>(*scenario.quota);
  }
  fixed.vm = scenario.vm == "active" || scenario.vm == "suspended";
  return fixed;
}

bool Unfinished(const BackupJob& job) { return job.state == JobState::Queued || job.state == JobState::Running; }
bool Holding(const BackupJob& job) { return Unfinished(job) && job.HoldsVm() && !vps::backups::IsStale(job, kNow); }

std::string Show(const addons::PageRequest& request) {
  std::string text = "func=" + request.func + " user=" + request.user + " level=" + request.level;
  for (const auto& [key, value] : request.params) text += " " + key + "=" + value;
  return text;
}

void CheckAnswer(const addons::PageRequest& request, const std::string& answer, bool caller_may, bool& ok,
                 std::string_view input) {
  pugi::xml_document doc;
  auto parsed = doc.load_string(answer.c_str());
  if (!parsed) {
    Finding("the answer is not XML (" + std::string(parsed.description()) + ") to " + Show(request) + ":\n" + answer);
  }
  int roots = 0;
  for (auto child : doc.children()) roots += child.type() == pugi::node_element;
  if (roots != 1 || !doc.child("doc")) {
    Finding("the answer is not one <doc> element to " + Show(request) + ":\n" + answer);
  }
  auto error = doc.child("doc").child("error");
  ok = !error;
  if (error) {
    static const std::set<std::string> kTypes = {"xml",    "missed",   "value",  "auth",  "connection",
                                                 "locked", "notfound", "access", "quota", "api"};
    std::string type = error.attribute("type").value();
    if (!kTypes.count(type)) Finding("an error of type '" + type + "' to " + Show(request) + ":\n" + answer);
  } else if (!caller_may) {
    Finding("a caller who may not see service 1001 got an answer to " + Show(request) + ":\n" + answer);
  }
  if (input.find(kSecret) == std::string_view::npos && answer.find(kSecret) != std::string::npos) {
    Finding("the module's password is in the answer to " + Show(request) + ":\n" + answer);
  }
  if (auto problem = fuzz::XmlProblem(answer); !problem.empty()) {
    Finding("the answer to " + Show(request) + " is not well-formed XML 1.0: " + problem + "\n" + answer);
  }
}

void CheckState(const addons::PageRequest& request, const Snapshot& before, const Snapshot& after, bool caller_may,
                bool ok) {
  std::string context = " after " + Show(request);
  if (after.copies != before.copies) Finding("the page changed the copies" + context);
  bool changed = after.schedule != before.schedule || after.jobs.size() != before.jobs.size();
  for (const auto& [id, job] : before.jobs) {
    auto now = after.jobs.find(id);
    if (now == after.jobs.end() || now->second.state != job.state || now->second.copy_id != job.copy_id ||
        now->second.kind != job.kind) {
      Finding("the page changed or removed job " + std::to_string(id) + context);
    }
  }
  if (changed && !caller_may) Finding("a caller who may not see service 1001 changed its state" + context);
  if (after.schedule != before.schedule && request.func != "vds.backups.schedule") {
    Finding("the schedule changed" + context);
  }
  if (changed && !ok) Finding("a refused request changed the state" + context);

  // Every new job must have passed the checks its request makes, against the state before it.
  bool holding = false;
  std::map<std::string, int> deleting, restoring;
  for (const auto& [id, job] : before.jobs) {
    holding = holding || Holding(job);
    if (Unfinished(job) && job.kind == JobKind::Delete) ++deleting[job.copy_id];
    if (Unfinished(job) && job.kind == JobKind::Restore) ++restoring[job.copy_id];
  }
  int new_holding = 0;
  for (auto it = after.jobs.upper_bound(before.jobs.empty() ? 0 : before.jobs.rbegin()->first); it != after.jobs.end();
       ++it) {
    const BackupJob& job = it->second;
    std::string which = "new " + std::string(vps::backups::ToString(job.kind)) + " job " + std::to_string(job.id);
    if (job.item != kItem || job.module != kModule || job.vmid != kVmid || job.state != JobState::Queued) {
      Finding(which + " is not a queued job of service 1001 on VM 100" + context);
    }
    if (job.HoldsVm() && (holding || ++new_holding > 1)) {
      Finding(which + " was queued while another job holds the VM" + context);
    }
    switch (job.kind) {
      case JobKind::Backup:
        if (request.func != "vds.backups.new") Finding(which + " from another function" + context);
        if (before.quota < 0 || static_cast<int>(before.copies.size()) >= before.quota) {
          Finding(which + " beyond the quota (" + std::to_string(before.copies.size()) + " of " +
                  std::to_string(before.quota) + ")" + context);
        }
        if (!before.vm) Finding(which + " for a service without a VM" + context);
        if (auto notes = request.params.find("notes");
            job.notes != (notes == request.params.end() ? "" : notes->second)) {
          Finding(which + " has other notes than were asked" + context);
        }
        break;
      case JobKind::Restore:
        if (request.func != "vds.backups.restore") Finding(which + " from another function" + context);
        if (!before.copies.count(job.copy_id)) {
          Finding(which + " of a copy that is not 1001's: " + job.copy_id + context);
        }
        if (deleting[job.copy_id]) Finding(which + " of a copy being removed" + context);
        break;
      case JobKind::Delete:
        if (request.func != "vds.backups.delete") Finding(which + " from another function" + context);
        if (!before.copies.count(job.copy_id)) {
          Finding(which + " of a copy that is not 1001's: " + job.copy_id + context);
        }
        if (deleting[job.copy_id]++ || restoring[job.copy_id]) {
          Finding(which + " of a copy already being removed or restored" + context);
        }
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = fuzz::AsText(data, size);
  auto lines = fuzz::Lines(input);
  size_t first = 0;
  Scenario scenario;
  if (!lines.empty() && lines[0].rfind("state:", 0) == 0) {
    scenario = ReadScenario(lines[0].substr(6));
    first = 1;
  }
  World& world = World::Get();
  try {
    Reset(scenario);
  } catch (...) {
    Finding("the fuzz target could not set up the state: " + fuzz::CurrentException());
  }
  const Snapshot fixed = Fixed(scenario);
  Snapshot before = Take(fixed);
  for (size_t i = first; i < lines.size() && i < first + kMaxRequests; ++i) {
    addons::PageRequest request = ReadRequest(lines[i]);
    bool caller_may = request.level == "29" || request.user == kOwner;
    // One page process: its own log, directory and panel, over the module's state.
    core::Log log("pmfuzz_backups", world.root.string());
    core::RegistryDirectory directory(*world.files, log, world.traits);
    OwnerPanel panel;
    int ticks = 0;
    addons::PageContext context{directory, *world.files, panel, log, [&] { ++ticks; }, [] { return kNow; }};
    std::string answer;
    try {
      answer = addons::AnswerBackupsPage(request, context);
    } catch (...) {
      Finding("AnswerBackupsPage threw " + fuzz::CurrentException() + " to " + Show(request));
    }
    if (fuzz::Verbose()) std::fprintf(stderr, "--- %s\n%s", Show(request).c_str(), answer.c_str());
    bool ok = false;
    CheckAnswer(request, answer, caller_may, ok, input);
    for (const auto& call : panel.calls) {
      if (call.func != "vds.edit") Finding("the page called the panel's " + call.func);
    }
    Snapshot after = Take(fixed);
    CheckState(request, before, after, caller_may, ok);
    before = std::move(after);
  }
  return 0;
}
