// Which VM belongs to a service. VMmanager 5 VMs have no comment field, so every VM the module
// makes for a service is *named* with the ownership marker (vps/ownership.h; its host name is the
// VM's `domain`), sent in the create request itself: the module finds its own VM after a crash or
// a lost answer and never touches one it did not make.
#pragma once

#include <optional>
#include <string>

#include "core/module.h"
#include "vmmanager5/api.h"
#include "vmmanager5/vms.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager5 {

std::string OwnershipMarker(const core::Context& ctx);

// The service's VM: the one the state or the panel's `vmid` names, verified by the marker;
// without either, the one named with the marker. nullopt when there is none (any more).
// Error{access} when the id now belongs to a VM that is not the service's.
std::optional<vmmanager5::Vm> LocateVm(core::Context& ctx, vmmanager5::Api& api);
// LocateVm, and Error{notfound} when there is none.
vmmanager5::Vm RequireVm(core::Context& ctx, vmmanager5::Api& api);

// The state's record of the service's VM, or a fresh one for `vm` when the state lost it.
vps::VmRecord RecordOf(core::Context& ctx, const vmmanager5::Vm& vm);

}  // namespace pm::pmvmmanager5
