#include "pmproxmox/storage_listings.h"

namespace pm::pmproxmox {

const std::vector<proxmox::BackupVolume>& StorageListings::Of(const std::string& node, const std::string& storage) {
  auto key = std::make_pair(node, storage);
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(key, backups_.List(node, storage)).first;
  return it->second;
}

void StorageListings::Invalidate(const std::string& node, const std::string& storage) {
  cache_.erase(std::make_pair(node, storage));
}

}  // namespace pm::pmproxmox
