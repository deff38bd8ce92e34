// /nodes/{node}/storage and the storage content subtree.
#include "pvesim/api_error.h"
#include "pvesim/backups.h"
#include "pvesim/handlers.h"
#include "pvesim/text.h"
#include "pvesim/vm_ops.h"

namespace pvesim {

namespace {

const Storage& StorageOnNode(const State& state, const std::string& id, const std::string& node) {
  const Storage* storage = state.FindStorage(id);
  if (!storage) throw Fail("storage '" + id + "' does not exist");
  if (!storage->AvailableOn(node)) {
    throw Fail("storage '" + id + "' is not available on node '" + node + "'");
  }
  return *storage;
}

// $real_volume_id: a full volid (whose storage must match) or a name on the URL's storage.
std::string RealVolumeId(const Call& call) {
  std::string storage = call.Get("storage");
  std::string volume = call.Get("volume");
  if (volume.find(':') == std::string::npos) {
    if (storage.empty()) throw ParamError("volume", "no storage specified - incomplete volume ID");
    return storage + ":" + volume;
  }
  if (auto error = CheckFormat("pve-volume-id", volume)) throw ParamError("volume", *error);
  std::string sid = volume.substr(0, volume.find(':'));
  if (!storage.empty() && sid != storage) {
    throw ParamError("volume", "storage ID mismatch (" + sid + " != " + storage + ")\n");
  }
  return volume;
}

Volume& ExistingVolume(Call& call, const std::string& volid) {
  State& state = call.core.state;
  StorageOnNode(state, volid.substr(0, volid.find(':')), call.Node());
  Volume* volume = state.FindVolume(call.Node(), volid);
  if (!volume) throw Fail("volume '" + volid + "' does not exist");
  return *volume;
}

nlohmann::json ContentItem(const Volume& volume) {
  nlohmann::json item = {{"volid", volume.volid},
                         {"content", volume.content},
                         {"format", volume.format},
                         {"size", volume.size}};
  if (volume.vmid) item["vmid"] = volume.vmid;
  if (volume.content == "backup") {
    item["ctime"] = volume.ctime;
    item["subtype"] = "qemu";
    if (!volume.notes.empty()) item["notes"] = FirstLine(volume.notes);
    if (volume.is_protected) item["protected"] = 1;
  } else if (!volume.parent.empty()) {
    item["parent"] = volume.parent;
  }
  return item;
}

bool Readable(const Call& call, const Volume& volume) {
  try {
    CheckVolumeAccess(call.core.state, call.user, volume);
    return true;
  } catch (const ApiError&) {
    return false;
  }
}

}  // namespace

nlohmann::json ListNodeStorage(Call& call) {
  const State& state = call.core.state;
  std::vector<std::string> wanted = SplitList(call.Get("content"));
  nlohmann::json rows = nlohmann::json::array();
  for (const Storage& storage : state.storages) {
    if (!storage.AvailableOn(call.Node())) continue;
    if (call.Has("storage") && call.Get("storage") != storage.id) continue;
    bool visible = call.Can("/storage/" + storage.id, "Datastore.Audit") ||
                   call.Can("/storage/" + storage.id, "Datastore.AllocateSpace");
    if (!visible) continue;
    bool content_ok = wanted.empty();
    for (const std::string& type : wanted) content_ok = content_ok || storage.Has(type);
    if (!content_ok) continue;
    uint64_t used = state.UsedBytes(call.Node(), storage.id);
    rows.push_back(
        {{"storage", storage.id},
         {"type", storage.type},
         {"content",
          Join(std::vector<std::string>(storage.content.begin(), storage.content.end()), ",")},
         {"shared", storage.shared ? 1 : 0},
         {"active", 1},
         {"enabled", 1},
         {"total", storage.total},
         {"used", used},
         {"avail", storage.total > used ? storage.total - used : 0},
         {"used_fraction", static_cast<double>(used) / static_cast<double>(storage.total)}});
  }
  return rows;
}

nlohmann::json ListStorageContent(Call& call) {
  const State& state = call.core.state;
  StorageOnNode(state, call.Get("storage"), call.Node());
  nlohmann::json items = nlohmann::json::array();
  for (const Volume* volume : state.VolumesOn(call.Node(), call.Get("storage"))) {
    if (call.Has("content") && volume->content != call.Get("content")) continue;
    if (call.Has("vmid") && volume->vmid != call.Vmid()) continue;
    if (Readable(call, *volume)) items.push_back(ContentItem(*volume));
  }
  return items;
}

nlohmann::json GetVolume(Call& call) {
  std::string volid = RealVolumeId(call);
  Volume& volume = ExistingVolume(call, volid);
  CheckVolumeAccess(call.core.state, call.user, volume);
  const Storage& storage = *call.core.state.FindStorage(volume.Storage());
  nlohmann::json out = {{"path", VolumePath(storage, volume)},
                        {"size", volume.size},
                        {"used", volume.content == "images" ? volume.size / 3 : volume.size},
                        {"format", volume.format}};
  if (volume.content == "backup") {
    if (!volume.notes.empty()) out["notes"] = volume.notes;
    out["protected"] = volume.is_protected ? 1 : 0;
  }
  return out;
}

nlohmann::json UpdateVolume(Call& call) {
  std::string volid = RealVolumeId(call);
  Volume& volume = ExistingVolume(call, volid);
  CheckVolumeAccess(call.core.state, call.user, volume);
  const Storage& storage = *call.core.state.FindStorage(volume.Storage());
  for (const char* attribute : {"notes", "protected"}) {
    if (!call.Has(attribute)) continue;
    if (!storage.IsFileBased()) {
      throw Fail(std::string("attribute '") + attribute + "' is not supported for storage type '" +
                 storage.type + "'");
    }
    if (volume.content != "backup") {
      throw Fail(std::string(attribute) == "notes" ? "only backups can have notes"
                                                   : "only backups can be protected");
    }
  }
  if (call.Has("notes")) volume.notes = call.Get("notes");
  if (call.Has("protected")) volume.is_protected = call.Flag("protected");
  return nullptr;
}

nlohmann::json DeleteVolume(Call& call) {
  std::string volid = RealVolumeId(call);
  std::string storage_id = volid.substr(0, volid.find(':'));
  State& state = call.core.state;
  StorageOnNode(state, storage_id, call.Node());
  const Volume* volume = state.FindVolume(call.Node(), volid);
  int owner = volume ? volume->vmid : 0;
  if (volume && volume->content == "backup" && owner) {
    call.Require("/storage/" + storage_id, "Datastore.AllocateSpace");
    call.Require("/vms/" + std::to_string(owner), "VM.Backup");
  } else {
    call.Require("/storage/" + storage_id, "Datastore.Allocate");
  }
  std::string node = call.Node();
  TaskStage remove;
  remove.duration = task_time::kImageDelete;
  remove.run = [node, volid](TaskContext& ctx) {
    if (!ctx.core.state.FindVolume(node, volid)) {
      ctx.Warn("volume '" + volid + "' does not exist");
      return;
    }
    FreeImage(ctx.core.state, node, volid);
    ctx.Log("Removed volume '" + volid + "'");
  };
  TaskSpec spec{node, "imgdel", (owner ? std::to_string(owner) + "@" : "") + storage_id,
                "",   {remove}, {}};
  std::string upid = call.StartTask(std::move(spec));
  if (!call.Has("delay")) return upid;
  // Wait up to `delay` seconds: null if the task finished fine, its error if it failed.
  double deadline = call.core.clock.DeadlineAfter(static_cast<double>(call.Int("delay")));
  const Task* task = call.core.tasks.Find(upid);
  while (task->running && call.core.clock.Now() < deadline && !call.core.stopping) {
    call.core.changed.wait_for(call.lock, call.core.clock.RealTimeUntil(deadline));
  }
  if (task->running) return upid;
  if (task->exitstatus == "OK" || task->exitstatus.rfind("WARNINGS", 0) == 0) return nullptr;
  throw Fail(task->exitstatus);
}

}  // namespace pvesim
