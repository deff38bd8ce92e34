// POST /nodes/{node}/vzdump (PVE::API2::VZDump and PVE::VZDump::exec_backup_task).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>

#include "pvesim/api_error.h"
#include "pvesim/backups.h"
#include "pvesim/handlers.h"
#include "pvesim/qemu_schema.h"
#include "pvesim/text.h"
#include "pvesim/transfer_log.h"
#include "pvesim/vm_ops.h"

namespace pvesim {

namespace {

constexpr const char* kDefaultStorage = "local";  // vzdump.conf default

struct GuestBackup {
  int64_t backup_time = 0;
  bool was_running = false;
  std::string mode;  // effective mode
  uint64_t bytes = 0;
  BackupProgress progress{0};
};

// The archive is written in quarters, each logging its progress, within the guest's
// task_time::kVzdump.
constexpr int kArchiveSteps = 4;
constexpr double kArchiveStep = task_time::kVzdump / kArchiveSteps;

struct VzdumpJob {
  std::string node;
  std::string user;
  std::string storage;
  std::string mode;
  std::string compress;
  std::string notes_template;
  std::string cmdline;
  bool protect = false;
  bool all = false;
  std::optional<bool> remove;
  std::optional<PropertyMap> prune;  // the prune-backups parameter
  PropertyMap keep;                  // retention in effect
  std::vector<int> vmids;            // local guests, sorted
  std::vector<int> skipped;          // guests on other nodes
  bool waited = false;
  int errors = 0;
  std::set<int> excluded;  // no VM.Backup while backing up "all"
  std::set<int> failed;
  std::set<int> locked;
  std::map<int, GuestBackup> guests;
};

// $verify_notes_template.
std::optional<std::string> VerifyNotesTemplate(const std::string& tmpl) {
  if (tmpl.find('\n') != std::string::npos) return std::string("contains a line feed\n");
  std::vector<std::string> problems;
  const std::regex& escapes = RegexFor(R"(\\(.))");
  for (auto it = std::sregex_iterator(tmpl.begin(), tmpl.end(), escapes);
       it != std::sregex_iterator(); ++it) {
    std::string c = (*it)[1].str();
    long end = static_cast<long>(it->position() + it->length());
    if (c != "n" && c != "\\") {
      problems.push_back("escape sequence '\\" + c + "' at char " + std::to_string(end - 2));
    }
  }
  const std::regex& variables = RegexFor(R"(\{\{([^\s{}]+)\}\})");
  for (auto it = std::sregex_iterator(tmpl.begin(), tmpl.end(), variables);
       it != std::sregex_iterator(); ++it) {
    std::string var = (*it)[1].str();
    long end = static_cast<long>(it->position() + it->length());
    if (!FullMatch(var, "cluster|guestname|node|vmid")) {
      problems.push_back("variable '" + var + "' at char " +
                         std::to_string(end - static_cast<long>(var.size())));
    }
  }
  if (problems.empty()) return std::nullopt;
  return "found unknown: " + Join(problems, ", ") + "\n";
}

// $generate_notes: escapes first, then the variables.
std::string GenerateNotes(const std::string& tmpl, const std::map<std::string, std::string>& vars) {
  std::string unescaped;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '\\' && i + 1 < tmpl.size()) {
      unescaped += tmpl[i + 1] == 'n' ? '\n' : tmpl[i + 1];
      ++i;
    } else {
      unescaped += tmpl[i];
    }
  }
  std::string out;
  const std::regex& variable = RegexFor(R"(\{\{(cluster|guestname|node|vmid)\}\})");
  auto last = unescaped.cbegin();
  for (auto it = std::sregex_iterator(unescaped.begin(), unescaped.end(), variable);
       it != std::sregex_iterator(); ++it) {
    out.append(last, unescaped.cbegin() + it->position());
    out += vars.at((*it)[1].str());
    last = unescaped.cbegin() + it->position() + it->length();
  }
  out.append(last, unescaped.cend());
  return out;
}

std::string CommandLine(const Call& call) {
  std::string cmd = "vzdump";
  if (call.Has("vmid")) cmd += " " + Join(SplitList(call.Get("vmid")), " ");
  Params params = call.params;
  params.erase("vmid");
  params["node"] = call.Node();
  for (const auto& [key, value] : params) {
    bool quote =
        value.find_first_of(" \t") != std::string::npos || value.find("{{") != std::string::npos;
    cmd += " --" + key + " " + (quote ? "'" + value + "'" : value);
  }
  return cmd;
}

std::string Extension(const std::string& compress) {
  if (compress == "zstd") return ".vma.zst";
  if (compress == "gzip") return ".vma.gz";
  if (compress == "1" || compress == "lzo") return ".vma.lzo";
  return ".vma";
}

uint64_t ArchiveSize(uint64_t disk_bytes, const std::string& compress) {
  double factor = compress == "0" ? 0.4 : compress == "zstd" ? 0.1 : 0.12;
  return std::max<uint64_t>(kMiB, static_cast<uint64_t>(static_cast<double>(disk_bytes) * factor));
}

std::string Elapsed(int64_t seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  return buf;
}

void Info(TaskContext& ctx, const std::string& message) { ctx.Log("INFO: " + message); }

// Stage 1: the node-wide vzdump lock, storage and retention.
void StartJob(TaskContext& ctx, VzdumpJob& job) {
  if (job.waited) Info(ctx, "got global lock");
  Info(ctx, "starting new backup job: " + job.cmdline);
  const Storage* storage = ctx.core.state.FindStorage(job.storage);
  std::string prefix = "could not get storage information for '" + job.storage + "': ";
  if (!storage) throw Fail(prefix + "storage '" + job.storage + "' does not exist");
  if (!storage->Has("backup")) {
    throw Fail(prefix + "can't use storage '" + job.storage + "' for backups - wrong content type");
  }
  if (job.prune) {
    job.keep = *job.prune;
  } else if (!storage->prune_backups.empty()) {
    job.keep = ParseProperty(PruneBackupsFormat(), storage->prune_backups, "prune-backups");
  } else {
    job.keep = {{"keep-all", "1"}};
  }
  if (KeepsAll(job.keep)) job.remove = false;
  if (!job.skipped.empty()) {
    std::vector<std::string> ids;
    for (int vmid : job.skipped) ids.push_back(std::to_string(vmid));
    Info(ctx, "skip external VMs: " + Join(ids, ", "));
  }
  for (int vmid : job.vmids) {
    if (!ctx.core.state.FindVm(vmid)) continue;
    if (HasPrivilege(ctx.core.state, job.user, "/vms/" + std::to_string(vmid), "VM.Backup"))
      continue;
    if (!job.all) throw PermissionError("/vms/" + std::to_string(vmid) + ", VM.Backup");
    job.excluded.insert(vmid);
  }
}

void CheckBackupLimits(const State& state, const VzdumpJob& job, int vmid) {
  long long limit = 0;
  if (!KeepsAll(job.keep)) {
    for (const auto& [key, value] : job.keep) {
      if (key != "keep-all") limit += std::stoll(value);
    }
  }
  if (!((limit && !job.remove.value_or(true)) || job.protect)) return;
  long long count = 0, protected_count = 0;
  for (const Volume* volume : state.VolumesOn(job.node, job.storage)) {
    if (volume->content != "backup" || volume->vmid != vmid) continue;
    (volume->is_protected ? protected_count : count)++;
  }
  if (job.protect) {
    const Storage& storage = *state.FindStorage(job.storage);
    int max = storage.max_protected_backups.value_or(
        HasPrivilege(state, job.user, "/storage/" + job.storage, "Datastore.Allocate") ? -1 : 5);
    if (max > -1 && protected_count >= max) {
      throw Fail("The number of protected backups per guest is limited to " + std::to_string(max) +
                 " on storage '" + job.storage + "'");
    }
  } else if (count >= limit) {
    throw Fail("There is a max backup limit of " + std::to_string(limit) +
               " enforced by the target storage or the vzdump parameters. Either increase the "
               "limit or delete old backups.");
  }
}

// A second later than any archive of the guest on the storage: at small time scales two
// backups could otherwise start within one second and get the same name.
int64_t UniqueBackupTime(const State& state, const VzdumpJob& job, int vmid, int64_t now) {
  int64_t time = now;
  for (const Volume* volume : state.VolumesOn(job.node, job.storage)) {
    if (volume->content == "backup" && volume->vmid == vmid && volume->ctime >= time) {
      time = volume->ctime + 1;
    }
  }
  return time;
}

void LogDisks(TaskContext& ctx, const Vm& vm, GuestBackup& guest) {
  for (const Drive& drive : DrivesOf(vm.config)) {
    if (drive.IsCdrom()) continue;
    auto backup = drive.options.find("backup");
    uint64_t size = drive.Size().value_or(0);
    if (backup != drive.options.end() && backup->second == "0") {
      Info(ctx, "exclude disk '" + drive.key + "' '" + drive.File() + "' (backup=no)");
      continue;
    }
    guest.bytes += size;
    Info(ctx, "include disk '" + drive.key + "' '" + drive.File() + "' " + FormatSize(size));
  }
}

// archive_vma up to its status loop: QEMU runs the backup job, paused if the guest was not
// running; a guest that was running goes on (after its stop or suspend: at once, 0 s later).
void StartArchive(TaskContext& ctx, Vm& vm, GuestBackup& guest) {
  guest.progress = BackupProgress(guest.bytes);
  if (!guest.bytes) {
    Info(ctx, "backup contains no disks");
    Info(ctx, "starting diskless backup");
    return;
  }
  if (!vm.running) {
    Info(ctx, "starting kvm to execute backup task");
    vm.backup_qemu = true;
  }
  Info(ctx, "started backup task '" + ctx.core.rng.Uuid() + "'");
  if (!guest.was_running) return;
  Info(ctx, guest.mode == "snapshot" ? "resuming VM again" : "resuming VM again after 0 seconds");
  if (vm.backup_qemu) {  // stop mode: the guest goes on in the QEMU the backup started
    vm.backup_qemu = false;
    vm.running = true;
    vm.started_at = ctx.core.clock.Now();
  }
}

// restore_vm_power_state: the paused QEMU of a guest that was not running ends with the job.
void StopBackupQemu(TaskContext& ctx, Vm& vm) {
  if (!vm.backup_qemu) return;
  vm.backup_qemu = false;
  Info(ctx, "stopping kvm after backup task");
}

// Stage 2 per guest: checks, the 'backup' lock, the mode's preparation, the job's start.
void BeginGuest(TaskContext& ctx, VzdumpJob& job, int vmid) {
  State& state = ctx.core.state;
  Vm* vm = state.FindVm(vmid);
  if (!vm || vm->node != job.node) throw Fail("unable to find VM '" + std::to_string(vmid) + "'");
  GuestBackup& guest = job.guests[vmid];
  guest.backup_time = UniqueBackupTime(state, job, vmid, ctx.core.clock.NowSeconds());
  CheckBackupLimits(state, job, vmid);
  Info(ctx, "Starting Backup of VM " + std::to_string(vmid) + " (qemu)");
  Info(ctx, "Backup started at " + LocalTimestamp(guest.backup_time, state.timezone));
  guest.was_running = vm->running;
  Info(ctx, std::string("status = ") + (vm->running ? "running" : "stopped"));
  CheckLock(*vm);  // set_lock('backup') under the config file lock
  vm->config["lock"] = "backup";
  job.locked.insert(vmid);
  ctx.Release(LockTable::VmLock(vmid));
  Info(ctx, "VM Name: " +
                (vm->config.count("name") ? vm->config["name"] : "VM " + std::to_string(vmid)));
  LogDisks(ctx, *vm, guest);
  guest.mode = vm->running ? job.mode : "stop";
  Info(ctx, "backup mode: " + guest.mode);
  Info(ctx, "ionice priority: 7");
  if (vm->running && guest.mode == "stop") {
    Info(ctx, "stopping virtual guest");
    vm->running = false;
  } else if (vm->running && guest.mode == "suspend") {
    Info(ctx, "suspending guest");
  }
  const Storage& storage = *state.FindStorage(job.storage);
  std::string file =
      ArchiveBaseName(vmid, guest.backup_time, state.timezone) + Extension(job.compress);
  Info(ctx, "creating vzdump archive '" + storage.path + "/dump/" + file + "'");
  StartArchive(ctx, *vm, guest);
}

void Prune(TaskContext& ctx, VzdumpJob& job, int vmid) {
  Info(ctx, "prune older backups with retention: " + RetentionText(job.keep));
  int pruned = 0;
  for (const PruneEntry& entry :
       MarkBackups(ctx.core.state, job.node, job.storage, vmid, job.keep)) {
    if (entry.mark != "remove") continue;
    Info(ctx, "removing backup '" + entry.volid + "'");
    ctx.core.state.RemoveVolume(job.node, entry.volid);
    ++pruned;
  }
  Info(ctx, "pruned " + std::to_string(pruned) + " backup(s)" +
                (pruned ? " not covered by keep-retention policy" : ""));
}

// Ends the guest's backup state: unlock, stop vzdump's QEMU, resume or restart.
void ReleaseGuest(TaskContext& ctx, VzdumpJob& job, int vmid) {
  Vm* vm = ctx.core.state.FindVm(vmid);
  job.locked.erase(vmid);
  if (!vm) return;
  if (vm->Lock() == "backup") vm->config.erase("lock");
  GuestBackup& guest = job.guests[vmid];
  if (vm->backup_qemu) {
    StopBackupQemu(ctx, *vm);
  } else if (guest.mode == "stop" && guest.was_running && !vm->running) {
    Info(ctx, "restarting vm");
    vm->running = true;
    vm->started_at = ctx.core.clock.Now();
  } else if (guest.mode == "suspend") {
    Info(ctx, "resume vm");
  }
}

// Stage 3 per guest: the end of the transfer, the archive, notes, protection, pruning, unlock.
void FinishGuest(TaskContext& ctx, VzdumpJob& job, int vmid) {
  State& state = ctx.core.state;
  Vm& vm = state.vms.at(vmid);
  GuestBackup& guest = job.guests[vmid];
  if (guest.bytes) {
    Info(ctx, guest.progress.StatusLine(guest.bytes, task_time::kVzdump));
    for (const std::string& line : guest.progress.Summary(task_time::kVzdump)) Info(ctx, line);
  }
  StopBackupQemu(ctx, vm);
  Config config = vm.config;
  config.erase("lock");
  Volume archive;
  archive.volid = job.storage + ":backup/" +
                  ArchiveBaseName(vmid, guest.backup_time, state.timezone) +
                  Extension(job.compress);
  archive.content = "backup";
  archive.format = Extension(job.compress).substr(1);
  archive.size = ArchiveSize(guest.bytes, job.compress);
  archive.vmid = vmid;
  archive.ctime = guest.backup_time;
  archive.backup = {{"config", config}};
  Info(ctx, "archive file size: " + FormatSizeHuman(archive.size));
  if (!job.notes_template.empty()) {
    Info(ctx, "adding notes to backup");
    std::string name =
        vm.config.count("name") ? vm.config.at("name") : "VM " + std::to_string(vmid);
    archive.notes = GenerateNotes(job.notes_template, {{"cluster", state.cluster_name},
                                                       {"guestname", name},
                                                       {"node", job.node},
                                                       {"vmid", std::to_string(vmid)}});
  }
  if (job.protect) {
    Info(ctx, "marking backup as protected");
    archive.is_protected = true;
  }
  state.AddVolume(job.node, archive);
  if (job.remove.value_or(true)) Prune(ctx, job, vmid);
  ReleaseGuest(ctx, job, vmid);
  int64_t took = std::max<int64_t>(1, ctx.core.clock.NowSeconds() - guest.backup_time);
  Info(ctx, "Finished Backup of VM " + std::to_string(vmid) + " (" + Elapsed(took) + ")");
  Info(ctx, "Backup finished at " + LocalTimestamp(ctx.core.clock.NowSeconds(), state.timezone));
}

void GuestFailed(TaskContext& ctx, VzdumpJob& job, int vmid, const std::string& error) {
  ctx.Log("ERROR: Backup of VM " + std::to_string(vmid) + " failed - " + error);
  Info(ctx, "Failed at " + LocalTimestamp(ctx.core.clock.NowSeconds(), ctx.core.state.timezone));
  job.failed.insert(vmid);
  ++job.errors;
  if (job.locked.count(vmid)) ReleaseGuest(ctx, job, vmid);
}

std::vector<TaskStage> GuestStages(const std::shared_ptr<VzdumpJob>& job, int vmid,
                                   bool fault_point) {
  auto skip = [job, vmid] { return job->excluded.count(vmid) || job->failed.count(vmid); };
  auto failed = [job, vmid](TaskContext& ctx, const std::string& error) {
    GuestFailed(ctx, *job, vmid, error);
  };
  TaskStage begin;
  begin.locks = {{LockTable::VmLock(vmid), false, 10}};
  begin.run = [job, vmid, skip](TaskContext& ctx) {
    if (!skip()) BeginGuest(ctx, *job, vmid);
  };
  begin.on_error = failed;
  begin.duration = kArchiveStep;
  std::vector<TaskStage> stages = {begin};
  for (int step = 1; step < kArchiveSteps; ++step) {
    TaskStage progress;
    progress.run = [job, vmid, skip, step](TaskContext& ctx) {
      GuestBackup& guest = job->guests[vmid];
      if (skip() || !guest.bytes) return;
      Info(ctx, guest.progress.StatusLine(guest.bytes * step / kArchiveSteps, kArchiveStep * step));
    };
    progress.on_error = failed;
    progress.duration = kArchiveStep;
    stages.push_back(progress);
  }
  TaskStage finish;
  finish.run = [job, vmid, skip](TaskContext& ctx) {
    if (!skip()) FinishGuest(ctx, *job, vmid);
  };
  finish.on_error = failed;
  finish.fault_point = fault_point;
  stages.push_back(finish);
  return stages;
}

void VerifyParams(const Call& call) {
  if (call.Has("node") && call.Get("node") != call.Node()) {
    throw ParamError("node", "option is only allowed on the command line interface.");
  }
  if (call.Flag("stdout"))
    throw ParamError("stdout", "option is only allowed on the command line interface.");
  if (call.Has("prune-backups")) {
    call.Require("/storage/" + call.Get("storage", kDefaultStorage), "Datastore.Allocate");
  }
  if (call.Has("bwlimit") || call.Has("ionice")) call.Require("/", "Sys.Modify");
  if (call.Flag("all") && call.Has("vmid"))
    throw ParamError("all", "option conflicts with option 'vmid'");
  if (call.Has("exclude") && call.Has("vmid")) {
    throw ParamError("exclude", "option conflicts with option 'vmid'");
  }
  if (call.Has("notes-template")) {
    if (auto error = VerifyNotesTemplate(call.Get("notes-template"))) {
      throw ParamError("notes-template", *error);
    }
  }
  if (!call.Flag("all") && !call.Has("vmid")) throw ParamError("vmid", "property is missing");
}

// get_included_guests: local guests (and unknown ids, which fail later) and the rest.
void SelectGuests(const Call& call, VzdumpJob& job) {
  std::set<int> ids;
  if (call.Has("vmid")) {
    for (const std::string& id : SplitList(call.Get("vmid"))) ids.insert(std::stoi(id));
  } else {
    std::set<std::string> exclude;
    for (const std::string& id : SplitList(call.Get("exclude"))) exclude.insert(id);
    for (const auto& [vmid, vm] : call.core.state.vms) {
      if (!exclude.count(std::to_string(vmid))) ids.insert(vmid);
    }
  }
  for (int vmid : ids) {
    const Vm* vm = call.core.state.FindVm(vmid);
    (vm && vm->node != job.node ? job.skipped : job.vmids).push_back(vmid);
  }
}

}  // namespace

nlohmann::json Vzdump(Call& call) {
  VerifyParams(call);
  auto job = std::make_shared<VzdumpJob>();
  job->node = call.Node();
  job->user = call.user;
  job->all = call.Flag("all");
  SelectGuests(call, *job);
  if (job->vmids.empty() && !job->all) return "OK";  // silent exit: nothing is local
  job->storage = call.Get("storage", kDefaultStorage);
  call.Require("/storage/" + job->storage, "Datastore.AllocateSpace");
  job->mode = call.Get("mode", "snapshot");
  job->compress = call.Get("compress", "0");
  job->notes_template = call.Get("notes-template");
  job->protect = call.Flag("protected");
  if (call.Has("remove")) job->remove = call.Flag("remove");
  if (call.Has("prune-backups")) {
    job->prune = ParseProperty(PruneBackupsFormat(), call.Get("prune-backups"), "prune-backups");
  }
  job->cmdline = CommandLine(call);

  TaskStage start;
  double lockwait_minutes = static_cast<double>(call.Int("lockwait", 180));
  start.locks = {{LockTable::VzdumpLock(job->node), false, lockwait_minutes * 60}};
  start.on_wait = [job](TaskContext& ctx) {
    job->waited = true;
    Info(ctx, "trying to get global lock - waiting...");
  };
  start.run = [job](TaskContext& ctx) { StartJob(ctx, *job); };
  TaskSpec spec{job->node, "vzdump", job->vmids.size() == 1 ? std::to_string(job->vmids[0]) : "",
                "",        {start},  {}};
  for (size_t i = 0; i < job->vmids.size(); ++i) {
    for (TaskStage& stage : GuestStages(job, job->vmids[i], i == 0)) spec.stages.push_back(stage);
  }
  TaskStage end;
  end.run = [job](TaskContext& ctx) {
    Info(ctx, job->errors ? "Backup job finished with errors" : "Backup job finished successfully");
    if (job->errors) throw Fail("job errors");
  };
  end.fault_point = job->vmids.empty();
  spec.stages.push_back(end);
  spec.on_failure = [job](TaskContext& ctx, const std::string&) {
    for (int vmid : std::set<int>(job->locked)) ReleaseGuest(ctx, *job, vmid);
  };
  spec.interrupt_message = "interrupted by signal";
  return call.StartTask(std::move(spec));
}

}  // namespace pvesim
