#include "pmproxmox/ownership.h"

#include "core/error.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {

std::string OwnershipMarker(long module, long item) {
  return "billmgr-pmproxmox module=" + std::to_string(module) + " item=" + std::to_string(item);
}

bool CarriesMarker(const nlohmann::json& config, const std::string& marker) {
  if (!config.contains("description") || !config["description"].is_string()) return false;
  std::string description = config["description"];
  auto at = description.find(marker);
  // "item=10" must not match "item=1001": the marker ends the line or the text.
  return at != std::string::npos &&
         (at + marker.size() == description.size() || description[at + marker.size()] == '\n');
}

std::optional<VmRecord> KnownRecord(core::Context& ctx) {
  const auto& item = ctx.item();
  if (auto record = VmRecords(ctx.state()).Find(item.id)) return record;
  auto vmid = item.params.Find("vmid");
  if (!vmid || vmid->find_first_not_of("0123456789") != std::string::npos || vmid->size() > 9) return std::nullopt;
  VmRecord record;
  record.item = item.id;
  record.module = ctx.module().id;
  record.vmid = std::stoi(*vmid);
  record.node = item.params.Get("node");
  record.phase = "active";
  record.mac = item.params.Get("mac");  // kept forever, also when the state was lost
  record.ip = item.params.Get("ip");
  return record;
}

std::optional<OwnedVm> LocateVm(core::Context& ctx, proxmox::Api& api) {
  const auto& item = ctx.item();
  VmRecords records(ctx.state());
  auto record = KnownRecord(ctx);
  if (!record) return std::nullopt;
  auto guest = proxmox::FindGuest(api, record->vmid);
  if (!guest) return std::nullopt;
  // A clone in progress has no description yet: it cannot be judged, only waited for.
  if (guest->lock == "clone" || guest->lock == "create") RequireUnlocked(*guest);
  auto config = proxmox::Vm(api, guest->node, guest->vmid).Config();
  if (!CarriesMarker(config, OwnershipMarker(ctx.module().id, item.id))) {
    if (record->phase == "planned") {
      // open never got its VM: the planned VMID went to someone else. Nothing here is ours.
      records.Forget(item.id);
      return std::nullopt;
    }
    throw core::Error(core::ErrorType::Access, "vmid",
                      "VM " + std::to_string(record->vmid) + " on " + guest->node +
                          " was not created for this service; refusing to touch it");
  }
  if (record->node != guest->node) {
    record->node = guest->node;  // migrated
    records.Save(*record);
  }
  return OwnedVm{*record, *guest};
}

void RequireUnlocked(const proxmox::Guest& guest) {
  if (!guest.lock.empty()) {
    throw core::Error(core::ErrorType::Locked, guest.lock,
                      "VM " + std::to_string(guest.vmid) + " is locked (" + guest.lock + "); try again later");
  }
}

}  // namespace pm::pmproxmox
