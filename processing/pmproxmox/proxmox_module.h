// pmproxmox: BILLmanager processing module for Proxmox VE. One method per panel command, each
// in its own file (open.cpp, suspend.cpp, …).
#pragma once

#include "core/module.h"

namespace pm::pmproxmox {

// Name, connection form and commands of pmproxmox (contract §9), for the module and its pages.
const core::ModuleTraits& ProxmoxTraits();

class ProxmoxModule : public core::Module {
 public:
  const core::ModuleTraits& Traits() const override { return ProxmoxTraits(); }
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
  std::optional<core::Reply> Custom(const std::string& command, core::Context& ctx) override;
  core::Reply BackupTick(core::Context& ctx);
  core::Reply PoolTick(core::Context& ctx);
  std::optional<core::Error> Translate(const std::exception& failure) override;
};

}  // namespace pm::pmproxmox
