#include "core/service_directory.h"

#include "core/module_registry.h"
#include "core/secrets.h"
#include "core/service_registry.h"

namespace pm::core {

RegistryDirectory::RegistryDirectory(StateFiles& files, Log& log, const ModuleTraits& traits)
    : files_(files), log_(log), traits_(traits) {}

const std::map<long, ModuleConfig>& RegistryDirectory::Loaded() {
  if (!modules_) {
    modules_.emplace();
    for (auto& module : ModuleRegistry(files_.Index(), files_.Secrets(), traits_.secret_params).All()) {
      RedactSecrets(log_, traits_, module);
      (*modules_)[module.id] = std::move(module);
    }
  }
  return *modules_;
}

std::optional<Input> RegistryDirectory::Find(long item) {
  ServiceRegistry services(files_.Index(), files_.Secrets(), traits_.service_secrets);
  auto module_id = services.ModuleOf(item);
  if (!module_id) return std::nullopt;
  auto module = Module(*module_id);
  auto service = services.FindService(item);
  if (!module || !service) return std::nullopt;  // a service is only usable with its connection
  RedactSecrets(log_, traits_, *service);
  return Input{std::move(module), std::move(service)};
}

std::optional<ModuleConfig> RegistryDirectory::Module(long id) {
  const auto& modules = Loaded();
  auto found = modules.find(id);
  if (found == modules.end()) return std::nullopt;
  return found->second;
}

std::vector<ModuleConfig> RegistryDirectory::Modules() {
  std::vector<ModuleConfig> all;
  for (const auto& [id, module] : Loaded()) all.push_back(module);
  return all;
}

}  // namespace pm::core
