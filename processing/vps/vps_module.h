// A VPS module whose services can be reinstalled and have their password changed, and that keeps
// a server pool (contract §10–§12): the contract's commands and these three, one virtual method
// each, dispatched here.
#pragma once

#include <vector>

#include "core/module.h"

namespace pm::vps {

// The contract's commands (§2), reinstall and changepassword on an item, pool_tick from cron.
std::vector<core::Command> VpsCommands();

class VpsModule : public core::Module {
 public:
  std::optional<core::Reply> Custom(const std::string& command, core::Context& ctx) override;
  virtual core::Reply Reinstall(core::Context& ctx) = 0;
  virtual core::Reply ChangePassword(core::Context& ctx) = 0;
  virtual core::Reply PoolTick(core::Context& ctx) = 0;
};

}  // namespace pm::vps
