// suspend: stop the VM and keep it off across node reboots (onboot=0), remembering the
// previous onboot so resume can restore it.
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/service_vm.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Suspend(core::Context& ctx) {
  ServiceVm target(ctx);
  proxmox::Vm& vm = target.vm();
  VmRecord record = target.record();
  if (record.phase != "suspended") {  // a rerun must not overwrite the remembered value with 0
    auto onboot = vm.Config().value("onboot", nlohmann::json());
    record.onboot = onboot.is_number() ? std::to_string(onboot.get<int>()) : onboot.is_string() ? onboot.get<std::string>() : "0";
    record.phase = "suspended";
    VmRecords(ctx.state()).Save(record);
  }
  if (vm.Running()) vm.Stop();
  vm.UpdateConfig({{"onboot", "0"}});
  ctx.panel.PostCommand("suspend", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmproxmox
