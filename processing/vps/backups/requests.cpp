#include "vps/backups/requests.h"

#include "common/utf8.h"
#include "core/error.h"
#include "vps/backups/lock.h"
#include "vps/settings.h"
#include "vps/vm_records.h"

namespace pm::vps::backups {

bool PrintableUtf8(const std::string& text) {
  for (std::size_t at = 0; at < text.size();) {
    auto c = common::DecodeUtf8(text, at);
    // XML's characters (the note is shown in a page) without the C0 and C1 controls and DEL.
    if (!c || !common::IsXmlChar(*c) || (*c >= 0x7F && *c <= 0x9F)) return false;
  }
  return true;
}

BackupRequests::BackupRequests(core::Sqlite& state, core::Log& log, const core::Input& service, Clock now)
    : state_(state), log_(log), service_(service), item_(service.item->id), journal_(state, std::move(now)) {}

BackupsView BackupRequests::View() {
  BackupsView view;
  view.copies = journal_.Copies(item_);
  view.used = static_cast<int>(view.copies.size());
  view.limit = BackupQuota(*service_.item);
  view.running = journal_.UnfinishedOf(item_);
  auto restore = journal_.Latest(item_, JobKind::Restore);
  if (restore && restore->state == JobState::Failed) view.failed_restore = restore;
  auto backup = journal_.Latest(item_, JobKind::Backup);
  if (backup && backup->state == JobState::Failed) view.failed_backup = backup;
  for (const auto& copy : view.copies) {
    auto removal = journal_.LatestOn(copy.id, JobKind::Delete);
    if (removal && removal->state == JobState::Failed) view.failed_removals.push_back(*removal);
  }
  view.schedule = journal_.ScheduleOf(item_);
  view.zone = journal_.Zone(service_.module->id);
  return view;
}

template <typename Check>
long BackupRequests::EnqueueChecked(Check&& check) {
  long id = 0;
  state_.Transaction([&] { id = journal_.Enqueue(check()); });
  return id;
}

long BackupRequests::BackupNow(const std::string& notes) {
  if (notes.size() > kMaxNotesBytes) {
    throw core::ValueError("notes", "a note is at most " + std::to_string(kMaxNotesBytes) + " bytes");
  }
  if (!PrintableUtf8(notes)) throw core::ValueError("notes", "a note must be UTF-8 text without control characters");
  std::string storage = Setting(*service_.module, *service_.item, "backup_storage");
  if (storage.empty()) throw core::MissedError("backup_storage");
  return EnqueueChecked([&] {
    auto record = VmRecords(state_).Find(item_);
    if (!record || record->phase == VmPhase::Planned) {
      throw core::Error(core::ErrorType::NotFound, "elid", "the service has no VM yet");
    }
    RequireNoBackupJob(journal_, item_, log_);
    int limit = BackupQuota(*service_.item);
    if (static_cast<int>(journal_.Copies(item_).size()) >= limit) {
      throw core::Error(core::ErrorType::Quota, "backup_quota",
                        "all " + std::to_string(limit) + " backups of the quota are used; remove one first");
    }
    return BackupJob{.item = item_, .module = service_.module->id, .vmid = record->vmid, .node = record->node,
                     .kind = JobKind::Backup, .storage = storage, .notes = notes};
  });
}

BackupCopy BackupRequests::OwnCopy(const std::string& copy_id) {
  auto copy = journal_.Copy(item_, copy_id);
  if (!copy) throw core::Error(core::ErrorType::Access, "elid", "no such backup of this service");
  return *copy;
}

long BackupRequests::Restore(const std::string& copy_id) {
  return EnqueueChecked([&] {
    BackupCopy copy = OwnCopy(copy_id);
    RequireNoBackupJob(journal_, item_, log_);
    if (journal_.UnfinishedOn(copy.id, JobKind::Delete)) {
      throw core::Error(core::ErrorType::Locked, "delete", "this backup is being removed");
    }
    auto record = VmRecords(state_).Find(item_);
    if (!record) throw core::Error(core::ErrorType::NotFound, "elid", "the service has no VM");
    return BackupJob{.item = item_, .module = copy.module, .vmid = record->vmid, .node = record->node,
                     .kind = JobKind::Restore, .storage = StorageOf(copy.volid), .volid = copy.volid,
                     .copy_id = copy.id};
  });
}

BackupJob BackupRequests::RemovalChecked(const std::string& copy_id) {
  BackupCopy copy = OwnCopy(copy_id);
  if (journal_.UnfinishedOn(copy.id, JobKind::Restore)) {
    throw core::Error(core::ErrorType::Locked, "restore", "the server is being restored from this backup");
  }
  if (journal_.UnfinishedOn(copy.id, JobKind::Delete)) {
    throw core::Error(core::ErrorType::Locked, "delete", "this backup is being removed");
  }
  return RemovalOf(copy);
}

std::vector<long> BackupRequests::Remove(const std::vector<std::string>& copy_ids) {
  std::vector<long> jobs;
  state_.Transaction([&] {
    for (const auto& copy_id : copy_ids) jobs.push_back(journal_.Enqueue(RemovalChecked(copy_id)));
  });
  return jobs;
}

void BackupRequests::SaveSchedule(const backup::Schedule& schedule) {
  journal_.SetSchedule(item_, service_.module->id, schedule);
}

}  // namespace pm::vps::backups
