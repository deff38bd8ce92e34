#include "pmvmmanager5/client_user.h"

#include "core/error.h"
#include "vmmanager5/users.h"
#include "vps/password.h"

namespace pm::pmvmmanager5 {

long long ClientUser(core::Context& ctx, vmmanager5::Api& api) {
  std::string password = vps::RandomPassword();
  ctx.log.Redact(password);
  std::string email = ctx.item().params.Require("email");
  auto user = vmmanager5::EnsureUser(api, email, password);
  // An administrator or reseller of that name is not the client: their VMs are not the client's.
  if (user.level != 16) {
    throw core::Error(core::ErrorType::Access, "email",
                      "the VMmanager user " + email + " has access level " + std::to_string(user.level) +
                          ", not a client's (16); the module gives it no VM");
  }
  return user.id;
}

}  // namespace pm::pmvmmanager5
