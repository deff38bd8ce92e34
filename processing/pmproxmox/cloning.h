// A new VM cloned from a template. VMIDs from nextid are not reserved, so another creator may take
// the one chosen; the clone then goes to the next free one.
#pragma once

#include <functional>
#include <string>

#include "core/log.h"
#include "pmproxmox/placement.h"
#include "proxmox/api.h"

namespace pm::pmproxmox {

// Clones `placement`'s template into a free VMID named `name`, with `description` written at
// clone time, and waits for the clone. `chosen(vmid)` runs before each attempt, so that the caller
// remembers the VMID before the clone starts. Returns the VMID. A lost answer goes up as
// proxmox::LostAnswer: the caller looks for what it made, it is never cloned again here.
int CloneTemplate(proxmox::Api& api, core::Log& log, const Placement& placement, const std::string& name,
                  const std::string& description, const std::function<void(int vmid)>& chosen);

}  // namespace pm::pmproxmox
