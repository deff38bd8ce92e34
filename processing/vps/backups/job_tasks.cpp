// The task bookkeeping every kind of job shares (jobs.h).
#include "vps/backups/jobs.h"

namespace pm::vps::backups {
namespace {

// Nodes of one cluster agree on the time; a few seconds cover the rounding of task start times.
constexpr std::int64_t kClockMargin = 5;

}  // namespace

void BeginTask(JobScope& scope, BackupJob& job, JobStep step) {
  job.state = JobState::Running;
  job.step = step;
  job.task.clear();
  job.task_since = scope.cluster.now - kClockMargin;
  job.started = scope.now;
  job.progress = -1;
  job.log_seen = 0;
  scope.journal.Save(job);
}

void RecordTask(JobScope& scope, BackupJob& job, const std::string& task) {
  job.task = task;
  scope.journal.Save(job);
}

bool AdoptTask(JobScope& scope, BackupJob& job) {
  if (job.task_since == 0) return false;  // no task was ever asked for
  for (const auto& task : scope.driver.TasksSince(job, job.task_since)) {
    if (scope.journal.TaskRecorded(task)) continue;
    scope.log.Info(std::string(ToString(job.kind)) + " job " + std::to_string(job.id) + " takes over task " + task);
    RecordTask(scope, job, task);
    return true;
  }
  return false;
}

TaskLook Follow(JobScope& scope, BackupJob& job) {
  TaskLook look = scope.driver.Look(job.task, job.log_seen);
  job.log_seen = look.log_lines;
  if (look.percent) job.progress = *look.percent;
  if (look.running) scope.journal.Save(job);
  return look;
}

void Finish(JobScope& scope, BackupJob& job, const std::string& error) {
  job.state = error.empty() ? JobState::Done : JobState::Failed;
  job.error = scope.log.Masked(error);
  if (error.empty()) job.progress = 100;
  scope.journal.Save(job);
  std::string what = std::string(ToString(job.kind)) + " job " + std::to_string(job.id) + " of item " + std::to_string(job.item);
  if (error.empty()) {
    scope.log.Info(what + " done");
  } else {
    scope.log.Error(what + " failed: " + job.error);
  }
}

}  // namespace pm::vps::backups
