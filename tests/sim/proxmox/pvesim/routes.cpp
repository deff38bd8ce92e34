// The API the simulator serves: every route with the parameters PVE 9.1's schema declares for
// it (only those the simulator implements; others are rejected like unknown parameters).
#include "pvesim/handlers.h"
#include "pvesim/qemu_schema.h"

namespace pvesim {

namespace {

ParamSpec Node() { return Str("node").Required().Format("pve-node"); }
ParamSpec Vmid() { return Int("vmid").Required().Format("pve-vmid").Min(100).Max(999999999); }
ParamSpec OptVmid() { return Int("vmid").Format("pve-vmid").Min(100).Max(999999999); }
ParamSpec StorageId() { return Str("storage").Format("pve-storage-id"); }
ParamSpec Skiplock() { return Bool("skiplock"); }

std::vector<ParamSpec> With(std::vector<ParamSpec> base, const std::vector<ParamSpec>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

std::vector<std::string> ResizableDisks() {
  std::vector<std::string> names;
  for (int i = 0; i <= 3; ++i) names.push_back("ide" + std::to_string(i));
  for (int i = 0; i <= 30; ++i) names.push_back("scsi" + std::to_string(i));
  for (int i = 0; i <= 15; ++i) names.push_back("virtio" + std::to_string(i));
  for (int i = 0; i <= 5; ++i) names.push_back("sata" + std::to_string(i));
  names.push_back("efidisk0");
  names.push_back("tpmstate0");
  return names;
}

std::vector<ParamSpec> CreateParams() {
  return With(QemuConfigKeys(),
              {Node(), Vmid(), Str("archive").MaxLength(255), Bool("force").Requires("archive"),
               Bool("unique").Requires("archive"), StorageId(), Str("pool").Format("pve-poolid"),
               Bool("start"), Int("bwlimit").Min(0), Bool("live-restore")});
}

std::vector<ParamSpec> ConfigParams(bool async) {
  std::vector<ParamSpec> extra = {Node(),
                                  Vmid(),
                                  Skiplock(),
                                  Str("delete").Format("pve-configid-list"),
                                  Str("revert").Format("pve-configid-list"),
                                  Bool("force").Requires("delete"),
                                  Str("digest").MaxLength(40)};
  if (async) extra.push_back(Int("background_delay").Min(1).Max(30));
  return With(QemuConfigKeys(), extra);
}

std::vector<ParamSpec> VzdumpParams() {
  return {Str("node").Format("pve-node"),
          Str("vmid").Format("pve-vmid-list"),
          Bool("all"),
          Str("exclude").Format("pve-vmid-list"),
          StorageId(),
          Str("mode").Enum({"snapshot", "suspend", "stop"}),
          Str("compress").Enum({"0", "1", "gzip", "lzo", "zstd"}),
          Int("zstd"),
          Int("pigz"),
          Str("notes-template").MaxLength(1024).Requires("storage"),
          Bool("protected").Requires("storage"),
          Str("prune-backups").Property(PruneBackupsFormat()),
          Bool("remove"),
          Int("lockwait").Min(0),
          Int("stopwait").Min(0),
          Int("bwlimit").Min(0),
          Int("ionice").Min(0).Max(8),
          Bool("quiet"),
          Bool("stdout"),
          Str("mailnotification").Enum({"always", "failure"}),
          Str("notification-mode").Enum({"auto", "legacy-sendmail", "notification-system"})};
}

Permission Perm(std::string path, std::vector<std::string> privs, bool any = false) {
  return Permission{std::move(path), std::move(privs), any};
}

const std::vector<std::string> kConfigPrivs = {
    "VM.Config.Disk",    "VM.Config.CDROM",  "VM.Config.CPU",     "VM.Config.Memory",
    "VM.Config.Network", "VM.Config.HWType", "VM.Config.Options", "VM.Config.Cloudinit"};

std::vector<Route> BuildRoutes() {
  const std::string qemu = "/nodes/{node}/qemu/{vmid}";
  const std::string content = "/nodes/{node}/storage/{storage}/content";
  const std::string task = "/nodes/{node}/tasks/{upid}";
  std::vector<ParamSpec> volume = {Node(), StorageId(), Str("volume").Required()};
  return {
      {"GET", "/version", {}, GetVersion, {}, true},
      {"POST",
       "/access/ticket",
       {Str("username").Required().MaxLength(64), Str("password").Required(),
        Str("realm").Format("pve-realm").MaxLength(32), Str("otp"), Str("tfa-challenge"),
        Bool("new-format")},
       CreateTicket,
       {},
       false},
      {"GET",
       "/access/permissions",
       {Str("path"), Str("userid").Pattern(
                         R"([^\s:/]+@[A-Za-z][A-Za-z0-9\.\-_]+(!([A-Za-z][A-Za-z0-9\.\-_]+))?)")},
       GetPermissions,
       {},
       true},
      {"GET",
       "/cluster/resources",
       {Str("type").Enum({"vm", "storage", "node", "sdn"})},
       GetClusterResources,
       {},
       true},
      {"GET", "/cluster/nextid", {OptVmid()}, GetNextId, {}, true},
      {"GET", "/nodes", {}, ListNodes, {}, true},
      {"GET",
       "/nodes/{node}/status",
       {Node()},
       GetNodeStatus,
       Perm("/nodes/{node}", {"Sys.Audit"}),
       true},
      {"GET",
       "/nodes/{node}/time",
       {Node()},
       GetNodeTime,
       Perm("/nodes/{node}", {"Sys.Audit"}),
       true},
      {"GET",
       "/nodes/{node}/storage",
       {Node(), Str("content").Format("pve-storage-content-list"), Bool("enabled"), Bool("format"),
        StorageId(), Str("target").Format("pve-node")},
       ListNodeStorage,
       {},
       true},
      {"GET",
       content,
       {Node(), Str("storage").Required().Format("pve-storage-id"),
        Str("content").Format("pve-storage-content"), OptVmid()},
       ListStorageContent,
       Perm("/storage/{storage}", {"Datastore.Audit", "Datastore.AllocateSpace"}, true),
       true},
      {"GET", content + "/{volume}", volume, GetVolume, {}, true},
      {"PUT",
       content + "/{volume}",
       With(volume, {Str("notes"), Bool("protected")}),
       UpdateVolume,
       {},
       true},
      {"DELETE",
       content + "/{volume}",
       With(volume, {Int("delay").Min(1).Max(30)}),
       DeleteVolume,
       {},
       true},
      {"GET", "/nodes/{node}/qemu", {Node(), Bool("full")}, ListVms, {}, true},
      {"POST", "/nodes/{node}/qemu", CreateParams(), CreateVm, {}, true},
      {"DELETE",
       qemu,
       {Node(), Vmid(), Bool("purge"), Bool("destroy-unreferenced-disks"), Skiplock()},
       DestroyVm,
       Perm("/vms/{vmid}", {"VM.Allocate"}),
       true},
      {"GET",
       qemu + "/config",
       {Node(), Vmid(), Bool("current"), Str("snapshot").Format("pve-configid").MaxLength(40)},
       GetVmConfig,
       Perm("/vms/{vmid}", {"VM.Audit"}),
       true},
      {"POST", qemu + "/config", ConfigParams(true), UpdateVmConfigAsync,
       Perm("/vms/{vmid}", kConfigPrivs, true), true},
      {"PUT", qemu + "/config", ConfigParams(false), UpdateVmConfigSync,
       Perm("/vms/{vmid}", kConfigPrivs, true), true},
      {"GET",
       qemu + "/pending",
       {Node(), Vmid()},
       GetVmPending,
       Perm("/vms/{vmid}", {"VM.Audit"}),
       true},
      {"PUT",
       qemu + "/resize",
       {Node(), Vmid(), Str("disk").Required().Enum(ResizableDisks()),
        Str("size").Required().Pattern(R"(\+?\d+(\.\d+)?[KMGT]?)"), Str("digest").MaxLength(40),
        Skiplock()},
       ResizeVmDisk,
       Perm("/vms/{vmid}", {"VM.Config.Disk"}),
       true},
      {"POST",
       qemu + "/clone",
       {Node(), Vmid(), Int("newid").Required().Format("pve-vmid").Min(100).Max(999999999),
        Str("name").Format("dns-name"), Str("description"), Bool("full"), StorageId(),
        Str("format").Enum({"raw", "qcow2", "vmdk"}), Str("target").Format("pve-node"),
        Str("pool").Format("pve-poolid"), Str("snapname").Format("pve-configid").MaxLength(40),
        Int("bwlimit").Min(0)},
       CloneVm,
       {},
       true},
      {"GET",
       qemu + "/status/current",
       {Node(), Vmid()},
       GetVmStatus,
       Perm("/vms/{vmid}", {"VM.Audit"}),
       true},
      {"POST",
       qemu + "/status/start",
       {Node(), Vmid(), Skiplock(), Int("timeout").Min(0)},
       StartVm,
       Perm("/vms/{vmid}", {"VM.PowerMgmt"}),
       true},
      {"POST",
       qemu + "/status/stop",
       {Node(), Vmid(), Skiplock(), Int("timeout").Min(0), Bool("keepActive"),
        Bool("overrule-shutdown")},
       StopVm,
       Perm("/vms/{vmid}", {"VM.PowerMgmt"}),
       true},
      {"POST",
       qemu + "/status/shutdown",
       {Node(), Vmid(), Skiplock(), Int("timeout").Min(0), Bool("forceStop"), Bool("keepActive")},
       ShutdownVm,
       Perm("/vms/{vmid}", {"VM.PowerMgmt"}),
       true},
      {"POST",
       qemu + "/status/reboot",
       {Node(), Vmid(), Int("timeout").Min(0)},
       RebootVm,
       Perm("/vms/{vmid}", {"VM.PowerMgmt"}),
       true},
      {"POST",
       qemu + "/status/reset",
       {Node(), Vmid(), Skiplock()},
       ResetVm,
       Perm("/vms/{vmid}", {"VM.PowerMgmt"}),
       true},
      {"GET",
       "/nodes/{node}/tasks",
       {Node(), Int("start").Min(0), Int("limit").Min(0), OptVmid(), Str("typefilter"),
        Str("userfilter"), Bool("errors"), Str("source").Enum({"archive", "active", "all"}),
        Int("since"), Int("until"), Str("statusfilter").Format("pve-task-status-type-list")},
       ListTasks,
       {},
       true},
      {"GET", task + "/status", {Node(), Str("upid").Required()}, GetTaskStatus, {}, true},
      {"GET",
       task + "/log",
       {Node(), Str("upid").Required(), Int("start").Min(0), Int("limit").Min(0)},
       GetTaskLog,
       {},
       true},
      {"DELETE", task, {Node(), Str("upid").Required()}, StopTask, {}, true},
      {"POST", "/nodes/{node}/vzdump", VzdumpParams(), Vzdump, {}, true},
  };
}

}  // namespace

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = BuildRoutes();
  return routes;
}

}  // namespace pvesim
