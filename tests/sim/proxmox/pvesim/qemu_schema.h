#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pvesim/params.h"

namespace pvesim {

// Property-string formats of the VM config (qemu-server's $net_fmt, drive formats, ...).
const PropertyFormat& NetFormat();
const PropertyFormat& DriveFormat(std::string_view bus);  // "scsi", "virtio", "sata", "ide"
const PropertyFormat& MemoryFormat();
const PropertyFormat& AgentFormat();
const PropertyFormat& IpconfigFormat();
const PropertyFormat& BootFormat();
const PropertyFormat& UnusedFormat();
const PropertyFormat& Smbios1Format();
const PropertyFormat& PruneBackupsFormat();

// The VM config keys the simulator implements, shared by create and config POST/PUT.
const std::vector<ParamSpec>& QemuConfigKeys();
const ParamSpec* QemuConfigKey(std::string_view key);

bool IsDriveKey(std::string_view key);   // scsi0-30, virtio0-15, sata0-5, ide0-3
bool IsNetKey(std::string_view key);     // net0-31
bool IsUnusedKey(std::string_view key);  // unused0-255
std::string DriveBus(std::string_view key);

// The privilege $check_vm_modify_config_perm wants for a key (drives, unusedN and tags are
// checked elsewhere and yield an empty list); `any` means one of them suffices. nullopt:
// "only root can set '<key>' config".
struct KeyPrivileges {
  std::vector<std::string> privs;
  bool any = false;
};
std::optional<KeyPrivileges> ConfigKeyPrivileges(std::string_view key);

// Options applied at once on a running VM (qemu-server's $fast_plug_option plus cloud-init).
bool IsFastPlugOption(std::string_view key);

}  // namespace pvesim
