#include "proxmox/vms.h"

namespace pm::proxmox {

std::string Vm::Path(const std::string& tail) const {
  return "/nodes/" + node_ + "/qemu/" + std::to_string(vmid_) + tail;
}

nlohmann::json Vm::Config() { return api_.Get(Path("/config")); }

nlohmann::json Vm::CurrentStatus() { return api_.Get(Path("/status/current")); }

nlohmann::json Vm::Pending() { return api_.Get(Path("/pending")); }

std::string Vm::UpdateConfigAsync(const Params& changes) { return api_.Post(Path("/config"), changes); }

void Vm::UpdateConfig(const Params& changes) {
  auto answer = api_.Post(Path("/config"), changes);
  // POST /config answers null when it finished within background_delay; we never send that,
  // but a null is still a finished change, not an error.
  if (IsUpid(answer)) Wait(answer);
}

void Vm::Resize(const std::string& disk, std::uint64_t gib) {
  auto answer = api_.Put(Path("/resize"), {{"disk", disk}, {"size", std::to_string(gib) + "G"}});
  // PVE 7 resized synchronously (null); PVE 8+ returns a UPID (notes §5).
  if (IsUpid(answer)) Wait(answer);
}

std::string Vm::CloneAsync(const CloneRequest& request) {
  Params params = {{"newid", std::to_string(request.newid)}, {"full", request.full ? "1" : "0"}};
  if (!request.name.empty()) params.emplace_back("name", request.name);
  if (!request.storage.empty() && request.full) params.emplace_back("storage", request.storage);
  if (!request.description.empty()) params.emplace_back("description", request.description);
  return api_.Post(Path("/clone"), params);
}

std::string Vm::PostStatus(const std::string& action, const Params& params) {
  return api_.Post(Path("/status/" + action), params);
}

void Vm::Start() { Wait(PostStatus("start")); }
void Vm::Stop() { Wait(PostStatus("stop")); }
void Vm::Reboot() { Wait(PostStatus("reboot")); }

std::string Vm::DestroyAsync() {
  return api_.Delete(Path(), {{"purge", "1"}, {"destroy-unreferenced-disks", "1"}});
}

void Vm::Destroy() { Wait(DestroyAsync()); }

}  // namespace pm::proxmox
