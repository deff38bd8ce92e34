#include "pvesim/rrd.h"

#include "pvesim/vm_ops.h"

namespace pvesim {

namespace {

constexpr double kExpirySeconds = 5 * 60;

nlohmann::json CurrentNodeStats(const SimCore& core, const Node& node) {
  return {{"uptime", 86400 + static_cast<int64_t>(core.clock.Now()) % 86400},
          {"cpu", 0.031},
          {"mem", node.memory / 4},
          {"disk", node.rootfs / 5},
          {"maxcpu", node.cpus},
          {"maxmem", node.memory},
          {"maxdisk", node.rootfs},
          {"level", ""}};
}

// The guest fields of extract_vm_stats; lock, tags and pool come from the configuration.
nlohmann::json CurrentGuestStats(const SimCore& core, const Vm& vm) {
  nlohmann::json status = VmStatusJson(core, vm);
  nlohmann::json stats = {{"maxcpu", VmCpus(vm)}, {"template", vm.IsTemplate() ? 1 : 0}};
  for (const char* key : {"uptime", "name", "status", "cpu", "maxmem", "mem", "maxdisk", "disk",
                          "netin", "netout", "diskread", "diskwrite"}) {
    stats[key] = status.at(key);
  }
  return stats;
}

nlohmann::json CurrentStorageStats(const State& state, const Storage& storage, const Node& node) {
  return {{"disk", state.UsedBytes(node.name, storage.id)}, {"maxdisk", storage.total}};
}

// An offline node's last broadcast while pmxcfs still keeps it.
const nlohmann::json* KeptBroadcast(const SimCore& core, const Node& node) {
  bool kept = node.offline_since && core.clock.Now() - *node.offline_since <= kExpirySeconds;
  return kept ? &node.last_broadcast : nullptr;
}

std::optional<nlohmann::json> KeptEntry(const SimCore& core, const Node& node, const char* part,
                                        const std::string& key) {
  const nlohmann::json* kept = KeptBroadcast(core, node);
  if (!kept || !kept->at(part).contains(key)) return std::nullopt;
  return kept->at(part).at(key);
}

}  // namespace

std::optional<nlohmann::json> NodeRrd(const SimCore& core, const Node& node) {
  if (node.online) return CurrentNodeStats(core, node);
  const nlohmann::json* kept = KeptBroadcast(core, node);
  if (!kept) return std::nullopt;
  return kept->at("node");
}

std::optional<nlohmann::json> GuestRrd(const SimCore& core, const Vm& vm) {
  const Node& node = *core.state.FindNode(vm.node);
  if (node.online) return CurrentGuestStats(core, vm);
  return KeptEntry(core, node, "guests", std::to_string(vm.vmid));
}

std::optional<nlohmann::json> StorageRrd(const SimCore& core, const Storage& storage,
                                         const Node& node) {
  if (node.online) return CurrentStorageStats(core.state, storage, node);
  return KeptEntry(core, node, "storages", storage.id);
}

nlohmann::json Broadcast(const SimCore& core, const Node& node) {
  nlohmann::json guests = nlohmann::json::object();
  for (const auto& [vmid, vm] : core.state.vms) {
    if (vm.node == node.name) guests[std::to_string(vmid)] = CurrentGuestStats(core, vm);
  }
  nlohmann::json storages = nlohmann::json::object();
  for (const Storage& storage : core.state.storages) {
    if (storage.AvailableOn(node.name))
      storages[storage.id] = CurrentStorageStats(core.state, storage, node);
  }
  return {{"node", CurrentNodeStats(core, node)}, {"guests", guests}, {"storages", storages}};
}

}  // namespace pvesim
