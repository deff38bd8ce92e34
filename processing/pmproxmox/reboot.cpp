// reboot: through the API, so pending config changes are applied (a guest reboot would not).
#include "core/error.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/proxmox_module.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Reboot(core::Context& ctx) {
  Connection connection(ctx.module(), ctx.log);
  auto owned = LocateVm(ctx, connection.api());
  if (!owned) throw core::Error(core::ErrorType::NotFound, "vm", "the service's VM does not exist");
  RequireUnlocked(owned->guest);
  proxmox::Vm vm(connection.api(), owned->guest.node, owned->guest.vmid);
  // PVE refuses to reboot a stopped VM; starting it is what the client asked for.
  if (vm.Running()) {
    vm.Reboot();
  } else {
    vm.Start();
  }
  ctx.panel.PostCommand("reboot", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmproxmox
