// /nodes/{node}/qemu: list, create, status, power actions, destroy.
#include <algorithm>

#include "pvesim/api_error.h"
#include "pvesim/drive_params.h"
#include "pvesim/handlers.h"
#include "pvesim/qemu_schema.h"
#include "pvesim/text.h"
#include "pvesim/vm_ops.h"

namespace pvesim {

namespace {

const std::vector<std::string> kCreateOnlyParams = {"node",    "vmid",        "archive", "force",
                                                    "unique",  "storage",     "pool",    "start",
                                                    "bwlimit", "live-restore"};

Params ConfigOverrides(const Call& call) {
  Params config = call.params;
  for (const std::string& name : kCreateOnlyParams) config.erase(name);
  return config;
}

std::string FirstDrive(const Config& config, bool cdrom) {
  for (const char* bus : {"ide", "scsi", "virtio", "sata"}) {
    for (int i = 0; i <= 30; ++i) {
      auto it = config.find(bus + std::to_string(i));
      if (it == config.end()) continue;
      Drive drive = ParseDrive(it->first, it->second);
      if (drive.IsCdrom() == cdrom && !drive.IsCloudinit()) return it->first;
    }
  }
  return "";
}

// get_default_bootdevices: first disk, first CD-ROM, first NIC.
std::string DefaultBoot(const Config& config) {
  std::vector<std::string> order;
  for (bool cdrom : {false, true}) {
    std::string key = FirstDrive(config, cdrom);
    if (!key.empty()) order.push_back(key);
  }
  for (int i = 0; i <= 31; ++i) {
    if (config.count("net" + std::to_string(i))) {
      order.push_back("net" + std::to_string(i));
      break;
    }
  }
  return order.empty() ? "" : "order=" + Join(order, ";");
}

// create_and_lock_config: the VMID must be free; the new config holds lock 'create'.
void CreateLockedConfig(Call& call, int vmid, const std::string& prefix) {
  try {
    call.core.WaitForLock(call.lock, LockTable::VmLock(vmid), false, 5);
  } catch (const ApiError& e) {
    throw Fail(prefix + " " + e.what());
  }
  if (const Vm* other = call.core.state.FindVm(vmid)) {
    throw Fail(prefix + " VM " + std::to_string(vmid) + " already exists on node '" + other->node +
               "'");
  }
  Vm vm;
  vm.vmid = vmid;
  vm.node = call.Node();
  vm.config["lock"] = "create";
  call.core.state.vms[vmid] = vm;
}

// The stages of a worker that needs the VM's config flock and one state change at its end.
TaskSpec SimpleTask(const Call& call, const std::string& type, double duration,
                    std::function<void(TaskContext&)> check,
                    std::function<void(TaskContext&)> finish) {
  TaskStage first;
  first.locks = {{LockTable::VmLock(call.Vmid()), false, 10}};
  first.run = std::move(check);
  first.duration = duration;
  TaskStage last;
  last.run = std::move(finish);
  return TaskSpec{call.Node(), type, std::to_string(call.Vmid()), "", {first, last}, {}};
}

// vm_is_paused: the QEMU vzdump starts for a stopped guest waits in "prelaunch".
bool IsPaused(const State& state, int vmid) {
  const Vm* vm = state.FindVm(vmid);
  return vm && vm->backup_qemu && !vm->running;
}

bool QemuRunning(const Vm& vm) { return vm.running || vm.backup_qemu; }

void MarkStarted(SimCore& core, Vm& vm) {
  vm.running = true;
  vm.started_at = core.clock.Now();
}

}  // namespace

nlohmann::json ListVms(Call& call) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [vmid, vm] : call.core.state.vms) {
    if (vm.node == call.Node() && call.Can("/vms/" + std::to_string(vmid), "VM.Audit")) {
      rows.push_back(VmStatusJson(call.core, vm));
    }
  }
  return rows;
}

nlohmann::json GetVmStatus(Call& call) {
  const Vm& vm = LoadVm(call.core.state, call.Node(), call.Vmid());
  nlohmann::json out = VmStatusJson(call.core, vm);
  out["ha"] = {{"managed", 0}};
  auto agent = vm.config.find("agent");
  if (agent != vm.config.end() &&
      ParseProperty(AgentFormat(), agent->second, "agent")["enabled"] == "1") {
    out["agent"] = 1;
  }
  if (QemuRunning(vm)) {
    out["running-qemu"] = "9.2.0";
    out["running-machine"] = "pc-i440fx-9.2+pve1";
  }
  return out;
}

nlohmann::json CreateVm(Call& call) {
  if (call.Has("archive")) return RestoreVm(call);
  int vmid = call.Vmid();
  std::string node = call.Node();
  if (call.Has("sshkeys")) ValidateSshKeys(call.Get("sshkeys"));
  std::string pool = call.Get("pool");
  if (!pool.empty() && !call.core.state.pools.count(pool)) {
    throw PermissionError("pool '" + pool + "' does not exist");
  }
  std::string storage = call.Get("storage");
  if (!storage.empty()) call.Require("/storage/" + storage, "Datastore.AllocateSpace");
  if (call.Flag("start")) call.Require("/vms/" + std::to_string(vmid), "VM.PowerMgmt");
  bool allowed = call.Can("/vms/" + std::to_string(vmid), "VM.Allocate") ||
                 (!pool.empty() && call.Can("/pool/" + pool, "VM.Allocate"));
  if (!allowed) throw PermissionError();
  Params config = ConfigOverrides(call);
  if (!config.empty()) {
    CheckDriveParams(call, config, storage, vmid);
    std::vector<std::string> keys;
    for (const auto& [key, value] : config) keys.push_back(key);
    CheckConfigKeyPermissions(call, vmid, keys);
    AddRandomMacs(call.core.rng, config, false);
  }
  CreateLockedConfig(call, vmid, "unable to create VM " + std::to_string(vmid) + " -");

  auto created = std::make_shared<std::vector<std::string>>();
  bool start = call.Flag("start");
  TaskStage create;
  create.locks = {{LockTable::VmLock(vmid), false, 1}};
  create.duration = task_time::kCreate;
  create.fault_point = true;
  create.run = [=](TaskContext& ctx) mutable {
    State& state = ctx.core.state;
    *created = CreateDisks(state, node, vmid, config, storage, nullptr, &ctx);
    if (!config.count("boot")) {
      std::string boot = DefaultBoot(config);
      if (!boot.empty()) config["boot"] = boot;
    }
    if (!config.count("smbios1")) config["smbios1"] = "uuid=" + ctx.core.rng.Uuid();
    if (!config.count("vmgenid") || config["vmgenid"] == "1")
      config["vmgenid"] = ctx.core.rng.Uuid();
    config["meta"] = "creation-qemu=9.2.0,ctime=" + std::to_string(ctx.core.clock.NowSeconds());
    Vm& vm = state.vms.at(vmid);
    vm.config = config;  // written without the 'create' lock
    vm.pool = pool;
  };
  TaskSpec spec{node, "qmcreate", std::to_string(vmid), "", {create}, {}};
  if (start) {
    TaskStage boot;
    boot.run = [](TaskContext& ctx) { ctx.Log("Execute autostart"); };
    boot.duration = task_time::kStart;
    TaskStage running;
    running.run = [vmid](TaskContext& ctx) { MarkStarted(ctx.core, ctx.core.state.vms.at(vmid)); };
    spec.stages.push_back(boot);
    spec.stages.push_back(running);
  }
  spec.on_failure = [vmid, node, created](TaskContext& ctx, const std::string&) {
    // On failure the config file is removed, with the volumes created so far.
    for (const std::string& volid : *created) ctx.core.state.RemoveVolume(node, volid);
    auto vm = ctx.core.state.vms.find(vmid);
    if (vm != ctx.core.state.vms.end() && vm->second.node == node) ctx.core.state.vms.erase(vm);
  };
  return call.StartTask(std::move(spec));
}

nlohmann::json StartVm(Call& call) {
  call.RequireRootFor("skiplock");
  int vmid = call.Vmid();
  std::string node = call.Node();
  bool skiplock = call.Flag("skiplock");
  auto resumed = std::make_shared<bool>(false);
  TaskSpec spec = SimpleTask(
      call, "qmstart", task_time::kStart,
      [=](TaskContext& ctx) {
        Vm& vm = LoadVm(ctx.core.state, node, vmid);
        if (vm.IsTemplate()) throw Fail("you can't start a vm if it's a template");
        if (vm.Lock() == "backup" && QemuRunning(vm)) {
          *resumed = true;  // vzdump's QEMU instance of a stopped guest is resumed
          return;
        }
        if (!skiplock && vm.Lock() != "suspended") CheckLock(vm);
        if (vm.running) throw Fail("VM " + std::to_string(vmid) + " already running");
        ApplyPending(ctx.core.state, vm);
        for (const Drive& drive : DrivesOf(vm.config)) {
          if (drive.IsCloudinit()) ctx.Log("generating cloud-init ISO");
        }
      },
      [=](TaskContext& ctx) {
        Vm* vm = ctx.core.state.FindVm(vmid);
        if (vm) MarkStarted(ctx.core, *vm);
        if (*resumed) ctx.Log("resuming VM " + std::to_string(vmid) + " started for backup");
      });
  return call.StartTask(std::move(spec));
}

namespace {

// _do_vm_stop: nothing to do if QEMU is not running; the config lock is checked.
TaskSpec StopTask(Call& call, const std::string& type, double duration, bool skiplock,
                  bool shutdown) {
  int vmid = call.Vmid();
  std::string node = call.Node();
  auto was_running = std::make_shared<bool>(false);
  return SimpleTask(
      call, type, duration,
      [=](TaskContext& ctx) {
        RequireConfigOnNode(ctx.core.state, node, vmid);
        Vm& vm = ctx.core.state.vms.at(vmid);
        *was_running = QemuRunning(vm);
        if (!*was_running) return;
        if (!skiplock) CheckLock(vm);
        if (shutdown && vm.backup_qemu && !vm.running) {
          ctx.Warn("VM is paused - stop instead of shutdown");
        }
      },
      [=](TaskContext& ctx) {
        Vm* vm = ctx.core.state.FindVm(vmid);
        if (*was_running && vm) vm->running = false;
      });
}

}  // namespace

nlohmann::json StopVm(Call& call) {
  call.RequireRootFor("skiplock");
  call.RequireRootFor("keepActive");
  if (call.Flag("overrule-shutdown")) {
    for (const Task* task : call.core.tasks.All()) {
      if (task->running && task->type == "qmshutdown" && task->id == call.Get("vmid")) {
        call.core.tasks.Interrupt(task->upid);
      }
    }
  }
  return call.StartTask(StopTask(call, "qmstop", task_time::kStop, call.Flag("skiplock"), false));
}

nlohmann::json ShutdownVm(Call& call) {
  call.RequireRootFor("skiplock");
  call.RequireRootFor("keepActive");
  bool force_stop = call.Flag("forceStop");
  if (IsPaused(call.core.state, call.Vmid()) && !force_stop) {
    throw Fail("VM is paused - cannot shutdown");
  }
  return call.StartTask(
      StopTask(call, "qmshutdown", task_time::kShutdown, call.Flag("skiplock"), true));
}

nlohmann::json RebootVm(Call& call) {
  int vmid = call.Vmid();
  std::string node = call.Node();
  if (IsPaused(call.core.state, vmid)) throw Fail("VM is paused - cannot shutdown");
  RequireConfigOnNode(call.core.state, node, vmid);
  if (!QemuRunning(call.core.state.vms.at(vmid))) {
    throw Fail("VM " + std::to_string(vmid) + " not running");
  }
  auto was_running = std::make_shared<bool>(false);
  TaskSpec spec = SimpleTask(
      call, "qmreboot", task_time::kReboot,
      [=](TaskContext& ctx) {
        Vm& vm = LoadVm(ctx.core.state, node, vmid);
        *was_running = vm.running;
        if (*was_running) CheckLock(vm);
      },
      [=](TaskContext& ctx) {
        // qmeventd starts the guest again, which applies pending changes.
        Vm* vm = ctx.core.state.FindVm(vmid);
        if (!*was_running || !vm) return;
        ApplyPending(ctx.core.state, *vm);
        MarkStarted(ctx.core, *vm);
      });
  return call.StartTask(std::move(spec));
}

nlohmann::json ResetVm(Call& call) {
  call.RequireRootFor("skiplock");
  int vmid = call.Vmid();
  std::string node = call.Node();
  bool skiplock = call.Flag("skiplock");
  RequireConfigOnNode(call.core.state, node, vmid);
  if (!QemuRunning(call.core.state.vms.at(vmid))) {
    throw Fail("VM " + std::to_string(vmid) + " not running");
  }
  TaskSpec spec = SimpleTask(
      call, "qmreset", task_time::kReset,
      [=](TaskContext& ctx) {
        Vm& vm = LoadVm(ctx.core.state, node, vmid);
        if (!skiplock) CheckLock(vm);
      },
      nullptr);
  return call.StartTask(std::move(spec));
}

namespace {

void DestroyChecks(State& state, const std::string& node, int vmid) {
  const Vm& vm = LoadVm(state, node, vmid);
  auto protection = vm.config.find("protection");
  if (protection != vm.config.end() && protection->second == "1") {
    throw Fail("can't remove VM " + std::to_string(vmid) + " - protection mode enabled");
  }
  if (QemuRunning(vm)) throw Fail("VM " + std::to_string(vmid) + " is running - destroy failed");
}

void CheckBaseVolumesUnused(const State& state, const Vm& vm) {
  if (!vm.IsTemplate()) return;
  for (const std::string& volid : ReferencedVolumes(vm)) {
    std::string name = volid.substr(volid.find(':') + 1);
    for (const auto& [key, volume] : state.volumes) {
      if (volume.Storage() == volid.substr(0, volid.find(':')) && volume.parent == name) {
        throw Fail("base volume '" + volid + "' is still in use by linked cloned");
      }
    }
  }
}

void LogRemoval(TaskContext& ctx, const std::string& volid) {
  const Storage* storage = ctx.core.state.FindStorage(volid.substr(0, volid.find(':')));
  std::string name = volid.substr(volid.rfind('/') == std::string::npos ? volid.find(':') + 1
                                                                        : volid.rfind('/') + 1);
  if (storage && storage->type == "lvmthin") {
    ctx.Log("  Logical volume \"" + name + "\" successfully removed.");
  }
}

// destroy_vm: frees the volumes the VM owns (and, if asked, all of its images).
void DestroyVolumes(TaskContext& ctx, const Vm& vm, bool unreferenced) {
  State& state = ctx.core.state;
  std::vector<std::string> volids;
  for (const std::string& volid : ReferencedVolumes(vm)) {
    const Volume* volume = state.FindVolume(vm.node, volid);
    if (volume && volume->vmid == vm.vmid) volids.push_back(volid);
  }
  if (unreferenced) {
    for (const auto& [key, volume] : state.volumes) {
      bool here = volume.node.empty() || volume.node == vm.node;
      if (here && volume.vmid == vm.vmid && volume.content == "images" &&
          std::find(volids.begin(), volids.end(), volume.volid) == volids.end()) {
        volids.push_back(volume.volid);
      }
    }
  }
  for (const std::string& volid : volids) {
    try {
      FreeImage(state, vm.node, volid);
      LogRemoval(ctx, volid);
    } catch (const ApiError& e) {
      ctx.Warn("Could not remove disk '" + volid + "', check manually: " + e.what());
    }
  }
}

}  // namespace

nlohmann::json DestroyVm(Call& call) {
  call.RequireRootFor("skiplock");
  int vmid = call.Vmid();
  std::string node = call.Node();
  bool skiplock = call.Flag("skiplock");
  bool purge = call.Flag("purge");
  bool unreferenced = call.Flag("destroy-unreferenced-disks");
  DestroyChecks(call.core.state, node, vmid);
  TaskSpec spec = SimpleTask(
      call, "qmdestroy", task_time::kDestroy,
      [=](TaskContext& ctx) {
        DestroyChecks(ctx.core.state, node, vmid);
        Vm& vm = ctx.core.state.vms.at(vmid);
        if (!skiplock && vm.Lock() != "suspended") CheckLock(vm);
        CheckBaseVolumesUnused(ctx.core.state, vm);
        vm.config["lock"] = "destroyed";
      },
      [=](TaskContext& ctx) {
        auto it = ctx.core.state.vms.find(vmid);
        if (it == ctx.core.state.vms.end()) return;
        DestroyVolumes(ctx, it->second, unreferenced);
        if (purge) ctx.Log("purging VM " + std::to_string(vmid) + " from related configurations..");
        ctx.core.state.vms.erase(it);
      });
  return call.StartTask(std::move(spec));
}

}  // namespace pvesim
