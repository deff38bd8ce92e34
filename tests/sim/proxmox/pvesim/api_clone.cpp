// POST /nodes/{node}/qemu/{vmid}/clone (qemu-server's clone_vm).
#include <memory>

#include "pvesim/api_error.h"
#include "pvesim/handlers.h"
#include "pvesim/qemu_schema.h"
#include "pvesim/text.h"
#include "pvesim/vm_ops.h"

namespace pvesim {

namespace {

struct CloneRequest {
  std::string node;
  int vmid = 0;
  int newid = 0;
  std::string name;
  std::string description;
  std::string storage;  // target storage of a full clone
  std::string target;   // target node, empty: this node
  std::string pool;
  std::optional<bool> full;
  std::string user;
};

// What $load_and_check works out: which drives get copied and how.
struct ClonePlan {
  bool full = false;
  bool running = false;
  std::vector<std::string> copy_keys;  // copied or linked drives, sorted
};

bool IsBaseVolume(const std::string& volid) {
  std::string name = volid.substr(volid.find(':') + 1);
  return name.rfind("base-", 0) == 0 && name.find('/') == std::string::npos;
}

void CheckTargetStorage(const State& state, const CloneRequest& request) {
  if (request.storage.empty()) return;
  const Storage& storage = ImageStorage(state, request.node, request.storage);
  if (!request.target.empty()) {
    if (!storage.AvailableOn(request.target)) {
      throw Fail("storage '" + request.storage + "' is not available on node '" + request.target +
                 "'");
    }
    if (!storage.shared) throw Fail("can't clone to non-shared storage '" + request.storage + "'");
  }
}

// $check_storage_access_clone: the caller may allocate on every target storage; returns
// whether all volumes live on shared storage.
bool CheckCloneStorageAccess(const State& state, const std::string& user, const Vm& vm,
                             const std::string& storage) {
  bool shared = true;
  for (const Drive& drive : DrivesOf(vm.config)) {
    const std::string& file = drive.File();
    if (file == "none" || file == "cdrom" || file[0] == '/') continue;
    std::string sid = file.substr(0, file.find(':'));
    const Storage* info = state.FindStorage(sid);
    if (!info || !info->shared) shared = false;
    if (drive.IsCdrom() && !drive.IsCloudinit()) continue;
    RequirePrivilege(state, user, "/storage/" + (storage.empty() ? sid : storage),
                     "Datastore.AllocateSpace");
  }
  return shared;
}

// $load_and_check of clone_vm: run before forking and again inside the worker.
ClonePlan LoadAndCheck(State& state, const CloneRequest& request) {
  if (!request.pool.empty() && !state.pools.count(request.pool)) {
    throw PermissionError("pool '" + request.pool + "' does not exist");
  }
  if (!request.target.empty() && !state.FindNode(request.target)) {
    throw Fail("no such cluster node '" + request.target + "'");
  }
  CheckTargetStorage(state, request);
  const Vm& vm = LoadVm(state, request.node, request.vmid);
  CheckLock(vm);
  ClonePlan plan;
  plan.running = vm.running;
  plan.full = request.full.value_or(!vm.IsTemplate());
  if (!request.storage.empty() && !plan.full) {
    throw Fail("parameter 'storage' not allowed for linked clones");
  }
  bool shared = CheckCloneStorageAccess(state, request.user, vm, request.storage);
  if (!request.target.empty() && !shared) {
    throw Fail("can't clone VM to node '" + request.target + "' (VM uses local storage)");
  }
  if (state.vms.count(request.newid)) {
    throw Fail("unable to create VM " + std::to_string(request.newid) +
               ": config file already exists");
  }
  for (const Drive& drive : DrivesOf(vm.config)) {
    if (drive.IsCdrom() && !drive.IsCloudinit()) continue;
    bool linked = !plan.full && !drive.IsCloudinit();
    if (linked && !IsBaseVolume(drive.File())) {
      throw Fail("Linked clone feature is not supported for '" + drive.File() + "' (" + drive.key +
                 ")");
    }
    plan.copy_keys.push_back(drive.key);
  }
  return plan;
}

struct CloneJob {
  CloneRequest request;
  ClonePlan plan;
  bool created_target = false;
  std::vector<std::string> new_volumes;
};

// Allocates the clone's copy of one drive on `storage` (full) or on top of the base (linked).
std::string CopyDrive(TaskContext& ctx, CloneJob& job, const Drive& drive) {
  State& state = ctx.core.state;
  const CloneRequest& req = job.request;
  const std::string& source = drive.File();
  const Volume* volume = state.FindVolume(req.node, source);
  if (!volume) throw Fail("volume '" + source + "' does not exist");
  std::string sid = source.substr(0, source.find(':'));
  std::string volid;
  if (drive.IsCloudinit()) {
    volid = AllocateCloudinit(state, req.node, req.storage.empty() ? sid : req.storage, req.newid);
  } else if (job.plan.full) {
    volid = AllocateImage(state, req.node, req.storage.empty() ? sid : req.storage, req.newid,
                          volume->size);
  } else {
    std::string base = volume->Name();
    Volume linked = *volume;
    std::string leaf = state.NextDiskName(req.node, sid, req.newid);
    linked.volid = sid + ":" + base + "/" + leaf;
    linked.vmid = req.newid;
    linked.parent = base;
    volid = state.AddVolume(req.node, linked).volid;
  }
  job.new_volumes.push_back(volid);
  return volid;
}

void WriteCloneConfig(TaskContext& ctx, CloneJob& job) {
  State& state = ctx.core.state;
  const CloneRequest& req = job.request;
  const Vm& source = LoadVm(state, req.node, req.vmid);
  Config config;
  for (const auto& [key, value] : source.config) {
    if (key == "lock" || key == "template" || key == "parent" || IsUnusedKey(key)) continue;
    config[key] = value;
  }
  for (const std::string& key : job.plan.copy_keys) {
    Drive drive = ParseDrive(key, source.config.at(key));
    drive.options["file"] = CopyDrive(ctx, job, drive);
    config[key] = PrintDrive(drive);
  }
  GiveNewIdentity(config, ctx.core.rng);  // a clone always gets new MACs
  if (config.count("vmgenid")) config["vmgenid"] = ctx.core.rng.Uuid();
  std::string source_name =
      source.config.count("name") ? source.config.at("name") : std::to_string(req.vmid);
  config["name"] = req.name.empty() ? "Copy-of-VM-" + source_name : req.name;
  if (!req.description.empty()) config["description"] = req.description;
  if (!source.pending.empty()) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : source.pending) keys.push_back(key);
    ctx.Warn("found pending changes for '" + Join(keys, ",") + "', discarding for clone");
  }
  Vm& clone = state.vms.at(req.newid);
  clone.config = config;
  clone.pool = req.pool;
  if (!req.target.empty()) clone.node = req.target;
}

CloneRequest ReadRequest(const Call& call) {
  CloneRequest request;
  request.node = call.Node();
  request.vmid = call.Vmid();
  request.newid = static_cast<int>(call.Int("newid"));
  request.name = call.Get("name");
  request.description = call.Get("description");
  request.storage = call.Get("storage");
  request.target = call.Get("target");
  if (request.target == request.node || request.target == "localhost") request.target.clear();
  request.pool = call.Get("pool");
  if (call.Has("full")) request.full = call.Flag("full");
  request.user = call.user;
  return request;
}

// The schema's check: VM.Clone on the source, VM.Allocate on the new id or the pool.
void CheckClonePermissions(const Call& call, const CloneRequest& request) {
  call.Require("/vms/" + std::to_string(request.vmid), "VM.Clone");
  bool may_allocate = call.Can("/vms/" + std::to_string(request.newid), "VM.Allocate") ||
                      (!request.pool.empty() && call.Can("/pool/" + request.pool, "VM.Allocate"));
  if (!may_allocate) throw PermissionError();
}

}  // namespace

nlohmann::json CloneVm(Call& call) {
  CloneRequest request = ReadRequest(call);
  CheckClonePermissions(call, request);
  if (call.Has("snapname")) {
    LoadVm(call.core.state, request.node, request.vmid);
    throw Fail("snapshot '" + call.Get("snapname") + "' does not exist");
  }
  ClonePlan plan = LoadAndCheck(call.core.state, request);
  if (call.Has("format") && !plan.full)
    throw Fail("parameter 'format' not allowed for linked clones");
  auto job = std::make_shared<CloneJob>(CloneJob{request, plan, false, {}});

  TaskStage lock;  // source: shared while stopped, exclusive while running; target: exclusive
  lock.locks = {{LockTable::VmLock(request.vmid), !plan.running, 1},
                {LockTable::VmLock(request.newid), false, 1}};
  lock.run = [job](TaskContext& ctx) {
    job->plan = LoadAndCheck(ctx.core.state, job->request);
    const CloneRequest& req = job->request;
    ctx.Log("create " + std::string(job->plan.full ? "full" : "linked") + " clone of VM " +
            std::to_string(req.vmid) + " with ID " + std::to_string(req.newid));
    const Vm& source = ctx.core.state.vms.at(req.vmid);
    for (const std::string& key : job->plan.copy_keys) {
      Drive drive = ParseDrive(key, source.config.at(key));
      bool linked = !job->plan.full && !drive.IsCloudinit();
      ctx.Log("create " + std::string(linked ? "linked" : "full") + " clone of drive " + key +
              " (" + drive.File() + ")");
    }
    Vm temporary;  // "# qmclone temporary file\nlock: clone"
    temporary.vmid = req.newid;
    temporary.node = req.node;
    temporary.config["lock"] = "clone";
    ctx.core.state.vms[req.newid] = temporary;
    job->created_target = true;
  };
  lock.duration = task_time::kClone;
  TaskStage finish;
  finish.fault_point = true;
  finish.run = [job](TaskContext& ctx) {
    try {
      WriteCloneConfig(ctx, *job);
    } catch (const std::exception& e) {
      throw Fail(std::string("clone failed: ") + e.what());
    }
  };
  TaskSpec spec{request.node, "qmclone", std::to_string(request.vmid), "", {lock, finish}, {}};
  spec.on_failure = [job](TaskContext& ctx, const std::string&) {
    for (const std::string& volid : job->new_volumes)
      ctx.core.state.RemoveVolume(job->request.node, volid);
    if (job->created_target) ctx.core.state.vms.erase(job->request.newid);
  };
  spec.interrupt_message = "clone failed: interrupted by signal";
  return call.StartTask(std::move(spec));
}

}  // namespace pvesim
