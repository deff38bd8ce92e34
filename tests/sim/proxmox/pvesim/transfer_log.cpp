#include "pvesim/transfer_log.h"

#include <cmath>
#include <cstdio>

#include "pvesim/text.h"

namespace pvesim {

namespace {

constexpr uint64_t kVmaCluster = 64 * kKiB;

uint64_t ZeroPart(uint64_t bytes) { return bytes - bytes / 3; }

// Whole seconds, as both tools read time().
int64_t Seconds(double elapsed) { return static_cast<int64_t>(std::floor(elapsed)); }

// $get_mbps.
std::string Rate(uint64_t bytes, int64_t seconds) {
  if (bytes == 0) return "0 B/s";
  return RenderBytes(bytes / static_cast<uint64_t>(seconds), 1) + "/s";
}

}  // namespace

std::string BackupProgress::StatusLine(uint64_t transferred, double elapsed) {
  int64_t now = Seconds(elapsed);
  int64_t timediff = now > time_ ? now - time_ : 1;  // ($ctime - $last_time) || 1
  uint64_t zero = ZeroPart(transferred);
  uint64_t read = transferred - transferred_;
  uint64_t written = read - (zero - zero_);
  int percent = total_ ? static_cast<int>(transferred * 100 / total_) : 100;
  char line[256];
  std::snprintf(line, sizeof line, "%3d%% (%s of %s) in %s, read: %s, write: %s", percent,
                RenderBytes(transferred, 1).c_str(), RenderBytes(total_, 1).c_str(),
                RenderDuration(now).c_str(), Rate(read, timediff).c_str(),
                Rate(written, timediff).c_str());
  transferred_ = transferred;
  zero_ = zero;
  time_ = now;
  return line;
}

std::vector<std::string> BackupProgress::Summary(double elapsed) const {
  std::vector<std::string> lines;
  if (zero_) {
    uint64_t percent = total_ ? zero_ * 100 / total_ : 0;
    lines.push_back("backup is sparse: " + RenderBytes(zero_) + " (" + std::to_string(percent) +
                    "%) total zero data");
  }
  if (transferred_) {
    int64_t seconds = Seconds(elapsed);
    lines.push_back(
        "transferred " + RenderBytes(transferred_) + " in " +
        (seconds ? std::to_string(seconds) + " seconds (" + Rate(transferred_, seconds) + ")"
                 : "<1 seconds"));
  }
  return lines;
}

RestoreProgress::RestoreProgress(uint64_t bytes)
    : clusters_((bytes + kVmaCluster - 1) / kVmaCluster) {}

std::string RestoreProgress::ProgressLine(int percent, double elapsed) const {
  // The first cluster count at which clusters_read * 100 / cluster_count reaches `percent`.
  uint64_t read = (static_cast<uint64_t>(percent) * clusters_ + 99) / 100;
  return "progress " + std::to_string(percent) + "% (read " + std::to_string(read * kVmaCluster) +
         " bytes, duration " + std::to_string(Seconds(elapsed)) + " sec)";
}

std::vector<std::string> RestoreProgress::Summary() const {
  if (!clusters_) return {"vma archive contains no image data"};
  uint64_t total = clusters_ * kVmaCluster;
  uint64_t sparse = ZeroPart(clusters_) * kVmaCluster;
  uint64_t data = total - sparse;
  char line[160];
  std::snprintf(line, sizeof line, "total bytes read %llu, sparse bytes %llu (%.3g%%)",
                static_cast<unsigned long long>(total), static_cast<unsigned long long>(sparse),
                100.0 * static_cast<double>(sparse) / static_cast<double>(total));
  std::vector<std::string> lines = {line};
  if (data) {
    // Partly zero clusters, written as holes: a small share of the data.
    std::snprintf(line, sizeof line, "space reduction due to 4K zero blocks %.3g%%",
                  100.0 * static_cast<double>(data / 256) / static_cast<double>(data));
    lines.push_back(line);
  }
  return lines;
}

}  // namespace pvesim
