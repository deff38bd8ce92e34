// `open` from the pool (contract §12): a ready pooled host of the service's configuration is
// claimed in the module's state (never by two services), given to the client's account with the
// service's password and hostname, and marked as the service's. A rerun after a kill finishes the
// hand-over its service holds; the host is never lost or given twice.
#pragma once

#include <optional>

#include "core/module.h"
#include "pmvmmanager6/order.h"
#include "pool/configuration.h"
#include "vmmanager6/api.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager6 {

// What the service's order is, as the pool counts sales and matches servers.
pm::pool::Configuration ConfigurationOf(const core::Context& ctx, const Order& order);

// The host the service gets from the pool, handed over; nullopt when the module has no pool, the
// order is not one a pooled host can serve (a recipe) or none is ready.
std::optional<long long> TakeFromPool(core::Context& ctx, vmmanager6::Api& api, const Order& order,
                                      vps::VmRecord& record);

}  // namespace pm::pmvmmanager6
