// reboot: through the API, so pending config changes are applied (a guest reboot would not).
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/service_vm.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Reboot(core::Context& ctx) {
  ServiceVm target(ctx);
  proxmox::Vm& vm = target.vm();
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
