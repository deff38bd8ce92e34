// A delete job: removes one of the client's copies (a Remove click, rotation, or the service's
// close). Only volumes recorded as the service's copies are ever deleted, so a forged or foreign
// volid cannot get here. A removal that fails is tried again later with growing pauses for a day,
// and the page says so meanwhile: the copy still counts against the quota until it is gone.
#include <algorithm>

#include "vps/backups/jobs.h"

namespace pm::vps::backups {
namespace {

constexpr std::int64_t kFirstPause = 60;
constexpr std::int64_t kLongestPause = 3600;

void Removed(JobScope& scope, BackupJob& job) {
  scope.journal.RemoveCopy(job.copy_id);
  Finish(scope, job);
}

void StartRemoval(JobScope& scope, BackupJob& job) {
  // Gone already: an admin removed it, or an earlier run's removal finished.
  if (!scope.driver.ArchiveExists(job)) return Removed(scope, job);
  BeginTask(scope, job, JobStep::Task);
  auto task = scope.driver.StartDelete(job);
  if (!task) return Removed(scope, job);
  RecordTask(scope, job, *task);
}

}  // namespace

void RetryRemovalLater(JobScope& scope, BackupJob& job, const std::string& why) {
  if (scope.now - job.created > kGiveUpAfter) return Finish(scope, job, why);
  ++job.attempts;
  job.error = scope.log.Masked(why);
  job.state = JobState::Queued;
  job.task.clear();
  std::int64_t pause = kFirstPause << std::min(job.attempts - 1, 6);
  job.retry_at = scope.now + std::min(pause, kLongestPause);
  scope.journal.Save(job);
  scope.log.Warning("delete job " + std::to_string(job.id) + " of item " + std::to_string(job.item) + " tried again in " +
                    std::to_string(job.retry_at - scope.now) + " s: " + job.error);
}

void AdvanceDelete(JobScope& scope, BackupJob& job) {
  // PVE has no lock that keeps an archive from going while it is read (notes §18): ours does.
  if (scope.journal.UnfinishedOn(job.copy_id, JobKind::Restore)) return;
  if (job.task.empty() && !AdoptTask(scope, job)) return StartRemoval(scope, job);
  TaskLook look = Follow(scope, job);
  if (look.running) return;
  if (!look.ok) return RetryRemovalLater(scope, job, "removal failed: " + look.error);
  Removed(scope, job);
}

}  // namespace pm::vps::backups
