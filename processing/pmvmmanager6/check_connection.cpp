// check_connection: the credentials sign in, the account is a VMmanager administrator, and the
// module's cluster resolves; each failure says exactly which of them is wrong.
#include "core/error.h"
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/accounts.h"
#include "vmmanager6/errors.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::CheckConnection(core::Context& ctx) {
  Connection connection(ctx);
  connection.api().SignIn();
  std::string email = ctx.module().params.Require("username");
  std::string not_admin = "the VMmanager account " + email + " is not an administrator; the module needs one";
  std::optional<vmmanager6::Account> account;
  try {
    account = vmmanager6::FindAccount(connection.api(), email);
  } catch (const vmmanager6::ApiError& e) {
    // Only administrators may list accounts: a refusal answers the question too.
    if (e.kind() != vmmanager6::ErrorKind::Permission) throw;
    throw core::Error(core::ErrorType::Access, "username", not_admin + " (VMmanager: " + e.what() + ")");
  }
  if (!account || !account->Admin()) throw core::Error(core::ErrorType::Access, "username", not_admin);
  const auto& cluster = connection.cluster();
  return core::Reply().Add("cluster", cluster.name);
}

}  // namespace pm::pmvmmanager6
