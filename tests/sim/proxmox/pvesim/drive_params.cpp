#include "pvesim/drive_params.h"

#include "pvesim/api_error.h"
#include "pvesim/backups.h"
#include "pvesim/qemu_schema.h"
#include "pvesim/text.h"
#include "pvesim/vm_ops.h"

namespace pvesim {

namespace {

void CheckNewDiskStorage(const Call& call, const std::string& storage_id) {
  if (storage_id.empty()) throw Fail("no storage ID specified (and no default storage)");
  call.Require("/storage/" + storage_id, "Datastore.AllocateSpace");
  const Storage* storage = call.core.state.FindStorage(storage_id);
  if (!storage) throw Fail("storage '" + storage_id + "' does not exist");
  if (!storage->Has("images")) {
    throw ParamError("storage", "storage '" + storage_id + "' does not support vm images");
  }
}

void CheckExistingVolume(const Call& call, const std::string& key, const Drive& drive, int vmid) {
  const std::string& file = drive.File();
  if (file[0] == '/') {
    if (!call.IsRoot()) throw Fail("Only root can pass arbitrary filesystem paths.");
    return;
  }
  const Volume* volume = call.core.state.FindVolume(call.Node(), file);
  if (!volume) throw Fail("volume '" + file + "' does not exist");
  if (volume->vmid != vmid || volume->content != "images") {
    CheckVolumeAccess(call.core.state, call.user, *volume);
  }
  if (volume->content != "images" && volume->content != "iso") {
    throw ParamError(key, "content type needs to be 'images' or 'iso'");
  }
  if (volume->content == "iso" && !drive.IsCdrom()) {
    throw ParamError(key, "explicit 'media=cdrom' is required for iso images");
  }
}

std::string CloudinitKey(const Config& config, const std::string& except) {
  for (const auto& [key, value] : config) {
    if (key != except && IsDriveKey(key) && ParseDrive(key, value).IsCloudinit()) return key;
  }
  return "";
}

void Created(TaskContext* log, const std::string& key, const std::string& value) {
  if (log) log->Log(key + ": successfully created disk '" + value + "'");
}

}  // namespace

void CheckDriveParams(const Call& call, Params& params, const std::string& default_storage,
                      int vmid) {
  for (auto& [key, value] : params) {
    if (!IsDriveKey(key)) continue;
    Drive drive = ParseDrive(key, value);
    const std::string& file = drive.File();
    if (file == "none" || ParseCloudinitRequest(file) || drive.IsCloudinit()) {
      // nothing to check: no volume, or the cloud-init drive of this VM
    } else if (drive.IsCdrom() && file == "cdrom") {
      call.Require("/", "Sys.Console");
    } else if (auto disk = ParseNewDisk(file); disk && !drive.IsCdrom()) {
      CheckNewDiskStorage(call, disk->storage.empty() ? default_storage : disk->storage);
    } else {
      CheckExistingVolume(call, key, drive, vmid);
    }
    value = PrintDrive(drive);
  }
}

void CheckConfigKeyPermissions(const Call& call, int vmid, const std::vector<std::string>& keys) {
  if (call.IsRoot()) return;
  std::string acl = "/vms/" + std::to_string(vmid);
  for (const std::string& key : keys) {
    auto privs = ConfigKeyPrivileges(key);
    if (!privs) throw Fail("only root can set '" + key + "' config");
    if (privs->privs.empty()) continue;
    if (privs->any) {
      call.RequireAny(acl, privs->privs);
    } else {
      call.Require(acl, privs->privs.front());
    }
  }
}

void ValidateSshKeys(const std::string& urlencoded) {
  static const std::string kKey =
      R"((ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)\s+[A-Za-z0-9+/]{16,}={0,3}(\s+.*)?)";
  for (const std::string& raw : Split(PercentDecode(urlencoded, false), '\n')) {
    std::string line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (!FullMatch(line, kKey)) throw Fail("SSH public key validation error");
  }
}

std::vector<std::string> CreateDisks(State& state, const std::string& node, int vmid,
                                     Config& values, const std::string& default_storage,
                                     const Vm* existing, TaskContext* log) {
  std::vector<std::string> created;
  for (auto& [key, value] : values) {
    if (!IsDriveKey(key)) continue;
    Drive drive = ParseDrive(key, value);
    std::string file = drive.File();
    if (file == "none" || file == "cdrom") {
      drive.options.erase("size");
    } else if (auto ci_storage = ParseCloudinitRequest(file)) {
      std::string storage = ci_storage->empty() ? default_storage : *ci_storage;
      if (storage.empty()) throw Fail("no storage ID specified (and no default storage)");
      std::string other = CloudinitKey(values, key);
      if (other.empty() && existing) other = CloudinitKey(existing->config, key);
      if (other.empty() && existing) other = CloudinitKey(existing->pending, key);
      if (!other.empty()) {
        throw Fail(key + " - cloud-init drive is already attached at '" + other + "'");
      }
      drive.options["file"] = AllocateCloudinit(state, node, storage, vmid);
      drive.options["media"] = "cdrom";
      drive.options.erase("format");
      drive.options.erase("size");
      created.push_back(drive.File());
      Created(log, key, PrintDrive(drive));
    } else if (auto disk = ParseNewDisk(file); disk && !drive.IsCdrom()) {
      std::string storage = disk->storage.empty() ? default_storage : disk->storage;
      if (storage.empty()) throw Fail("no storage ID specified (and no default storage)");
      auto bytes = static_cast<uint64_t>(disk->gib * static_cast<double>(kGiB));
      drive.options["file"] = AllocateImage(state, node, storage, vmid, bytes);
      drive.options["size"] = std::to_string(bytes);
      created.push_back(drive.File());
      Created(log, key, PrintDrive(drive));
    } else if (const Volume* volume = state.FindVolume(node, file); volume && !drive.IsCdrom()) {
      drive.options["size"] = std::to_string(volume->size);
    }
    value = PrintDrive(drive);
  }
  return created;
}

void AddRandomMacs(Rng& rng, Params& params, bool normalize_all) {
  for (auto& [key, value] : params) {
    if (!IsNetKey(key)) continue;
    PropertyMap net = ParseProperty(NetFormat(), value, key);
    bool missing = !net.count("macaddr");
    if (missing) net["macaddr"] = rng.Mac();
    if (missing || normalize_all) value = PrintProperty(NetFormat(), net);
  }
}

}  // namespace pvesim
