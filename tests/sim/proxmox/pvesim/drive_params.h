#pragma once

#include <string>
#include <vector>

#include "pvesim/call.h"
#include "pvesim/state.h"

namespace pvesim {

// $check_drive_param + $check_storage_access for the drive keys of a create/config call:
// permissions on the storages, "STORAGE:SIZE" targets that can hold images, existing volumes
// the caller may use. Drive strings are normalised in place.
void CheckDriveParams(const Call& call, Params& params, const std::string& default_storage,
                      int vmid);

// $check_vm_modify_config_perm for config keys (set or deleted).
void CheckConfigKeyPermissions(const Call& call, int vmid, const std::vector<std::string>& keys);

// PVE::Tools::validate_ssh_public_keys on the URI-unescaped sshkeys value.
void ValidateSshKeys(const std::string& urlencoded);

// create_disks: allocates "STORAGE:SIZE" and "STORAGE:cloudinit" drives among `values`,
// rewriting them to the new volumes; returns the created volids (for cleanup on failure).
// `existing` is the VM's config when it has one (cloud-init drives are unique per VM).
std::vector<std::string> CreateDisks(State& state, const std::string& node, int vmid,
                                     Config& values, const std::string& default_storage,
                                     const Vm* existing, TaskContext* log);

// Adds a random MAC to netN values without one (add_random_macs / print_net).
void AddRandomMacs(Rng& rng, Params& params, bool normalize_all);

}  // namespace pvesim
