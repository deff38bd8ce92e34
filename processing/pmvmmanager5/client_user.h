// The VMmanager 5 user a client's VMs belong to: a level-16 user named after the service's e-mail
// (contract §11), made when missing, with a password nobody keeps (the client manages the VM from
// the panel; the module acts as the administrator).
#pragma once

#include "core/module.h"
#include "vmmanager5/api.h"

namespace pm::pmvmmanager5 {

long long ClientUser(core::Context& ctx, vmmanager5::Api& api);

}  // namespace pm::pmvmmanager5
