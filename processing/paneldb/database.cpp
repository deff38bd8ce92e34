#include "paneldb/database.h"

#include <mysql.h>

#include <memory>

#include "core/error.h"

namespace pm::paneldb {
namespace {

struct StatementCloser {
  void operator()(MYSQL_STMT* statement) const { mysql_stmt_close(statement); }
};
using Statement = std::unique_ptr<MYSQL_STMT, StatementCloser>;

struct ResultFreer {
  void operator()(MYSQL_RES* result) const { mysql_free_result(result); }
};

// Client-side errors (2000 and up: the server went away, the connection broke) are the
// connection's; the rest are the query's.
core::Error Failed(const std::string& what, MYSQL_STMT* statement) {
  auto type = mysql_stmt_errno(statement) >= 2000 ? core::ErrorType::Connection : core::ErrorType::Internal;
  return core::Error(type, "database", what + ": " + mysql_stmt_error(statement));
}

void Bind(MYSQL_STMT* statement, const std::vector<std::string>& params) {
  if (mysql_stmt_param_count(statement) != params.size()) {
    throw core::Error(core::ErrorType::Internal, "database", "a query got the wrong number of parameters");
  }
  if (params.empty()) return;
  std::vector<MYSQL_BIND> binds(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    binds[i].buffer_type = MYSQL_TYPE_STRING;
    binds[i].buffer = const_cast<char*>(params[i].data());  // the API takes void*; it only reads
    binds[i].buffer_length = params[i].size();
  }
  if (mysql_stmt_bind_param(statement, binds.data())) throw Failed("binding a query's parameters", statement);
}

// Fetches every row, each column as text: a column's length is learnt first, then it is read.
std::vector<Row> FetchAll(MYSQL_STMT* statement) {
  std::unique_ptr<MYSQL_RES, ResultFreer> meta(mysql_stmt_result_metadata(statement));
  if (!meta) return {};
  unsigned columns = mysql_num_fields(meta.get());
  std::vector<MYSQL_BIND> binds(columns);
  std::vector<unsigned long> lengths(columns);
  std::vector<my_bool> nulls(columns);
  for (unsigned i = 0; i < columns; ++i) {
    binds[i].buffer_type = MYSQL_TYPE_STRING;
    binds[i].length = &lengths[i];
    binds[i].is_null = &nulls[i];
  }
  if (mysql_stmt_bind_result(statement, binds.data())) throw Failed("binding a query's results", statement);
  if (mysql_stmt_store_result(statement)) throw Failed("reading a query's results", statement);
  std::vector<Row> rows;
  for (;;) {
    int status = mysql_stmt_fetch(statement);
    if (status == MYSQL_NO_DATA) break;
    if (status == 1) throw Failed("reading a row", statement);
    Row row(columns);
    for (unsigned i = 0; i < columns; ++i) {
      if (nulls[i]) continue;
      std::string value(lengths[i], '\0');
      if (lengths[i] > 0) {
        MYSQL_BIND one{};
        one.buffer_type = MYSQL_TYPE_STRING;
        one.buffer = value.data();
        one.buffer_length = value.size();
        if (mysql_stmt_fetch_column(statement, &one, i, 0)) throw Failed("reading a column", statement);
      }
      row[i] = std::move(value);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Database::Database(const DbSettings& settings)
    : where_(settings.socket.empty() ? "host " + settings.host : "socket " + settings.socket) {
  mysql_ = mysql_init(nullptr);
  if (!mysql_) throw core::Error(core::ErrorType::Internal, "database", "out of memory for a database connection");
  unsigned timeout = 10;
  mysql_optionsv(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const char* socket = settings.socket.empty() ? nullptr : settings.socket.c_str();
  if (!mysql_real_connect(mysql_, settings.host.c_str(), settings.user.c_str(), settings.password.c_str(),
                          settings.name.c_str(), 0, socket, 0)) {
    // The client library's text names the user and the host, never the password.
    std::string reason = mysql_error(mysql_);
    mysql_close(mysql_);
    mysql_ = nullptr;
    throw core::Error(core::ErrorType::Connection, "database",
                      "cannot reach the panel's database '" + settings.name + "' at " + where_ + ": " + reason);
  }
}

Database::~Database() {
  if (mysql_) mysql_close(mysql_);
}

std::vector<Row> Database::Query(const std::string& sql, const std::vector<std::string>& params) {
  Statement statement(mysql_stmt_init(mysql_));
  if (!statement) throw core::Error(core::ErrorType::Internal, "database", "out of memory for a statement");
  if (mysql_stmt_prepare(statement.get(), sql.data(), sql.size())) {
    throw Failed("the panel's database at " + where_ + " refused a query", statement.get());
  }
  Bind(statement.get(), params);
  if (mysql_stmt_execute(statement.get())) {
    throw Failed("a query on the panel's database at " + where_ + " failed", statement.get());
  }
  return FetchAll(statement.get());
}

}  // namespace pm::paneldb
