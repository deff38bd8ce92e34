#include "pmproxmox/ownership.h"

#include "core/error.h"
#include "core/numbers.h"
#include "vps/ownership.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {

std::string OwnershipMarker(long module, long item) { return vps::OwnershipMarker("pmproxmox", module, item); }

bool CarriesMarker(const nlohmann::json& config, const std::string& marker) {
  if (!config.is_object() || !config.contains("description") || !config["description"].is_string()) return false;
  return vps::CarriesMarker(config["description"].get<std::string>(), marker);
}

std::optional<vps::VmRecord> KnownRecord(core::Context& ctx) {
  const auto& item = ctx.item();
  if (auto record = vps::VmRecords(ctx.state()).Find(item.id)) return record;
  // A VMID is 100 to 999999999 (PVE's pve-vmid format).
  auto vmid = core::ParseWhole(item.params.Get("vmid"), 100, 999'999'999);
  if (!vmid) return std::nullopt;
  vps::VmRecord record;
  record.item = item.id;
  record.module = ctx.module().id;
  record.vmid = static_cast<int>(*vmid);
  record.node = item.params.Get("node");
  record.phase = vps::VmPhase::Active;
  record.mac = item.params.Get("mac");  // kept forever, also when the state was lost
  record.ip = item.params.Get("ip");
  return record;
}

std::optional<OwnedVm> LocateVm(core::Context& ctx, proxmox::Api& api) {
  const auto& item = ctx.item();
  vps::VmRecords records(ctx.state());
  auto record = KnownRecord(ctx);
  if (!record) return std::nullopt;
  auto guest = proxmox::FindGuest(api, record->vmid);
  if (!guest) return std::nullopt;
  // A clone in progress has no description yet: it cannot be judged, only waited for.
  if (guest->lock == "clone" || guest->lock == "create") RequireUnlocked(*guest);
  auto config = proxmox::Vm(api, guest->node, guest->vmid).Config();
  if (!CarriesMarker(config, OwnershipMarker(ctx.module().id, item.id))) {
    if (record->phase == vps::VmPhase::Planned) {
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
  if (guest.lock.empty()) return;
  std::string vmid = std::to_string(guest.vmid);
  // PVE keeps this lock after a destroy that failed part-way; only root can lift it.
  if (guest.lock == "destroyed") {
    throw core::Error(core::ErrorType::Locked, guest.lock,
                      "VM " + vmid + " is locked (destroyed): an earlier destroy failed part-way, and Proxmox keeps "
                      "the VM locked until an administrator checks its disks and runs 'qm unlock " + vmid + "'");
  }
  throw core::Error(core::ErrorType::Locked, guest.lock, "VM " + vmid + " is locked (" + guest.lock + "); try again later");
}

}  // namespace pm::pmproxmox
