#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pvesim {

// The progress lines of moving a guest's disks into and out of a VMA archive, in the formats
// of the real tools. The simulated disks are two thirds zeros (GET .../content/{volume} reports
// a third of an image as used). Times are simulated seconds since the transfer began.

// qemu-server PVE/VZDump/QemuServer.pm, query_backup_status_loop, for `bytes` of disks: a
// status line whenever the percentage changed, then the zero data and the throughput.
class BackupProgress {
 public:
  explicit BackupProgress(uint64_t bytes) : total_(bytes) {}

  // "%3d%% (<done> of <total>) in <duration>, read: <rate>, write: <rate>" once `transferred`
  // bytes are done.
  std::string StatusLine(uint64_t transferred, double elapsed);
  // "backup is sparse: ..." and "transferred ... in N seconds (...)" after the last line.
  std::vector<std::string> Summary(double elapsed) const;

 private:
  uint64_t total_;
  uint64_t transferred_ = 0;  // at the last status line
  uint64_t zero_ = 0;
  int64_t time_ = 0;
};

// pve-qemu's vma.c restore_extent with -v, as qemu-server's restore_vma_archive logs it, for
// disks of `bytes`: "progress N% (read X bytes, duration D sec)", then the totals.
class RestoreProgress {
 public:
  explicit RestoreProgress(uint64_t bytes);

  std::string ProgressLine(int percent, double elapsed) const;
  std::vector<std::string> Summary() const;

 private:
  uint64_t clusters_;  // 64 KiB VMA clusters
};

}  // namespace pvesim
