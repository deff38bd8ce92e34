// sync_item: report where the service's VM is and in which state.
#include "core/error.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/proxmox_module.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::SyncItem(core::Context& ctx) {
  Connection connection(ctx.module(), ctx.log);
  auto owned = LocateVm(ctx, connection.api());
  if (!owned) throw core::Error(core::ErrorType::NotFound, "vm", "the service's VM does not exist");
  if (owned->guest.node != ctx.item().params.Get("node")) ctx.panel.SaveParam(ctx.item().id, "node", owned->guest.node);
  core::Reply reply;
  reply.Add("vmid", std::to_string(owned->guest.vmid)).Add("node", owned->guest.node).Add("status", owned->guest.status);
  if (!owned->guest.lock.empty()) reply.Add("lock", owned->guest.lock);
  return reply;
}

}  // namespace pm::pmproxmox
