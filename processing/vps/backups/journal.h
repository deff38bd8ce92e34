// The module's memory of client backups, in the SQLite state: each service's schedule, the
// backups it owns ("copies"), and the jobs that make, restore and remove them. This journal is
// the source of truth for what a client sees and may touch: a backup on the storage that is not
// a copy here (another cluster's, a previous VM's with the same VMID, an admin's) is never shown,
// counted, rotated or deleted. An unfinished job is the module's lock on the VM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backup/schedule.h"
#include "core/service.h"
#include "core/sqlite.h"

namespace pm::pmproxmox {

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
  std::string day;    // local date of the schedule run that made it; "" for manual backups
};

// kind: backup | restore | delete. state: queued → running → done | failed.
// step (restore): stop → restore → reapply → start → mail.
struct BackupJob {
  long id = 0;
  long item = 0;
  long module = 0;
  int vmid = 0;
  std::string node{};
  std::string kind{};
  std::string state = "queued";
  std::string step{};
  std::string upid{};
  std::string storage{};
  std::string volid{};    // restore/delete: the copy's volume; backup: the new archive once found
  std::string copy_id{};  // restore/delete: the copy acted on
  std::string notes{};    // backup: the client's note, verbatim
  std::string marker{};   // backup: the notes-template that identifies its archive
  std::string day{};      // backup: local date of the schedule run; "" = manual
  std::string error{};
  std::int64_t created = 0;
  std::int64_t updated = 0;  // last time a run looked after the job (staleness)
};

class BackupJournal {
 public:
  explicit BackupJournal(core::Sqlite& db);

  backup::Schedule ScheduleOf(long item);
  void SetSchedule(long item, long module, const backup::Schedule& schedule);
  std::vector<long> ScheduledItems(long module);  // items with at least one enabled day

  std::vector<BackupCopy> Copies(long item);
  std::optional<BackupCopy> Copy(long item, const std::string& id);
  void AddCopy(const BackupCopy& copy);  // once per volid: a rerun adds nothing
  bool RemovalPending(const std::string& copy_id);
  void UpdateCopy(const BackupCopy& copy);
  void RemoveCopy(const std::string& id);
  std::string LastScheduledDay(long item);  // of a copy or of any scheduled backup job

  long Enqueue(BackupJob job);  // sets id and created/updated; returns the id
  void Save(const BackupJob& job);
  std::optional<BackupJob> Job(long id);
  bool UpidRecorded(const std::string& upid);  // by any job
  std::vector<BackupJob> Unfinished(long module);  // queued or running, oldest first
  std::vector<BackupJob> UnfinishedOf(long item);
  std::optional<BackupJob> Latest(long item, const std::string& kind);
  std::vector<long> ModulesWithWork();  // modules having schedules or unfinished jobs

 private:
  core::Sqlite& db_;
};

std::string RandomId();  // 16 hex digits from the OS's random source

// The job that removes `copy` from its storage and, once done, from the journal.
BackupJob RemovalOf(const BackupCopy& copy);

// The service's backup_quota resource: backups kept, 0 when it has none.
int BackupQuota(const core::Service& service);

}  // namespace pm::pmproxmox
