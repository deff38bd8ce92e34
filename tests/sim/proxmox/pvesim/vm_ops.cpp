#include "pvesim/vm_ops.h"

#include <cmath>
#include <set>

#include "pvesim/api_error.h"
#include "pvesim/qemu_schema.h"
#include "pvesim/text.h"

namespace pvesim {

namespace {

constexpr uint64_t kCloudinitSize = 4 * kMiB;

std::set<std::string> HotplugFeatures(const Vm& vm) {
  auto it = vm.config.find("hotplug");
  std::string value = it == vm.config.end() ? "1" : it->second;
  if (value == "0") return {};
  if (value == "1") value = "network,disk,usb";
  auto items = SplitList(value);
  return std::set<std::string>(items.begin(), items.end());
}

// vmconfig_register_unused_drive / vmconfig_delete_or_detach_drive for a removed drive.
void DetachDrive(State& state, Vm& vm, const Drive& drive, bool force) {
  if (drive.IsCloudinit()) {
    FreeImage(state, vm.node, drive.File());
  } else if (!drive.IsCdrom()) {
    if (force) {
      FreeImage(state, vm.node, drive.File());
    } else {
      RegisterUnused(vm.config, drive.File());
    }
  }
}

bool DiffersIn(const Drive& a, const Drive& b, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    auto x = a.options.find(key);
    auto y = b.options.find(key);
    bool has_x = x != a.options.end();
    bool has_y = y != b.options.end();
    if (has_x != has_y || (has_x && x->second != y->second)) return true;
  }
  return false;
}

// vmconfig_update_disk: can the new value of an existing or new drive be applied live?
bool DriveHotpluggable(Vm& vm, const std::string& key, const std::string& value,
                       const std::set<std::string>& features) {
  Drive drive = ParseDrive(key, value);
  std::string bus = DriveBus(key);
  bool disk_hotplug = features.count("disk") && (bus == "scsi" || bus == "virtio");
  auto old_value = vm.config.find(key);
  if (old_value == vm.config.end()) return disk_hotplug;
  Drive old = ParseDrive(key, old_value->second);
  if (old.IsCdrom() || drive.IsCloudinit()) return true;  // medium change / cloud-init regen
  if (drive.File() != old.File()) {
    if (!disk_hotplug) return false;
    RegisterUnused(vm.config, old.File());
    return true;
  }
  return !DiffersIn(
      drive, old,
      {"aio", "discard", "iothread", "queues", "product", "cache", "ssd", "vendor", "ro"});
}

// vmconfig_update_net: model, MAC, queues and MTU need a hot-unplug; bridge, tag, trunks,
// firewall, rate and link_down are changed on the live tap device.
bool NetHotpluggable(const Vm& vm, const std::string& key, const std::string& value,
                     const std::set<std::string>& features) {
  auto old_value = vm.config.find(key);
  if (old_value == vm.config.end()) return features.count("network") > 0;
  PropertyMap now = ParseProperty(NetFormat(), old_value->second, key);
  PropertyMap next = ParseProperty(NetFormat(), value, key);
  for (const char* field : {"model", "macaddr", "queues", "mtu"}) {
    if (now[field] != next[field]) return features.count("network") > 0;
  }
  if (now["bridge"].empty() || next["bridge"].empty()) return features.count("network") > 0;
  return true;
}

bool AgentHotpluggable(const Vm& vm, const std::string& value) {
  auto old_value = vm.config.find("agent");
  if (old_value == vm.config.end()) return false;
  PropertyMap now = ParseProperty(AgentFormat(), old_value->second, "agent");
  PropertyMap next = ParseProperty(AgentFormat(), value, "agent");
  now.erase("fstrim_cloned_disks");
  next.erase("fstrim_cloned_disks");
  return now == next;
}

bool BalloonEnabled(const std::optional<std::string>& value) { return !value || *value != "0"; }

std::optional<std::string> ConfigValue(const Vm& vm, const std::string& key) {
  auto it = vm.config.find(key);
  if (it == vm.config.end()) return std::nullopt;
  return it->second;
}

bool ValueHotpluggable(Vm& vm, const std::string& key, const std::string& value,
                       const std::set<std::string>& features) {
  if (IsNetKey(key)) return NetHotpluggable(vm, key, value, features);
  if (IsDriveKey(key)) return DriveHotpluggable(vm, key, value, features);
  if (key == "balloon") return BalloonEnabled(ConfigValue(vm, key)) == BalloonEnabled(value);
  if (key == "cpulimit" || key == "cpuunits") return true;
  if (key == "agent") return AgentHotpluggable(vm, value);
  if (key == "memory") return features.count("memory") > 0;
  if (key == "vcpus") return features.count("cpu") > 0;
  if (key == "tablet") return features.count("usb") > 0;
  if (key == "hotplug") {
    std::string current = ConfigValue(vm, "hotplug").value_or("");
    for (const char* feature : {"memory", "cpu"}) {
      if (value.find(feature) != std::string::npos || current.find(feature) != std::string::npos) {
        return false;
      }
    }
    return true;
  }
  return false;
}

bool DeleteHotpluggable(State& state, Vm& vm, const std::string& key, bool force,
                        const std::set<std::string>& features) {
  if (IsNetKey(key)) return features.count("network") > 0;
  if (IsDriveKey(key)) {
    std::string bus = DriveBus(key);
    if (!features.count("disk") || bus == "ide" || bus == "sata") return false;
    if (vm.config.count(key)) DetachDrive(state, vm, ParseDrive(key, vm.config[key]), force);
    return true;
  }
  if (key == "balloon") return BalloonEnabled(ConfigValue(vm, key));
  if (key == "cpulimit" || key == "cpuunits") return true;
  if (key == "memory") return features.count("memory") > 0;
  if (key == "vcpus") return features.count("cpu") > 0;
  return false;
}

}  // namespace

Vm& LoadVm(State& state, const std::string& node, int vmid) {
  Vm* vm = state.FindVm(vmid);
  if (!vm || vm->node != node) {
    throw Fail("Configuration file 'nodes/" + node + "/qemu-server/" + std::to_string(vmid) +
               ".conf' does not exist");
  }
  return *vm;
}

void CheckLock(const Vm& vm) {
  if (auto lock = vm.Lock()) throw Fail("VM is locked (" + *lock + ")");
}

void RequireConfigOnNode(const State& state, const std::string& node, int vmid) {
  const Vm* vm = state.FindVm(vmid);
  if (!vm || vm->node != node) {
    throw Fail("unable to find configuration file for VM " + std::to_string(vmid) +
               " - no such machine");
  }
}

bool Drive::IsCdrom() const {
  auto media = options.find("media");
  return media != options.end() && media->second == "cdrom";
}

bool Drive::IsCloudinit() const {
  return FullMatch(File(), R"((.*[:/])?vm-\d+-cloudinit(\.(qcow2|raw))?)");
}

std::optional<uint64_t> Drive::Size() const {
  auto size = options.find("size");
  if (size == options.end()) return std::nullopt;
  return ParseSize(size->second);
}

Drive ParseDrive(const std::string& key, const std::string& value) {
  Drive drive{key, {}};
  try {
    drive.options = ParseProperty(DriveFormat(DriveBus(key)), value, key);
  } catch (const PropertyError&) {
    throw Fail("unable to parse drive options for '" + key + "'");
  }
  if (auto size = drive.Size()) drive.options["size"] = std::to_string(*size);
  return drive;
}

std::string PrintDrive(const Drive& drive) {
  return PrintProperty(DriveFormat(DriveBus(drive.key)), drive.options);
}

std::vector<Drive> DrivesOf(const Config& config) {
  std::vector<Drive> drives;
  for (const auto& [key, value] : config) {
    if (IsDriveKey(key)) drives.push_back(ParseDrive(key, value));
  }
  return drives;
}

std::optional<NewDisk> ParseNewDisk(const std::string& file) {
  static const std::string kPattern = R"((([^/:\s]+):)?(\d+(\.\d+)?))";
  std::smatch match;
  if (!std::regex_match(file, match, RegexFor(kPattern))) return std::nullopt;
  return NewDisk{match[2].str(), std::stod(match[3].str())};
}

std::optional<std::string> ParseCloudinitRequest(const std::string& file) {
  auto colon = file.find(':');
  if (colon == std::string::npos || file.substr(colon + 1) != "cloudinit") return std::nullopt;
  return file.substr(0, colon);
}

const Storage& ImageStorage(const State& state, const std::string& node, const std::string& id) {
  const Storage* storage = state.FindStorage(id);
  if (!storage) throw Fail("storage '" + id + "' does not exist");
  if (!storage->AvailableOn(node)) {
    throw Fail("storage '" + id + "' is not available on node '" + node + "'");
  }
  if (!storage->Has("images"))
    throw ParamError("storage", "storage '" + id + "' does not support vm images");
  return *storage;
}

std::string AllocateImage(State& state, const std::string& node, const std::string& storage,
                          int vmid, uint64_t bytes) {
  ImageStorage(state, node, storage);
  Volume volume;
  volume.volid = storage + ":" + state.NextDiskName(node, storage, vmid);
  volume.content = "images";
  volume.format = "raw";
  volume.size = bytes;
  volume.vmid = vmid;
  return state.AddVolume(node, volume).volid;
}

std::string AllocateCloudinit(State& state, const std::string& node, const std::string& storage,
                              int vmid) {
  const Storage& info = ImageStorage(state, node, storage);
  std::string name = "vm-" + std::to_string(vmid) + "-cloudinit";
  Volume volume;
  volume.volid =
      storage + ":" + (info.IsFileBased() ? std::to_string(vmid) + "/" + name + ".qcow2" : name);
  volume.content = "images";
  volume.format = info.IsFileBased() ? "qcow2" : "raw";
  volume.size = kCloudinitSize;
  volume.vmid = vmid;
  return state.AddVolume(node, volume).volid;
}

void FreeImage(State& state, const std::string& node, const std::string& volid) {
  Volume* volume = state.FindVolume(node, volid);
  if (!volume) return;
  if (volume->is_protected) {
    throw Fail("cannot remove protected volume '" + volume->Name() + "' on '" + volume->Storage() +
               "'");
  }
  state.RemoveVolume(node, volid);
}

std::string RegisterUnused(Config& config, const std::string& volid) {
  for (const auto& [key, value] : config) {
    if (IsUnusedKey(key) && ParseProperty(UnusedFormat(), value, key)["file"] == volid) return key;
  }
  for (int n = 0; n <= 255; ++n) {
    std::string key = "unused" + std::to_string(n);
    if (!config.count(key)) {
      config[key] = volid;
      return key;
    }
  }
  throw Fail("too many unused disks");
}

std::vector<std::string> ReferencedVolumes(const Vm& vm) {
  std::vector<std::string> volumes;
  for (const Drive& drive : DrivesOf(vm.config)) {
    const std::string& file = drive.File();
    if (file == "none" || file == "cdrom" || file.empty() || file[0] == '/') continue;
    volumes.push_back(file);
  }
  for (const auto& [key, value] : vm.config) {
    if (IsUnusedKey(key)) volumes.push_back(ParseProperty(UnusedFormat(), value, key)["file"]);
  }
  return volumes;
}

int VmCpus(const Vm& vm) {
  auto get = [&vm](const char* key, int fallback) {
    auto it = vm.config.find(key);
    return it == vm.config.end() ? fallback : std::stoi(it->second);
  };
  if (vm.config.count("vcpus")) return get("vcpus", 1);
  return get("sockets", 1) * get("cores", 1);
}

uint64_t CurrentMemoryMiB(const std::string& value) {
  return std::stoull(ParseProperty(MemoryFormat(), value, "memory")["current"]);
}

uint64_t VmMaxMemBytes(const Vm& vm) {
  auto it = vm.config.find("memory");
  return (it == vm.config.end() ? 512 : CurrentMemoryMiB(it->second)) * kMiB;
}

uint64_t VmMaxDiskBytes(const State& state, const Vm& vm) {
  std::vector<std::string> order;
  auto boot = vm.config.find("boot");
  if (boot != vm.config.end()) {
    PropertyMap parsed = ParseProperty(BootFormat(), boot->second, "boot");
    order = SplitList(parsed["order"]);
  }
  for (const Drive& drive : DrivesOf(vm.config)) order.push_back(drive.key);
  for (const std::string& key : order) {
    auto value = vm.config.find(key);
    if (!IsDriveKey(key) || value == vm.config.end()) continue;
    Drive drive = ParseDrive(key, value->second);
    if (drive.IsCdrom()) continue;
    const Volume* volume = state.FindVolume(vm.node, drive.File());
    if (volume) return volume->size;
    return drive.Size().value_or(0);
  }
  return 0;
}

nlohmann::json VmStatusJson(const SimCore& core, const Vm& vm) {
  bool running = vm.running || vm.backup_qemu;
  int64_t uptime = vm.running ? static_cast<int64_t>(core.clock.Now() - vm.started_at) : 0;
  uint64_t maxmem = VmMaxMemBytes(vm);
  nlohmann::json out = {
      {"vmid", vm.vmid},
      {"name", vm.config.count("name") ? vm.config.at("name") : "VM " + std::to_string(vm.vmid)},
      {"status", running ? "running" : "stopped"},
      {"cpus", VmCpus(vm)},
      {"maxmem", maxmem},
      {"maxdisk", VmMaxDiskBytes(core.state, vm)},
      {"mem", vm.running ? maxmem * 37 / 100 : 0},
      {"cpu", vm.running ? 0.023 : 0.0},
      {"uptime", uptime},
      {"netin", uptime * 1200},
      {"netout", uptime * 800},
      {"diskread", uptime * 4096},
      {"diskwrite", uptime * 2048},
      {"disk", 0}};
  if (running) {
    out["pid"] = 100000 + vm.vmid;
    out["qmpstatus"] = vm.running ? "running" : "prelaunch";
  }
  if (auto lock = vm.Lock()) out["lock"] = *lock;
  if (vm.IsTemplate()) out["template"] = 1;
  if (vm.config.count("tags")) out["tags"] = vm.config.at("tags");
  return out;
}

nlohmann::json ConfigJson(const Config& config) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : config) {
    const ParamSpec* spec = QemuConfigKey(key);
    if (key == "cipassword") {
      out[key] = "**********";
    } else if (spec && (spec->type == ParamType::kInteger || spec->type == ParamType::kBoolean) &&
               IsInteger(value)) {
      out[key] = std::stoll(value);
    } else if (spec && spec->type == ParamType::kNumber && IsNumber(value)) {
      out[key] = std::stod(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

void ApplyPending(State& state, Vm& vm) {
  for (const auto& [key, force] : vm.pending_delete) {
    auto current = vm.config.find(key);
    if (current == vm.config.end()) continue;
    if (IsDriveKey(key)) DetachDrive(state, vm, ParseDrive(key, current->second), force);
    vm.config.erase(key);
  }
  for (const auto& [key, value] : vm.pending) {
    auto current = vm.config.find(key);
    if (IsDriveKey(key) && current != vm.config.end()) {
      Drive old = ParseDrive(key, current->second);
      if (old.File() != ParseDrive(key, value).File()) DetachDrive(state, vm, old, false);
    }
    vm.config[key] = value;
  }
  vm.pending.clear();
  vm.pending_delete.clear();
}

void HotplugPending(State& state, Vm& vm) {
  std::set<std::string> features = HotplugFeatures(vm);
  for (auto it = vm.pending_delete.begin(); it != vm.pending_delete.end();) {
    const auto& [key, force] = *it;
    if (IsFastPlugOption(key) || DeleteHotpluggable(state, vm, key, force, features)) {
      vm.config.erase(key);
      it = vm.pending_delete.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = vm.pending.begin(); it != vm.pending.end();) {
    const auto& [key, value] = *it;
    if (IsFastPlugOption(key) || ValueHotpluggable(vm, key, value, features)) {
      vm.config[key] = value;
      it = vm.pending.erase(it);
    } else {
      ++it;
    }
  }
}

void GiveNewIdentity(Config& config, Rng& rng, const Params& keep) {
  for (auto& [key, value] : config) {
    if (!IsNetKey(key) || keep.count(key)) continue;
    PropertyMap net = ParseProperty(NetFormat(), value, key);
    net["macaddr"] = rng.Mac();
    value = PrintProperty(NetFormat(), net);
  }
  PropertyMap smbios = config.count("smbios1")
                           ? ParseProperty(Smbios1Format(), config["smbios1"], "smbios1")
                           : PropertyMap{};
  smbios["uuid"] = rng.Uuid();
  config["smbios1"] = PrintProperty(Smbios1Format(), smbios);
}

}  // namespace pvesim
