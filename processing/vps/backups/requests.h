// What the client's Backups page asks of the module (contract §6). Each request is checked
// against the journal and answered at once; the work itself is queued for backup_tick. Nothing
// here talks to Proxmox: a page must answer even while the cluster is slow.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backup/schedule.h"
#include "core/log.h"
#include "core/sqlite.h"
#include "pmproxmox/backup_journal.h"

namespace pm::pmproxmox {

constexpr size_t kMaxNotesBytes = 1000;

struct BackupsView {
  int used = 0;   // copies kept
  int limit = 0;  // the service's backup_quota
  std::vector<BackupCopy> copies;  // oldest first
  std::vector<BackupJob> running;  // unfinished jobs, oldest first
  std::optional<BackupJob> failed_restore;  // the latest restore, when it failed
  std::optional<BackupJob> failed_backup;   // the latest backup, when it failed
  backup::Schedule schedule;
};

class BackupRequests {
 public:
  BackupRequests(core::Sqlite& state, core::Log& log, long item);

  BackupsView View();
  // Error{quota} when the quota is used up, {locked} while a job runs, {value} for bad notes.
  long BackupNow(const std::string& notes);
  // Error{access} for an id that is not one of this service's copies.
  long Restore(const std::string& copy_id);
  long Remove(const std::string& copy_id);
  void SaveSchedule(const backup::Schedule& schedule);

 private:
  BackupCopy OwnCopy(const std::string& copy_id);
  void RequireIdle();

  core::Sqlite& state_;
  core::Log& log_;
  long item_;
  BackupJournal journal_;
};

}  // namespace pm::pmproxmox
