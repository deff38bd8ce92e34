#include "vps/backups/lock.h"

#include "core/error.h"

namespace pm::vps::backups {

bool IsStale(const BackupJob& job, std::int64_t now) { return now - job.updated > kStaleJobAfter; }

std::optional<BackupJob> HoldingJob(BackupJournal& journal, long item, core::Log& log) {
  for (const auto& job : journal.UnfinishedOf(item)) {
    if (!job.HoldsVm()) continue;
    if (!IsStale(job, journal.Now())) return job;
    log.Warning("stale " + std::string(ToString(job.kind)) + " job " + std::to_string(job.id) + " of item " +
                std::to_string(item) + ": no backup_tick has followed it for over 30 minutes; is the cron entry running?");
  }
  return std::nullopt;
}

void RequireNoBackupJob(BackupJournal& journal, long item, core::Log& log) {
  auto job = HoldingJob(journal, item, log);
  if (!job) return;
  std::string what = job->kind == JobKind::Backup ? "a backup" : "a restore";
  throw core::Error(core::ErrorType::Locked, std::string(ToString(job->kind)),
                    what + " of this VM is in progress (job " + std::to_string(job->id) + "); try again later");
}

}  // namespace pm::vps::backups
