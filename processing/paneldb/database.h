// The panel's MySQL/MariaDB database (contract §13), read with prepared statements only: every
// value reaches the server as a bound parameter, never inside the SQL text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "paneldb/db_settings.h"

struct st_mysql;

namespace pm::paneldb {

using Row = std::vector<std::optional<std::string>>;  // NULL is nullopt

class Database {
 public:
  // Error{connection} naming the host or socket (never the password) when it cannot connect.
  explicit Database(const DbSettings& settings);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `sql` with its `?` bound to `params` in order; every column comes back as text.
  std::vector<Row> Query(const std::string& sql, const std::vector<std::string>& params = {});

 private:
  st_mysql* mysql_ = nullptr;
  std::string where_;  // "host h" or "socket s", for error texts
};

}  // namespace pm::paneldb
