// A restore job (seed 004): stop the VM, restore the archive over it, re-apply the current
// package (the backup may predate an upgrade), start it, and mail the client. Each step is
// recorded before it runs and is safe to repeat, so a failed or killed restore is resumed or
// retried from where it stopped.
#include "core/service_registry.h"
#include "pmproxmox/backup_jobs.h"
#include "pmproxmox/placement.h"
#include "pmproxmox/restored_mail.h"
#include "pmproxmox/service_spec.h"
#include "pmproxmox/vm_records.h"
#include "proxmox/tasks.h"
#include "proxmox/vms.h"

namespace pm::pmproxmox {
namespace {

void Step(JobScope& scope, BackupJob& job, const std::string& step) {
  job.step = step;
  job.upid.clear();
  scope.journal.Save(job);
}

void Stop(JobScope& scope, BackupJob& job) {
  proxmox::Vm vm(scope.api, job.node, job.vmid);
  if (vm.Running()) vm.Stop();  // PVE refuses to restore over a running VM (notes §19)
  Step(scope, job, "restore");
}

void Restore(JobScope& scope, BackupJob& job, const core::Input& service) {
  if (job.upid.empty()) {
    if (auto task = UnrecordedTask(scope, job, "qmrestore")) {
      job.upid = *task;  // started by a run that was killed before it saved the UPID
    } else {
      job.upid = proxmox::Backups(scope.api).RestoreAsync(job.node, job.vmid, job.volid,
                                                          Setting(*service.module, *service.item, "storage"));
    }
    scope.journal.Save(job);
    return;
  }
  auto task = proxmox::PollTask(scope.api, job.upid);
  if (task.running) return scope.journal.Save(job);
  if (!task.ok) return Finish(scope, job, "restore failed: " + task.exitstatus);
  Step(scope, job, "reapply");
}

void Reapply(JobScope& scope, BackupJob& job, const core::Input& service, const VmRecord& record) {
  proxmox::Vm vm(scope.api, job.node, job.vmid);
  VmSpec spec = SpecFor(*service.module, *service.item, record, std::nullopt);
  spec.onboot = record.phase != "suspended";
  auto plan = PlanConfig(vm.Config(), spec);
  for (const auto& note : plan.notes) scope.log.Warning("restore job " + std::to_string(job.id) + ": " + note);
  if (!plan.changes.empty()) vm.UpdateConfig(plan.changes);
  for (const auto& [disk, gib] : plan.grow) vm.Resize(disk, gib);
  Step(scope, job, "start");
}

void Start(JobScope& scope, BackupJob& job, const VmRecord& record) {
  proxmox::Vm vm(scope.api, job.node, job.vmid);
  if (record.phase != "suspended" && !vm.Running()) vm.Start();  // a suspended service stays off
  Step(scope, job, "mail");
}

}  // namespace

void AdvanceRestore(JobScope& scope, BackupJob& job) {
  auto service = core::ServiceRegistry(scope.state).Find(job.item);
  auto record = VmRecords(scope.state).Find(job.item);
  if (!service || !record) return Finish(scope, job, "the service is no longer known to the module");
  if (job.state == "queued") {
    job.state = "running";
    Step(scope, job, "stop");
  }
  if (job.step == "stop") Stop(scope, job);
  if (job.step == "restore") Restore(scope, job, *service);
  if (job.step == "reapply") Reapply(scope, job, *service, *record);
  if (job.step == "start") Start(scope, job, *record);
  if (job.step == "mail") {
    SendRestoredMail(scope.module, *service->item, job, scope.log);
    Finish(scope, job);
  }
}

}  // namespace pm::pmproxmox
