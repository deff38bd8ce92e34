// Backup listings of the storages one tick looks at, fetched once per storage and node and
// reused for every job there, so that a tick's HTTP work grows with the jobs that finished,
// not with the number of VMs on the storage.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "proxmox/backups.h"

namespace pm::pmproxmox {

class StorageListings {
 public:
  explicit StorageListings(proxmox::Backups& backups) : backups_(backups) {}

  // All backups on `storage` as `node` sees it.
  const std::vector<proxmox::BackupVolume>& Of(const std::string& node, const std::string& storage);
  // After a change on the storage (a new archive, a deletion) the next look fetches it again.
  void Invalidate(const std::string& node, const std::string& storage);

 private:
  proxmox::Backups& backups_;
  std::map<std::pair<std::string, std::string>, std::vector<proxmox::BackupVolume>> cache_;
};

}  // namespace pm::pmproxmox
