// pmvmmanager5: BILLmanager processing module for VMmanager 5 KVM (contract §11). One method per
// panel command, each in its own file (open.cpp, suspend.cpp, …).
#pragma once

#include "vps/vps_module.h"

namespace pm::pmvmmanager5 {

// Name, connection form and commands of pmvmmanager5.
const core::ModuleTraits& Vm5Traits();

class Vm5Module : public vps::VpsModule {
 public:
  const core::ModuleTraits& Traits() const override { return Vm5Traits(); }
  core::Reply CheckConnection(core::Context& ctx) override;
  core::Reply Open(core::Context& ctx) override;
  core::Reply Suspend(core::Context& ctx) override;
  core::Reply Resume(core::Context& ctx) override;
  core::Reply Close(core::Context& ctx) override;
  core::Reply SetParam(core::Context& ctx) override;
  core::Reply Reboot(core::Context& ctx) override;
  core::Reply SyncItem(core::Context& ctx) override;
  core::Reply GetServerConfig(core::Context& ctx) override;
  core::Reply Stat(core::Context& ctx) override;
  core::Reply Reinstall(core::Context& ctx) override;
  core::Reply ChangePassword(core::Context& ctx) override;
  core::Reply PoolTick(core::Context& ctx) override;
  std::optional<core::Error> Translate(const std::exception& failure) override;
};

}  // namespace pm::pmvmmanager5
