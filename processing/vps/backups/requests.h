// What the client's Backups page asks of the module (contract §6). Each request is checked
// against the journal and answered at once; the work itself is queued for backup_tick. Every
// check and the enqueue it guards are one transaction, so two clicks at once cannot both pass
// the quota, and a backup and a restore cannot both be queued. Nothing here talks to the
// hypervisor: a page must answer even while the cluster is slow.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backup/schedule.h"
#include "core/log.h"
#include "core/service.h"
#include "core/sqlite.h"
#include "vps/backups/journal.h"

namespace pm::vps::backups {

constexpr size_t kMaxNotesBytes = 1000;

struct BackupsView {
  int used = 0;   // copies kept
  int limit = 0;  // the service's backup_quota
  std::vector<BackupCopy> copies;  // oldest first
  std::vector<BackupJob> running;  // unfinished jobs, oldest first
  std::optional<BackupJob> failed_restore;  // the latest restore, when it failed
  std::optional<BackupJob> failed_backup;   // the latest backup, when it failed
  std::vector<BackupJob> failed_removals;   // removals given up, of copies that are still there
  backup::Schedule schedule;
  std::optional<ClusterZone> zone;  // the cluster's time zone, once a tick has seen it
};

class BackupRequests {
 public:
  // `service` is the service with its processing module, as the service directory knows them.
  BackupRequests(core::Sqlite& state, core::Log& log, const core::Input& service, Clock now = SystemNow);

  BackupsView View();
  // Error{quota} when the quota is used up, {locked} while a job runs, {value} for bad notes.
  long BackupNow(const std::string& notes);
  // Error{access} for an id that is not one of this service's copies.
  long Restore(const std::string& copy_id);
  // All the copies, or (when one is refused) none of them.
  std::vector<long> Remove(const std::vector<std::string>& copy_ids);
  void SaveSchedule(const backup::Schedule& schedule);

 private:
  BackupCopy OwnCopy(const std::string& copy_id);
  BackupJob RemovalChecked(const std::string& copy_id);
  template <typename Check>
  long EnqueueChecked(Check&& check);

  core::Sqlite& state_;
  core::Log& log_;
  const core::Input& service_;
  long item_;
  BackupJournal journal_;
};

// Strictly valid UTF-8 of characters XML allows, without control characters other than newlines
// and tabs: anything else a client could type is kept verbatim.
bool PrintableUtf8(const std::string& text);

}  // namespace pm::vps::backups
