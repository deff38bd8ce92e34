#include "pvesim/inspect.h"

namespace pvesim {

nlohmann::json VmJson(const Vm& vm) {
  nlohmann::json deletes = nlohmann::json::array();
  for (const auto& [key, force] : vm.pending_delete) deletes.push_back(key);
  nlohmann::json out = {{"vmid", vm.vmid},           {"node", vm.node},
                        {"running", vm.running},     {"template", vm.IsTemplate()},
                        {"config", vm.config},       {"pending", vm.pending},
                        {"pending_delete", deletes}, {"digest", ConfigDigest(vm)}};
  if (auto lock = vm.Lock()) out["lock"] = *lock;
  if (vm.backup_qemu) out["backup_qemu"] = true;
  if (!vm.pool.empty()) out["pool"] = vm.pool;
  return out;
}

nlohmann::json TaskJson(const Task& task) {
  nlohmann::json out = task.StatusJson();
  out["user"] = task.user;
  out.erase("tokenid");
  out["log"] = task.log;
  if (!task.running) out["endtime"] = task.endtime;
  return out;
}

nlohmann::json VolumeJson(const Volume& volume) {
  nlohmann::json out = {{"volid", volume.volid},   {"content", volume.content},
                        {"format", volume.format}, {"size", volume.size},
                        {"vmid", volume.vmid},     {"ctime", volume.ctime}};
  if (!volume.node.empty()) out["node"] = volume.node;
  if (!volume.notes.empty()) out["notes"] = volume.notes;
  if (volume.is_protected) out["protected"] = true;
  if (!volume.parent.empty()) out["parent"] = volume.parent;
  if (volume.content == "backup")
    out["config"] = volume.backup.value("config", nlohmann::json::object());
  return out;
}

nlohmann::json StateJson(const SimCore& core) {
  const State& state = core.state;
  nlohmann::json nodes = nlohmann::json::array();
  for (const Node& node : state.nodes) {
    nlohmann::json entry = {{"node", node.name}, {"online", node.online}};
    if (!node.online) entry["unreachable"] = node.unreachable;
    nodes.push_back(entry);
  }
  nlohmann::json vms = nlohmann::json::array();
  for (const auto& [vmid, vm] : state.vms) vms.push_back(VmJson(vm));
  nlohmann::json storages = nlohmann::json::array();
  for (const Storage& storage : state.storages) {
    nlohmann::json volumes = nlohmann::json::array();
    for (const auto& [key, volume] : state.volumes) {
      if (volume.Storage() == storage.id) volumes.push_back(VolumeJson(volume));
    }
    storages.push_back({{"storage", storage.id},
                        {"type", storage.type},
                        {"content", storage.content},
                        {"shared", storage.shared},
                        {"nodes", storage.nodes},
                        {"prune_backups", storage.prune_backups},
                        {"volumes", volumes}});
  }
  nlohmann::json tasks = nlohmann::json::array();
  for (const Task* task : core.tasks.All()) tasks.push_back(TaskJson(*task));
  nlohmann::json users = nlohmann::json::array();
  for (const auto& [id, user] : state.users) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto& [token_id, token] : user.tokens) {
      tokens.push_back({{"id", token_id}, {"privsep", token.privsep}});
    }
    users.push_back(
        {{"userid", id}, {"enabled", user.enabled}, {"acl", user.acl}, {"tokens", tokens}});
  }
  return {{"cluster", state.cluster_name},
          {"now", core.clock.Now()},
          {"clock_offset", core.clock.Offset()},
          {"nodes", nodes},
          {"vms", vms},
          {"storages", storages},
          {"tasks", tasks},
          {"users", users},
          {"pools", state.pools}};
}

}  // namespace pvesim
