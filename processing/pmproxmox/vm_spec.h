// The VM a service should have, and the config changes that take a VM there. Pure: it compares
// the VM's current config (as PVE returns it) with the package and the network settings, and
// sends only what differs, so open, setparam and (later) restore share one definition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "vps/package.h"
#include "proxmox/api.h"

namespace pm::pmproxmox {

struct CloudInit {
  std::string user;
  std::string password;
  std::string sshkeys;     // OpenSSH public keys, one per line
  std::string ipconfig;    // "ip=10.0.0.5/24,gw=10.0.0.1" or "ip=dhcp"
  std::string nameserver;  // space-separated
};

struct VmSpec {
  vps::Package package;
  std::string hostname;
  std::string description;  // carries the ownership marker
  std::string bridge;
  std::optional<int> vlan;
  std::string mac;       // net0 MAC to keep; empty = keep whatever the VM has
  std::string storage;   // where a new additional disk is allocated
  std::optional<CloudInit> cloud_init;
  bool onboot = true;
};

struct ConfigPlan {
  proxmox::Params changes;                                  // for POST …/config
  std::vector<std::pair<std::string, std::uint64_t>> grow;  // disk key → GiB, after the config
  std::vector<std::string> notes;                           // what was not done, and why
};

// The disk the VM boots from ("scsi0"), from `boot` or the first disk present.
std::string SystemDisk(const nlohmann::json& config);
std::string AdditionalDisk(const std::string& system_disk);  // "scsi0" → "scsi1"

ConfigPlan PlanConfig(const nlohmann::json& config, const VmSpec& spec);

// Proxmox has one `rate` for both directions, in megabytes per second: the smaller paid rate,
// which both honour. nullopt = unlimited.
std::optional<double> NetRateMBps(const vps::Package& package);

}  // namespace pm::pmproxmox
