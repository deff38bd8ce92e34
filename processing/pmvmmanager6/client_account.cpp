#include "pmvmmanager6/client_account.h"

#include "core/error.h"
#include "vmmanager6/accounts.h"
#include "vmmanager6/errors.h"
#include "vps/password.h"

namespace pm::pmvmmanager6 {

long long UserAccount(core::Log& log, vmmanager6::Api& api, const std::string& email) {
  if (auto account = vmmanager6::FindAccount(api, email)) return account->id;
  try {
    long long id = vmmanager6::CreateAccount(api, email, vps::RandomPassword(), "@user");
    log.Info("created VMmanager account " + std::to_string(id) + " for " + email);
    return id;
  } catch (const vmmanager6::LostAnswer&) {
    if (auto account = vmmanager6::FindAccount(api, email)) return account->id;
    throw;
  }
}

long long ClientAccount(core::Context& ctx, vmmanager6::Api& api) {
  return UserAccount(ctx.log, api, ctx.item().params.Require("email"));
}

long long ModuleAccount(core::Context& ctx, vmmanager6::Api& api) {
  std::string email = ctx.module().params.Require("username");
  auto account = vmmanager6::FindAccount(api, email);
  if (!account) throw core::Error(core::ErrorType::NotFound, "username", "VMmanager has no account " + email);
  return account->id;
}

}  // namespace pm::pmvmmanager6
