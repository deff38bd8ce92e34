// suspend: stop the VM and keep it off across node reboots (onboot=0), remembering the
// previous onboot so resume can restore it.
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/service_vm.h"
#include "proxmox/fields.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Suspend(core::Context& ctx) {
  ServiceVm target(ctx);
  proxmox::Vm& vm = target.vm();
  vps::VmRecord record = target.record();
  if (record.phase != vps::VmPhase::Suspended) {  // a rerun must not overwrite the remembered value with 0
    record.before_suspend = proxmox::FlagField(vm.Config(), "onboot") ? "1" : "0";
    record.phase = vps::VmPhase::Suspended;
    vps::VmRecords(ctx.state()).Save(record);
  }
  if (vm.Running()) vm.Stop();
  vm.UpdateConfig({{"onboot", "0"}});
  ctx.panel.PostCommand("suspend", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmproxmox
