// close: the VM is deleted with its disk and addresses. Idempotent: a VM already gone counts as
// closed; a VM that is not the service's is never deleted; a pooled VM whose hand-over the
// service's open did not finish goes back to the pool tick, which deletes it.
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"
#include "vmmanager5/errors.h"
#include "vps/pool/claim.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::Close(core::Context& ctx) {
  Connection connection(ctx);
  auto& api = connection.api();
  vps::pool::AbandonClaim(ctx);
  if (auto vm = LocateVm(ctx, api)) {
    try {
      vmmanager5::DeleteVm(api, vm->id);
    } catch (const vmmanager5::LostAnswer&) {
      if (vmmanager5::FindVm(api, vm->id)) throw;  // not done: the next run asks again
    }
    ctx.log.Info("deleted VMmanager VM " + std::to_string(vm->id));
  } else {
    ctx.log.Info("no VM left for item " + std::to_string(ctx.item().id) + "; nothing to delete");
  }
  vps::VmRecords(ctx.state()).Forget(ctx.item().id);
  ctx.panel.PostCommand("close", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager5
