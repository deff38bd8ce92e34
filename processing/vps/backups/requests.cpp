#include "pmproxmox/backup_requests.h"

#include "core/error.h"
#include "core/service_registry.h"
#include "pmproxmox/backup_lock.h"
#include "pmproxmox/placement.h"
#include "pmproxmox/vm_records.h"
#include "proxmox/backups.h"

namespace pm::pmproxmox {
namespace {

// Valid UTF-8 without control characters other than newlines and tabs: anything else a
// client could type is kept verbatim.
bool PrintableUtf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    size_t extra = byte < 0x80 ? 0 : (byte & 0xE0) == 0xC0 ? 1 : (byte & 0xF0) == 0xE0 ? 2 : (byte & 0xF8) == 0xF0 ? 3 : 4;
    if (extra == 4 || i + extra >= text.size()) return false;
    if (byte == 0x7F || (byte < 0x20 && byte != '\n' && byte != '\t' && byte != '\r')) return false;
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

core::Input Known(core::Sqlite& state, long item) {
  auto service = core::ServiceRegistry(state).Find(item);
  if (!service) throw core::Error(core::ErrorType::NotFound, "elid", "service " + std::to_string(item) + " has no VM yet");
  return std::move(*service);
}

}  // namespace

BackupRequests::BackupRequests(core::Sqlite& state, core::Log& log, long item)
    : state_(state), log_(log), item_(item), journal_(state) {}

BackupsView BackupRequests::View() {
  BackupsView view;
  view.copies = journal_.Copies(item_);
  view.used = static_cast<int>(view.copies.size());
  if (auto service = core::ServiceRegistry(state_).FindService(item_)) view.limit = BackupQuota(*service);
  view.running = journal_.UnfinishedOf(item_);
  auto restore = journal_.Latest(item_, "restore");
  if (restore && restore->state == "failed") view.failed_restore = restore;
  auto backup = journal_.Latest(item_, "backup");
  if (backup && backup->state == "failed") view.failed_backup = backup;
  view.schedule = journal_.ScheduleOf(item_);
  return view;
}

void BackupRequests::RequireIdle() { RequireNoBackupJob(journal_, item_, log_); }

long BackupRequests::BackupNow(const std::string& notes) {
  if (notes.size() > kMaxNotesBytes) {
    throw core::ValueError("notes", "a note is at most " + std::to_string(kMaxNotesBytes) + " bytes");
  }
  if (!PrintableUtf8(notes)) throw core::ValueError("notes", "a note must be UTF-8 text without control characters");
  const core::Input service = Known(state_, item_);
  auto record = VmRecords(state_).Find(item_);
  if (!record || record->phase == "planned") throw core::Error(core::ErrorType::NotFound, "elid", "the service has no VM yet");
  RequireIdle();
  auto view = View();
  if (view.used >= view.limit) {
    throw core::Error(core::ErrorType::Quota, "backup_quota",
                      "all " + std::to_string(view.limit) + " backups of the quota are used; remove one first");
  }
  std::string storage = Setting(*service.module, *service.item, "backup_storage");
  if (storage.empty()) throw core::MissedError("backup_storage");
  return journal_.Enqueue({.item = item_, .module = service.module->id, .vmid = record->vmid, .node = record->node,
                           .kind = "backup", .storage = storage, .notes = notes});
}

BackupCopy BackupRequests::OwnCopy(const std::string& copy_id) {
  auto copy = journal_.Copy(item_, copy_id);
  if (!copy) throw core::Error(core::ErrorType::Access, "elid", "no such backup of this service");
  return *copy;
}

long BackupRequests::Restore(const std::string& copy_id) {
  BackupCopy copy = OwnCopy(copy_id);
  RequireIdle();
  auto record = VmRecords(state_).Find(item_);
  if (!record) throw core::Error(core::ErrorType::NotFound, "elid", "the service has no VM");
  return journal_.Enqueue({.item = item_, .module = copy.module, .vmid = record->vmid, .node = record->node,
                           .kind = "restore", .storage = proxmox::StorageOf(copy.volid), .volid = copy.volid,
                           .copy_id = copy.id});
}

long BackupRequests::Remove(const std::string& copy_id) {
  BackupCopy copy = OwnCopy(copy_id);
  // Removals queue behind each other (several rows at once); a backup or restore holds the VM.
  if (auto job = HoldingJob(journal_, item_, log_); job && job->kind != "delete") RequireIdle();
  if (journal_.RemovalPending(copy.id)) throw core::Error(core::ErrorType::Locked, "delete", "this backup is being removed");
  return journal_.Enqueue(RemovalOf(copy));
}

void BackupRequests::SaveSchedule(const backup::Schedule& schedule) {
  const core::Input service = Known(state_, item_);
  journal_.SetSchedule(item_, service.module->id, schedule);
}

}  // namespace pm::pmproxmox
