// A delete job: removes one of the client's copies (a Remove click, or rotation). Only volumes
// recorded as the service's copies are ever deleted, so a forged or foreign volid cannot get here.
#include <algorithm>

#include "pmproxmox/backup_jobs.h"
#include "proxmox/tasks.h"

namespace pm::pmproxmox {
namespace {

bool OnStorage(JobScope& scope, const BackupJob& job) {
  const auto& volumes = scope.listings.Of(job.node, job.storage);
  return std::any_of(volumes.begin(), volumes.end(), [&](const auto& volume) { return volume.volid == job.volid; });
}

void Removed(JobScope& scope, BackupJob& job) {
  scope.journal.RemoveCopy(job.copy_id);
  Finish(scope, job);
}

}  // namespace

void AdvanceDelete(JobScope& scope, BackupJob& job) {
  if (job.state == "queued" || job.upid.empty()) {
    // Gone already: an admin removed it, or a killed earlier run had started its deletion.
    if (!OnStorage(scope, job)) return Removed(scope, job);
    job.state = "running";
    job.step = "imgdel";
    scope.journal.Save(job);
    job.upid = proxmox::Backups(scope.api).DeleteAsync(job.node, job.volid);
    scope.journal.Save(job);
    scope.listings.Invalidate(job.node, job.storage);
    return;
  }
  auto task = proxmox::PollTask(scope.api, job.upid);
  if (task.running) return scope.journal.Save(job);
  if (!task.ok) return Finish(scope, job, "removal failed: " + task.exitstatus);
  Removed(scope, job);
}

}  // namespace pm::pmproxmox
