#pragma once

#include <nlohmann/json.hpp>

#include "vm5sim/world.h"

namespace vm5sim {

// The default world as a seed document (README, "Default world").
nlohmann::json DefaultSeed();

// Builds the world from the default seed with the given seed's top-level sections replacing the
// default ones. Throws std::invalid_argument naming the offending entry for unknown keys, wrong
// types, repeated ids and dangling references.
World BuildWorld(const nlohmann::json& seed);

}  // namespace vm5sim
