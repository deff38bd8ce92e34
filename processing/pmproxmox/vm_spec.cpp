#include "pmproxmox/vm_spec.h"

#include <algorithm>
#include <cctype>
#include <climits>

#include "common/numbers.h"
#include "http/form.h"
#include "proxmox/vm_config.h"

namespace pm::pmproxmox {
namespace {

using proxmox::FormatDecimal;
using proxmox::PropertyString;

constexpr std::uint64_t kGiB = 1ULL << 30;

std::string Text(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key)) return "";
  const auto& value = config[key];
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return FormatDecimal(value.get<double>());
  return "";
}

// `memory` is "[current=]MiB" since PVE 8.1 and a plain integer before (notes §8).
std::string MemoryMiB(const nlohmann::json& config) {
  auto memory = PropertyString::Parse(Text(config, "memory"), "current");
  return memory.Get("current").value_or("");
}

void ChangeIfDifferent(ConfigPlan& plan, const nlohmann::json& config, const std::string& key,
                       const std::string& wanted) {
  if (Text(config, key) != wanted) plan.changes.emplace_back(key, wanted);
}

void SetOrErase(PropertyString& drive, const std::string& key, const std::optional<std::string>& value) {
  if (value) {
    drive.Set(key, *value);
  } else {
    drive.Erase(key);
  }
}

void ApplyLimits(PropertyString& drive, const vps::Package& package) {
  auto mbps = package.disk_mbps ? std::optional(FormatDecimal(*package.disk_mbps)) : std::nullopt;
  auto iops = package.disk_iops ? std::optional(std::to_string(*package.disk_iops)) : std::nullopt;
  SetOrErase(drive, "mbps_rd", mbps);
  SetOrErase(drive, "mbps_wr", mbps);
  SetOrErase(drive, "iops_rd", iops);
  SetOrErase(drive, "iops_wr", iops);
}

// Limits on an existing disk, and growth to `gib` (never shrinking).
void PlanExistingDisk(ConfigPlan& plan, const nlohmann::json& config, const std::string& key, std::uint64_t gib,
                      const vps::Package& package) {
  std::string current = Text(config, key);
  PropertyString drive = PropertyString::Parse(current, "file");
  ApplyLimits(drive, package);
  if (drive.Format() != current) plan.changes.emplace_back(key, drive.Format());
  auto size = proxmox::ParseSize(drive.Get("size").value_or(""));
  std::uint64_t wanted = gib * kGiB;
  if (!size || *size < wanted) {
    plan.grow.emplace_back(key, gib);
  } else if (*size > wanted) {
    plan.notes.push_back("disk " + key + " is larger than the package (" + std::to_string(gib) +
                         " GiB); Proxmox cannot shrink disks, so it stays as it is");
  }
}

void PlanAdditionalDisk(ConfigPlan& plan, const nlohmann::json& config, const std::string& system_disk,
                        const VmSpec& spec) {
  std::string key = AdditionalDisk(system_disk);
  bool exists = config.contains(key);
  if (spec.package.disk2_gib == 0) {
    if (exists) plan.notes.push_back("the package has no additional disk, but " + key + " is kept with its data");
    return;
  }
  if (exists) {
    PlanExistingDisk(plan, config, key, spec.package.disk2_gib, spec.package);
    return;
  }
  std::string storage = spec.storage;
  if (storage.empty()) {
    std::string volume = PropertyString::Parse(Text(config, system_disk), "file").Get("file").value_or("");
    storage = volume.substr(0, volume.find(':'));
  }
  // New-disk syntax STORAGE:SIZE_GiB allocates a fresh volume (notes §9).
  PropertyString drive = PropertyString::Parse(storage + ":" + std::to_string(spec.package.disk2_gib), "file");
  ApplyLimits(drive, spec.package);
  plan.changes.emplace_back(key, drive.Format());
}

void PlanNetwork(ConfigPlan& plan, const nlohmann::json& config, const VmSpec& spec) {
  std::string current = Text(config, "net0");
  auto net = proxmox::NetDevice::Parse(current);
  if (!spec.mac.empty()) net.mac = spec.mac;
  if (!spec.bridge.empty()) net.rest.Set("bridge", spec.bridge);
  SetOrErase(net.rest, "tag", spec.vlan ? std::optional(std::to_string(*spec.vlan)) : std::nullopt);
  auto rate = NetRateMBps(spec.package);
  SetOrErase(net.rest, "rate", rate ? std::optional(FormatDecimal(*rate)) : std::nullopt);
  if (net.Format() != current) plan.changes.emplace_back("net0", net.Format());
}

// sshkeys has the `urlencoded` format: the value itself must be percent-encoded (notes §11).
std::string EncodedKeys(const std::string& keys) {
  std::string normalized;
  for (char c : keys) {
    if (c != '\r') normalized += c;
  }
  while (!normalized.empty() && normalized.back() == '\n') normalized.pop_back();
  return http::PercentEncode(normalized);
}

void PlanCloudInit(ConfigPlan& plan, const nlohmann::json& config, const CloudInit& ci) {
  ChangeIfDifferent(plan, config, "ciuser", ci.user);
  // PVE shows only "**********" for the password, so it cannot be compared: always send it.
  plan.changes.emplace_back("cipassword", ci.password);
  if (!ci.sshkeys.empty()) ChangeIfDifferent(plan, config, "sshkeys", EncodedKeys(ci.sshkeys));
  ChangeIfDifferent(plan, config, "ipconfig0", ci.ipconfig);
  if (!ci.nameserver.empty()) ChangeIfDifferent(plan, config, "nameserver", ci.nameserver);
}

bool IsDiskKey(const std::string& key) {
  for (const char* bus : {"scsi", "virtio", "sata", "ide"}) {
    std::string prefix = bus;
    if (key.rfind(prefix, 0) == 0 && key.size() > prefix.size() &&
        std::isdigit(static_cast<unsigned char>(key[prefix.size()]))) {
      return true;
    }
  }
  return false;
}

bool IsCdrom(const nlohmann::json& config, const std::string& key) {
  return Text(config, key).find("media=cdrom") != std::string::npos;
}

}  // namespace

std::string SystemDisk(const nlohmann::json& config) {
  auto boot = PropertyString::Parse(Text(config, "boot"), "legacy").Get("order").value_or("");
  std::string first = boot.substr(0, boot.find(';'));
  if (IsDiskKey(first) && config.contains(first) && !IsCdrom(config, first)) return first;
  for (const char* key : {"scsi0", "virtio0", "sata0", "ide0"}) {
    if (config.contains(key) && !IsCdrom(config, key)) return key;
  }
  return "scsi0";
}

std::string AdditionalDisk(const std::string& system_disk) {
  size_t digits = system_disk.find_first_of("0123456789");
  return system_disk.substr(0, digits) + std::to_string(std::stoi(system_disk.substr(digits)) + 1);
}

ConfigPlan PlanConfig(const nlohmann::json& config, const VmSpec& spec) {
  ConfigPlan plan;
  ChangeIfDifferent(plan, config, "cores", std::to_string(spec.package.cores));
  if (config.contains("sockets") && Text(config, "sockets") != "1") plan.changes.emplace_back("sockets", "1");
  if (MemoryMiB(config) != std::to_string(spec.package.memory_mib)) {
    plan.changes.emplace_back("memory", std::to_string(spec.package.memory_mib));
  }
  // PVE refuses memory below the balloon target ("balloon value too large").
  auto balloon = common::ParseWhole(Text(config, "balloon"), 0, LLONG_MAX);
  if (balloon && static_cast<std::uint64_t>(*balloon) > spec.package.memory_mib) {
    plan.changes.emplace_back("balloon", std::to_string(spec.package.memory_mib));
  }
  if (!spec.hostname.empty()) ChangeIfDifferent(plan, config, "name", spec.hostname);
  if (!spec.description.empty()) ChangeIfDifferent(plan, config, "description", spec.description);
  ChangeIfDifferent(plan, config, "onboot", spec.onboot ? "1" : "0");
  PlanNetwork(plan, config, spec);
  std::string system_disk = SystemDisk(config);
  PlanExistingDisk(plan, config, system_disk, spec.package.disk_gib, spec.package);
  PlanAdditionalDisk(plan, config, system_disk, spec);
  if (spec.cloud_init) PlanCloudInit(plan, config, *spec.cloud_init);
  return plan;
}

std::optional<double> NetRateMBps(const vps::Package& package) {
  std::optional<double> mbit;
  for (const auto& rate : {package.inbound_mbit, package.outbound_mbit}) {
    if (rate) mbit = mbit ? std::min(*mbit, *rate) : *rate;
  }
  if (!mbit) return std::nullopt;
  return *mbit / 8.0;
}

}  // namespace pm::pmproxmox
