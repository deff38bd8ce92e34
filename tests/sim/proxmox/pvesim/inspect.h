#pragma once

#include <nlohmann/json.hpp>

#include "pvesim/sim_core.h"

namespace pvesim {

// Snapshots of the simulator state for GET /_sim/state and Server's accessors. Callers hold
// the simulator mutex. Passwords and token secrets are left out.
nlohmann::json VmJson(const Vm& vm);
nlohmann::json TaskJson(const Task& task);
nlohmann::json VolumeJson(const Volume& volume);
// All of GET /_sim/state but "faults", which simcommon/control_api.h adds.
nlohmann::json StateJson(const SimCore& core);

}  // namespace pvesim
