// resume: restore onboot as it was before suspend, and start the VM.
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/service_vm.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Resume(core::Context& ctx) {
  ServiceVm target(ctx);
  proxmox::Vm& vm = target.vm();
  vps::VmRecord record = target.record();
  vm.UpdateConfig({{"onboot", record.before_suspend.empty() ? "1" : record.before_suspend}});
  if (!vm.Running()) vm.Start();
  record.phase = vps::VmPhase::Active;
  vps::VmRecords(ctx.state()).Save(record);
  ctx.panel.PostCommand("resume", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmproxmox
