// POST /nodes/{node}/qemu with `archive`: restore a vzdump archive (qemu-server create_vm's
// restore path and restore_vma_archive).
#include <ctime>
#include <memory>

#include "pvesim/api_error.h"
#include "pvesim/backups.h"
#include "pvesim/drive_params.h"
#include "pvesim/handlers.h"
#include "pvesim/qemu_schema.h"
#include "pvesim/text.h"
#include "pvesim/transfer_log.h"
#include "pvesim/vm_ops.h"

namespace pvesim {

namespace {

const std::vector<std::string> kRestoreParams = {"node",    "vmid",        "archive", "force",
                                                 "unique",  "storage",     "pool",    "start",
                                                 "bwlimit", "live-restore"};

struct RestoreJob {
  std::string node;
  int vmid = 0;
  std::string archive;
  std::string storage;  // target storage for all disks, empty: as recorded in the backup
  bool unique = false;
  bool start = false;
  bool live = false;
  std::string pool;
  Params overrides;                    // non-disk options replacing the backup's values
  Config old_config;                   // the overwritten VM's config, for disks the backup excluded
  Config config;                       // the restored config, written once the data is in
  std::vector<std::string> allocated;  // new volumes, freed again if the restore fails
  std::vector<std::pair<std::string, std::string>> disks;  // drive key, new volume for its data
  uint64_t bytes = 0;                                      // of the disks in the archive
  bool restored_data = false;
};

// vma extract writes the disks in quarters, each logging its progress, within
// task_time::kRestore.
constexpr int kExtractSteps = 4;
constexpr double kExtractStep = task_time::kRestore / kExtractSteps;

std::string Prefix(int vmid) { return "unable to restore VM " + std::to_string(vmid) + " -"; }

// The storage a restored disk goes to (restore_vma_archive with $opts->{storage}).
std::string TargetStorage(const State& state, const RestoreJob& job, const std::string& volid) {
  std::string storage = job.storage;
  if (storage.empty()) {
    storage = volid.substr(0, volid.find(':'));
    const Storage* recorded = state.FindStorage(storage);
    if (!recorded || !recorded->AvailableOn(job.node)) storage = "local";
  }
  const Storage* info = state.FindStorage(storage);
  if (!info || !info->Has("images") || !info->AvailableOn(job.node)) {
    throw Fail("Content type 'images' is not available on storage '" + storage + "'");
  }
  return storage;
}

bool InBackup(const Drive& drive) {
  auto backup = drive.options.find("backup");
  return !drive.IsCdrom() && (backup == drive.options.end() || backup->second == "1");
}

const Volume& Archive(const State& state, const RestoreJob& job) {
  const Volume* archive = state.FindVolume(job.node, job.archive);
  if (!archive || archive->content != "backup")
    throw Fail("volume '" + job.archive + "' does not exist");
  return *archive;
}

// $restore_cleanup_oldconf: over an existing VM, volumes the backup re-creates are freed and the
// config is replaced by the placeholder "memory: 128" (without the 'create' lock, as VMA
// restores do). A new VM keeps its "lock: create" config.
Config ReplaceOldConfig(TaskContext& ctx, Vm& vm, const Config& backup_config) {
  if (vm.config.size() == 1 && vm.Lock() == "create") return {};
  for (const Drive& drive : DrivesOf(vm.config)) {
    auto in_backup = backup_config.find(drive.key);
    if (in_backup == backup_config.end() || !InBackup(ParseDrive(drive.key, in_backup->second)))
      continue;
    if (drive.IsCdrom()) continue;
    const Volume* volume = ctx.core.state.FindVolume(vm.node, drive.File());
    if (volume && volume->vmid == vm.vmid) FreeImage(ctx.core.state, vm.node, drive.File());
  }
  Config old = vm.config;
  vm.config = {{"memory", "128"}};
  vm.pending.clear();
  vm.pending_delete.clear();
  return old;
}

// C's ctime() in the node's zone, as vma prints the archive's creation time.
std::string CTime(int64_t time, const TimeZone& zone) {
  std::time_t local = static_cast<std::time_t>(time + zone.offset_seconds);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm);
  return buf;
}

void LogArchiveRead(TaskContext& ctx, const State& state, const RestoreJob& job,
                    const Volume& archive, const Config& backup_config) {
  const Storage& storage = *state.FindStorage(archive.Storage());
  std::string tmp = "/var/tmp/vzdumptmp" + std::to_string(100000 + job.vmid);
  std::string decompress = archive.format == "vma.zst"   ? "zstd -q -d -c "
                           : archive.format == "vma.gz"  ? "zcat "
                           : archive.format == "vma.lzo" ? "lzop -d -c "
                                                         : "cat ";
  ctx.Log("restore vma archive: " + decompress + VolumePath(storage, archive) +
          " | vma extract -v -r " + tmp + ".fifo - " + tmp);
  Vm snapshot;
  snapshot.config = backup_config;
  ctx.Log("CFG: size: " + std::to_string(ConfigText(snapshot).size()) + " name: qemu-server.conf");
  int dev = 1;
  for (const Drive& drive : DrivesOf(backup_config)) {
    if (!InBackup(drive)) continue;
    ctx.Log("DEV: dev_id=" + std::to_string(dev++) +
            " size: " + std::to_string(drive.Size().value_or(0)) + " devname: drive-" + drive.key);
  }
  ctx.Log("CTIME: " + CTime(archive.ctime, ctx.core.state.timezone));
}

// restore_update_config_line for every line of the backed-up config.
Config RestoredConfig(TaskContext& ctx, RestoreJob& job, const Config& backup_config,
                      const Config& old_config) {
  State& state = ctx.core.state;
  Config config;
  for (const auto& [key, value] : backup_config) {
    if (key == "lock" || key == "parent" || IsUnusedKey(key)) continue;
    if (!IsDriveKey(key)) {
      config[key] = value;
      continue;
    }
    Drive drive = ParseDrive(key, value);
    if (drive.IsCloudinit()) {
      std::string sid = TargetStorage(state, job, drive.File());
      std::string name = "vm-" + std::to_string(job.vmid) + "-cloudinit";
      Volume* existing = state.FindVolume(job.node, sid + ":" + name);
      if (!existing) job.allocated.push_back(AllocateCloudinit(state, job.node, sid, job.vmid));
      drive.options["file"] = existing ? existing->volid : job.allocated.back();
    } else if (InBackup(drive)) {
      std::string sid = TargetStorage(state, job, drive.File());
      std::string volid = AllocateImage(state, job.node, sid, job.vmid, drive.Size().value_or(0));
      ctx.Log("new volume ID is '" + volid + "'");
      job.allocated.push_back(volid);
      job.disks.emplace_back(key, volid);
      job.bytes += drive.Size().value_or(0);
      drive.options["file"] = volid;
    } else {
      // Excluded from the backup: the old volume, if still there, comes back as unusedN.
      auto old = old_config.find(key);
      if (old != old_config.end() &&
          state.FindVolume(job.node, ParseDrive(key, old->second).File())) {
        RegisterUnused(config, ParseDrive(key, old->second).File());
      }
      continue;
    }
    config[key] = PrintDrive(drive);
  }
  return config;
}

// $print_devmap's map lines: where vma writes each device; thin volumes need no zeros written
// (sparseinit).
void LogDeviceMap(TaskContext& ctx, const RestoreJob& job) {
  const State& state = ctx.core.state;
  for (const auto& [key, volid] : job.disks) {
    const Volume& volume = *state.FindVolume(job.node, volid);
    ctx.Log("map 'drive-" + key + "' to '" +
            VolumePath(*state.FindStorage(volume.Storage()), volume) + "' (write zeros = 0)");
  }
}

void ApplyOverrides(TaskContext& ctx, const RestoreJob& job, Config& config) {
  for (const auto& [key, value] : job.overrides) config[key] = value;
  if (config.count("vmgenid")) config["vmgenid"] = ctx.core.rng.Uuid();
  if (job.unique) GiveNewIdentity(config, ctx.core.rng, job.overrides);
}

void CheckRestorePermission(const Call& call, const RestoreJob& job) {
  std::string acl = "/vms/" + std::to_string(job.vmid);
  bool exists_here =
      call.core.state.FindVm(job.vmid) && call.core.state.FindVm(job.vmid)->node == job.node;
  bool allowed = call.Can(acl, "VM.Allocate") ||
                 (!job.pool.empty() && call.Can("/pool/" + job.pool, "VM.Allocate")) ||
                 (call.Flag("force") && exists_here && call.Can(acl, "VM.Backup"));
  if (!allowed) throw PermissionError();
}

RestoreJob ReadJob(const Call& call) {
  RestoreJob job;
  job.node = call.Node();
  job.vmid = call.Vmid();
  job.archive = call.Get("archive");
  job.storage = call.Get("storage");
  job.unique = call.Flag("unique");
  job.start = call.Flag("start");
  job.live = call.Flag("live-restore");
  job.pool = call.Get("pool");
  job.overrides = call.params;
  for (const std::string& name : kRestoreParams) job.overrides.erase(name);
  return job;
}

// create_and_lock_config($vmid, $force); its errors get the "unable to restore" prefix.
void LockForRestore(Call& call, const RestoreJob& job, bool force) {
  try {
    call.core.WaitForLock(call.lock, LockTable::VmLock(job.vmid), false, 5);
  } catch (const ApiError& e) {
    throw Fail(Prefix(job.vmid) + " " + e.what());
  }
  Vm* vm = call.core.state.FindVm(job.vmid);
  if (vm && (!force || vm->node != job.node)) {
    throw Fail(Prefix(job.vmid) + " VM " + std::to_string(job.vmid) + " already exists on node '" +
               vm->node + "'");
  }
  if (vm) {
    if (auto lock = vm->Lock()) throw Fail(Prefix(job.vmid) + " VM is locked (" + *lock + ")");
    vm->config["lock"] = "create";
    return;
  }
  Vm created;
  created.vmid = job.vmid;
  created.node = job.node;
  created.config["lock"] = "create";
  call.core.state.vms[job.vmid] = created;
}

}  // namespace

nlohmann::json RestoreVm(Call& call) {
  RestoreJob job = ReadJob(call);
  if (job.overrides.count("sshkeys")) ValidateSshKeys(job.overrides["sshkeys"]);
  if (!job.pool.empty() && !call.core.state.pools.count(job.pool)) {
    throw PermissionError("pool '" + job.pool + "' does not exist");
  }
  if (!job.storage.empty()) call.Require("/storage/" + job.storage, "Datastore.AllocateSpace");
  if (job.start) call.Require("/vms/" + std::to_string(job.vmid), "VM.PowerMgmt");
  CheckRestorePermission(call, job);
  for (const auto& [key, value] : job.overrides) {
    if (IsDriveKey(key)) throw ParamError(key, "option conflicts with option 'archive'");
  }
  if (auto error = CheckFormat("pve-volume-id", job.archive)) throw Fail(Trim(*error));
  const Volume& archive = Archive(call.core.state, job);
  CheckVolumeAccess(call.core.state, call.user, archive);
  if (!job.overrides.empty()) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : job.overrides) keys.push_back(key);
    CheckConfigKeyPermissions(call, job.vmid, keys);
    AddRandomMacs(call.core.rng, job.overrides, false);
  }
  LockForRestore(call, job, call.Flag("force"));

  auto shared = std::make_shared<RestoreJob>(job);
  TaskStage prepare;
  prepare.locks = {{LockTable::VmLock(job.vmid), false, 1}};
  prepare.run = [shared](TaskContext& ctx) {
    RestoreJob& job = *shared;
    State& state = ctx.core.state;
    Vm& vm = LoadVm(state, job.node, job.vmid);
    if (vm.config.count("protection") && vm.config.at("protection") == "1") {
      throw Fail(Prefix(job.vmid) + " protection mode enabled");
    }
    if (vm.running || vm.backup_qemu) throw Fail(Prefix(job.vmid) + " vm is running");
    if (job.live)
      throw Fail("live-restore is only compatible with backup images from a Proxmox Backup Server");
    const Volume& archive = Archive(state, job);
    Config backup_config = archive.backup.value("config", nlohmann::json::object()).get<Config>();
    LogArchiveRead(ctx, state, job, archive, backup_config);
    job.old_config = ReplaceOldConfig(ctx, vm, backup_config);
    job.config = RestoredConfig(ctx, job, backup_config, job.old_config);
    LogDeviceMap(ctx, job);
    ApplyOverrides(ctx, job, job.config);
  };
  prepare.duration = kExtractStep;
  std::vector<TaskStage> stages = {prepare};
  for (int step = 1; step < kExtractSteps; ++step) {
    TaskStage extract;
    extract.run = [shared, step](TaskContext& ctx) {
      RestoreProgress progress(shared->bytes);
      ctx.Log(progress.ProgressLine(100 * step / kExtractSteps, kExtractStep * step));
    };
    extract.duration = kExtractStep;
    stages.push_back(extract);
  }
  TaskStage write;
  write.fault_point = true;
  write.run = [shared](TaskContext& ctx) {
    RestoreJob& job = *shared;
    RestoreProgress progress(job.bytes);
    ctx.Log(progress.ProgressLine(100, task_time::kRestore));
    for (const std::string& line : progress.Summary()) ctx.Log(line);
    job.restored_data = true;
    ctx.Log("rescan volumes...");
    Vm& vm = LoadVm(ctx.core.state, job.node, job.vmid);
    vm.config = job.config;
    vm.pool = job.pool;
    if (vm.IsTemplate()) ctx.Log("Convert to template.");
  };
  stages.push_back(write);
  TaskSpec spec{job.node, "qmrestore", std::to_string(job.vmid), "", stages, {}};
  if (job.start) {
    TaskStage boot;
    boot.run = [](TaskContext& ctx) { ctx.Log("Execute autostart"); };
    boot.duration = task_time::kStart;
    TaskStage running;
    running.run = [shared](TaskContext& ctx) {
      Vm& vm = LoadVm(ctx.core.state, shared->node, shared->vmid);
      vm.running = true;
      vm.started_at = ctx.core.clock.Now();
    };
    spec.stages.push_back(boot);
    spec.stages.push_back(running);
  }
  spec.on_failure = [shared](TaskContext& ctx, const std::string&) {
    if (!shared->restored_data) {  // $restore_destroy_volumes
      for (const std::string& volid : shared->allocated) {
        FreeImage(ctx.core.state, shared->node, volid);
        ctx.Log("temporary volume '" + volid + "' successfully removed");
      }
    }
    Vm* vm = ctx.core.state.FindVm(shared->vmid);
    if (vm && vm->Lock() == "create") vm->config.erase("lock");
    ctx.Log(shared->restored_data
                ? "error after data was restored, VM disks should be OK but config may require "
                  "adaptions. VM " +
                      std::to_string(shared->vmid) + " state is NOT cleaned up."
                : "error before or during data restore, some or all disks were not completely "
                  "restored. VM " +
                      std::to_string(shared->vmid) + " state is NOT cleaned up.");
  };
  return call.StartTask(std::move(spec));
}

}  // namespace pvesim
