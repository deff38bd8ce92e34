#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vm6sim/core.h"
#include "vm6sim/world.h"

namespace vm6sim {

// Rows as the API lists them.
nlohmann::json HostRow(const World& world, const Host& host, double now);
// GET /vm/v3/host/{id}: the row without its associated objects (account, cluster, node, disk,
// ip4).
nlohmann::json HostObject(const World& world, const Host& host, double now);
// /_sim/state: the row plus what the API does not show (the password only as its SHA-256).
nlohmann::json HostDetail(const Core& core, const Host& host, double now);
nlohmann::json TaskRow(const Task& task);
nlohmann::json ScheduleRow(const Schedule& schedule, double now);
nlohmann::json AccountRow(const World& world, const Account& account);
nlohmann::json IpRow(const World& world, const Ip& ip);

// The next run of a schedule after `now` (UTC), "YYYY-MM-DD HH:MM:SS"; nullopt when its
// start_time lacks what its type needs.
std::optional<std::string> NextRun(const Schedule& schedule, double now);

}  // namespace vm6sim
