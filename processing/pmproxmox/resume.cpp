// resume: restore onboot as it was before suspend, and start the VM.
#include "core/error.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/proxmox_module.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Resume(core::Context& ctx) {
  Connection connection(ctx.module(), ctx.log);
  auto owned = LocateVm(ctx, connection.api());
  if (!owned) throw core::Error(core::ErrorType::NotFound, "vm", "the service's VM does not exist");
  RequireUnlocked(owned->guest);
  proxmox::Vm vm(connection.api(), owned->guest.node, owned->guest.vmid);
  VmRecord record = owned->record;
  vm.UpdateConfig({{"onboot", record.onboot.empty() ? "1" : record.onboot}});
  if (!vm.Running()) vm.Start();
  record.phase = "active";
  VmRecords(ctx.state()).Save(record);
  ctx.panel.PostCommand("resume", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmproxmox
