#pragma once

#include <nlohmann/json.hpp>

#include "pvesim/state.h"

namespace pvesim {

// The default world: cluster "sim", nodes pve1/pve2, storages local-lvm, local, backup-nfs,
// three cloud-init templates and the billing/audit users (see README.md for the format).
nlohmann::json DefaultSeed();

// Builds the state from a seed; top-level sections missing from `seed` come from the default.
// `now` (simulated) is when seeded VMs were started and their disks created.
// Throws std::invalid_argument with a readable reason for malformed seeds.
State BuildState(const nlohmann::json& seed, double now);

// Adds a VM from its seed/control-API form {vmid, node, config, running?, pool?}, creating the
// volumes its drives name (disks need a size=). Throws std::invalid_argument.
void AddVmFromJson(State& state, const nlohmann::json& vm, double now);

// A backup archive from its seed form {volid, node?, vmid, size, ctime?, notes?, protected?,
// config}.
void AddBackupFromJson(State& state, const nlohmann::json& backup);

}  // namespace pvesim
