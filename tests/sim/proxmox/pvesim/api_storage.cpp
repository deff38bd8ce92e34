// /nodes/{node}/storage and the storage content subtree.
#include <regex>

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

// The content type of a volume name (parse_volname): "backup/...", "iso/...", "vztmpl/..." on
// file storages, an image otherwise.
std::string ContentOfName(const std::string& name) {
  for (const char* type : {"backup", "iso", "vztmpl"}) {
    if (name.rfind(std::string(type) + "/", 0) == 0) return type;
  }
  return "images";
}

// The owning VMID parse_volname reads from a name: vzdump-<type>-<vmid>-... backups,
// [<vmid>/]vm-<vmid>-... and base-<vmid>-... images; 0 if none.
int OwnerOfName(const std::string& name) {
  std::smatch match;
  const std::regex& owned =
      RegexFor(R"(backup/vzdump-(?:openvz|lxc|qemu)-(\d+)-.+|(?:\d+/)?(?:vm|base)-(\d+)-\S+)");
  if (!std::regex_match(name, match, owned)) return 0;
  return std::stoi(match[1].matched ? match[1].str() : match[2].str());
}

// The API's `delay`: Content.pm polls the worker once a second for up to `delay` seconds, and
// the SIGCHLD of the worker ending cuts that second short, so the answer comes when the worker
// ends: null if it ended fine, its error if it failed, the UPID if it still runs.
nlohmann::json WaitForWorker(Call& call, const std::string& upid, double delay) {
  SimCore& core = call.core;
  double end = core.clock.DeadlineAfter(delay);
  const Task* task = core.tasks.Find(upid);
  while (task->running && core.clock.Now() < end && !core.stopping) {
    core.changed.wait_for(call.lock, core.clock.RealTimeUntil(end));
  }
  if (task->running) return upid;
  if (task->exitstatus == "OK" || FullMatch(task->exitstatus, R"(WARNINGS: \d+)")) return nullptr;
  throw Fail(task->exitstatus);
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

// PVE::API2::Storage::Content delete: the owner and type come from the volume's name, as
// PVE::Storage::path reads them, whether or not the volume exists.
nlohmann::json DeleteVolume(Call& call) {
  std::string volid = RealVolumeId(call);
  std::string storage_id = volid.substr(0, volid.find(':'));
  State& state = call.core.state;
  StorageOnNode(state, storage_id, call.Node());
  Volume named;
  named.volid = volid;
  named.content = ContentOfName(named.Name());
  int owner = OwnerOfName(named.Name());
  if (named.content == "backup" && owner) {
    call.Require("/storage/" + storage_id, "Datastore.AllocateSpace");
    call.Require("/vms/" + std::to_string(owner), "VM.Backup");
  } else {
    call.Require("/storage/" + storage_id, "Datastore.Allocate");
  }
  std::string node = call.Node();
  TaskStage remove;
  remove.duration = task_time::kImageDelete;
  remove.run = [node, named](TaskContext& ctx) {
    State& state = ctx.core.state;
    const Storage& storage = *state.FindStorage(named.Storage());
    if (state.FindVolume(node, named.volid)) {
      FreeImage(state, node, named.volid);
    } else if (storage.IsFileBased()) {  // lvremove is only run for an existing LV
      ctx.Warn("disk image '" + VolumePath(storage, named) + "' does not exist");
    }
    ctx.Log("Removed volume '" + named.volid + "'");
  };
  TaskSpec spec{node, "imgdel", (owner ? std::to_string(owner) + "@" : "") + storage_id,
                "",   {remove}, {}};
  std::string upid = call.StartTask(std::move(spec));
  if (!call.Has("delay")) return upid;
  return WaitForWorker(call, upid, static_cast<double>(call.Int("delay")));
}

}  // namespace pvesim
