// sync_item: report the service's VM, its state and address, and save the address when it
// changed in VMmanager.
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::SyncItem(core::Context& ctx) {
  Connection connection(ctx);
  auto vm = RequireVm(ctx, connection.api());
  if (!vm.ip.empty() && vm.ip != ctx.item().params.Get("ip")) ctx.panel.SaveParam(ctx.item().id, "ip", vm.ip);
  std::string status = vm.installing ? "installing" : vm.blocked ? "blocked" : vm.state;
  return core::Reply().Add("vmid", std::to_string(vm.id)).Add("status", status).Add("ip", vm.ip);
}

}  // namespace pm::pmvmmanager5
