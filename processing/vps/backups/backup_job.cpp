// A backup job: vzdump of the service's VM to the backup storage, its archive found by the
// marker it carries in its notes, recorded as the client's copy, then given the client's note.
#include <algorithm>

#include "backup/planner.h"
#include "core/service_registry.h"
#include "pmproxmox/backup_jobs.h"
#include "pmproxmox/placement.h"
#include "proxmox/tasks.h"

namespace pm::pmproxmox {
namespace {

// vzdump's notes-template accepts only a few variables and escapes (notes §16): the client's
// text goes in afterwards, so the template is a fixed marker no one can forge or guess.
std::string MarkerFor(const BackupJob& job) {
  return "billmgr-pmproxmox job=" + std::to_string(job.id) + " key=" + RandomId();
}

void Start(JobScope& scope, BackupJob& job) {
  proxmox::Backups backups(scope.api);
  if (job.marker.empty()) job.marker = MarkerFor(job);
  job.state = "running";
  job.step = "vzdump";
  scope.journal.Save(job);  // before the call: a rerun looks for this task before starting another
  auto upid = backups.Start({job.node, job.vmid, job.storage, job.marker});
  if (!upid) return Finish(scope, job, "vzdump started nothing: VM " + std::to_string(job.vmid) + " is not on " + job.node);
  job.upid = *upid;
  scope.journal.Save(job);
  scope.log.Info("backup job " + std::to_string(job.id) + ": vzdump of VM " + std::to_string(job.vmid) + " started");
}

// After a kill between the vzdump call and saving its UPID, the task is on the node already.
bool AdoptStartedTask(JobScope& scope, BackupJob& job) {
  auto task = UnrecordedTask(scope, job, "vzdump");
  if (!task) return false;
  job.upid = *task;
  scope.journal.Save(job);
  return true;
}

const proxmox::BackupVolume* ArchiveOf(JobScope& scope, const BackupJob& job) {
  scope.listings.Invalidate(job.node, job.storage);
  for (const auto& volume : scope.listings.Of(job.node, job.storage)) {
    // Once found, the archive is known by its volid: the client's note may have replaced the marker.
    bool ours = job.volid.empty() ? (volume.vmid == job.vmid && volume.notes == job.marker) : volume.volid == job.volid;
    if (ours) return &volume;
  }
  return nullptr;
}

// Rotation "after": only now that the new copy exists may the oldest go.
void RotateAfter(JobScope& scope, const BackupJob& job) {
  if (job.day.empty() || scope.module.params.Get("backup_rotation", "after") != "after") return;
  auto service = core::ServiceRegistry(scope.state).FindService(job.item);
  if (!service) return;
  std::vector<backup::Backup> backups;
  for (const auto& copy : scope.journal.Copies(job.item)) {
    // Copies already being removed (also by a killed earlier run of this step) are gone.
    if (!scope.journal.RemovalPending(copy.id)) backups.push_back({copy.id, copy.ctime, false});
  }
  for (const auto& victim : backup::RotationVictims(backups, BackupQuota(*service))) {
    scope.journal.Enqueue(RemovalOf(*scope.journal.Copy(job.item, victim)));
  }
}

void Record(JobScope& scope, BackupJob& job, const proxmox::BackupVolume& archive) {
  job.volid = archive.volid;
  scope.journal.Save(job);
  scope.journal.AddCopy({RandomId(), job.item, job.module, job.vmid, archive.volid, job.node, archive.ctime, archive.size,
                         job.notes, job.day});
  // The client's text, verbatim; vzdump could not take it as a template (notes §16).
  if (!job.notes.empty()) proxmox::Backups(scope.api).SetNotes(job.node, archive.volid, job.notes);
  RotateAfter(scope, job);
  Finish(scope, job);
}

}  // namespace

void AdvanceBackup(JobScope& scope, BackupJob& job) {
  if (job.state == "queued") return Start(scope, job);
  if (job.upid.empty() && !AdoptStartedTask(scope, job)) return Start(scope, job);
  auto task = proxmox::PollTask(scope.api, job.upid);
  if (task.running) return scope.journal.Save(job);  // seen alive: not stale
  if (!task.ok) return Finish(scope, job, "backup failed: " + task.exitstatus);
  auto archive = ArchiveOf(scope, job);
  if (!archive) return Finish(scope, job, "the backup task ended but its archive is not on " + job.storage);
  Record(scope, job, *archive);
}

}  // namespace pm::pmproxmox
