#include "pmvmmanager5/vm5_module.h"

#include "pmvmmanager5/translate.h"

namespace pm::pmvmmanager5 {

const core::ModuleTraits& Vm5Traits() {
  static const core::ModuleTraits traits = [] {
    core::ModuleTraits t;
    t.name = "pmvmmanager5";
    t.itemtype = "vds";
    t.params = {"url",        "username",   "fingerprint", "ca_cert",    "state_db",   "api_timeout",
                "pool_owner", "pool_max_months", "pool_stat_days", "pool_tier1", "pool_tier2", "pool_tier3",
                "pool_tier4", "pool_tier5", "install_timeout"};
    t.secret_params = {"password"};
    t.service_secrets = {"password"};
    t.commands = vps::VpsCommands();
    return t;
  }();
  return traits;
}

std::optional<core::Error> Vm5Module::Translate(const std::exception& failure) {
  return pmvmmanager5::Translate(failure);
}

}  // namespace pm::pmvmmanager5
