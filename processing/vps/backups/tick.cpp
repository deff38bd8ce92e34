// backup_tick (cron, every minute): for every processing module with backup work, start the
// scheduled backups that are due (seed 004's algorithm in backup/planner) and move every
// unfinished job one step on. Ticks never overlap and never wait for a long task.
#include <ctime>
#include <set>

#include "backup/planner.h"
#include "core/error.h"
#include "core/module_registry.h"
#include "core/run_lock.h"
#include "core/service_registry.h"
#include "pmproxmox/backup_jobs.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/placement.h"
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/translate.h"
#include "pmproxmox/vm_records.h"
#include "proxmox/tasks.h"

namespace pm::pmproxmox {
namespace {

constexpr std::int64_t kGiveUpAfter = 24 * 3600;  // a job that could not proceed for a day fails
constexpr std::int64_t kTaskLimit = 12 * 3600;    // a task running this long is stuck: stopped
constexpr int kStepsPerItem = 8;                  // jobs of one VM run one after another

// Schedules are kept in the cluster's local time: that is the clock vzdump names archives by.
backup::LocalTime ClusterTime(proxmox::Api& api) {
  for (const auto& node : proxmox::ListNodes(api)) {
    if (!node.online) continue;
    std::time_t local = static_cast<std::time_t>(proxmox::GetNodeTime(api, node.node).localtime);
    std::tm parts{};
    gmtime_r(&local, &parts);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &parts);
    return {parts.tm_wday, parts.tm_hour * 60 + parts.tm_min, date};
  }
  throw core::Error(core::ErrorType::Connection, "node", "no Proxmox node is online");
}

void PlanScheduled(JobScope& scope, const backup::LocalTime& now) {
  VmRecords records(scope.state);
  core::ServiceRegistry services(scope.state);
  auto rotation = scope.module.params.Get("backup_rotation", "after") == "before" ? backup::Rotation::Before
                                                                                  : backup::Rotation::After;
  for (long item : scope.journal.ScheduledItems(scope.module.id)) {
    auto service = services.FindService(item);
    auto record = records.Find(item);
    if (!service || !record || record->phase == "planned") continue;
    backup::TickInput input{now, scope.journal.ScheduleOf(item), {}, BackupQuota(*service), rotation,
                            scope.journal.LastScheduledDay(item), !scope.journal.UnfinishedOf(item).empty()};
    for (const auto& copy : scope.journal.Copies(item)) input.backups.push_back({copy.id, copy.ctime, false});
    auto decision = backup::PlanTick(input);
    if (!decision.create) {
      scope.log.Debug("item " + std::to_string(item) + ": no scheduled backup: " + decision.reason);
      continue;
    }
    std::string storage = Setting(scope.module, *service, "backup_storage");
    if (storage.empty()) {
      scope.log.Error("item " + std::to_string(item) + ": scheduled backup due but no backup_storage is set");
      continue;
    }
    for (const auto& victim : decision.delete_first) scope.journal.Enqueue(RemovalOf(*scope.journal.Copy(item, victim)));
    scope.journal.Enqueue({.item = item, .module = scope.module.id, .vmid = record->vmid, .node = record->node,
                           .kind = "backup", .storage = storage, .day = now.date});
    scope.log.Info("item " + std::to_string(item) + ": scheduled backup of " + now.date + " queued");
  }
}

// A queued job starts where the VM is now, and only while Proxmox holds no lock on it.
bool ReadyToStart(JobScope& scope, BackupJob& job) {
  if (job.kind == "delete") return true;  // needs the storage only; the VM may be gone (close)
  auto guest = scope.guests.find(job.vmid);
  if (guest == scope.guests.end()) {
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
  if (job.kind == "backup") return AdvanceBackup(scope, job);
  if (job.kind == "delete") return AdvanceDelete(scope, job);
  if (job.kind == "restore") return AdvanceRestore(scope, job);
  Finish(scope, job, "unknown job kind '" + job.kind + "'");
}

// A Proxmox refusal ends the job; a connection failure or a busy lock only delays it.
void AdvanceGuarded(JobScope& scope, BackupJob& job) {
  try {
    if (!job.upid.empty() && scope.now - job.created > kTaskLimit) {
      proxmox::StopTask(scope.api, job.upid);
      return Finish(scope, job, "stopped: its Proxmox task was still running after 12 hours");
    }
    Advance(scope, job);
  } catch (const std::exception& failure) {
    auto error = Translate(failure).value_or(core::Error(core::ErrorType::Internal, "", failure.what()));
    bool retry = error.type() == core::ErrorType::Connection || error.type() == core::ErrorType::Locked;
    if (retry && scope.now - job.created <= kGiveUpAfter) {
      scope.log.Warning("job " + std::to_string(job.id) + " retried next tick: " + error.what());
    } else {
      Finish(scope, job, error.what());
    }
  }
}

void FollowJobs(JobScope& scope) {
  std::set<long> items;
  for (const auto& job : scope.journal.Unfinished(scope.module.id)) items.insert(job.item);
  for (long item : items) {
    for (int step = 0; step < kStepsPerItem; ++step) {
      auto jobs = scope.journal.UnfinishedOf(item);
      if (jobs.empty()) break;
      BackupJob job = jobs.front();
      if (job.state == "queued" && !ReadyToStart(scope, job)) break;
      AdvanceGuarded(scope, job);
      if (job.state != "done" && job.state != "failed") break;  // waits for its task
    }
  }
}

void TickModule(core::Context& ctx, const core::ModuleConfig& module, BackupJournal& journal) {
  Connection connection(module, ctx.log);
  proxmox::Backups backups(connection.api());
  StorageListings listings(backups);
  JobScope scope{connection.api(), ctx.state(), journal, ctx.log, module, listings, {}, std::time(nullptr)};
  for (auto& guest : proxmox::ListGuests(connection.api())) scope.guests[guest.vmid] = guest;
  if (!journal.ScheduledItems(module.id).empty()) {
    auto now = ClusterTime(connection.api());
    // One transaction: thousands of schedules are read without a lock round-trip each.
    ctx.state().Transaction([&] { PlanScheduled(scope, now); });
  }
  FollowJobs(scope);
}

}  // namespace

std::optional<std::string> UnrecordedTask(JobScope& scope, const BackupJob& job, const std::string& type) {
  for (const auto& upid : proxmox::FindTasks(scope.api, job.node, type, job.vmid, job.created - 60)) {
    if (!scope.journal.UpidRecorded(upid)) return upid;
  }
  return std::nullopt;
}

void Finish(JobScope& scope, BackupJob& job, const std::string& error) {
  job.state = error.empty() ? "done" : "failed";
  job.error = error;
  scope.journal.Save(job);
  std::string what = job.kind + " job " + std::to_string(job.id) + " of item " + std::to_string(job.item);
  if (error.empty()) {
    scope.log.Info(what + " done");
  } else {
    scope.log.Error(what + " failed: " + error);
  }
}

core::Reply ProxmoxModule::BackupTick(core::Context& ctx) {
  auto lock = core::RunLock::TryAcquire(core::MgrRoot() + "/var/pmproxmox.backup_tick.lock");
  if (!lock) {
    ctx.log.Info("another backup_tick is running; this one exits");
    return core::Reply().Add("skipped", "another backup_tick is running");
  }
  BackupJournal journal(ctx.state());
  std::map<long, core::ModuleConfig> modules;
  for (auto& module : core::ModuleRegistry(ctx.state()).All()) modules[module.id] = std::move(module);
  int failed = 0;
  for (long id : journal.ModulesWithWork()) {
    auto module = modules.find(id);
    if (module == modules.end()) {
      ctx.log.Error("backup work for processing module " + std::to_string(id) + " whose connection is unknown");
      ++failed;
      continue;
    }
    try {
      TickModule(ctx, module->second, journal);
    } catch (const std::exception& failure) {
      // One unreachable cluster must not hold up the others.
      ctx.log.Error("backup tick of processing module " + std::to_string(id) + ": " + failure.what());
      ++failed;
    }
  }
  return core::Reply().Add("modules_failed", std::to_string(failed));
}

}  // namespace pm::pmproxmox
