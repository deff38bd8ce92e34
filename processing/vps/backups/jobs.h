// The steps of the module's backup jobs, over a BackupDriver. A tick advances each unfinished job
// as far as it can without waiting on a long task: it starts a task, records it, and on later
// ticks looks at it once. Every step is recorded before and after its one remote action, so a
// tick killed anywhere, or an answer lost on the way, leaves a job the next tick completes (by
// finding the task it started) and never a second archive, a lost copy or a foreign volume
// deleted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/log.h"
#include "core/service.h"
#include "core/service_directory.h"
#include "vps/backups/driver.h"
#include "vps/backups/journal.h"

namespace pm::vps::backups {

constexpr std::int64_t kGiveUpAfter = 24 * 3600;  // a job that could not proceed for a day fails
constexpr std::int64_t kTaskLimit = 12 * 3600;    // a task running this long is stuck: stopped

// What one tick knows about one processing module's cluster.
struct JobScope {
  BackupDriver& driver;
  BackupJournal& journal;
  core::ServiceDirectory& directory;
  core::Log& log;
  const core::ModuleConfig& module;
  const ClusterClock& cluster;
  std::int64_t now = 0;  // the module's clock, for job ages
};

void AdvanceBackup(JobScope& scope, BackupJob& job);
void AdvanceDelete(JobScope& scope, BackupJob& job);
void AdvanceRestore(JobScope& scope, BackupJob& job);

// Records, before the call that starts it, that the job now waits for a task in `step`: from
// when on (by the cluster's clock) a rerun looks for the task if the call's answer never arrives.
void BeginTask(JobScope& scope, BackupJob& job, JobStep step);
void RecordTask(JobScope& scope, BackupJob& job, const std::string& task);
// Takes over the task that a killed run, or a call whose answer was lost, started for the job:
// the newest one since the job asked for it that no job recorded (an earlier, failed attempt's
// task is not this one's). False when there is none.
bool AdoptTask(JobScope& scope, BackupJob& job);
// One look at the job's task; its progress is kept, and a running task keeps the job fresh.
TaskLook Follow(JobScope& scope, BackupJob& job);

// Ends the job: done, or failed with the reason the client is shown (secrets masked).
void Finish(JobScope& scope, BackupJob& job, const std::string& error = "");

// A removal that failed is queued again after a growing pause, for a day; then it fails.
void RetryRemovalLater(JobScope& scope, BackupJob& job, const std::string& why);

}  // namespace pm::vps::backups
