// The last service data each item command received, kept in the state so that cron commands
// (which get no document, contract §2) can act for a service later: re-apply its package after
// a restore, read its backup quota, mail its owner. Written by Run() after every successful
// item command, forgotten after close.
#pragma once

#include <optional>
#include <vector>

#include "core/service.h"
#include "core/sqlite.h"

namespace pm::core {

class ServiceRegistry {
 public:
  explicit ServiceRegistry(Sqlite& db);
  void Remember(long module, const Service& service);
  void Forget(long item);
  // The module and service as last seen; the module's parameters come from the ModuleRegistry.
  std::optional<Input> Find(long item);
  std::optional<Service> FindService(long item);  // the service alone: no module lookup

 private:
  Sqlite& db_;
};

}  // namespace pm::core
