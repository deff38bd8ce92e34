#include "vps/backups/journal.h"

#include <cmath>
#include <ctime>
#include <random>
#include <set>
#include <stdexcept>

#include "core/error.h"

namespace pm::vps::backups {
namespace {

constexpr const char* kCopyColumns = "id, item, module, vmid, volid, node, ctime, size, notes, day, notes_pending, added";
constexpr const char* kJobDataColumns =
    "item, module, vmid, node, kind, state, step, upid, storage, volid, copy_id, notes, marker, day, error, created,"
    " updated, task_since, started, progress, log_seen, attempts, retry_at";
const std::string kJobColumns = std::string("id, ") + kJobDataColumns;
constexpr const char* kUnfinished = "state IN ('queued', 'running')";

template <typename Enum, size_t N>
Enum Parse(const std::string& text, const std::pair<Enum, const char*> (&names)[N], const char* what) {
  for (const auto& [value, name] : names) {
    if (text == name) return value;
  }
  throw std::runtime_error(std::string("unknown backup job ") + what + " '" + text + "' in the state");
}

template <typename Enum, size_t N>
std::string_view Name(Enum value, const std::pair<Enum, const char*> (&names)[N]) {
  for (const auto& [known, name] : names) {
    if (known == value) return name;
  }
  return "";
}

// Stored as text: the values the first versions of the module wrote stay readable.
constexpr std::pair<JobKind, const char*> kKinds[] = {
    {JobKind::Backup, "backup"}, {JobKind::Restore, "restore"}, {JobKind::Delete, "delete"}};
constexpr std::pair<JobState, const char*> kStates[] = {
    {JobState::Queued, "queued"}, {JobState::Running, "running"}, {JobState::Done, "done"}, {JobState::Failed, "failed"}};
constexpr std::pair<JobStep, const char*> kSteps[] = {
    {JobStep::None, ""},          {JobStep::Task, "task"},       {JobStep::Locate, "locate"},
    {JobStep::Stop, "stop"},      {JobStep::Restore, "restore"}, {JobStep::Reapply, "reapply"},
    {JobStep::Start, "start"},    {JobStep::Mail, "mail"},       {JobStep::Task, "vzdump"},
    {JobStep::Task, "imgdel"}};

std::string Text(const core::SqlRow& row, size_t i) { return row[i].value_or(""); }
std::int64_t Number(const core::SqlRow& row, size_t i) { return std::stoll(row[i].value_or("0")); }

BackupCopy CopyFrom(const core::SqlRow& row) {
  BackupCopy copy;
  copy.id = Text(row, 0);
  copy.item = static_cast<long>(Number(row, 1));
  copy.module = static_cast<long>(Number(row, 2));
  copy.vmid = static_cast<int>(Number(row, 3));
  copy.volid = Text(row, 4);
  copy.node = Text(row, 5);
  copy.ctime = Number(row, 6);
  copy.size = std::stoull(Text(row, 7));
  copy.notes = Text(row, 8);
  copy.day = Text(row, 9);
  copy.notes_pending = Number(row, 10) != 0;
  copy.added = Number(row, 11);
  return copy;
}

BackupJob JobFrom(const core::SqlRow& row) {
  BackupJob job;
  job.id = static_cast<long>(Number(row, 0));
  job.item = static_cast<long>(Number(row, 1));
  job.module = static_cast<long>(Number(row, 2));
  job.vmid = static_cast<int>(Number(row, 3));
  job.node = Text(row, 4);
  job.kind = Parse(Text(row, 5), kKinds, "kind");
  job.state = Parse(Text(row, 6), kStates, "state");
  job.step = Parse(Text(row, 7), kSteps, "step");
  job.task = Text(row, 8);
  job.storage = Text(row, 9);
  job.volid = Text(row, 10);
  job.copy_id = Text(row, 11);
  job.notes = Text(row, 12);
  job.marker = Text(row, 13);
  job.day = Text(row, 14);
  job.error = Text(row, 15);
  job.created = Number(row, 16);
  job.updated = Number(row, 17);
  job.task_since = Number(row, 18);
  job.started = Number(row, 19);
  job.progress = static_cast<int>(Number(row, 20));
  job.log_seen = Number(row, 21);
  job.attempts = static_cast<int>(Number(row, 22));
  job.retry_at = Number(row, 23);
  return job;
}

std::vector<core::SqlValue> JobValues(const BackupJob& job) {
  auto n = [](std::int64_t value) { return std::to_string(value); };
  return {n(job.item),        n(job.module),    n(job.vmid),     job.node,
          std::string(ToString(job.kind)), std::string(ToString(job.state)), std::string(ToString(job.step)),
          job.task,           job.storage,      job.volid,       job.copy_id,
          job.notes,          job.marker,       job.day,         job.error,
          n(job.created),     n(job.updated),   n(job.task_since), n(job.started),
          n(job.progress),    n(job.log_seen),  n(job.attempts), n(job.retry_at)};
}

std::vector<BackupJob> Jobs(core::Sqlite& db, const std::string& where, const std::vector<core::SqlValue>& params) {
  std::vector<BackupJob> jobs;
  for (const auto& row : db.Query("SELECT " + kJobColumns + " FROM backup_job WHERE " + where, params)) {
    jobs.push_back(JobFrom(row));
  }
  return jobs;
}

std::optional<BackupJob> First(std::vector<BackupJob> jobs) {
  if (jobs.empty()) return std::nullopt;
  return std::move(jobs.front());
}

// A state written by an earlier version of the module lacks the newer columns; returns the ones added.
std::set<std::string> AddMissingColumns(core::Sqlite& db, const std::string& table,
                                        const std::vector<std::pair<std::string, std::string>>& columns) {
  std::set<std::string> present, added;
  for (const auto& row : db.Query("PRAGMA table_info(" + table + ")")) present.insert(Text(row, 1));
  for (const auto& [name, declaration] : columns) {
    if (present.count(name)) continue;
    db.Exec("ALTER TABLE " + table + " ADD COLUMN " + name + " " + declaration);
    added.insert(name);
  }
  return added;
}

void CreateTables(core::Sqlite& db) {
  db.Exec(
      "CREATE TABLE IF NOT EXISTS backup_schedule ("
      " item INTEGER PRIMARY KEY, module INTEGER NOT NULL, schedule TEXT NOT NULL, enabled INTEGER NOT NULL)");
  db.Exec(
      "CREATE TABLE IF NOT EXISTS backup_copy ("
      " id TEXT PRIMARY KEY, item INTEGER NOT NULL, module INTEGER NOT NULL, vmid INTEGER NOT NULL,"
      " volid TEXT NOT NULL, node TEXT NOT NULL, ctime INTEGER NOT NULL, size INTEGER NOT NULL,"
      " notes TEXT NOT NULL, day TEXT NOT NULL)");
  AddMissingColumns(db, "backup_copy", {{"notes_pending", "INTEGER NOT NULL DEFAULT 0"},
                                        {"added", "INTEGER NOT NULL DEFAULT 0"}});
  db.Exec("CREATE INDEX IF NOT EXISTS backup_copy_item ON backup_copy (item)");
  db.Exec("CREATE UNIQUE INDEX IF NOT EXISTS backup_copy_volid ON backup_copy (volid)");
  db.Exec(
      "CREATE TABLE IF NOT EXISTS backup_job ("
      " id INTEGER PRIMARY KEY AUTOINCREMENT, item INTEGER NOT NULL, module INTEGER NOT NULL,"
      " vmid INTEGER NOT NULL, node TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, step TEXT NOT NULL,"
      " upid TEXT NOT NULL, storage TEXT NOT NULL, volid TEXT NOT NULL, copy_id TEXT NOT NULL, notes TEXT NOT NULL,"
      " marker TEXT NOT NULL, day TEXT NOT NULL, error TEXT NOT NULL, created INTEGER NOT NULL,"
      " updated INTEGER NOT NULL)");
  auto added = AddMissingColumns(
      db, "backup_job",
      {{"task_since", "INTEGER NOT NULL DEFAULT 0"}, {"started", "INTEGER NOT NULL DEFAULT 0"},
       {"progress", "INTEGER NOT NULL DEFAULT -1"}, {"log_seen", "INTEGER NOT NULL DEFAULT 0"},
       {"attempts", "INTEGER NOT NULL DEFAULT 0"}, {"retry_at", "INTEGER NOT NULL DEFAULT 0"}});
  // Jobs in flight when the module was upgraded look for their tasks as the old version did.
  if (added.count("task_since")) {
    db.Exec("UPDATE backup_job SET task_since = created - 60, started = created WHERE state = 'running'");
  }
  db.Exec("CREATE INDEX IF NOT EXISTS backup_job_state ON backup_job (state, module)");
  db.Exec("CREATE INDEX IF NOT EXISTS backup_job_item ON backup_job (item, kind)");
  db.Exec("CREATE INDEX IF NOT EXISTS backup_job_copy ON backup_job (copy_id)");
  // Every task any job started, also after the job moved on to a step without one.
  db.Exec("CREATE TABLE IF NOT EXISTS backup_task (upid TEXT PRIMARY KEY, job INTEGER NOT NULL)");
  db.Exec(
      "CREATE TABLE IF NOT EXISTS cluster_zone (module INTEGER PRIMARY KEY, name TEXT NOT NULL,"
      " offset INTEGER NOT NULL)");
}

}  // namespace

std::int64_t SystemNow() { return std::time(nullptr); }

std::string_view ToString(JobKind kind) { return Name(kind, kKinds); }
std::string_view ToString(JobState state) { return Name(state, kStates); }
std::string_view ToString(JobStep step) { return Name(step, kSteps); }

std::string RandomId() {
  std::random_device random;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id;
  for (int i = 0; i < 16; ++i) id += "0123456789abcdef"[digit(random)];
  return id;
}

std::string StorageOf(const std::string& volid) {
  auto colon = volid.find(':');
  return colon == std::string::npos ? "" : volid.substr(0, colon);
}

BackupJob RemovalOf(const BackupCopy& copy) {
  return {.item = copy.item, .module = copy.module, .vmid = copy.vmid, .node = copy.node, .kind = JobKind::Delete,
          .storage = StorageOf(copy.volid), .volid = copy.volid, .copy_id = copy.id};
}

int BackupQuota(const core::Service& service) {
  auto quota = service.Addon("backup_quota");
  if (!quota) return 0;
  if (!(quota->value >= 0 && quota->value <= kMaxBackupQuota) || quota->value != std::floor(quota->value)) {
    throw core::ValueError("backup_quota", "must be a whole number of backups from 0 to " + std::to_string(kMaxBackupQuota));
  }
  return static_cast<int>(quota->value);
}

BackupJournal::BackupJournal(core::Sqlite& db, Clock now) : db_(db), now_(std::move(now)) { CreateTables(db_); }

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
    items.push_back(static_cast<long>(Number(row, 0)));
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
  db_.Exec(std::string("INSERT OR IGNORE INTO backup_copy (") + kCopyColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           {copy.id, std::to_string(copy.item), std::to_string(copy.module), std::to_string(copy.vmid), copy.volid,
            copy.node, std::to_string(copy.ctime), std::to_string(copy.size), copy.notes, copy.day,
            copy.notes_pending ? "1" : "0", std::to_string(copy.added)});
}

void BackupJournal::RemoveCopy(const std::string& id) { db_.Exec("DELETE FROM backup_copy WHERE id = ?", {id}); }

std::vector<BackupCopy> BackupJournal::PendingNotes(long module) {
  std::vector<BackupCopy> copies;
  for (const auto& row : db_.Query(std::string("SELECT ") + kCopyColumns +
                                       " FROM backup_copy WHERE module = ? AND notes_pending = 1 ORDER BY added",
                                   {std::to_string(module)})) {
    copies.push_back(CopyFrom(row));
  }
  return copies;
}

void BackupJournal::NotesWritten(const std::string& copy_id) {
  db_.Exec("UPDATE backup_copy SET notes_pending = 0 WHERE id = ?", {copy_id});
}

std::string BackupJournal::LastScheduledDay(long item) {
  auto rows = db_.Query(
      "SELECT MAX(day) FROM (SELECT day FROM backup_copy WHERE item = ?1 UNION ALL"
      " SELECT day FROM backup_job WHERE item = ?1 AND kind = 'backup')",
      {std::to_string(item)});
  return rows.empty() ? "" : Text(rows[0], 0);
}

long BackupJournal::Enqueue(BackupJob job) {
  job.created = job.updated = now_();
  db_.Exec(std::string("INSERT INTO backup_job (") + kJobDataColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           JobValues(job));
  return static_cast<long>(Number(db_.Query("SELECT last_insert_rowid()")[0], 0));
}

void BackupJournal::Save(const BackupJob& job) {
  BackupJob saved = job;
  saved.updated = now_();
  auto values = JobValues(saved);
  values.push_back(std::to_string(job.id));
  db_.Exec(
      "UPDATE backup_job SET item = ?, module = ?, vmid = ?, node = ?, kind = ?, state = ?, step = ?, upid = ?,"
      " storage = ?, volid = ?, copy_id = ?, notes = ?, marker = ?, day = ?, error = ?, created = ?, updated = ?,"
      " task_since = ?, started = ?, progress = ?, log_seen = ?, attempts = ?, retry_at = ? WHERE id = ?",
      values);
  if (!job.task.empty()) {
    db_.Exec("INSERT OR IGNORE INTO backup_task (upid, job) VALUES (?, ?)", {job.task, std::to_string(job.id)});
  }
}

std::optional<BackupJob> BackupJournal::Job(long id) { return First(Jobs(db_, "id = ?", {std::to_string(id)})); }

bool BackupJournal::TaskRecorded(const std::string& task) {
  return !db_.Query("SELECT job FROM backup_task WHERE upid = ?", {task}).empty();
}

std::vector<long> BackupJournal::ItemsWithJobs(long module) {
  std::vector<long> items;
  for (const auto& row : db_.Query(std::string("SELECT DISTINCT item FROM backup_job WHERE module = ? AND ") +
                                       kUnfinished + " ORDER BY item",
                                   {std::to_string(module)})) {
    items.push_back(static_cast<long>(Number(row, 0)));
  }
  return items;
}

std::set<int> BackupJournal::VmsWaitingToStart(long module) {
  std::set<int> vmids;
  for (const auto& row : db_.Query("SELECT DISTINCT vmid FROM backup_job WHERE module = ? AND state = 'queued' AND"
                                   " kind IN ('backup', 'restore')",
                                   {std::to_string(module)})) {
    vmids.insert(static_cast<int>(Number(row, 0)));
  }
  return vmids;
}

std::vector<BackupJob> BackupJournal::UnfinishedOf(long item) {
  return Jobs(db_, std::string("item = ? AND ") + kUnfinished + " ORDER BY id", {std::to_string(item)});
}

std::optional<BackupJob> BackupJournal::UnfinishedOn(const std::string& copy_id, JobKind kind) {
  return First(Jobs(db_, std::string("copy_id = ? AND kind = ? AND ") + kUnfinished + " ORDER BY id",
                    {copy_id, std::string(ToString(kind))}));
}

std::optional<BackupJob> BackupJournal::Latest(long item, JobKind kind) {
  return First(Jobs(db_, "item = ? AND kind = ? ORDER BY id DESC LIMIT 1", {std::to_string(item), std::string(ToString(kind))}));
}

std::optional<BackupJob> BackupJournal::LatestOn(const std::string& copy_id, JobKind kind) {
  return First(Jobs(db_, "copy_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", {copy_id, std::string(ToString(kind))}));
}

bool BackupJournal::HasWork(long module) {
  std::string id = std::to_string(module);
  return !db_.Query(std::string("SELECT 1 FROM backup_schedule WHERE module = ?1 AND enabled = 1 UNION ALL"
                                " SELECT 1 FROM backup_job WHERE module = ?1 AND ") +
                        kUnfinished + " UNION ALL SELECT 1 FROM backup_copy WHERE module = ?1 AND notes_pending = 1 LIMIT 1",
                    {id})
              .empty();
}

void BackupJournal::SaveZone(long module, const ClusterZone& zone) {
  db_.Exec("INSERT OR REPLACE INTO cluster_zone (module, name, offset) VALUES (?, ?, ?)",
           {std::to_string(module), zone.name, std::to_string(zone.offset)});
}

std::optional<ClusterZone> BackupJournal::Zone(long module) {
  auto rows = db_.Query("SELECT name, offset FROM cluster_zone WHERE module = ?", {std::to_string(module)});
  if (rows.empty()) return std::nullopt;
  return ClusterZone{Text(rows[0], 0), Number(rows[0], 1)};
}

}  // namespace pm::vps::backups
