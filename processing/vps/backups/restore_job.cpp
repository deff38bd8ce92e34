// A restore job (seed 004): stop the VM, restore the archive over it, re-apply the current
// package (the backup may predate an upgrade), start it, and mail the client. Each step is
// recorded before it runs and is safe to repeat, so a failed or killed restore is resumed or
// retried from where it stopped.
#include "vps/backups/jobs.h"
#include "vps/restored_mail.h"

namespace pm::vps::backups {
namespace {

void Step(JobScope& scope, BackupJob& job, JobStep step) {
  job.step = step;
  job.task.clear();
  scope.journal.Save(job);
}

// True once the restore task has ended well; until then the job comes back on later ticks.
bool Restored(JobScope& scope, BackupJob& job, const core::Input& service) {
  if (job.task.empty()) {
    if (!AdoptTask(scope, job)) {
      BeginTask(scope, job, JobStep::Restore);
      RecordTask(scope, job, scope.driver.StartRestore(job, service));
    }
    return false;
  }
  TaskLook look = Follow(scope, job);
  if (look.running) return false;
  if (!look.ok) {
    Finish(scope, job, "restore failed: " + look.error);
    return false;
  }
  return true;
}

}  // namespace

void AdvanceRestore(JobScope& scope, BackupJob& job) {
  auto service = scope.directory.Find(job.item);
  auto record = VmRecords(scope.journal.db()).Find(job.item);
  if (!service || !record) return Finish(scope, job, "the service is no longer known to the module");
  if (job.state == JobState::Queued) {
    job.state = JobState::Running;
    Step(scope, job, JobStep::Stop);
  }
  if (job.step == JobStep::Stop) {
    scope.driver.StopVm(job);  // no hypervisor restores over a running VM
    Step(scope, job, JobStep::Restore);
  }
  if (job.step == JobStep::Restore) {
    if (!Restored(scope, job, *service)) return;
    Step(scope, job, JobStep::Reapply);
  }
  if (job.step == JobStep::Reapply) {
    scope.driver.Reapply(job, *service, *record);
    Step(scope, job, JobStep::Start);
  }
  if (job.step == JobStep::Start) {
    if (record->phase != VmPhase::Suspended) scope.driver.StartVm(job);  // a suspended service stays off
    Step(scope, job, JobStep::Mail);
  }
  if (job.step == JobStep::Mail) {
    SendRestoredMail(*service->module, *service->item, job.id, scope.log);
    Finish(scope, job);
  }
}

}  // namespace pm::vps::backups
