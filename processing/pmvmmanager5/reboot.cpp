// reboot: restart a running VM, start a stopped one (unless suspended: its block keeps it off).
#include "core/error.h"
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::Reboot(core::Context& ctx) {
  Connection connection(ctx);
  auto& api = connection.api();
  auto vm = RequireVm(ctx, api);
  if (vm.blocked) {
    throw core::Error(core::ErrorType::Access, "vmid",
                      "VMmanager VM " + std::to_string(vm.id) + " is blocked (the service is suspended)");
  }
  vm.Running() ? vmmanager5::RestartVm(api, vm.id) : vmmanager5::StartVm(api, vm.id);
  ctx.panel.PostCommand("reboot", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager5
