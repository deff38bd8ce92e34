// The module's memory of client backups, in the module's state: each service's schedule, the
// backups it owns ("copies"), and the jobs that make, restore and remove them. This journal is
// the source of truth for what a client sees and may touch: a backup on the storage that is not
// a copy here (another cluster's, a previous VM's with the same VMID, an admin's) is never shown,
// counted, rotated or deleted. An unfinished backup or restore job is the module's lock on the VM.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "backup/schedule.h"
#include "core/service.h"
#include "core/sqlite.h"

namespace pm::vps::backups {

// The module's own clock (seconds since the epoch); tests pass their own.
using Clock = std::function<std::int64_t()>;
std::int64_t SystemNow();

enum class JobKind { Backup, Restore, Delete };
enum class JobState { Queued, Running, Done, Failed };
// Backup: Task → Locate. Delete: Task. Restore: Stop → Restore → Reapply → Start → Mail.
enum class JobStep { None, Task, Locate, Stop, Restore, Reapply, Start, Mail };

std::string_view ToString(JobKind kind);
std::string_view ToString(JobState state);
std::string_view ToString(JobStep step);

struct BackupCopy {
  std::string id;  // opaque random id shown to the client instead of the volid
  long item = 0;
  long module = 0;
  int vmid = 0;
  std::string volid;
  std::string node;  // where it was made (for node-local storage)
  std::int64_t ctime = 0;
  std::uint64_t size = 0;
  std::string notes;  // exactly as the client wrote them
  std::string day;    // the cluster's local date of the schedule run that made it; "" for manual backups
  bool notes_pending = false;  // the client's note is not on the storage yet: the tick writes it
  std::int64_t added = 0;      // when the module recorded it (module clock)
};

struct BackupJob {
  long id = 0;
  long item = 0;
  long module = 0;
  int vmid = 0;
  std::string node{};
  JobKind kind = JobKind::Backup;
  JobState state = JobState::Queued;
  JobStep step = JobStep::None;
  std::string task{};     // the hypervisor task being followed (a UPID)
  std::string storage{};
  std::string volid{};    // restore/delete: the copy's volume; backup: the new archive once found
  std::string copy_id{};  // restore/delete: the copy acted on
  std::string notes{};    // backup: the client's note, verbatim
  std::string marker{};   // backup: what identifies its archive
  std::string day{};      // backup: the cluster's local date of the schedule run; "" = manual
  std::string error{};    // why it failed, or why its last try failed while it is retried
  std::int64_t created = 0;     // module clock
  std::int64_t updated = 0;     // last time a run looked after the job (staleness)
  std::int64_t task_since = 0;  // the cluster's clock just before the task was asked for
  std::int64_t started = 0;     // when its current task was started (module clock); 0 = none yet
  int progress = -1;            // percent done as the task's log says; -1 = not known
  std::int64_t log_seen = 0;    // lines of the task's log read so far
  int attempts = 0;             // failed tries of a retried job
  std::int64_t retry_at = 0;    // a retried job waits until then (module clock)

  bool Finished() const { return state == JobState::Done || state == JobState::Failed; }
  // A backup or restore holds the VM: every other operation waits for it. A removal does not.
  bool HoldsVm() const { return kind != JobKind::Delete; }
};

// The cluster's time zone, as the last tick saw it: schedules run in it and the page shows it.
struct ClusterZone {
  std::string name;          // "Europe/Moscow"
  std::int64_t offset = 0;   // seconds east of UTC
};

class BackupJournal {
 public:
  BackupJournal(core::Sqlite& db, Clock now = SystemNow);

  core::Sqlite& db() { return db_; }
  std::int64_t Now() const { return now_(); }

  backup::Schedule ScheduleOf(long item);
  void SetSchedule(long item, long module, const backup::Schedule& schedule);
  std::vector<long> ScheduledItems(long module);  // items with at least one enabled day

  std::vector<BackupCopy> Copies(long item);  // oldest first
  std::optional<BackupCopy> Copy(long item, const std::string& id);
  void AddCopy(const BackupCopy& copy);  // once per volid: a rerun adds nothing
  void RemoveCopy(const std::string& id);
  std::vector<BackupCopy> PendingNotes(long module);
  void NotesWritten(const std::string& copy_id);
  std::string LastScheduledDay(long item);  // of a copy or of any scheduled backup job

  long Enqueue(BackupJob job);  // sets id and created/updated; returns the id
  void Save(const BackupJob& job);
  std::optional<BackupJob> Job(long id);
  bool TaskRecorded(const std::string& task);      // by any job, in any of its steps
  std::vector<long> ItemsWithJobs(long module);     // services with queued or running jobs
  std::set<int> VmsWaitingToStart(long module);     // of queued backups and restores
  std::vector<BackupJob> UnfinishedOf(long item);
  // The unfinished job of `kind` acting on the copy, if any.
  std::optional<BackupJob> UnfinishedOn(const std::string& copy_id, JobKind kind);
  std::optional<BackupJob> Latest(long item, JobKind kind);
  std::optional<BackupJob> LatestOn(const std::string& copy_id, JobKind kind);
  bool HasWork(long module);  // schedules, unfinished jobs or notes to write

  void SaveZone(long module, const ClusterZone& zone);
  std::optional<ClusterZone> Zone(long module);

 private:
  core::Sqlite& db_;
  Clock now_;
};

std::string RandomId();  // 16 hex digits from the OS's random source

// The storage of a volume id "<storage>:<name>"; "" when it names none.
std::string StorageOf(const std::string& volid);

// The job that removes `copy` from its storage and, once done, from the journal.
BackupJob RemovalOf(const BackupCopy& copy);

// The service's backup_quota resource: backups kept, 0 when it has none. Error{value} for an
// amount that is not a whole number from 0 to kMaxBackupQuota.
constexpr int kMaxBackupQuota = 1000;
int BackupQuota(const core::Service& service);

}  // namespace pm::vps::backups
