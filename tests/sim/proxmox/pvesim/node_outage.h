#pragma once

#include <nlohmann/json.hpp>

#include "pvesim/sim_core.h"

namespace pvesim {

// The node_offline fault: a cluster member goes down while the node answering the API stays up.
// Requests proxied to it fail with 595 (dispatch.cpp), /nodes and /cluster/resources show it
// offline and read its last broadcast until pmxcfs drops it (rrd.h). Its tasks go on unseen, as
// on a node cut off from the network. Throws a 400 ApiError for a malformed rule.
void TakeNodeOffline(SimCore& core, const nlohmann::json& rule);
// Brings back every node a node_offline fault took down (DELETE /_sim/faults).
void BringNodesBack(SimCore& core);

}  // namespace pvesim
