// Where cron commands and the client pages find services and processing modules (contract §13):
// on a stock panel, its database, which holds what the admin and the client set last; where the
// panel names no database or it is out of reach, the registry the module keeps of its runs
// (stdin-only set-ups: the tests, the demo). The choice is made once per run and logged.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/log.h"
#include "core/module_traits.h"
#include "core/service_directory.h"
#include "paneldb/database_source.h"

namespace pm::paneldb {

class DatabaseDirectory : public core::ServiceDirectory {
 public:
  DatabaseDirectory(DatabaseSource& database, const core::ModuleTraits& traits, core::Log& log,
                    std::unique_ptr<core::ServiceDirectory> registry);

  // A service of another kind of module, or none, is nullopt, as a row that is not there.
  std::optional<core::Input> Find(long item) override;
  std::optional<core::ModuleConfig> Module(long id) override;
  std::vector<core::ModuleConfig> Modules() override;

 private:
  bool FromDatabase();

  DatabaseSource& database_;
  const core::ModuleTraits& traits_;
  core::Log& log_;
  std::unique_ptr<core::ServiceDirectory> registry_;
  std::optional<bool> from_database_;
  std::map<long, std::optional<core::ModuleConfig>> modules_;  // read once per run
};

}  // namespace pm::paneldb
