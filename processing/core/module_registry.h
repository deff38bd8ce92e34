// Connection parameters of every processing module that ever called us, kept in the state so
// cron commands (which get no document) can reach the hypervisors (contract §2).
#pragma once

#include <vector>

#include "core/service.h"
#include "core/sqlite.h"

namespace pm::core {

class ModuleRegistry {
 public:
  explicit ModuleRegistry(Sqlite& db);
  void Remember(const ModuleConfig& module);
  std::vector<ModuleConfig> All();

 private:
  Sqlite& db_;
};

}  // namespace pm::core
