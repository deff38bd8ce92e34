// changepassword: the service's password (its `password` param) set on the VM.
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::ChangePassword(core::Context& ctx) {
  std::string password = ctx.item().params.Require("password");
  ctx.log.Redact(password);
  Connection connection(ctx);
  auto& api = connection.api();
  vmmanager5::ChangePassword(api, RequireVm(ctx, api).id, password);
  return core::Reply();
}

}  // namespace pm::pmvmmanager5
