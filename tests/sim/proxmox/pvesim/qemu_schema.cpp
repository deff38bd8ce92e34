#include "pvesim/qemu_schema.h"

#include <set>

#include "pvesim/text.h"

namespace pvesim {

namespace {

PropertyKey Key(ParamSpec spec) { return PropertyKey{std::move(spec), false, "", ""}; }
PropertyKey DefaultKey(ParamSpec spec) { return PropertyKey{std::move(spec), true, "", ""}; }
PropertyKey Alias(std::string name, std::string target, std::string key_alias = "") {
  return PropertyKey{Str(std::move(name)), false, std::move(target), std::move(key_alias)};
}

const std::vector<std::string> kNetModels = {
    "e1000",    "e1000-82540em", "e1000-82544gc", "e1000-82545em", "e1000e",  "i82551", "i82557b",
    "i82559er", "ne2k_isa",      "ne2k_pci",      "pcnet",         "rtl8139", "virtio", "vmxnet3"};

PropertyFormat BuildNet() {
  PropertyFormat format;
  format.keys = {
      DefaultKey(Str("model").Required().Enum(kNetModels)),
      Key(Str("macaddr").Format("mac-addr")),
      Key(Str("bridge").Format("pve-bridge-id")),
      Key(Int("tag").Min(1).Max(4094)),
      Key(Str("trunks").Pattern(R"(\d+(?:-\d+)?(?:;\d+(?:-\d+)?)*)")),
      Key(Num("rate").Min(0)),
      Key(Bool("firewall")),
      Key(Bool("link_down")),
      Key(Int("mtu").Min(1).Max(65520)),
      Key(Int("queues").Min(0).Max(64)),
  };
  // "virtio=BC:24:11:.." stores the model under "model" and the value as the MAC.
  for (const std::string& model : kNetModels)
    format.keys.push_back(Alias(model, "macaddr", "model"));
  return format;
}

PropertyFormat BuildDrive(std::string_view bus) {
  PropertyFormat format;
  format.keys = {
      DefaultKey(Str("file").Required().Format("pve-volume-id-or-qm-path")),
      Alias("volume", "file"),
      Key(Str("media").Enum({"cdrom", "disk"})),
      Key(Str("cache").Enum({"none", "writethrough", "writeback", "unsafe", "directsync"})),
      Key(Str("discard").Enum({"ignore", "on"})),
      Key(Str("aio").Enum({"native", "threads", "io_uring"})),
      Key(Str("format").Enum({"raw", "qcow", "qed", "qcow2", "vmdk", "cloop"})),
      Key(Str("size").Format("disk-size")),
      Key(Str("serial").Format("urlencoded").MaxLength(60)),
      Key(Bool("backup")),
      Key(Bool("replicate")),
      Key(Bool("snapshot")),
      Key(Bool("shared")),
      Key(Bool("detect_zeroes")),
      Key(Str("werror").Enum({"enospc", "ignore", "report", "stop"})),
      Key(Str("rerror").Enum({"ignore", "report", "stop"})),
  };
  for (const char* name :
       {"mbps", "mbps_rd", "mbps_wr", "mbps_max", "mbps_rd_max", "mbps_wr_max"}) {
    format.keys.push_back(Key(Num(name)));
  }
  for (const char* name : {"iops", "iops_rd", "iops_wr", "iops_max", "iops_rd_max", "iops_wr_max",
                           "bps", "bps_rd", "bps_wr"}) {
    format.keys.push_back(Key(Int(name)));
  }
  if (bus == "scsi" || bus == "virtio") {
    format.keys.push_back(Key(Bool("iothread")));
    format.keys.push_back(Key(Bool("ro")));
  }
  if (bus != "virtio") format.keys.push_back(Key(Bool("ssd")));
  return format;
}

std::optional<std::string> ValidatePruneBackups(const PropertyMap& values) {
  bool keep_all = values.count("keep-all") && values.at("keep-all") == "1";
  bool positive = false;
  for (const auto& [key, value] : values) {
    if (key != "keep-all" && IsInteger(value) && std::stoll(value) > 0) positive = true;
  }
  if (positive && keep_all)
    return std::string("keep-all cannot be set together with other options.\n");
  return std::nullopt;
}

std::vector<ParamSpec> BuildConfigKeys() {
  static const std::vector<std::string> kOsTypes = {"other",  "wxp",  "w2k",    "w2k3",  "w2k8",
                                                    "wvista", "win7", "win8",   "win10", "win11",
                                                    "l24",    "l26",  "solaris"};
  return {
      Bool("acpi"),
      Str("agent").Property(AgentFormat()),
      Int("balloon").Min(0),
      Str("bios").Enum({"seabios", "ovmf"}),
      Str("boot").Property(BootFormat()),
      Str("cipassword"),
      Str("citype").Enum({"configdrive2", "nocloud", "opennebula"}),
      Bool("ciupgrade"),
      Str("ciuser"),
      Int("cores").Min(1),
      Num("cpulimit").Min(0).Max(128),
      Int("cpuunits").Min(1).Max(262144),
      Str("description").MaxLength(8192),
      Str("hotplug").Format("pve-hotplug-features"),
      Str("ide[n]").Property(DriveFormat("ide")).Indexed(3),
      Str("ipconfig[n]").Property(IpconfigFormat()).Indexed(31),
      Bool("kvm"),
      Bool("localtime"),
      Str("lock").Enum({"backup", "clone", "create", "migrate", "rollback", "snapshot",
                        "snapshot-delete", "suspending", "suspended"}),
      Str("memory").Property(MemoryFormat()),
      Str("name").Format("dns-name"),
      Str("nameserver").Format("address-list"),
      Str("net[n]").Property(NetFormat()).Indexed(31),
      Bool("numa"),
      Bool("onboot"),
      Str("ostype").Enum(kOsTypes),
      Bool("protection"),
      Str("sata[n]").Property(DriveFormat("sata")).Indexed(5),
      Str("scsi[n]").Property(DriveFormat("scsi")).Indexed(30),
      Str("scsihw").Enum(
          {"lsi", "lsi53c810", "virtio-scsi-pci", "virtio-scsi-single", "megasas", "pvscsi"}),
      Str("searchdomain"),
      Int("shares").Min(0).Max(50000),
      Str("smbios1").Property(Smbios1Format()).MaxLength(512),
      Int("sockets").Min(1),
      Str("sshkeys").Format("urlencoded"),
      Bool("tablet"),
      Str("tags").Format("pve-tag-list"),
      Bool("template"),
      Str("unused[n]").Property(UnusedFormat()).Indexed(255),
      Int("vcpus").Min(1),
      Str("virtio[n]").Property(DriveFormat("virtio")).Indexed(15),
      Str("vmgenid").Pattern(R"((?:[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}|[01]))"),
  };
}

bool HasIndexedPrefix(std::string_view key, std::string_view prefix, int highest) {
  if (key.size() <= prefix.size() || key.substr(0, prefix.size()) != prefix) return false;
  std::string digits(key.substr(prefix.size()));
  if (!IsInteger(digits) || digits[0] == '+' || digits[0] == '-') return false;
  if (digits.size() > 1 && digits[0] == '0') return false;
  return digits.size() <= 3 && std::stoi(digits) <= highest;
}

}  // namespace

const PropertyFormat& NetFormat() {
  static const PropertyFormat format = BuildNet();
  return format;
}

const PropertyFormat& DriveFormat(std::string_view bus) {
  static const PropertyFormat scsi = BuildDrive("scsi");
  static const PropertyFormat virtio = BuildDrive("virtio");
  static const PropertyFormat sata = BuildDrive("sata");
  static const PropertyFormat ide = BuildDrive("ide");
  if (bus == "scsi") return scsi;
  if (bus == "virtio") return virtio;
  if (bus == "sata") return sata;
  return ide;
}

const PropertyFormat& MemoryFormat() {
  static const PropertyFormat format{"", {DefaultKey(Int("current").Required().Min(16))}};
  return format;
}

const PropertyFormat& AgentFormat() {
  static const PropertyFormat format{
      "",
      {DefaultKey(Bool("enabled").Required()), Key(Bool("freeze-fs")),
       Alias("freeze-fs-on-backup", "freeze-fs"), Alias("guest-fsfreeze", "freeze-fs"),
       Key(Bool("fstrim_cloned_disks")), Key(Str("type").Enum({"virtio", "isa"}))}};
  return format;
}

const PropertyFormat& IpconfigFormat() {
  static const PropertyFormat format{
      "pve-qm-ipconfig",
      {Key(Str("ip").Format("pve-ipv4-config")), Key(Str("gw").Format("ipv4")),
       Key(Str("ip6").Format("pve-ipv6-config")), Key(Str("gw6").Format("ipv6"))}};
  return format;
}

const PropertyFormat& BootFormat() {
  static const PropertyFormat format{"pve-qm-boot",
                                     {DefaultKey(Str("legacy").Pattern("[acdn]{1,4}")),
                                      Key(Str("order").Format("pve-qm-bootdev-list"))}};
  return format;
}

const PropertyFormat& UnusedFormat() {
  static const PropertyFormat format{
      "", {DefaultKey(Str("file").Required().Format("pve-volume-id")), Alias("volume", "file")}};
  return format;
}

const PropertyFormat& Smbios1Format() {
  static const char* kBase64 = R"([A-Za-z0-9+/]+={0,2})";
  static const PropertyFormat format{
      "pve-qm-smbios1",
      {Key(Bool("base64")), Key(Str("family").Pattern(kBase64)),
       Key(Str("manufacturer").Pattern(kBase64)), Key(Str("product").Pattern(kBase64)),
       Key(Str("serial").Pattern(kBase64)), Key(Str("sku").Pattern(kBase64)),
       Key(Str("uuid").Pattern(R"([a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12})")),
       Key(Str("version").Pattern(kBase64))}};
  return format;
}

const PropertyFormat& PruneBackupsFormat() {
  static const PropertyFormat format{
      "prune-backups",
      {Key(Bool("keep-all")), Key(Int("keep-last").Min(0)), Key(Int("keep-hourly").Min(0)),
       Key(Int("keep-daily").Min(0)), Key(Int("keep-weekly").Min(0)),
       Key(Int("keep-monthly").Min(0)), Key(Int("keep-yearly").Min(0))},
      ValidatePruneBackups};
  return format;
}

const std::vector<ParamSpec>& QemuConfigKeys() {
  static const std::vector<ParamSpec> keys = BuildConfigKeys();
  return keys;
}

const ParamSpec* QemuConfigKey(std::string_view key) { return FindSpec(QemuConfigKeys(), key); }

bool IsDriveKey(std::string_view key) {
  return HasIndexedPrefix(key, "scsi", 30) || HasIndexedPrefix(key, "virtio", 15) ||
         HasIndexedPrefix(key, "sata", 5) || HasIndexedPrefix(key, "ide", 3);
}

bool IsNetKey(std::string_view key) { return HasIndexedPrefix(key, "net", 31); }

bool IsUnusedKey(std::string_view key) { return HasIndexedPrefix(key, "unused", 255); }

std::string DriveBus(std::string_view key) {
  for (const char* bus : {"scsi", "virtio", "sata", "ide"}) {
    if (key.substr(0, std::string_view(bus).size()) == bus) return bus;
  }
  return "";
}

std::optional<KeyPrivileges> ConfigKeyPrivileges(std::string_view key) {
  static const std::set<std::string, std::less<>> kCpu = {"cores", "cpulimit", "cpuunits",
                                                          "numa",  "sockets",  "vcpus"};
  static const std::set<std::string, std::less<>> kMemory = {"memory", "balloon", "shares"};
  static const std::set<std::string, std::less<>> kHwType = {"acpi",   "hotplug", "kvm",
                                                             "scsihw", "smbios1", "tablet"};
  static const std::set<std::string, std::less<>> kGeneral = {
      "agent",  "bios",   "description", "localtime", "name",
      "onboot", "ostype", "protection",  "template"};
  static const std::set<std::string, std::less<>> kCloudinit = {
      "cipassword", "citype", "ciuser", "ciupgrade", "nameserver", "searchdomain", "sshkeys"};
  if (IsDriveKey(key) || IsUnusedKey(key) || key == "tags") return KeyPrivileges{};
  if (kCpu.count(key)) return KeyPrivileges{{"VM.Config.CPU"}};
  if (kMemory.count(key)) return KeyPrivileges{{"VM.Config.Memory"}};
  if (kHwType.count(key)) return KeyPrivileges{{"VM.Config.HWType"}};
  if (kGeneral.count(key)) return KeyPrivileges{{"VM.Config.Options"}};
  if (key == "boot") return KeyPrivileges{{"VM.Config.Disk"}};
  if (IsNetKey(key)) return KeyPrivileges{{"VM.Config.Network"}};
  if (kCloudinit.count(key) || HasIndexedPrefix(key, "ipconfig", 31)) {
    return KeyPrivileges{{"VM.Config.Cloudinit", "VM.Config.Network"}, true};
  }
  return std::nullopt;
}

bool IsFastPlugOption(std::string_view key) {
  static const std::set<std::string, std::less<>> kFast = {
      "description", "lock",   "name",       "onboot",       "protection",
      "shares",      "tags",   "cicustom",   "cipassword",   "citype",
      "ciupgrade",   "ciuser", "nameserver", "searchdomain", "sshkeys"};
  return kFast.count(key) || HasIndexedPrefix(key, "ipconfig", 31);
}

}  // namespace pvesim
