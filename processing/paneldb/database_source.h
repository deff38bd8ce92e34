// The panel's database as the service source (contract §13): what a stock BILLmanager gives its
// modules when it starts them with `--item` or `--module` and no document. It fills the same
// Input the stdin document does; nothing outside this folder knows which one did.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/panel.h"
#include "core/service_source.h"
#include "paneldb/crypt_key.h"
#include "paneldb/database.h"

namespace pm::paneldb {

class DatabaseSource : public core::ServiceSource {
 public:
  // `module_name` is the binary's name: a service or module row of another module is refused.
  // Connects at the first Load, with the settings the panel's `paramlist` gives.
  DatabaseSource(std::string module_name, core::Panel& panel, core::Log& log, std::string mgr_root);
  ~DatabaseSource() override;

  // --item: the service and its module, with the crypted --password (changepassword) opened as
  // its password; --module alone: the module. Error{notfound} when the database has no such row,
  // Error{access} when the row is another module's.
  core::Input Load(const core::Args& args) override;

  // Connects once per run. False when the panel names no database (its `paramlist` lists nothing:
  // no panel here, as in the tests' and the demo's runs); Error{connection} naming the host or
  // socket when the database it names is out of reach.
  bool Connect();
  // After Connect(): the rows Load() reads, one at a time, for the service directory.
  core::ModuleConfig Module(long id);
  core::Service Service(long id, long& module);
  // The ids of every processing module of this module's kind.
  std::vector<long> ModuleIds();

 private:

  std::string module_name_;
  core::Panel& panel_;
  core::Log& log_;
  std::string mgr_root_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<CryptKey> key_;
};

}  // namespace pm::paneldb
