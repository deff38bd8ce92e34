#include "vps/vps_module.h"

namespace pm::vps {

std::vector<core::Command> VpsCommands() {
  auto commands = core::ContractCommands();
  commands.push_back({"reinstall", core::CommandKind::Item});
  commands.push_back({"changepassword", core::CommandKind::Item});
  commands.push_back({"pool_tick", core::CommandKind::Cron});
  return commands;
}

std::optional<core::Reply> VpsModule::Custom(const std::string& command, core::Context& ctx) {
  if (command == "reinstall") return Reinstall(ctx);
  if (command == "changepassword") return ChangePassword(ctx);
  if (command == "pool_tick") return PoolTick(ctx);
  return std::nullopt;
}

}  // namespace pm::vps
