// check_connection: the credentials work, the version is supported, and the account holds the
// privileges the module needs (notes §3.3), all said in one answer.
#include <set>

#include "core/error.h"
#include "core/numbers.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/proxmox_module.h"
#include "proxmox/cluster.h"

namespace pm::pmproxmox {
namespace {

constexpr int kOldestMajor = 8;

const std::set<std::string>& NeededPrivileges() {
  static const std::set<std::string> needed = {
      "VM.Allocate",      "VM.Clone",       "VM.Config.CPU",       "VM.Config.Memory", "VM.Config.Disk",
      "VM.Config.Network", "VM.Config.Cloudinit", "VM.Config.Options", "VM.PowerMgmt",  "VM.Audit",         "VM.Backup",
      "Datastore.AllocateSpace", "Datastore.Audit", "Sys.Audit"};
  return needed;
}

// "9.1.2" → 9; 0 when the version is unreadable.
int Major(const std::string& version) {
  return static_cast<int>(core::ParseWhole(version.substr(0, version.find('.')), 0, 1000).value_or(0));
}

// Client backups pass prune-backups=keep-all=1 so that the storage's retention never deletes
// them, and PVE allows that override only with Datastore.Allocate on the storage (notes §21).
void RequireBackupStorageRights(proxmox::Api& api, const core::ModuleConfig& module) {
  auto storage = module.params.Find("backup_storage");
  if (!storage) return;
  if (!proxmox::PrivilegesOn(api, "/storage/" + *storage).count("Datastore.Allocate")) {
    throw core::Error(core::ErrorType::Access, "backup_storage",
                      "the Proxmox account lacks Datastore.Allocate on storage '" + *storage +
                          "': without it backups cannot be protected from the storage's own retention "
                          "(prune-backups=keep-all=1), so client backups are refused");
  }
}

}  // namespace

core::Reply ProxmoxModule::CheckConnection(core::Context& ctx) {
  Connection connection(ctx.module(), ctx.log);
  std::string version = proxmox::Version(connection.api());
  if (Major(version) < kOldestMajor) {
    throw core::Error(core::ErrorType::Value, "url",
                      "Proxmox VE " + version + " is not supported; version 8 or later is needed");
  }
  auto held = proxmox::PrivilegesOn(connection.api(), "/");
  std::string missing;
  for (const auto& privilege : NeededPrivileges()) {
    if (!held.count(privilege)) missing += (missing.empty() ? "" : ", ") + privilege;
  }
  if (!missing.empty()) {
    throw core::Error(core::ErrorType::Access, "permissions",
                      "the Proxmox account lacks privileges the module needs: " + missing);
  }
  RequireBackupStorageRights(connection.api(), ctx.module());
  return core::Reply().Add("version", version);
}

}  // namespace pm::pmproxmox
