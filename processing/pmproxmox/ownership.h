// Which VM belongs to a service. Every VM the module makes carries the ownership marker
// (vps/ownership.h) in its description from the clone on, so the module recognises its own
// half-made VM after a crash, follows a VM that was migrated to another node, and never touches
// a VM it did not make.
#pragma once

#include <optional>
#include <string>

#include "core/module.h"
#include "proxmox/api.h"
#include "proxmox/cluster.h"
#include "vps/vm_records.h"

namespace pm::pmproxmox {

std::string OwnershipMarker(long module, long item);
// True when the VM config's description carries `marker`.
bool CarriesMarker(const nlohmann::json& config, const std::string& marker);

// What the state remembers of the service's VM, else what the panel saved (vmid, node).
std::optional<vps::VmRecord> KnownRecord(core::Context& ctx);

struct OwnedVm {
  vps::VmRecord record;
  proxmox::Guest guest;  // where it is now, its status and config lock
};

// The service's VM: from the state, else from the vmid the panel saved; verified by the marker
// and located on its current node. nullopt when it does not exist (any more). Error{access}
// when the VMID now belongs to a VM that is not ours.
std::optional<OwnedVm> LocateVm(core::Context& ctx, proxmox::Api& api);

// Error{locked} naming the lock when Proxmox holds a config lock on the VM.
void RequireUnlocked(const proxmox::Guest& guest);

}  // namespace pm::pmproxmox
