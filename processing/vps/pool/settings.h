// The pool's settings on a processing module's connection form (contract §12): an empty
// `pool_owner` switches the pool off; empty numbers take the form's placeholders.
#pragma once

#include <optional>
#include <string>

#include "core/service.h"
#include "pool/planner.h"

namespace pm::vps::pool {

struct PoolSettings {
  std::string owner;  // e-mail of the account that owns the pooled servers
  pm::pool::Settings plan;
};

// nullopt when the module has no pool; Error{value} naming the field for an unusable number.
std::optional<PoolSettings> PoolSettingsOf(const core::ModuleConfig& module);

}  // namespace pm::vps::pool
