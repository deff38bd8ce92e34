// The pooled server a buyer's `open` takes (contract §12): the one its service already holds (an
// earlier run's hand-over, which the rerun finishes whatever the pool's settings are now), else
// the oldest ready one of its configuration, claimed in one transaction so that two opens never
// get the same. The module hands it over and then calls HandedOver.
#pragma once

#include <optional>

#include "core/module.h"
#include "vps/pool/store.h"

namespace pm::vps::pool {

// `servable`: whether the module's pooled servers can serve this order at all (a module makes them
// with its own defaults, so an order needing something else, like a recipe, cannot take one).
std::optional<Slot> ClaimForOpen(core::Context& ctx, const Configuration& configuration, bool servable);

// Whether an earlier run of this service's open claimed a server it did not finish handing over.
bool HoldsClaim(core::Context& ctx);

// The hand-over is done: the server is the service's, the slot goes.
void HandedOver(core::Context& ctx, const Slot& slot);

// A claimed server that is gone or no longer the pool's: the slot goes and the open makes a new one.
void ClaimLost(core::Context& ctx, const Slot& slot, const std::string& why);

// The service is closed before its open finished a hand-over: the server goes back to the pool
// tick to be deleted (it may have the buyer's owner or password already). A server that carries
// the service's marker already is the service's own, and its close deletes it; the tick then
// finds no pooled server for the slot and drops it.
void AbandonClaim(core::Context& ctx);

// The configuration the service orders (its OS, package and the tariff's `preset`, if any), as the
// pool counts sales and matches servers.
Configuration OrderedConfiguration(const core::Context& ctx, const std::string& preset = "");

// Counts the service's sale for the pool (once, however often its open is rerun).
void CountSale(core::Context& ctx, const Configuration& configuration);

}  // namespace pm::vps::pool
