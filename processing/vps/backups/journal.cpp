#include "pmproxmox/backup_journal.h"

#include <ctime>
#include <random>

#include "proxmox/backups.h"

namespace pm::pmproxmox {
namespace {

constexpr const char* kCopyColumns = "id, item, module, vmid, volid, node, ctime, size, notes, day";
constexpr const char* kJobDataColumns =
    "item, module, vmid, node, kind, state, step, upid, storage, volid, copy_id, notes, marker, day, error, created,"
    " updated";
const std::string kJobColumns = std::string("id, ") + kJobDataColumns;

std::string Text(const core::SqlRow& row, size_t i) { return row[i].value_or(""); }

BackupCopy CopyFrom(const core::SqlRow& row) {
  return BackupCopy{Text(row, 0),
                    std::stol(Text(row, 1)),
                    std::stol(Text(row, 2)),
                    std::stoi(Text(row, 3)),
                    Text(row, 4),
                    Text(row, 5),
                    std::stoll(Text(row, 6)),
                    std::stoull(Text(row, 7)),
                    Text(row, 8),
                    Text(row, 9)};
}

BackupJob JobFrom(const core::SqlRow& row) {
  BackupJob job;
  job.id = std::stol(Text(row, 0));
  job.item = std::stol(Text(row, 1));
  job.module = std::stol(Text(row, 2));
  job.vmid = std::stoi(Text(row, 3));
  job.node = Text(row, 4);
  job.kind = Text(row, 5);
  job.state = Text(row, 6);
  job.step = Text(row, 7);
  job.upid = Text(row, 8);
  job.storage = Text(row, 9);
  job.volid = Text(row, 10);
  job.copy_id = Text(row, 11);
  job.notes = Text(row, 12);
  job.marker = Text(row, 13);
  job.day = Text(row, 14);
  job.error = Text(row, 15);
  job.created = std::stoll(Text(row, 16));
  job.updated = std::stoll(Text(row, 17));
  return job;
}

std::vector<core::SqlValue> JobValues(const BackupJob& job) {
  return {std::to_string(job.item), std::to_string(job.module), std::to_string(job.vmid), job.node, job.kind,
          job.state, job.step, job.upid, job.storage, job.volid, job.copy_id, job.notes, job.marker, job.day,
          job.error, std::to_string(job.created), std::to_string(job.updated)};
}

std::vector<BackupJob> Jobs(core::Sqlite& db, const std::string& where, const std::vector<core::SqlValue>& params) {
  std::vector<BackupJob> jobs;
  for (const auto& row : db.Query("SELECT " + kJobColumns + " FROM backup_job WHERE " + where, params)) {
    jobs.push_back(JobFrom(row));
  }
  return jobs;
}

}  // namespace

std::string RandomId() {
  std::random_device random;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id;
  for (int i = 0; i < 16; ++i) id += "0123456789abcdef"[digit(random)];
  return id;
}

BackupJob RemovalOf(const BackupCopy& copy) {
  return {.item = copy.item, .module = copy.module, .vmid = copy.vmid, .node = copy.node, .kind = "delete",
          .storage = proxmox::StorageOf(copy.volid), .volid = copy.volid, .copy_id = copy.id};
}

int BackupQuota(const core::Service& service) {
  auto quota = service.Addon("backup_quota");
  return quota ? static_cast<int>(quota->value) : 0;
}

BackupJournal::BackupJournal(core::Sqlite& db) : db_(db) {
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS backup_schedule ("
      " item INTEGER PRIMARY KEY, module INTEGER NOT NULL, schedule TEXT NOT NULL, enabled INTEGER NOT NULL)");
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS backup_copy ("
      " id TEXT PRIMARY KEY, item INTEGER NOT NULL, module INTEGER NOT NULL, vmid INTEGER NOT NULL,"
      " volid TEXT NOT NULL, node TEXT NOT NULL, ctime INTEGER NOT NULL, size INTEGER NOT NULL,"
      " notes TEXT NOT NULL, day TEXT NOT NULL)");
  db_.Exec("CREATE INDEX IF NOT EXISTS backup_copy_item ON backup_copy (item)");
  db_.Exec("CREATE UNIQUE INDEX IF NOT EXISTS backup_copy_volid ON backup_copy (volid)");
  db_.Exec(
      "CREATE TABLE IF NOT EXISTS backup_job ("
      " id INTEGER PRIMARY KEY AUTOINCREMENT, item INTEGER NOT NULL, module INTEGER NOT NULL,"
      " vmid INTEGER NOT NULL, node TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, step TEXT NOT NULL,"
      " upid TEXT NOT NULL, storage TEXT NOT NULL, volid TEXT NOT NULL, copy_id TEXT NOT NULL, notes TEXT NOT NULL,"
      " marker TEXT NOT NULL, day TEXT NOT NULL, error TEXT NOT NULL, created INTEGER NOT NULL,"
      " updated INTEGER NOT NULL)");
  db_.Exec("CREATE INDEX IF NOT EXISTS backup_job_state ON backup_job (state, module)");
  // Every task any job started, also after the job moved on to a step without one.
  db_.Exec("CREATE TABLE IF NOT EXISTS backup_task (upid TEXT PRIMARY KEY, job INTEGER NOT NULL)");
  db_.Exec("CREATE INDEX IF NOT EXISTS backup_job_item ON backup_job (item, kind)");
}

backup::Schedule BackupJournal::ScheduleOf(long item) {
  auto rows = db_.Query("SELECT schedule FROM backup_schedule WHERE item = ?", {std::to_string(item)});
  return rows.empty() ? backup::Schedule{} : backup::Schedule::Parse(Text(rows[0], 0));
}

void BackupJournal::SetSchedule(long item, long module, const backup::Schedule& schedule) {
  db_.Exec("INSERT OR REPLACE INTO backup_schedule (item, module, schedule, enabled) VALUES (?, ?, ?, ?)",
           {std::to_string(item), std::to_string(module), schedule.Format(), schedule.Any() ? "1" : "0"});
}

std::vector<long> BackupJournal::ScheduledItems(long module) {
  std::vector<long> items;
  for (const auto& row :
       db_.Query("SELECT item FROM backup_schedule WHERE module = ? AND enabled = 1 ORDER BY item", {std::to_string(module)})) {
    items.push_back(std::stol(Text(row, 0)));
  }
  return items;
}

std::vector<BackupCopy> BackupJournal::Copies(long item) {
  std::vector<BackupCopy> copies;
  for (const auto& row : db_.Query(std::string("SELECT ") + kCopyColumns + " FROM backup_copy WHERE item = ? ORDER BY ctime",
                                   {std::to_string(item)})) {
    copies.push_back(CopyFrom(row));
  }
  return copies;
}

std::optional<BackupCopy> BackupJournal::Copy(long item, const std::string& id) {
  auto rows = db_.Query(std::string("SELECT ") + kCopyColumns + " FROM backup_copy WHERE item = ? AND id = ?",
                        {std::to_string(item), id});
  if (rows.empty()) return std::nullopt;
  return CopyFrom(rows[0]);
}

void BackupJournal::AddCopy(const BackupCopy& copy) {
  db_.Exec(std::string("INSERT OR IGNORE INTO backup_copy (") + kCopyColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           {copy.id, std::to_string(copy.item), std::to_string(copy.module), std::to_string(copy.vmid), copy.volid,
            copy.node, std::to_string(copy.ctime), std::to_string(copy.size), copy.notes, copy.day});
}

void BackupJournal::UpdateCopy(const BackupCopy& copy) {
  db_.Exec("UPDATE backup_copy SET ctime = ?, size = ? WHERE id = ?",
           {std::to_string(copy.ctime), std::to_string(copy.size), copy.id});
}

bool BackupJournal::RemovalPending(const std::string& copy_id) {
  return !Jobs(db_, "copy_id = ? AND kind = 'delete' AND state IN ('queued', 'running')", {copy_id}).empty();
}

void BackupJournal::RemoveCopy(const std::string& id) { db_.Exec("DELETE FROM backup_copy WHERE id = ?", {id}); }

std::string BackupJournal::LastScheduledDay(long item) {
  auto rows = db_.Query(
      "SELECT MAX(day) FROM (SELECT day FROM backup_copy WHERE item = ?1 UNION ALL"
      " SELECT day FROM backup_job WHERE item = ?1 AND kind = 'backup')",
      {std::to_string(item)});
  return rows.empty() ? "" : Text(rows[0], 0);
}

long BackupJournal::Enqueue(BackupJob job) {
  job.created = job.updated = std::time(nullptr);
  db_.Exec(std::string("INSERT INTO backup_job (") + kJobDataColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           JobValues(job));
  return std::stol(Text(db_.Query("SELECT last_insert_rowid()")[0], 0));
}

void BackupJournal::Save(const BackupJob& job) {
  BackupJob saved = job;
  saved.updated = std::time(nullptr);
  auto values = JobValues(saved);
  values.push_back(std::to_string(job.id));
  db_.Exec(
      "UPDATE backup_job SET item = ?, module = ?, vmid = ?, node = ?, kind = ?, state = ?, step = ?, upid = ?,"
      " storage = ?, volid = ?, copy_id = ?, notes = ?, marker = ?, day = ?, error = ?, created = ?, updated = ?"
      " WHERE id = ?",
      values);
  if (!job.upid.empty()) {
    db_.Exec("INSERT OR IGNORE INTO backup_task (upid, job) VALUES (?, ?)", {job.upid, std::to_string(job.id)});
  }
}

std::optional<BackupJob> BackupJournal::Job(long id) {
  auto jobs = Jobs(db_, "id = ?", {std::to_string(id)});
  if (jobs.empty()) return std::nullopt;
  return jobs[0];
}

bool BackupJournal::UpidRecorded(const std::string& upid) {
  return !db_.Query("SELECT job FROM backup_task WHERE upid = ?", {upid}).empty();
}

std::vector<BackupJob> BackupJournal::Unfinished(long module) {
  return Jobs(db_, "module = ? AND state IN ('queued', 'running') ORDER BY id", {std::to_string(module)});
}

std::vector<BackupJob> BackupJournal::UnfinishedOf(long item) {
  return Jobs(db_, "item = ? AND state IN ('queued', 'running') ORDER BY id", {std::to_string(item)});
}

std::optional<BackupJob> BackupJournal::Latest(long item, const std::string& kind) {
  auto jobs = Jobs(db_, "item = ? AND kind = ? ORDER BY id DESC LIMIT 1", {std::to_string(item), kind});
  if (jobs.empty()) return std::nullopt;
  return jobs[0];
}

std::vector<long> BackupJournal::ModulesWithWork() {
  std::vector<long> modules;
  for (const auto& row : db_.Query(
           "SELECT module FROM backup_schedule WHERE enabled = 1 UNION"
           " SELECT module FROM backup_job WHERE state IN ('queued', 'running') ORDER BY 1")) {
    modules.push_back(std::stol(Text(row, 0)));
  }
  return modules;
}

}  // namespace pm::pmproxmox
