// suspend: stop the VM and keep it off across node reboots (onboot=0), remembering the
// previous onboot so resume can restore it.
#include "core/error.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/proxmox_module.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Suspend(core::Context& ctx) {
  Connection connection(ctx.module(), ctx.log);
  auto owned = LocateVm(ctx, connection.api());
  if (!owned) throw core::Error(core::ErrorType::NotFound, "vm", "the service's VM does not exist");
  RequireUnlocked(owned->guest);
  proxmox::Vm vm(connection.api(), owned->guest.node, owned->guest.vmid);
  VmRecord record = owned->record;
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
