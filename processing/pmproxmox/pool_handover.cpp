#include "pmproxmox/pool_handover.h"

#include "pmproxmox/ownership.h"
#include "proxmox/cluster.h"
#include "proxmox/vms.h"
#include "vps/mac_address.h"
#include "vps/ownership.h"
#include "vps/package.h"
#include "vps/pool/claim.h"

namespace pm::pmproxmox {
namespace {

// Pooled VMs are placed with the module's own settings: a tariff that sets its own nodes, storage
// or templates is served by a clone of its own.
bool PlacedAsTheModule(const core::Context& ctx) {
  const auto& tariff = ctx.item().pricelist;
  return !tariff.Find("node") && !tariff.Find("storage") && !tariff.Find("os_templates");
}

}  // namespace

std::optional<PoolTake> TakeFromPool(core::Context& ctx, proxmox::Api& api, vps::VmRecords& records) {
  auto slot = vps::pool::ClaimForOpen(ctx, vps::pool::OrderedConfiguration(ctx), PlacedAsTheModule(ctx));
  if (!slot) return std::nullopt;
  auto guest = proxmox::FindGuest(api, static_cast<int>(slot->vmid));
  if (!guest) {
    vps::pool::ClaimLost(ctx, *slot, "is gone");
    return std::nullopt;
  }
  auto config = proxmox::Vm(api, guest->node, guest->vmid).Config();
  if (!CarriesMarker(config, vps::PoolMarker("pmproxmox", ctx.module().id)) &&
      !CarriesMarker(config, OwnershipMarker(ctx.module().id, ctx.item().id))) {
    vps::pool::ClaimLost(ctx, *slot, "is no longer the pool's");
    return std::nullopt;
  }
  vps::VmRecord record = records.Find(ctx.item().id).value_or(vps::VmRecord{});
  if (record.vmid != guest->vmid || record.mac.empty()) record.mac = vps::RandomMac();
  record.item = ctx.item().id;
  record.module = ctx.module().id;
  record.vmid = guest->vmid;
  record.node = guest->node;
  record.phase = vps::VmPhase::Planned;
  records.Save(record);
  return PoolTake{*slot, record};
}

void FinishTake(core::Context& ctx, proxmox::Api& api, const PoolTake& take) {
  proxmox::Vm(api, take.record.node, take.record.vmid).Reboot();
  vps::pool::HandedOver(ctx, take.slot);
}

}  // namespace pm::pmproxmox
