#include "pvesim/seed.h"

#include <stdexcept>

#include "pvesim/auth.h"
#include "pvesim/backups.h"
#include "pvesim/params.h"
#include "pvesim/qemu_schema.h"
#include "pvesim/text.h"
#include "pvesim/vm_ops.h"
#include "simcommon/seed_entry.h"

namespace pvesim {

namespace {

nlohmann::json TemplateConfig(int vmid, const std::string& name, const std::string& mac,
                              const std::string& uuid) {
  std::string id = std::to_string(vmid);
  return {{"name", name},
          {"template", 1},
          {"scsihw", "virtio-scsi-single"},
          {"scsi0", "local-lvm:base-" + id + "-disk-0,size=2G"},
          {"ide2", "local-lvm:vm-" + id + "-cloudinit,media=cdrom"},
          {"net0", "virtio=" + mac + ",bridge=vmbr0"},
          {"cores", 1},
          {"memory", "1024"},
          {"ostype", "l26"},
          {"agent", "1"},
          {"boot", "order=scsi0"},
          {"smbios1", "uuid=" + uuid},
          {"vmgenid", uuid},
          {"meta", "creation-qemu=9.2.0,ctime=1735689600"}};
}

[[noreturn]] void Invalid(const std::string& reason) { throw std::invalid_argument(reason); }

std::string Text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
  if (value.is_number()) return value.dump();
  Invalid("config values must be strings, numbers or booleans");
}

uint64_t Gib(const nlohmann::json& object, const char* key, uint64_t fallback) {
  return object.contains(key) ? object[key].get<uint64_t>() * kGiB : fallback * kGiB;
}

Node ParseNode(const nlohmann::json& in) {
  Node node;
  node.name = in.at("name").get<std::string>();
  node.online = in.value("online", true);
  node.cpus = in.value("cpus", 16);
  node.memory = Gib(in, "memory_gib", 64);
  node.rootfs = Gib(in, "rootfs_gib", 100);
  return node;
}

TimeZone ParseTimeZone(const nlohmann::json& in) {
  TimeZone zone;
  zone.name = in.at("name").get<std::string>();
  zone.offset_seconds = in.value("offset_seconds", int64_t{0});
  // Real offsets run from UTC-12 to UTC+14.
  if (zone.offset_seconds < -12 * 3600 || zone.offset_seconds > 14 * 3600) {
    Invalid("timezone '" + zone.name + "': offset_seconds must be within -43200..50400");
  }
  return zone;
}

Storage ParseStorage(const nlohmann::json& in) {
  Storage storage;
  storage.id = in.at("id").get<std::string>();
  storage.type = in.at("type").get<std::string>();
  if (storage.type != "lvmthin" && storage.type != "dir" && storage.type != "nfs") {
    Invalid("storage '" + storage.id + "': type must be lvmthin, dir or nfs");
  }
  for (const auto& content : in.at("content")) storage.content.insert(content.get<std::string>());
  storage.shared = in.value("shared", false);
  storage.nodes = in.value("nodes", std::vector<std::string>{});
  storage.total = Gib(in, "total_gib", 500);
  storage.path = in.value("path", storage.IsFileBased() ? "/mnt/pve/" + storage.id : "");
  storage.prune_backups = in.value("prune_backups", "");
  if (in.contains("max_protected_backups")) {
    storage.max_protected_backups = in["max_protected_backups"].get<int>();
  }
  return storage;
}

std::map<std::string, std::set<std::string>> ParseAcl(const nlohmann::json& in) {
  std::map<std::string, std::set<std::string>> acl;
  for (const auto& [path, privs] : in.items()) {
    for (const auto& priv : privs) {
      std::string name = priv.get<std::string>();
      if (name == "all") {
        acl[path].insert(AllPrivileges().begin(), AllPrivileges().end());
      } else {
        acl[path].insert(name);
      }
    }
  }
  return acl;
}

User ParseUser(const nlohmann::json& in) {
  User user;
  user.userid = in.at("userid").get<std::string>();
  user.password = in.value("password", "");
  user.enabled = in.value("enabled", true);
  if (in.contains("acl")) user.acl = ParseAcl(in["acl"]);
  for (const auto& t : in.value("tokens", nlohmann::json::array())) {
    Token token;
    token.id = t.at("id").get<std::string>();
    token.secret = t.at("secret").get<std::string>();
    token.privsep = t.value("privsep", false);
    token.expire = t.value("expire", int64_t{0});
    if (t.contains("acl")) token.acl = ParseAcl(t["acl"]);
    user.tokens[token.id] = token;
  }
  return user;
}

void CheckConfigValue(const std::string& key, const std::string& value) {
  if (key == "meta") return;  // informational line PVE writes itself
  const ParamSpec* spec = QemuConfigKey(key);
  if (!spec) Invalid("config key '" + key + "' is not supported");
  if (auto reason = CheckValue(*spec, key, value)) Invalid(key + ": " + Trim(*reason));
}

// Creates the volumes a seeded VM's drives refer to, unless they exist already.
void CreateDriveVolumes(State& state, const Vm& vm, double now) {
  for (const Drive& drive : DrivesOf(vm.config)) {
    const std::string& file = drive.File();
    if (file == "none" || file == "cdrom" || file[0] == '/') continue;
    if (state.FindVolume(vm.node, file)) continue;
    if (drive.IsCdrom() && !drive.IsCloudinit()) continue;  // ISOs belong to the storage seed
    const Storage* storage = state.FindStorage(file.substr(0, file.find(':')));
    if (!storage || !storage->AvailableOn(vm.node)) {
      Invalid("VM " + std::to_string(vm.vmid) + ": no storage for '" + file + "'");
    }
    Volume volume;
    volume.volid = file;
    volume.content = "images";
    volume.format = file.find(".qcow2") != std::string::npos ? "qcow2" : "raw";
    volume.size = drive.IsCloudinit() ? 4 * kMiB : drive.Size().value_or(0);
    if (!volume.size) Invalid("VM " + std::to_string(vm.vmid) + ": " + drive.key + " needs size=");
    volume.vmid = vm.vmid;
    volume.ctime = static_cast<int64_t>(now);
    state.AddVolume(vm.node, volume);
  }
}

template <typename T, typename Parse>
std::vector<T> ParseList(const nlohmann::json& seed, const char* key, Parse parse) {
  std::vector<T> out;
  for (const auto& item : seed.at(key)) out.push_back(parse(item));
  return out;
}

}  // namespace

nlohmann::json DefaultSeed() {
  nlohmann::json vms = nlohmann::json::array();
  vms.push_back({{"vmid", 9000},
                 {"node", "pve1"},
                 {"config", TemplateConfig(9000, "debian-12-cloud", "BC:24:11:23:28:00",
                                           "1b4c3f10-9000-4d2e-8a51-2b3c4d5e9000")}});
  vms.push_back({{"vmid", 9001},
                 {"node", "pve1"},
                 {"config", TemplateConfig(9001, "ubuntu-24.04-cloud", "BC:24:11:23:29:00",
                                           "1b4c3f10-9001-4d2e-8a51-2b3c4d5e9001")}});
  vms.push_back({{"vmid", 9002},
                 {"node", "pve2"},
                 {"config", TemplateConfig(9002, "almalinux-9-cloud", "BC:24:11:23:2A:00",
                                           "1b4c3f10-9002-4d2e-8a51-2b3c4d5e9002")}});
  return {{"cluster", "sim"},
          {"timezone", {{"name", "UTC"}, {"offset_seconds", 0}}},
          {"nodes", {{{"name", "pve1"}}, {{"name", "pve2"}}}},
          {"storages",
           {{{"id", "local-lvm"}, {"type", "lvmthin"}, {"content", {"images"}}, {"total_gib", 500}},
            {{"id", "local"},
             {"type", "dir"},
             {"content", {"iso", "vztmpl", "backup"}},
             {"path", "/var/lib/vz"},
             {"total_gib", 100}},
            {{"id", "backup-nfs"},
             {"type", "nfs"},
             {"content", {"backup"}},
             {"shared", true},
             {"path", "/mnt/pve/backup-nfs"},
             {"total_gib", 2048}}}},
          {"users",
           {{{"userid", "billing@pve"},
             {"password", "billing-secret"},
             {"acl", {{"/", {"all"}}}},
             {"tokens",
              {{{"id", "bm"},
                {"secret", "5ee0c9b4-0d63-4a3c-9d0b-1c5e6f7a8b90"},
                {"privsep", false}}}}},
            {{"userid", "audit@pve"},
             {"password", "audit-secret"},
             {"acl", {{"/", {"VM.Audit", "Sys.Audit", "Datastore.Audit"}}}}}}},
          {"pools", nlohmann::json::array()},
          {"vms", vms},
          {"backups", nlohmann::json::array()}};
}

State BuildState(const nlohmann::json& seed, double now) {
  nlohmann::json merged = simcommon::MergeSeed(seed, DefaultSeed(), {});
  try {
    State state;
    state.cluster_name = merged.at("cluster").get<std::string>();
    state.timezone = ParseTimeZone(merged.at("timezone"));  // before the backups' names are read
    state.nodes = ParseList<Node>(merged, "nodes", ParseNode);
    state.storages = ParseList<Storage>(merged, "storages", ParseStorage);
    for (const User& user : ParseList<User>(merged, "users", ParseUser))
      state.users[user.userid] = user;
    for (const auto& pool : merged.at("pools")) state.pools.insert(pool.get<std::string>());
    for (const auto& vm : merged.at("vms")) AddVmFromJson(state, vm, now);
    for (const auto& backup : merged.at("backups")) AddBackupFromJson(state, backup);
    return state;
  } catch (const nlohmann::json::exception& e) {
    Invalid(std::string("malformed seed: ") + e.what());
  }
}

void AddVmFromJson(State& state, const nlohmann::json& in, double now) {
  try {
    Vm vm;
    vm.vmid = in.at("vmid").get<int>();
    vm.node = in.at("node").get<std::string>();
    if (vm.vmid < 100 || vm.vmid > 999999999) Invalid("vmid must be 100..999999999");
    if (state.vms.count(vm.vmid)) Invalid("VM " + std::to_string(vm.vmid) + " already exists");
    if (!state.FindNode(vm.node)) Invalid("no such cluster node '" + vm.node + "'");
    for (const auto& [key, value] : in.at("config").items()) {
      vm.config[key] = Text(value);
      CheckConfigValue(key, vm.config[key]);
    }
    vm.running = in.value("running", false);
    vm.started_at = now;
    vm.pool = in.value("pool", "");
    if (vm.running && vm.IsTemplate()) Invalid("a template cannot be running");
    CreateDriveVolumes(state, vm, now);
    state.vms[vm.vmid] = vm;
  } catch (const nlohmann::json::exception& e) {
    Invalid(std::string("malformed VM: ") + e.what());
  }
}

void AddBackupFromJson(State& state, const nlohmann::json& in) {
  Volume volume;
  volume.volid = in.at("volid").get<std::string>();
  const Storage* storage = state.FindStorage(volume.Storage());
  if (!storage || !storage->Has("backup"))
    Invalid("backup '" + volume.volid + "': no backup storage");
  volume.content = "backup";
  std::string name = volume.Name();
  auto dot = name.find(".vma");
  volume.format = dot == std::string::npos ? "vma" : name.substr(dot + 1);
  volume.vmid = in.at("vmid").get<int>();
  volume.size = in.value("size", uint64_t{64 * kMiB});
  auto info = ParseArchiveName(name.substr(name.find('/') + 1), state.timezone);
  volume.ctime = in.value("ctime", info ? info->ctime : int64_t{0});
  volume.notes = in.value("notes", "");
  volume.is_protected = in.value("protected", false);
  nlohmann::json config = nlohmann::json::object();
  const nlohmann::json seeded =
      in.value("config", nlohmann::json::object());  // items() needs it alive
  for (const auto& [key, value] : seeded.items()) {
    config[key] = Text(value);
  }
  volume.backup = {{"config", config}};
  state.AddVolume(in.value("node", ""), volume);
}

}  // namespace pvesim
