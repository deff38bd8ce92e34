#pragma once

#include <nlohmann/json.hpp>

#include "vm6sim/world.h"

namespace vm6sim {

// The default world as a seed document (README, "Default world").
nlohmann::json DefaultSeed();

// Builds the world from the default seed with the given seed's top-level sections replacing
// the default ones. `now` dates OS and recipe rows. Throws std::invalid_argument naming the
// offending entry for unknown keys, wrong types and dangling references.
World BuildWorld(const nlohmann::json& seed, double now);

}  // namespace vm6sim
