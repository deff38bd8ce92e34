// reinstall: the ordered OS (and recipe) installed anew on the service's host, with the service's
// password (or a new one, saved to the panel). The disk must hold the OS's minimum.
#include "core/error.h"
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/order.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/hosts.h"
#include "vps/password.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::Reinstall(core::Context& ctx) {
  CheckServiceInput(ctx);
  Connection connection(ctx);
  auto& api = connection.api();
  Order order = OrderFor(ctx, api, connection.cluster());
  auto host = RequireHost(ctx, api);
  std::string password = ctx.item().params.Get("password");
  bool chosen = password.empty();
  if (chosen) password = vps::RandomPassword();
  ctx.log.Redact(password);
  std::optional<long long> recipe;
  if (order.recipe) recipe = order.recipe->id;
  vmmanager6::WaitTask(api, vmmanager6::Reinstall(api, host.id, order.os.id, password, recipe));
  if (chosen) ctx.panel.SaveSecretParam(ctx.item().id, "password", password);
  return core::Reply();
}

}  // namespace pm::pmvmmanager6
