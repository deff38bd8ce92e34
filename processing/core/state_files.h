// Where a module keeps its state (contract §1), and the state files one run has open.
//
// `$MGR_ROOT/var/<module>.db` is the module's index: the registry of the processing modules and
// services it has seen, from which cron commands and the client pages start. A processing module's
// own records (its VMs, backups, leases) live in its state file: the index too, unless the
// module's `state_db` parameter names another file. Commands, cron and the pages all find that
// file through StatePathOf, so they never read different states.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/secret_box.h"
#include "core/service.h"
#include "core/sqlite.h"

namespace pm::core {

std::string IndexPath(const std::string& mgr_root, const std::string& module_name);
std::string StatePathOf(const std::string& mgr_root, const std::string& module_name, const ModuleConfig& module);
// The lock file of a state file: one byte per service (core/item_lock.h).
std::string ItemLockPathOf(const std::string& state_path);

class StateFiles {
 public:
  StateFiles(std::string mgr_root, std::string module_name)
      : mgr_root_(std::move(mgr_root)), module_name_(std::move(module_name)) {}

  Sqlite& Index();
  Sqlite& Of(const ModuleConfig& module);
  // The module's key for the secrets its state keeps (var/<module>.key, core/secret_box.h).
  SecretBox& Secrets();
  std::string IndexPath() const { return pm::core::IndexPath(mgr_root_, module_name_); }
  std::string PathOf(const ModuleConfig& module) const { return StatePathOf(mgr_root_, module_name_, module); }

 private:
  Sqlite& Open(const std::string& path);  // one connection per file, however it is spelled

  std::string mgr_root_;
  std::string module_name_;
  std::map<std::string, std::unique_ptr<Sqlite>> open_;
  std::unique_ptr<SecretBox> secrets_;
};

}  // namespace pm::core
