// /nodes/{node}/qemu/{vmid}/config, /pending and /resize.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "pvesim/api_error.h"
#include "pvesim/crypto.h"
#include "pvesim/drive_params.h"
#include "pvesim/handlers.h"
#include "pvesim/qemu_schema.h"
#include "pvesim/text.h"
#include "pvesim/vm_ops.h"

namespace pvesim {

namespace {

// The parsed request of $update_vm_api.
struct ConfigUpdate {
  std::string node;
  int vmid = 0;
  std::string user;
  Params values;                     // keys to set
  std::vector<std::string> deletes;  // keys to delete
  std::vector<std::string> reverts;  // pending changes to drop
  bool force = false;
  bool skiplock = false;
  std::string digest;
  std::string log_line;  // "update VM 100: -cores 2 ..."
};

const std::vector<std::string> kControlParams = {"node",   "vmid",  "skiplock", "delete",
                                                 "revert", "force", "digest",   "background_delay"};

bool OptionExists(const std::string& key) { return QemuConfigKey(key) != nullptr; }

std::string LogLine(const Call& call) {
  std::vector<std::string> parts;
  for (const auto& [key, value] : call.params) {
    if (key == "node" || key == "vmid" || key == "digest" || key == "background_delay") continue;
    parts.push_back("-" + key + " " + (key == "cipassword" ? "<hidden>" : value));
  }
  return "update VM " + call.Get("vmid") + ": " + Join(parts, " ");
}

ConfigUpdate ParseUpdate(Call& call) {
  ConfigUpdate update;
  update.node = call.Node();
  update.vmid = call.Vmid();
  update.user = call.user;
  update.log_line = LogLine(call);
  update.values = call.params;
  for (const std::string& name : kControlParams) update.values.erase(name);
  call.RequireRootFor("skiplock");
  update.skiplock = call.Flag("skiplock");
  update.force = call.Flag("force");
  update.digest = call.Get("digest");
  if (update.values.count("sshkeys")) ValidateSshKeys(update.values["sshkeys"]);
  if (!call.Has("delete") && !call.Has("revert") && update.values.empty()) {
    throw Fail("no options specified");
  }
  for (const std::string& key : SplitList(call.Get("revert"))) {
    if (!OptionExists(key)) throw ParamError("revert", "unknown option '" + key + "'");
    if (update.values.count(key)) {
      throw ParamError("delete",
                       "you can't use '-" + key + "' and -revert " + key + "' at the same time");
    }
    update.reverts.push_back(key);
  }
  for (std::string key : SplitList(call.Get("delete"))) {
    if (key == "cdrom") key = "ide2";
    if (update.values.count(key)) {
      throw ParamError("delete",
                       "you can't use '-" + key + "' and -delete " + key + "' at the same time");
    }
    if (std::count(update.reverts.begin(), update.reverts.end(), key)) {
      throw ParamError("revert", "you can't use '-delete " + key + "' and -revert " + key +
                                     "' at the same time");
    }
    if (!OptionExists(key)) throw ParamError("delete", "unknown option '" + key + "'");
    update.deletes.push_back(key);
  }
  CheckDriveParams(call, update.values, "", update.vmid);
  AddRandomMacs(call.core.rng, update.values, true);
  if (update.values.count("vmgenid") && update.values["vmgenid"] == "1") {
    update.values["vmgenid"] = call.core.rng.Uuid();
  }
  CheckConfigKeyPermissions(call, update.vmid, update.deletes);
  std::vector<std::string> keys;
  for (const auto& [key, value] : update.values) keys.push_back(key);
  CheckConfigKeyPermissions(call, update.vmid, keys);
  return update;
}

std::optional<std::string> Lookup(const Config& config, const std::string& key) {
  auto it = config.find(key);
  if (it == config.end()) return std::nullopt;
  return it->second;
}

// $load_and_check_config: digest, config lock and the balloon/memory relation.
Vm& LoadAndCheck(State& state, const ConfigUpdate& update) {
  Vm& vm = LoadVm(state, update.node, update.vmid);
  if (!update.digest.empty() && update.digest != ConfigDigest(vm)) {
    throw Fail("checksum mismatch (file change by other user?)");
  }
  if (!update.skiplock) CheckLock(vm);
  if (update.values.count("memory") || update.values.count("balloon")) {
    std::string memory =
        update.values.count("memory")
            ? update.values.at("memory")
            : Lookup(vm.pending, "memory").value_or(Lookup(vm.config, "memory").value_or("512"));
    auto balloon = Lookup(update.values, "balloon");
    if (!balloon) balloon = Lookup(vm.pending, "balloon");
    if (!balloon) balloon = Lookup(vm.config, "balloon");
    if (balloon && std::stoull(*balloon) > CurrentMemoryMiB(memory)) {
      throw Fail("balloon value too large (must be smaller than assigned memory)");
    }
  }
  return vm;
}

bool IsWindows(const Vm& vm, const ConfigUpdate& update) {
  std::string ostype = update.values.count("ostype") ? update.values.at("ostype")
                                                     : Lookup(vm.config, "ostype").value_or("");
  return ostype.size() > 1 && ostype[0] == 'w';
}

// Removing a device from the boot order updates 'boot' as well.
void DropFromBootOrder(Vm& vm, const std::string& key) {
  auto boot = Lookup(vm.pending, "boot");
  if (!boot) boot = Lookup(vm.config, "boot");
  if (!boot) return;
  PropertyMap parsed = ParseProperty(BootFormat(), *boot, "boot");
  std::vector<std::string> order = SplitList(parsed["order"]);
  auto it = std::find(order.begin(), order.end(), key);
  if (it == order.end()) return;
  order.erase(it);
  vm.pending["boot"] = order.empty() ? "" : "order=" + Join(order, ";");
}

void DeleteOption(State& state, Vm& vm, const std::string& key, bool force, TaskContext* log) {
  auto value = Lookup(vm.config, key);
  if (!value) value = Lookup(vm.pending, key);
  if (!value) {
    if (log) log->Warn("cannot delete '" + key + "' - not set in current configuration!");
    return;
  }
  vm.pending.erase(key);
  DropFromBootOrder(vm, key);
  if (IsUnusedKey(key)) {
    if (Lookup(vm.config, "protection") == "1") {
      throw Fail("can't remove unused disk '" + *value + "' - protection mode enabled");
    }
    const Volume* volume = state.FindVolume(vm.node, *value);
    if (volume && volume->vmid == vm.vmid) FreeImage(state, vm.node, *value);
    vm.config.erase(key);
    return;
  }
  vm.pending_delete[key] = force;
}

// $updatefn: writes the changes to [PENDING], then applies them (stopped VM) or hot-plugs
// what can be changed live (running VM).
void ApplyUpdate(SimCore& core, const ConfigUpdate& update, TaskContext* log) {
  Vm& vm = LoadAndCheck(core.state, update);
  if (log) log->Log(update.log_line);
  for (const std::string& key : update.deletes)
    DeleteOption(core.state, vm, key, update.force, log);
  Config values = update.values;
  CreateDisks(core.state, update.node, update.vmid, values, "", &vm, log);
  for (auto& [key, value] : values) {
    if (key == "cipassword" && !IsWindows(vm, update) && !IsCryptHash(value)) {
      value = CryptPassword(value);
    }
    vm.pending[key] = value;
    vm.pending_delete.erase(key);
  }
  for (const std::string& key : update.reverts) {
    vm.pending.erase(key);
    vm.pending_delete.erase(key);
  }
  if (vm.running) {
    HotplugPending(core.state, vm);
  } else {
    ApplyPending(core.state, vm);
  }
}

}  // namespace

nlohmann::json GetVmConfig(Call& call) {
  const Vm& vm = LoadVm(call.core.state, call.Node(), call.Vmid());
  if (call.Has("snapshot")) throw Fail("snapshot '" + call.Get("snapshot") + "' does not exist");
  Config config = vm.config;
  if (!call.Flag("current")) {
    for (const auto& [key, force] : vm.pending_delete) config.erase(key);
    for (const auto& [key, value] : vm.pending) config[key] = value;
  }
  nlohmann::json out = ConfigJson(config);
  out["digest"] = ConfigDigest(vm);
  return out;
}

nlohmann::json UpdateVmConfigSync(Call& call) {
  ConfigUpdate update = ParseUpdate(call);
  LoadAndCheck(call.core.state, update);
  call.core.WaitForLock(call.lock, LockTable::VmLock(update.vmid), false, 10);
  ApplyUpdate(call.core, update, nullptr);
  return nullptr;
}

nlohmann::json UpdateVmConfigAsync(Call& call) {
  ConfigUpdate update = ParseUpdate(call);
  LoadAndCheck(call.core.state, update);  // early checks before forking
  TaskStage stage;
  stage.locks = {{LockTable::VmLock(update.vmid), false, 10}};
  stage.run = [update](TaskContext& ctx) { ApplyUpdate(ctx.core, update, &ctx); };
  stage.duration = task_time::kConfig;
  std::string upid = call.StartTask(
      TaskSpec{update.node, "qmconfig", std::to_string(update.vmid), "", {stage}, {}});
  if (!call.Has("background_delay")) return upid;
  double deadline =
      call.core.clock.DeadlineAfter(static_cast<double>(call.Int("background_delay")));
  const Task* task = call.core.tasks.Find(upid);
  while (task->running && call.core.clock.Now() < deadline && !call.core.stopping) {
    call.core.changed.wait_for(call.lock, call.core.clock.RealTimeUntil(deadline));
  }
  if (task->running) return upid;
  if (task->exitstatus == "OK" || task->exitstatus.rfind("WARNINGS", 0) == 0) return nullptr;
  throw Fail("failed to update VM " + std::to_string(update.vmid) + ": " + task->exitstatus);
}

nlohmann::json GetVmPending(Call& call) {
  const Vm& vm = LoadVm(call.core.state, call.Node(), call.Vmid());
  Config config = vm.config;
  config["digest"] = ConfigDigest(vm);
  if (config.count("cipassword")) config["cipassword"] = "**********";
  nlohmann::json rows = nlohmann::json::array();
  auto pending_value = [&vm](const std::string& key) {
    return key == "cipassword" ? std::string("********** ") : vm.pending.at(key);
  };
  for (const auto& [key, value] : config) {
    nlohmann::json row = {{"key", key}, {"value", value}};
    if (vm.pending.count(key)) row["pending"] = pending_value(key);
    if (vm.pending_delete.count(key)) row["delete"] = vm.pending_delete.at(key) ? 2 : 1;
    rows.push_back(row);
  }
  for (const auto& [key, value] : vm.pending) {
    if (!config.count(key)) rows.push_back({{"key", key}, {"pending", pending_value(key)}});
  }
  for (const auto& [key, force] : vm.pending_delete) {
    if (!config.count(key) && !vm.pending.count(key)) {
      rows.push_back({{"key", key}, {"delete", force ? 2 : 1}});
    }
  }
  return rows;
}

namespace {

// `size` was checked against the parameter's format: [+]<number>[KMGT], relative with '+'.
uint64_t NewSize(const std::string& text, uint64_t current) {
  bool relative = !text.empty() && text[0] == '+';
  uint64_t size = ParseSize(std::string_view(text).substr(relative ? 1 : 0)).value_or(0);
  return relative ? current + size : size;
}

std::string GiBText(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GiB",
                static_cast<double>(bytes) / static_cast<double>(kGiB));
  return buf;
}

// The resize worker (lock_config + $updatefn of resize_vm).
void Resize(TaskContext& ctx, const std::string& node, int vmid, const std::string& disk,
            const std::string& size, const std::string& digest, bool skiplock,
            const std::string& user) {
  State& state = ctx.core.state;
  Vm& vm = LoadVm(state, node, vmid);
  if (!digest.empty() && digest != ConfigDigest(vm)) {
    throw Fail("checksum mismatch (file change by other user?)");
  }
  if (!skiplock) CheckLock(vm);
  if (!vm.config.count(disk)) throw Fail("disk '" + disk + "' does not exist");
  Drive drive = ParseDrive(disk, vm.config.at(disk));
  if (drive.IsCdrom()) throw Fail("you can't resize a cdrom");
  RequirePrivilege(state, user, "/storage/" + drive.File().substr(0, drive.File().find(':')),
                   "Datastore.AllocateSpace");
  Volume* volume = state.FindVolume(node, drive.File());
  if (!volume) throw Fail("Could not determine current size of volume '" + drive.File() + "'");
  uint64_t current = volume->size;
  uint64_t wanted = NewSize(size, current);
  if (wanted < current) throw Fail("shrinking disks is not supported");
  if (wanted == current) return;
  const Storage* storage = state.FindStorage(volume->Storage());
  if (storage && storage->type == "lvmthin") {
    std::string name = volume->Name().substr(volume->Name().rfind('/') + 1);
    ctx.Log("  Size of logical volume pve/" + name + " changed from " + GiBText(current) + " to " +
            GiBText(wanted) + ".");
    ctx.Log("  Logical volume pve/" + name + " successfully resized.");
  } else {
    ctx.Log("Image resized.");
  }
  volume->size = wanted;
  drive.options["size"] = std::to_string(wanted);
  vm.config[disk] = PrintDrive(drive);
}

}  // namespace

nlohmann::json ResizeVmDisk(Call& call) {
  call.RequireRootFor("skiplock");
  std::string node = call.Node();
  int vmid = call.Vmid();
  std::string disk = call.Get("disk");
  std::string size = call.Get("size");
  std::string digest = call.Get("digest");
  bool skiplock = call.Flag("skiplock");
  std::string user = call.user;
  TaskStage stage;
  stage.locks = {{LockTable::VmLock(vmid), false, 10}};
  stage.run = [=](TaskContext& ctx) {
    Resize(ctx, node, vmid, disk, size, digest, skiplock, user);
  };
  stage.duration = task_time::kResize;
  return call.StartTask(TaskSpec{node, "resize", std::to_string(vmid), "", {stage}, {}});
}

}  // namespace pvesim
