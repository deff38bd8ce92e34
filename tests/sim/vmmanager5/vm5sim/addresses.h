// The address a VM gets (vm.edit create, iplist.edit): `family=ipv4` (the default) takes the
// lowest free address of the seeded ranges; `family=special` with `ip=<addr>` takes that one,
// which must lie in a range and be free.
#pragma once

#include <cstdint>

#include "vm5sim/params.h"
#include "vm5sim/world.h"

namespace vm5sim {

// The address, or a `value` error (object `family` or `ip`) or an `exists` error (object `ip`).
uint32_t ChooseAddress(const World& world, const Params& params);

}  // namespace vm5sim
