#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "pvesim/sim_core.h"

namespace pvesim {

// The status data each node's pvestatd broadcasts through pmxcfs (its RRD keys), which
// /cluster/resources and /nodes read for nodes, guests and storages. An online node's data is
// current. An offline node's last broadcast stays for five minutes (pve-cluster
// pmxcfs/status.c, rrd_entry_is_old), then its keys are gone and only the configuration in
// /etc/pve is left. nullopt: no data for the key.
std::optional<nlohmann::json> NodeRrd(const SimCore& core, const Node& node);
std::optional<nlohmann::json> GuestRrd(const SimCore& core, const Vm& vm);
std::optional<nlohmann::json> StorageRrd(const SimCore& core, const Storage& storage,
                                         const Node& node);

// Everything a node broadcasts now, kept as its last broadcast when it goes offline.
nlohmann::json Broadcast(const SimCore& core, const Node& node);

}  // namespace pvesim
