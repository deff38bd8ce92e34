// The VM that commands after open act on: connected, located on its current node, verified as
// ours, and not held by a Proxmox config lock.
#pragma once

#include "core/module.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/ownership.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {

class ServiceVm {
 public:
  // Error{notfound} when the VM is gone, {access} when it is not ours, {locked} when locked.
  explicit ServiceVm(core::Context& ctx);

  proxmox::Api& api() { return connection_.api(); }
  proxmox::Vm& vm() { return vm_; }
  const vps::VmRecord& record() const { return owned_.record; }

 private:
  Connection connection_;
  OwnedVm owned_;
  proxmox::Vm vm_;
};

}  // namespace pm::pmproxmox
