// resume: the VM is unblocked and runs again if it ran before suspend.
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::Resume(core::Context& ctx) {
  Connection connection(ctx);
  auto& api = connection.api();
  auto vm = RequireVm(ctx, api);
  auto record = RecordOf(ctx, vm);
  if (vm.blocked) {
    vmmanager5::VmChange unblock;
    unblock.blocked = false;
    vmmanager5::EditVm(api, vm.id, unblock);
  }
  if (record.before_suspend != "stopped" && !vm.Running()) vmmanager5::StartVm(api, vm.id);
  record.phase = vps::VmPhase::Active;
  record.before_suspend.clear();
  vps::VmRecords(ctx.state()).Save(record);
  ctx.panel.PostCommand("resume", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager5
