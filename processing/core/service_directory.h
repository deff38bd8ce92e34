// Where cron commands and the client pages find services and processing modules, since they get
// no document (contract §2, §6): the panel's database on a stock panel (contract §13,
// paneldb/database_directory.h), else the registry that item commands keep in the module's index.
// Whatever it hands out has its secrets masked in the log already.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "core/log.h"
#include "core/module_traits.h"
#include "core/service.h"
#include "core/sqlite.h"
#include "core/state_files.h"

namespace pm::core {

class ServiceDirectory {
 public:
  virtual ~ServiceDirectory() = default;
  // The service with its processing module; nullopt when either is unknown.
  virtual std::optional<Input> Find(long item) = 0;
  // The processing module `id`; nullopt when unknown.
  virtual std::optional<ModuleConfig> Module(long id) = 0;
  // Every processing module known, by id.
  virtual std::vector<ModuleConfig> Modules() = 0;
};

// The registry kept in the module's index by item commands (core/module_registry.h,
// core/service_registry.h). Modules are read once per run.
class RegistryDirectory : public ServiceDirectory {
 public:
  RegistryDirectory(StateFiles& files, Log& log, const ModuleTraits& traits);
  std::optional<Input> Find(long item) override;
  std::optional<ModuleConfig> Module(long id) override;
  std::vector<ModuleConfig> Modules() override;

 private:
  const std::map<long, ModuleConfig>& Loaded();

  StateFiles& files_;
  Log& log_;
  const ModuleTraits& traits_;
  std::optional<std::map<long, ModuleConfig>> modules_;
};

}  // namespace pm::core
