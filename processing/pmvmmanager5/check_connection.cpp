// check_connection: the URL is VMmanager's (ends in /vmmgr, checked before any request), the
// credentials sign in, and the account is an administrator; each failure says which is wrong.
#include "core/error.h"
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/vm5_module.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::CheckConnection(core::Context& ctx) {
  Connection connection(ctx);
  int level = connection.api().SignIn();
  if (level < vmmanager5::kAdministratorLevel) {
    throw core::Error(core::ErrorType::Access, "username",
                      "the VMmanager user " + ctx.module().params.Require("username") + " has access level " +
                          std::to_string(level) + "; the module needs an administrator (" +
                          std::to_string(vmmanager5::kAdministratorLevel) + " or more)");
  }
  return core::Reply().Add("level", std::to_string(level));
}

}  // namespace pm::pmvmmanager5
