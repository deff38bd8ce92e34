#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pvesim/params.h"
#include "pvesim/state.h"

namespace pvesim {

// PVE::Storage::archive_info for standard names "vzdump-qemu-<vmid>-YYYY_MM_DD-HH_MM_SS.vma[.zst]".
struct ArchiveInfo {
  std::string type;  // qemu | lxc | openvz
  int vmid = 0;
  int64_t ctime = 0;   // epoch, from the name read as node local time
  std::string format;  // "vma.zst"
};
std::optional<ArchiveInfo> ParseArchiveName(const std::string& filename, const TimeZone& zone);
// "vzdump-qemu-<vmid>-<local time>" without extension; `time` is epoch seconds.
std::string ArchiveBaseName(int vmid, int64_t time, const TimeZone& zone);
// Local time as "YYYY-MM-DD HH:MM:SS" for vzdump log lines.
std::string LocalTimestamp(int64_t time, const TimeZone& zone);

// The filesystem path PVE reports for a volume.
std::string VolumePath(const Storage& storage, const Volume& volume);

// PVE::Storage::check_volume_access without a VMID of the caller.
void CheckVolumeAccess(const State& state, const std::string& user, const Volume& volume);

// prune_backups on one storage for one guest: every backup with its mark
// (keep | remove | protected | renamed). `keep` is a parsed prune-backups property map.
struct PruneEntry {
  std::string volid;
  int64_t ctime = 0;
  std::string mark;
};
std::vector<PruneEntry> MarkBackups(const State& state, const std::string& node,
                                    const std::string& storage, int vmid, const PropertyMap& keep);
// "keep-last=3, keep-daily=7" as vzdump logs the retention in use.
std::string RetentionText(const PropertyMap& keep);
bool KeepsAll(const PropertyMap& keep);

}  // namespace pvesim
