// close: stop and destroy the VM with purge (its disks, backup-job and HA entries). Idempotent: a
// VM that is already gone counts as closed; a VMID that is not ours is never destroyed.
#include "pmproxmox/connection.h"
#include "pmproxmox/ip_pool.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/proxmox_module.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Close(core::Context& ctx) {
  Connection connection(ctx.module(), ctx.log);
  if (auto owned = LocateVm(ctx, connection.api())) {
    RequireUnlocked(owned->guest);
    proxmox::Vm vm(connection.api(), owned->guest.node, owned->guest.vmid);
    if (vm.Running()) vm.Stop();
    vm.Destroy();
    ctx.log.Info("destroyed VM " + std::to_string(owned->guest.vmid) + " on " + owned->guest.node);
  } else {
    ctx.log.Info("no VM left for item " + std::to_string(ctx.item().id) + "; nothing to destroy");
  }
  if (auto pool = ctx.module().params.Find("ip_pool")) IpPool(ctx.state(), ctx.module().id, *pool).Release(ctx.item().id);
  VmRecords(ctx.state()).Forget(ctx.item().id);
  ctx.panel.PostCommand("close", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmproxmox
