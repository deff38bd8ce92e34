// Where a new VM goes (notes B5 V5-node): `auto` takes the node with the fewest VMs among those
// not blocked, holding the template, under their VM limit and with the memory left (no
// overselling); a node id must meet the same conditions.
#pragma once

#include <cstdint>
#include <string>

#include "vm5sim/world.h"

namespace vm5sim {

// The node id; a `value` error naming `hostnode` (or `vmi` when the chosen node lacks the
// template) when there is none.
int ChooseNode(const World& world, const Template& os, int64_t mem, const std::string& hostnode);

}  // namespace vm5sim
