#include "vps/settings.h"

namespace pm::vps {

std::string Setting(const core::ModuleConfig& module, const core::Service& service, const std::string& name,
                    const std::string& fallback) {
  if (auto value = service.pricelist.Find(name)) return *value;
  return module.params.Get(name, fallback);
}

}  // namespace pm::vps
