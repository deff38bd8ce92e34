// The steps of the module's backup jobs. A cron tick advances each unfinished job as far as it
// can without waiting on a long task: it starts a task, records its UPID, and on later ticks
// looks at it once. Every step is recorded before and after its one remote action, so a tick
// killed anywhere leaves a job the next tick completes (by finding the task it started) and
// never a second archive, a lost copy or a foreign volume deleted.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/log.h"
#include "core/service.h"
#include "core/sqlite.h"
#include "pmproxmox/backup_journal.h"
#include "pmproxmox/storage_listings.h"
#include "proxmox/api.h"
#include "proxmox/cluster.h"

namespace pm::pmproxmox {

// What one tick knows about one processing module's cluster.
struct JobScope {
  proxmox::Api& api;
  core::Sqlite& state;
  BackupJournal& journal;
  core::Log& log;
  const core::ModuleConfig& module;
  StorageListings& listings;
  std::map<int, proxmox::Guest> guests;  // by VMID, from one cluster listing
  std::int64_t now = 0;                  // the module's clock (epoch), for job ages
};

void AdvanceBackup(JobScope& scope, BackupJob& job);
void AdvanceDelete(JobScope& scope, BackupJob& job);
void AdvanceRestore(JobScope& scope, BackupJob& job);

// The `type` task this job started before a kill kept it from saving the UPID: the newest such
// task of the VM since shortly before the job was queued (clocks may differ a little) that no
// other job recorded (an earlier, failed attempt's task is not this one's).
std::optional<std::string> UnrecordedTask(JobScope& scope, const BackupJob& job, const std::string& type);

// Ends the job: done, or failed with the reason the client is shown.
void Finish(JobScope& scope, BackupJob& job, const std::string& error = "");

}  // namespace pm::pmproxmox
