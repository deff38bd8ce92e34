#include "paneldb/database_directory.h"

#include "core/error.h"
#include "core/secrets.h"

namespace pm::paneldb {
namespace {

// Rows that are not there, or not this module's, are simply not in the directory.
bool Absent(const core::Error& error) {
  return error.type() == core::ErrorType::NotFound || error.type() == core::ErrorType::Access;
}

}  // namespace

DatabaseDirectory::DatabaseDirectory(DatabaseSource& database, const core::ModuleTraits& traits, core::Log& log,
                                     std::unique_ptr<core::ServiceDirectory> registry)
    : database_(database), traits_(traits), log_(log), registry_(std::move(registry)) {}

bool DatabaseDirectory::FromDatabase() {
  if (from_database_) return *from_database_;
  try {
    from_database_ = database_.Connect();
    if (!*from_database_) log_.Info("the panel names no database: services and modules come from the registry");
  } catch (const std::exception& failure) {
    // Cron must go on when the database is down for a while: the registry holds what the last
    // commands saw.
    log_.Warning(std::string(failure.what()) + "; services and modules come from the registry");
    from_database_ = false;
  }
  return *from_database_;
}

std::optional<core::Input> DatabaseDirectory::Find(long item) {
  if (!FromDatabase()) return registry_->Find(item);
  long module_id = 0;
  core::Service service;
  try {
    service = database_.Service(item, module_id);
  } catch (const core::Error& error) {
    if (Absent(error)) return std::nullopt;
    throw;
  }
  auto module = Module(module_id);
  if (!module) return std::nullopt;
  core::RedactSecrets(log_, traits_, service);
  return core::Input{std::move(module), std::move(service)};
}

std::optional<core::ModuleConfig> DatabaseDirectory::Module(long id) {
  if (!FromDatabase()) return registry_->Module(id);
  if (auto known = modules_.find(id); known != modules_.end()) return known->second;
  std::optional<core::ModuleConfig> module;
  try {
    module = database_.Module(id);
    core::RedactSecrets(log_, traits_, *module);
  } catch (const core::Error& error) {
    if (!Absent(error)) throw;
  }
  return modules_[id] = module;
}

std::vector<core::ModuleConfig> DatabaseDirectory::Modules() {
  if (!FromDatabase()) return registry_->Modules();
  std::vector<core::ModuleConfig> all;
  for (long id : database_.ModuleIds()) {
    if (auto module = Module(id)) all.push_back(std::move(*module));
  }
  return all;
}

}  // namespace pm::paneldb
