// reinstall: the ordered OS (and recipe) installed anew on the service's VM, with the service's
// password (or a new one, saved to the panel), waited for like open's install.
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/install_wait.h"
#include "pmvmmanager5/order.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"
#include "vmmanager5/install.h"
#include "vps/password.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::Reinstall(core::Context& ctx) {
  CheckServiceInput(ctx);
  auto wait = InstallWaitOf(ctx.module());
  Connection connection(ctx);
  auto& api = connection.api();
  Order order = OrderFor(ctx, api);
  auto vm = RequireVm(ctx, api);
  std::string password = ctx.item().params.Get("password");
  bool chosen = password.empty();
  if (chosen) password = vps::RandomPassword();
  ctx.log.Redact(password);
  vmmanager5::ReinstallVm(api, vm.id, order.os, password, order.recipe ? std::to_string(order.recipe->id) : "");
  if (chosen) ctx.panel.SaveSecretParam(ctx.item().id, "password", password);
  vmmanager5::WaitInstalled(api, vm.id, wait);
  return core::Reply();
}

}  // namespace pm::pmvmmanager5
