// The VMmanager accounts hosts belong to: the client's (found by the service's e-mail, created as
// a plain user when missing) and the module's own administrator (who holds suspended hosts).
#pragma once

#include "core/module.h"
#include "vmmanager6/api.h"

namespace pm::pmvmmanager6 {

// The account of `email`, created as a plain user when missing. A create whose answer was lost
// is looked for again, never sent twice.
long long UserAccount(core::Log& log, vmmanager6::Api& api, const std::string& email);
// The account of the service's e-mail.
long long ClientAccount(core::Context& ctx, vmmanager6::Api& api);
long long ModuleAccount(core::Context& ctx, vmmanager6::Api& api);

}  // namespace pm::pmvmmanager6
