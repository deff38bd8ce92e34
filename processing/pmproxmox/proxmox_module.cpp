#include "pmproxmox/proxmox_module.h"

#include "pmproxmox/translate.h"

namespace pm::pmproxmox {

const core::ModuleTraits& ProxmoxTraits() {
  static const core::ModuleTraits traits = [] {
    core::ModuleTraits t;
    t.name = "pmproxmox";
    t.itemtype = "vds";
    t.params = {"url",     "username",  "token_id",   "fingerprint", "ca_cert",   "node",     "storage",
                "bridge",  "backup_storage", "backup_rotation", "ip_pool", "ip_prefix", "ip_gateway",
                "dns",     "mail_from", "state_db", "api_timeout", "pool_owner", "pool_max_months",
                "pool_stat_days", "pool_tier1", "pool_tier2", "pool_tier3", "pool_tier4", "pool_tier5"};
    // smtp_url may carry the relay's login: smtp://user:password@relay:587.
    t.secret_params = {"password", "token_secret", "smtp_url"};
    t.service_secrets = {"password"};
    t.commands = core::ContractCommands();
    t.commands.push_back({"backup_tick", core::CommandKind::Cron});
    t.commands.push_back({"pool_tick", core::CommandKind::Cron});
    return t;
  }();
  return traits;
}

std::optional<core::Reply> ProxmoxModule::Custom(const std::string& command, core::Context& ctx) {
  if (command == "backup_tick") return BackupTick(ctx);
  if (command == "pool_tick") return PoolTick(ctx);
  return std::nullopt;
}

std::optional<core::Error> ProxmoxModule::Translate(const std::exception& failure) {
  return pmproxmox::Translate(failure);
}

}  // namespace pm::pmproxmox
