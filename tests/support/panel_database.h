// A panel database for one test (contract §13): a fresh MariaDB database on the tests' private
// server (tests/support/mariadb.sh), the schema of tests/support/billmgr-schema.sql, a user of
// its own with a password, and an RSA CryptKey for the crypted values.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "paneldb/database.h"

namespace pm::test {

class PanelDatabase {
 public:
  PanelDatabase();
  ~PanelDatabase();
  PanelDatabase(const PanelDatabase&) = delete;
  PanelDatabase& operator=(const PanelDatabase&) = delete;

  // Runs `sql` on this test's database, `?` bound to `params`.
  void Exec(const std::string& sql, const std::vector<std::string>& params = {});
  std::vector<paneldb::Row> Query(const std::string& sql, const std::vector<std::string>& params = {});
  // What the panel stores for a crypted value: base64 of RSA PKCS#1 v1.5 with the key's public half.
  std::string Encrypt(const std::string& plain) const;

  // Writes the key where `CryptKey` (etc/billmgr.pem under `mgr_root`) names it, and returns the
  // paramlist answer that points the module at this database.
  std::string Install(const std::filesystem::path& mgr_root) const;

  const std::string& socket() const { return socket_; }
  const std::string& password() const { return password_; }  // the module's database user's

 private:
  std::string socket_;
  std::string name_;
  std::string password_;
  std::unique_ptr<paneldb::Database> admin_;
  std::unique_ptr<paneldb::Database> db_;
  std::string key_pem_;
};

}  // namespace pm::test
