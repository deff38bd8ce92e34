#include "pmvmmanager6/vm6_module.h"

#include "pmvmmanager6/translate.h"

namespace pm::pmvmmanager6 {

const core::ModuleTraits& Vm6Traits() {
  static const core::ModuleTraits traits = [] {
    core::ModuleTraits t;
    t.name = "pmvmmanager6";
    t.itemtype = "vds";
    t.params = {"url",           "username",        "fingerprint",    "ca_cert",     "cluster",     "ippool",
                "deploy_completion", "use_recipes", "state_db",       "api_timeout", "pool_owner",  "pool_max_months",
                "pool_stat_days", "pool_tier1",     "pool_tier2",     "pool_tier3",  "pool_tier4",  "pool_tier5"};
    t.secret_params = {"password"};
    t.service_secrets = {"password"};
    t.commands = vps::VpsCommands();
    return t;
  }();
  return traits;
}

std::optional<core::Error> Vm6Module::Translate(const std::exception& failure) {
  return pmvmmanager6::Translate(failure);
}

}  // namespace pm::pmvmmanager6
