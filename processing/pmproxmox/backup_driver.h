// The backup jobs' driver for Proxmox VE (vps/backups/driver.h): vzdump to the backup storage
// with the job's marker as notes-template, qmrestore over the VM, imgdel for removals, the task
// list and log for adoption and progress. One instance serves one processing module for one tick:
// it lists the cluster's VMs and each storage's backups at most once unless they changed.
#pragma once

#include <map>
#include <optional>

#include "core/log.h"
#include "core/service.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/storage_listings.h"
#include "proxmox/backups.h"
#include "proxmox/cluster.h"
#include "vps/backups/driver.h"

namespace pm::pmproxmox {

class ProxmoxBackupDriver : public vps::backups::BackupDriver {
 public:
  ProxmoxBackupDriver(const core::ModuleConfig& module, core::Log& log);

  vps::backups::ClusterClock Clock() override;
  std::map<int, vps::backups::Guest> Locate(const std::set<int>& vmids) override;
  std::optional<std::string> StartBackup(const vps::backups::BackupJob& job) override;
  std::vector<std::string> TasksSince(const vps::backups::BackupJob& job, std::int64_t since) override;
  vps::backups::TaskLook Look(const std::string& task, std::int64_t log_from) override;
  void StopTask(const std::string& task) override;
  std::optional<vps::backups::Archive> FindArchive(const vps::backups::BackupJob& job) override;
  void WriteNotes(const vps::backups::BackupCopy& copy) override;
  bool ArchiveExists(const vps::backups::BackupJob& job) override;
  std::optional<std::string> StartDelete(const vps::backups::BackupJob& job) override;
  void StopVm(const vps::backups::BackupJob& job) override;
  std::string StartRestore(const vps::backups::BackupJob& job, const core::Input& service) override;
  void Reapply(const vps::backups::BackupJob& job, const core::Input& service, const vps::VmRecord& record) override;
  void StartVm(const vps::backups::BackupJob& job) override;

 private:
  core::Log& log_;
  Connection connection_;
  proxmox::Backups backups_;
  StorageListings listings_;
};

}  // namespace pm::pmproxmox
