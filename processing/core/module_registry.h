// Connection parameters of every processing module that ever called us, kept in the state so
// cron commands (which get no document) can reach the hypervisors (contract §2). The secret
// fields are kept sealed (core/secret_box.h).
#pragma once

#include <string>
#include <vector>

#include "core/secret_box.h"
#include "core/service.h"
#include "core/sqlite.h"

namespace pm::core {

class ModuleRegistry {
 public:
  // `secrets`: the connection fields to seal (the module's traits name them).
  ModuleRegistry(Sqlite& db, SecretBox& box, std::vector<std::string> secrets);
  void Remember(const ModuleConfig& module);
  std::vector<ModuleConfig> All();

 private:
  Sqlite& db_;
  SealedFields secrets_;
};

}  // namespace pm::core
