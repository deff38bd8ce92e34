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
                "dns",     "mail_from", "state_db", "api_timeout"};
    // smtp_url may carry the relay's login: smtp://user:password@relay:587.
    t.secret_params = {"password", "token_secret", "smtp_url"};
    t.service_secrets = {"password"};
    t.commands = core::ContractCommands();
    t.commands.push_back({"backup_tick", core::CommandKind::Cron});
    return t;
  }();
  return traits;
}

std::optional<core::Reply> ProxmoxModule::Custom(const std::string& command, core::Context& ctx) {
  if (command == "backup_tick") return BackupTick(ctx);
  return std::nullopt;
}

std::optional<core::Error> ProxmoxModule::Translate(const std::exception& failure) {
  return pmproxmox::Translate(failure);
}

}  // namespace pm::pmproxmox
