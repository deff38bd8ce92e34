#include "pvesim/state.h"

#include <algorithm>

#include "pvesim/crypto.h"

namespace pvesim {

bool Storage::AvailableOn(const std::string& node) const {
  return nodes.empty() || std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

std::optional<std::string> Vm::Lock() const {
  auto it = config.find("lock");
  if (it == config.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

bool Vm::IsTemplate() const {
  auto it = config.find("template");
  return it != config.end() && it->second == "1";
}

const Node* State::FindNode(const std::string& name) const {
  for (const Node& node : nodes) {
    if (node.name == name) return &node;
  }
  return nullptr;
}

const Storage* State::FindStorage(const std::string& id) const {
  for (const Storage& storage : storages) {
    if (storage.id == id) return &storage;
  }
  return nullptr;
}

Vm* State::FindVm(int vmid) {
  auto it = vms.find(vmid);
  return it == vms.end() ? nullptr : &it->second;
}

const Vm* State::FindVm(int vmid) const {
  auto it = vms.find(vmid);
  return it == vms.end() ? nullptr : &it->second;
}

std::string State::VolumeKey(const std::string& node, const std::string& volid) const {
  const Storage* storage = FindStorage(volid.substr(0, volid.find(':')));
  bool shared = storage && storage->shared;
  return (shared ? std::string() : node) + "/" + volid;
}

Volume* State::FindVolume(const std::string& node, const std::string& volid) {
  auto it = volumes.find(VolumeKey(node, volid));
  return it == volumes.end() ? nullptr : &it->second;
}

const Volume* State::FindVolume(const std::string& node, const std::string& volid) const {
  auto it = volumes.find(VolumeKey(node, volid));
  return it == volumes.end() ? nullptr : &it->second;
}

Volume& State::AddVolume(const std::string& node, Volume volume) {
  const Storage* storage = FindStorage(volume.Storage());
  volume.node = storage && storage->shared ? "" : node;
  std::string key = VolumeKey(node, volume.volid);
  return volumes[key] = std::move(volume);
}

void State::RemoveVolume(const std::string& node, const std::string& volid) {
  volumes.erase(VolumeKey(node, volid));
}

std::vector<const Volume*> State::VolumesOn(const std::string& node,
                                            const std::string& storage) const {
  const Storage* info = FindStorage(storage);
  std::vector<const Volume*> out;
  for (const auto& [key, volume] : volumes) {
    if (volume.Storage() != storage) continue;
    if (info && !info->shared && volume.node != node) continue;
    out.push_back(&volume);
  }
  return out;
}

uint64_t State::UsedBytes(const std::string& node, const std::string& storage) const {
  uint64_t used = 0;
  for (const Volume* volume : VolumesOn(node, storage)) used += volume->size;
  return used;
}

std::string State::NextDiskName(const std::string& node, const std::string& storage,
                                int vmid) const {
  // Compare the last path component: linked clones are named "base-X-disk-0/vm-Y-disk-0".
  auto leaf = [](const std::string& name) {
    std::string last = name.substr(name.rfind('/') + 1);
    return last.substr(0, last.find('.'));
  };
  std::set<std::string> taken;
  for (const Volume* volume : VolumesOn(node, storage)) taken.insert(leaf(volume->Name()));
  bool file_based = FindStorage(storage) && FindStorage(storage)->IsFileBased();
  for (int n = 0;; ++n) {
    std::string name = "vm-" + std::to_string(vmid) + "-disk-" + std::to_string(n);
    if (!taken.count(name)) return file_based ? std::to_string(vmid) + "/" + name + ".raw" : name;
  }
}

int State::NextFreeVmid() const {
  int vmid = 100;
  while (vms.count(vmid)) ++vmid;
  return vmid;
}

std::string ConfigText(const Vm& vm) {
  std::string text;
  for (const auto& [key, value] : vm.config) text += key + ": " + value + "\n";
  if (!vm.pending.empty() || !vm.pending_delete.empty()) {
    text += "\n[PENDING]\n";
    if (!vm.pending_delete.empty()) {
      std::string deletes;
      for (const auto& [key, force] : vm.pending_delete) {
        deletes += (deletes.empty() ? "" : ",") + std::string(force ? "!" : "") + key;
      }
      text += "delete: " + deletes + "\n";
    }
    for (const auto& [key, value] : vm.pending) text += key + ": " + value + "\n";
  }
  return text;
}

std::string ConfigDigest(const Vm& vm) { return Sha1Hex(ConfigText(vm)); }

}  // namespace pvesim
