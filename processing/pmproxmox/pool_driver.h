// The server pool's Proxmox side (contract §12): pooled VMs are clones that belong to the module
// (Proxmox has no owner accounts), named after their slot, with
// "billmgr-pmproxmox module=<id> pool" as their description, made to the configuration and
// started, so that a buyer's open only re-identifies one and restarts it.
#pragma once

#include "core/log.h"
#include "core/service.h"
#include "pmproxmox/connection.h"
#include "vps/pool/driver.h"

namespace pm::pmproxmox {

class ProxmoxPoolDriver : public vps::pool::PoolDriver {
 public:
  ProxmoxPoolDriver(const core::ModuleConfig& module, core::Log& log);
  std::vector<vps::pool::PooledVm> Pooled() override;
  bool CreationFailed(long long) override { return false; }  // a failed one is not running: Pooled says so
  long long Create(const pm::pool::Configuration& configuration, const std::string& name) override;
  void Delete(long long id) override;

 private:
  const core::ModuleConfig& module_;
  core::Log& log_;
  Connection connection_;
};

}  // namespace pm::pmproxmox
