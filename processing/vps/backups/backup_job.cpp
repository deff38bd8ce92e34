// A backup job: the hypervisor backs the service's VM up to the backup storage; its archive,
// found by the marker it carries, is recorded as the client's copy (the client's note is written
// to it afterwards, by the tick's upkeep), and under rotation "after" the oldest copies beyond
// the quota are queued for removal.
#include "backup/planner.h"
#include "vps/backups/jobs.h"

namespace pm::vps::backups {
namespace {

// A marker only the job knows, that fits any hypervisor's notes field as it is (for vzdump's
// notes-template it must stay within [A-Za-z0-9 =_.:-]).
std::string MarkerFor(const BackupJob& job) {
  return "billmgr-backup job=" + std::to_string(job.id) + " key=" + RandomId();
}

void Start(JobScope& scope, BackupJob& job) {
  if (job.marker.empty()) job.marker = MarkerFor(job);
  BeginTask(scope, job, JobStep::Task);
  auto task = scope.driver.StartBackup(job);
  if (!task) return Finish(scope, job, "the hypervisor started no backup: VM " + std::to_string(job.vmid) + " is not on " + job.node);
  RecordTask(scope, job, *task);
  scope.log.Info("backup job " + std::to_string(job.id) + ": backup of VM " + std::to_string(job.vmid) + " started");
}

// Copies already being removed (also by a killed earlier run of this step) are gone; a copy a
// restore reads from stays until the restore is over.
std::vector<backup::Backup> Rotatable(JobScope& scope, long item) {
  std::vector<backup::Backup> backups;
  for (const auto& copy : scope.journal.Copies(item)) {
    bool busy = scope.journal.UnfinishedOn(copy.id, JobKind::Delete) || scope.journal.UnfinishedOn(copy.id, JobKind::Restore);
    backups.push_back({copy.id, copy.ctime, busy});
  }
  return backups;
}

// Rotation "after": only now that the new copy exists may the oldest go.
void RotateAfter(JobScope& scope, const BackupJob& job) {
  if (job.day.empty() || scope.module.params.Get("backup_rotation", "after") != "after") return;
  auto service = scope.directory.Find(job.item);
  if (!service) return;
  for (const auto& victim : backup::RotationVictims(Rotatable(scope, job.item), BackupQuota(*service->item))) {
    scope.journal.Enqueue(RemovalOf(*scope.journal.Copy(job.item, victim)));
  }
}

void Record(JobScope& scope, BackupJob& job, const Archive& archive) {
  job.volid = archive.volid;
  scope.journal.Save(job);
  scope.journal.AddCopy({RandomId(), job.item, job.module, job.vmid, archive.volid, job.node, archive.ctime,
                         archive.size, job.notes, job.day, !job.notes.empty(), scope.now});
  RotateAfter(scope, job);
  Finish(scope, job);
}

// The task is over and went well: the archive exists. A listing that fails now is retried by
// later ticks (jobs in this step always are), so the copy is never left outside the journal.
void Locate(JobScope& scope, BackupJob& job) {
  auto archive = scope.driver.FindArchive(job);
  if (!archive) return Finish(scope, job, "the backup task ended but its archive is not on " + job.storage);
  Record(scope, job, *archive);
}

}  // namespace

void AdvanceBackup(JobScope& scope, BackupJob& job) {
  if (job.state == JobState::Queued) return Start(scope, job);
  if (job.step == JobStep::Task) {
    if (job.task.empty() && !AdoptTask(scope, job)) return Start(scope, job);
    TaskLook look = Follow(scope, job);
    if (look.running) return;
    if (!look.ok) return Finish(scope, job, "backup failed: " + look.error);
    job.step = JobStep::Locate;
    scope.journal.Save(job);
  }
  Locate(scope, job);
}

}  // namespace pm::vps::backups
