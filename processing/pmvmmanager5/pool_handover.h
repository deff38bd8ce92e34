// `open` from the pool (contract §12): a ready pooled VM of the service's configuration is claimed
// in the module's state (never by two services), given to the client's user with the service's
// password, and renamed with the service's marker and host name. A rerun after a kill finishes
// the hand-over its service holds; the VM is never lost or given twice.
#pragma once

#include <optional>

#include "core/module.h"
#include "pmvmmanager5/order.h"
#include "pool/configuration.h"
#include "vmmanager5/api.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager5 {

// The name of a pooled VM: the module's pool marker and the slot's name, so that the tick finds it
// by its slot and nothing else is taken for it.
std::string PooledName(long module, const std::string& slot_name);
// The slot's name in a pooled VM's name; nullopt for any other VM.
std::optional<std::string> SlotNameOf(long module, const std::string& vm_name);

// What the service's order is, as the pool counts sales and matches servers.
pm::pool::Configuration ConfigurationOf(const core::Context& ctx, const Order& order);

// The VM the service gets from the pool, handed over; nullopt when the module has no pool, the
// order is not one a pooled VM can serve (a recipe) or none is ready.
std::optional<long long> TakeFromPool(core::Context& ctx, vmmanager5::Api& api, const Order& order,
                                      vps::VmRecord& record);

}  // namespace pm::pmvmmanager5
