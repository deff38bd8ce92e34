// changepassword: the service's password (its `password` param) set on the host.
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/hosts.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::ChangePassword(core::Context& ctx) {
  std::string password = ctx.item().params.Require("password");
  ctx.log.Redact(password);
  Connection connection(ctx);
  auto& api = connection.api();
  auto host = RequireHost(ctx, api);
  vmmanager6::WaitTask(api, vmmanager6::ChangePassword(api, host.id, password));
  return core::Reply();
}

}  // namespace pm::pmvmmanager6
