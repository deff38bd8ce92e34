#include "pmproxmox/proxmox_module.h"

#include "pmproxmox/translate.h"

namespace pm::pmproxmox {
namespace {

// Connection-form fields the panel stores for the module (contract §9); secrets crypted.
constexpr const char* kParams[] = {"url",          "username",     "token_id",  "fingerprint", "ca_cert",
                                   "node",         "storage",      "bridge",    "backup_storage",
                                   "backup_rotation", "ip_pool",   "ip_prefix", "ip_gateway",  "dns",
                                   "smtp_url",     "mail_from",    "state_db"};
constexpr const char* kSecretParams[] = {"password", "token_secret"};
constexpr const char* kFeatures[] = {"check_connection", "open",     "suspend",           "resume", "close",
                                     "setparam",         "reboot",   "sync_item",         "get_server_config",
                                     "stat",             "backup_tick"};

}  // namespace

core::Reply ProxmoxModule::Features() {
  core::Reply reply = core::Reply::Bare();
  auto root = reply.root();
  root.append_child("itemtypes").append_child("itemtype").append_attribute("name") = "vds";
  auto params = root.append_child("params");
  for (const char* name : kParams) params.append_child("param").append_attribute("name") = name;
  for (const char* name : kSecretParams) {
    auto param = params.append_child("param");
    param.append_attribute("name") = name;
    param.append_attribute("crypted") = "yes";
  }
  auto features = root.append_child("features");
  for (const char* name : kFeatures) features.append_child("feature").append_attribute("name") = name;
  return reply;
}

std::optional<core::Reply> ProxmoxModule::Custom(const std::string& command, core::Context& ctx) {
  if (command == "backup_tick") return BackupTick(ctx);
  return std::nullopt;
}

std::optional<core::Error> ProxmoxModule::Translate(const std::exception& failure) {
  return pmproxmox::Translate(failure);
}

}  // namespace pm::pmproxmox
