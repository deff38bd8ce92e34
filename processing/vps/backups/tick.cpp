#include "vps/backups/tick.h"

#include <set>

#include "backup/planner.h"
#include "core/item_lock.h"
#include "core/run_lock.h"
#include "vps/backups/jobs.h"
#include "vps/settings.h"
#include "vps/vm_records.h"

namespace pm::vps::backups {
namespace {

constexpr int kStepsPerItem = 8;  // jobs of one VM run one after another

struct ModuleTick {
  JobScope& scope;
  std::string item_lock_path;
  std::function<std::optional<core::Error>(const std::exception&)> translate;
  std::map<int, Guest> guests;  // the VMs of the jobs waiting to start, as the tick began
};

void PlanItem(JobScope& scope, const backup::LocalTime& now, long item, VmRecords& records, backup::Rotation rotation) {
  auto service = scope.directory.Find(item);
  auto record = records.Find(item);
  if (!service || !record || record->phase == VmPhase::Planned) return;
  backup::TickInput input{now, scope.journal.ScheduleOf(item), {}, BackupQuota(*service->item), rotation,
                          scope.journal.LastScheduledDay(item), !scope.journal.UnfinishedOf(item).empty()};
  for (const auto& copy : scope.journal.Copies(item)) input.backups.push_back({copy.id, copy.ctime, false});
  auto decision = backup::PlanTick(input);
  if (!decision.create) {
    scope.log.Debug("item " + std::to_string(item) + ": no scheduled backup: " + decision.reason);
    return;
  }
  std::string storage = Setting(*service->module, *service->item, "backup_storage");
  if (storage.empty()) {
    scope.log.Error("item " + std::to_string(item) + ": scheduled backup due but no backup_storage is set");
    return;
  }
  for (const auto& victim : decision.delete_first) scope.journal.Enqueue(RemovalOf(*scope.journal.Copy(item, victim)));
  scope.journal.Enqueue({.item = item, .module = scope.module.id, .vmid = record->vmid, .node = record->node,
                         .kind = JobKind::Backup, .storage = storage, .day = now.date});
  scope.log.Info("item " + std::to_string(item) + ": scheduled backup of " + now.date + " queued");
}

void PlanScheduled(JobScope& scope, const backup::LocalTime& now) {
  VmRecords records(scope.journal.db());
  auto rotation = scope.module.params.Get("backup_rotation", "after") == "before" ? backup::Rotation::Before
                                                                                  : backup::Rotation::After;
  for (long item : scope.journal.ScheduledItems(scope.module.id)) {
    try {
      PlanItem(scope, now, item, records, rotation);
    } catch (const std::exception& failure) {  // one service's bad data must not stop the others
      scope.log.Error("item " + std::to_string(item) + ": no scheduled backup: " + scope.log.Masked(failure.what()));
    }
  }
}

// A queued job that holds the VM starts where the VM is now, and only while the hypervisor holds
// no lock on it.
bool ReadyToStart(ModuleTick& tick, BackupJob& job) {
  JobScope& scope = tick.scope;
  auto guest = tick.guests.find(job.vmid);
  if (guest == tick.guests.end()) {
    Finish(scope, job, "VM " + std::to_string(job.vmid) + " does not exist");
    return false;
  }
  if (!guest->second.lock.empty()) {
    scope.log.Info("job " + std::to_string(job.id) + " waits: VM " + std::to_string(job.vmid) + " is locked (" +
                   guest->second.lock + ")");
    if (scope.now - job.created > kGiveUpAfter) Finish(scope, job, "the VM stayed locked (" + guest->second.lock + ")");
    return false;
  }
  job.node = guest->second.node;
  return true;
}

void Advance(JobScope& scope, BackupJob& job) {
  switch (job.kind) {
    case JobKind::Backup: return AdvanceBackup(scope, job);
    case JobKind::Delete: return AdvanceDelete(scope, job);
    case JobKind::Restore: return AdvanceRestore(scope, job);
  }
}

// Whether a failure only delays the job to the next tick: the hypervisor could not be reached or
// was busy (or lost an answer: what the call started is found next time), or the work is done
// already and only its result could not be read. A removal the hypervisor refused is tried again
// after a pause; any other refusal ends the job.
bool Retried(const BackupJob& job, const core::Error& error) {
  return error.type() == core::ErrorType::Connection || error.type() == core::ErrorType::Locked ||
         job.step == JobStep::Locate;
}

void AdvanceGuarded(ModuleTick& tick, BackupJob& job) {
  JobScope& scope = tick.scope;
  try {
    if (!job.task.empty() && job.started && scope.now - job.started > kTaskLimit) {
      scope.driver.StopTask(job.task);
      return Finish(scope, job, "stopped: its task was still running after 12 hours");
    }
    Advance(scope, job);
  } catch (const std::exception& failure) {
    auto error = tick.translate(failure).value_or(core::Error(core::ErrorType::Internal, "", failure.what()));
    if (!Retried(job, error) && job.kind == JobKind::Delete) return RetryRemovalLater(scope, job, error.what());
    if (!Retried(job, error) || scope.now - job.created > kGiveUpAfter) return Finish(scope, job, error.what());
    job.error = scope.log.Masked(error.what());
    scope.journal.Save(job);
    scope.log.Warning("job " + std::to_string(job.id) + " tried again next tick: " + job.error);
  }
}

// The job holding the VM moves as far as it can; the one after it may start in the same tick.
void FollowHoldingJobs(ModuleTick& tick, long item) {
  JobScope& scope = tick.scope;
  for (int step = 0; step < kStepsPerItem; ++step) {
    std::optional<BackupJob> next;
    for (auto& job : scope.journal.UnfinishedOf(item)) {
      if (job.HoldsVm()) {
        next = std::move(job);
        break;
      }
    }
    if (!next) return;
    if (next->state == JobState::Queued && !ReadyToStart(tick, *next)) return;
    AdvanceGuarded(tick, *next);
    if (!next->Finished()) return;  // waits for its task
  }
}

void FollowRemovals(ModuleTick& tick, long item) {
  for (auto& job : tick.scope.journal.UnfinishedOf(item)) {
    if (!job.HoldsVm() && job.retry_at <= tick.scope.now) AdvanceGuarded(tick, job);
  }
}

void FollowJobs(ModuleTick& tick) {
  // The VMs of the jobs that wait to start, located with one look.
  auto starting = tick.scope.journal.VmsWaitingToStart(tick.scope.module.id);
  if (!starting.empty()) tick.guests = tick.scope.driver.Locate(starting);
  for (long item : tick.scope.journal.ItemsWithJobs(tick.scope.module.id)) {
    auto lock = core::ItemLock::TryAcquire(tick.item_lock_path, item);
    if (!lock) {
      tick.scope.log.Info("item " + std::to_string(item) + ": a command works on the service; its jobs wait");
      continue;
    }
    FollowHoldingJobs(tick, item);
    FollowRemovals(tick, item);
  }
}

// The client's note goes to the storage after the copy is recorded, and is retried until it is
// there, for a day.
void WritePendingNotes(JobScope& scope) {
  for (const auto& copy : scope.journal.PendingNotes(scope.module.id)) {
    try {
      scope.driver.WriteNotes(copy);
      scope.journal.NotesWritten(copy.id);
    } catch (const std::exception& failure) {
      std::string what = "the note of backup " + copy.volid + " could not be written: " + scope.log.Masked(failure.what());
      if (scope.now - copy.added > kGiveUpAfter) {
        scope.log.Error(what + "; given up after a day");
        scope.journal.NotesWritten(copy.id);
      } else {
        scope.log.Warning(what + "; tried again next tick");
      }
    }
  }
}

void TickModule(TickSetup& setup, const core::ModuleConfig& module) {
  BackupJournal journal(setup.files.Of(module), setup.now);
  if (!journal.HasWork(module.id)) return;
  auto driver = setup.connect(module);
  ClusterClock cluster = driver->Clock();
  journal.SaveZone(module.id, cluster.zone);
  JobScope scope{*driver, journal, setup.directory, setup.log, module, cluster, setup.now()};
  if (!journal.ScheduledItems(module.id).empty()) {
    // One transaction: thousands of schedules are read without a lock round-trip each.
    journal.db().Transaction([&] { PlanScheduled(scope, cluster.local); });
  }
  ModuleTick tick{scope, core::ItemLockPathOf(setup.files.PathOf(module)), setup.translate, {}};
  FollowJobs(tick);
  WritePendingNotes(scope);
}

}  // namespace

TickOutcome RunTick(TickSetup& setup) {
  auto lock = core::RunLock::TryAcquire(setup.files.IndexPath() + ".backup_tick.lock");
  if (!lock) {
    setup.log.Info("another backup_tick is running; this one exits");
    return {true, 0};
  }
  TickOutcome outcome;
  for (const auto& module : setup.directory.Modules()) {
    try {
      TickModule(setup, module);
    } catch (const std::exception& failure) {
      // One unreachable cluster must not hold up the others.
      setup.log.Error("backup tick of processing module " + std::to_string(module.id) + ": " + failure.what());
      ++outcome.modules_failed;
    }
  }
  return outcome;
}

}  // namespace pm::vps::backups
