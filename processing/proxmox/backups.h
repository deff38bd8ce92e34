// Backup archives of QEMU guests (notes §16–§19): vzdump, the listing of a storage, notes,
// deletion and restore. Knows nothing of the panel: which archives are a client's, schedules and
// quotas are decided above it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proxmox/api.h"

namespace pm::proxmox {

struct BackupVolume {
  std::string volid;    // "backup-nfs:backup/vzdump-qemu-100-2026_05_01-02_30_00.vma.zst"
  std::string storage;  // the part before ':'
  int vmid = 0;
  std::int64_t ctime = 0;
  std::uint64_t size = 0;
  std::string notes;  // first line only, as the listing gives it
  bool protected_copy = false;
  std::string format;  // "vma.zst", "pbs-vm"
};

// Only the optional fields have initializers, so a designated initializer that leaves out a
// required one (node, vmid, storage) is a -Wmissing-field-initializers warning.
struct VzdumpRequest {
  std::string node;  // the node the VM runs on: vzdump skips guests of other nodes
  int vmid;
  std::string storage;
  std::string notes_template = "";  // sent only when not empty; see IsSafeNotesTemplate
  std::string mode = "snapshot";
  std::string compress = "zstd";
};

class Backups {
 public:
  explicit Backups(Api& api) : api_(api) {}

  // Starts vzdump of one VM. Returns the UPID, or nullopt when vzdump started nothing (it answers
  // "OK" when the VM is not on that node). Always sends prune-backups=keep-all=1, so that the
  // storage's own retention never removes a client's backups behind the module's back (§21).
  std::optional<std::string> Start(const VzdumpRequest& request);
  // Backups on `storage` as `node` sees it; one listing serves every VM on the storage, `vmid`
  // narrows it to that VM's (which includes other origins' backups with the same VMID, §17).
  std::vector<BackupVolume> List(const std::string& node, const std::string& storage,
                                 std::optional<int> vmid = std::nullopt);
  // Replaces the notes with any UTF-8 text (newlines included).
  void SetNotes(const std::string& node, const std::string& volid, const std::string& text);
  // Starts removing the volume: the imgdel task's UPID, or nullopt when PVE answered null
  // because it was removed within the request.
  std::optional<std::string> DeleteAsync(const std::string& node, const std::string& volid);
  // Restores the archive over VM `vmid` (force=1) → UPID (qmrestore). The VM must be stopped
  // first, which is the caller's job; `storage` empty = the disks' storages from the backup.
  std::string RestoreAsync(const std::string& node, int vmid, const std::string& volid,
                           const std::string& storage = "");

 private:
  Api& api_;
};

// True for a marker that vzdump's notes-template takes literally: 1–1024 characters from
// [A-Za-z0-9 =_.:-]. A template may only hold {{cluster}} {{guestname}} {{node}} {{vmid}} and the
// escapes \n \\ (anything else is a 400, §16), so a fixed marker stays clear of '{', '}' and '\'.
bool IsSafeNotesTemplate(const std::string& text);

// "backup-nfs:backup/…" → "backup-nfs"; "" for a volume name without a storage.
std::string StorageOf(const std::string& volid);

}  // namespace pm::proxmox
