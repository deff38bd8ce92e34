// A thin RAII wrapper over SQLite for the module's own state. Statements take text parameters
// bound by position; rows come back as text (NULL = nullopt).
#pragma once

#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace pm::core {

using SqlValue = std::optional<std::string>;
using SqlRow = std::vector<SqlValue>;

class Sqlite {
 public:
  // Creates the file with mode 0600 (it holds connection secrets) and sets that mode again on
  // every open when it was widened; WAL journal, and a busy timeout so that concurrent module
  // runs wait for each other instead of failing.
  explicit Sqlite(const std::string& path);
  ~Sqlite();
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  void Exec(const std::string& sql, const std::vector<SqlValue>& params = {});
  std::vector<SqlRow> Query(const std::string& sql, const std::vector<SqlValue>& params = {});
  long long Changes() const;

  // BEGIN IMMEDIATE … COMMIT around `body`; rolled back if it throws.
  template <typename Body>
  void Transaction(Body&& body) {
    Exec("BEGIN IMMEDIATE");
    try {
      body();
    } catch (...) {
      Exec("ROLLBACK");
      throw;
    }
    Exec("COMMIT");
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace pm::core
