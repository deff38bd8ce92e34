// suspend: the VM is blocked, so that its owner cannot start it again from their own VMmanager
// login (their other services stay untouched), and stopped. Whether it ran is remembered first,
// for resume to restore; a rerun keeps that.
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::Suspend(core::Context& ctx) {
  Connection connection(ctx);
  auto& api = connection.api();
  auto vm = RequireVm(ctx, api);
  vps::VmRecords records(ctx.state());
  auto record = RecordOf(ctx, vm);
  if (record.phase != vps::VmPhase::Suspended && record.before_suspend.empty()) {
    record.before_suspend = vm.Running() ? "running" : "stopped";
    records.Save(record);
  }
  if (!vm.blocked) {
    vmmanager5::VmChange block;
    block.blocked = true;
    vmmanager5::EditVm(api, vm.id, block);
  }
  if (vm.Running()) vmmanager5::StopVm(api, vm.id);
  record.phase = vps::VmPhase::Suspended;
  records.Save(record);
  ctx.panel.PostCommand("suspend", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager5
