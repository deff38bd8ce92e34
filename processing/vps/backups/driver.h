// What a hypervisor does for the module's backup jobs; pmproxmox implements it over vzdump,
// qmrestore and the storage API. Every call is one remote action or look and never waits for a
// long task: the jobs (jobs.h) come back to a task on later ticks. Calls throw the hypervisor's
// own exceptions; the tick translates them once (a connection failure or a lock only delays a
// job, a refusal ends it).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "backup/planner.h"
#include "core/service.h"
#include "vps/backups/journal.h"
#include "vps/vm_records.h"

namespace pm::vps::backups {

// The cluster's clock, which may disagree with the module's: tasks are looked for by it, and
// schedules run in its local time.
struct ClusterClock {
  std::int64_t now = 0;      // seconds since the epoch, as the cluster counts them
  backup::LocalTime local;   // its local weekday, minute and date
  ClusterZone zone;
};

// The job's VM as the hypervisor sees it now.
struct Guest {
  std::string node;
  std::string lock;  // the hypervisor's own lock on it ("backup", "clone"…); empty when none
};

// One look at a task.
struct TaskLook {
  bool running = false;
  bool ok = false;                // it ended well (when not running)
  std::string error;              // why it failed (when not ok)
  std::optional<int> percent;     // the newest progress its log shows
  std::int64_t log_lines = 0;     // lines of its log read so far
};

// A backup archive on the storage.
struct Archive {
  std::string volid;
  std::int64_t ctime = 0;
  std::uint64_t size = 0;
};

class BackupDriver {
 public:
  virtual ~BackupDriver() = default;

  virtual ClusterClock Clock() = 0;
  // Where the VMs `vmids` are now, from one look at the cluster; a VM that does not exist is
  // missing from the answer.
  virtual std::map<int, Guest> Locate(const std::set<int>& vmids) = 0;

  // Starts the backup of the job's VM to job.storage, its archive marked with job.marker. Returns
  // the task; nullopt when the hypervisor started nothing.
  virtual std::optional<std::string> StartBackup(const BackupJob& job) = 0;
  // The tasks of the job's kind for its VM (or volume) started at or after `since` by the
  // cluster's clock, newest first: what a run that was killed, or whose answer was lost, started.
  virtual std::vector<std::string> TasksSince(const BackupJob& job, std::int64_t since) = 0;
  // The task now, reading its log from line `log_from` on for progress.
  virtual TaskLook Look(const std::string& task, std::int64_t log_from) = 0;
  // Asks the hypervisor to stop a task that runs far too long.
  virtual void StopTask(const std::string& task) = 0;

  // The archive a finished backup job made (by its marker, or job.volid once known); nullopt when
  // it is not on the storage. Throws when the storage cannot be listed.
  virtual std::optional<Archive> FindArchive(const BackupJob& job) = 0;
  // Writes the copy's notes (the client's text, verbatim) to its archive.
  virtual void WriteNotes(const BackupCopy& copy) = 0;

  // Whether job.volid is still on job.storage.
  virtual bool ArchiveExists(const BackupJob& job) = 0;
  // Starts removing job.volid; nullopt when it was removed at once.
  virtual std::optional<std::string> StartDelete(const BackupJob& job) = 0;

  // The restore: stop the VM, restore job.volid over it (a task), bring it back to the service's
  // current package, start it (unless the service is suspended).
  virtual void StopVm(const BackupJob& job) = 0;
  virtual std::string StartRestore(const BackupJob& job, const core::Input& service) = 0;
  virtual void Reapply(const BackupJob& job, const core::Input& service, const VmRecord& record) = 0;
  virtual void StartVm(const BackupJob& job) = 0;
};

}  // namespace pm::vps::backups
