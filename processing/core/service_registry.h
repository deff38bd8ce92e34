// The last service data each item command received, kept in the module's index so that cron
// commands and the client pages (which get no document, contract §2) can act for a service later:
// re-apply its package after a restore, read its backup quota, mail its owner. Written by Run()
// after every successful item command, forgotten after close; read through core/service_directory.h.
// The service's secret params are kept sealed (core/secret_box.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/secret_box.h"
#include "core/service.h"
#include "core/sqlite.h"

namespace pm::core {

class ServiceRegistry {
 public:
  // `secrets`: the service params to seal (the module's traits name them).
  ServiceRegistry(Sqlite& db, SecretBox& box, std::vector<std::string> secrets);
  void Remember(long module, const Service& service);
  void Forget(long item);
  std::optional<long> ModuleOf(long item);  // the processing module the service belongs to
  std::optional<Service> FindService(long item);

 private:
  Sqlite& db_;
  SealedFields secrets_;
};

}  // namespace pm::core
