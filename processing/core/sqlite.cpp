#include "core/sqlite.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "core/error.h"

namespace pm::core {
namespace {

Error StateError(sqlite3* db, const std::string& what) {
  return Error(ErrorType::Internal, "state", what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      throw StateError(db, "cannot prepare state query");
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }

  void Bind(const std::vector<SqlValue>& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      int rc = params[i] ? sqlite3_bind_text(stmt_, static_cast<int>(i + 1), params[i]->c_str(),
                                             static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                         : sqlite3_bind_null(stmt_, static_cast<int>(i + 1));
      if (rc != SQLITE_OK) throw StateError(db_, "cannot bind state query parameter");
    }
  }

  // Steps once; returns false when done.
  bool Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StateError(db_, "state query failed");
  }

  SqlRow Row() const {
    SqlRow row;
    for (int i = 0, n = sqlite3_column_count(stmt_); i < n; ++i) {
      auto text = sqlite3_column_text(stmt_, i);
      row.push_back(text ? SqlValue(reinterpret_cast<const char*>(text)) : std::nullopt);
    }
    return row;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// The state holds connection secrets: it and SQLite's companion files are the owner's alone,
// whatever mode they were given since they were created (a restore from a backup, a chmod).
void KeepPrivate(const std::string& path) {
  for (const std::string& file : {path, path + "-wal", path + "-shm", path + "-journal"}) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) continue;  // a companion that does not exist (yet)
    if ((info.st_mode & 077) == 0) continue;
    if (::chmod(file.c_str(), info.st_mode & 0700) != 0) {
      throw Error(ErrorType::Internal, "state",
                  "the state file " + file + " is readable by others and its mode cannot be set to 0600");
    }
  }
}

}  // namespace

Sqlite::Sqlite(const std::string& path) {
  mode_t old_mask = umask(077);
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  umask(old_mask);
  if (rc != SQLITE_OK) {
    Error error = StateError(db_, "cannot open the state file " + path);
    sqlite3_close(db_);
    throw error;
  }
  try {
    KeepPrivate(path);  // first: SQLite gives the -wal and -shm files it creates the main file's mode
    sqlite3_busy_timeout(db_, 30'000);
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA foreign_keys=ON");
    // A run reads the state once or twice: the kernel's page cache serves that as well as
    // SQLite's own 2 MiB cache would, which would only add to every cron run's memory.
    Exec("PRAGMA cache_size=-256");
  } catch (...) {
    sqlite3_close(db_);  // the destructor does not run for a constructor that throws
    throw;
  }
}

Sqlite::~Sqlite() { sqlite3_close(db_); }

void Sqlite::Exec(const std::string& sql, const std::vector<SqlValue>& params) {
  Statement statement(db_, sql);
  statement.Bind(params);
  while (statement.Step()) {
  }
}

std::vector<SqlRow> Sqlite::Query(const std::string& sql, const std::vector<SqlValue>& params) {
  Statement statement(db_, sql);
  statement.Bind(params);
  std::vector<SqlRow> rows;
  while (statement.Step()) rows.push_back(statement.Row());
  return rows;
}

long long Sqlite::Changes() const { return sqlite3_changes64(db_); }

}  // namespace pm::core
