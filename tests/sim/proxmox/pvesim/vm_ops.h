#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pvesim/params.h"
#include "pvesim/sim_core.h"
#include "pvesim/state.h"

namespace pvesim {

// PVE::QemuConfig->load_config on `node`: the VM must live there.
Vm& LoadVm(State& state, const std::string& node, int vmid);
// PVE::AbstractConfig::check_lock: "VM is locked (<lock>)".
void CheckLock(const Vm& vm);
// check_running's failure when the config is not on this node.
void RequireConfigOnNode(const State& state, const std::string& node, int vmid);

// A drive property string, parsed (size in bytes) and printable again.
struct Drive {
  std::string key;      // "scsi0"
  PropertyMap options;  // "file", "size", "media", ...

  const std::string& File() const { return options.at("file"); }
  bool IsCdrom() const;      // media=cdrom, or the "cdrom"/"none" pseudo volumes
  bool IsCloudinit() const;  // a "vm-<id>-cloudinit" volume
  std::optional<uint64_t> Size() const;
};
Drive ParseDrive(const std::string& key, const std::string& value);
std::string PrintDrive(const Drive& drive);
std::vector<Drive> DrivesOf(const Config& config);

// "STORAGE:SIZE_GiB" (NEW_DISK_RE); the storage part may be empty.
struct NewDisk {
  std::string storage;
  double gib = 0;
};
std::optional<NewDisk> ParseNewDisk(const std::string& file);
// "STORAGE:cloudinit"
std::optional<std::string> ParseCloudinitRequest(const std::string& file);

// Storage a new image may go to: exists, enabled on the node, content "images".
const Storage& ImageStorage(const State& state, const std::string& node, const std::string& id);
std::string AllocateImage(State& state, const std::string& node, const std::string& storage,
                          int vmid, uint64_t bytes);
std::string AllocateCloudinit(State& state, const std::string& node, const std::string& storage,
                              int vmid);
// vdisk_free: refuses protected volumes.
void FreeImage(State& state, const std::string& node, const std::string& volid);
// Adds the volume as the first free unusedN key of a config.
std::string RegisterUnused(Config& config, const std::string& volid);
// Volumes the VM references (drives except pseudo-cdroms, unusedN).
std::vector<std::string> ReferencedVolumes(const Vm& vm);

int VmCpus(const Vm& vm);
uint64_t VmMaxMemBytes(const Vm& vm);
uint64_t VmMaxDiskBytes(const State& state, const Vm& vm);
// The MiB of a memory property string ("4096" or "current=4096").
uint64_t CurrentMemoryMiB(const std::string& value);

// The status fields shared by /nodes/{node}/qemu, status/current and /cluster/resources.
nlohmann::json VmStatusJson(const SimCore& core, const Vm& vm);
// A config map as GET .../config returns it: schema types, cipassword masked.
nlohmann::json ConfigJson(const Config& config);

// Pending changes are applied at once on a stopped VM and at QEMU start
// (vmconfig_apply_pending).
void ApplyPending(State& state, Vm& vm);
// On a running VM, what can be changed live is applied; the rest stays pending until the next
// QEMU start (vmconfig_hotplug_pending; default hotplug features network,disk,usb).
void HotplugPending(State& state, Vm& vm);

// What clone and `restore unique=1` give a copy: a new random MAC on every netN (except the
// keys in `keep`, which the caller set itself) and a new SMBIOS UUID.
void GiveNewIdentity(Config& config, Rng& rng, const Params& keep = {});

}  // namespace pvesim
