// pool_tick (cron, every 3 minutes): the hypervisor-neutral pool tick (vps/pool/tick.h) over
// Proxmox VE.
#include "pmproxmox/pool_driver.h"
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/translate.h"
#include "vps/pool/tick.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::PoolTick(core::Context& ctx) {
  vps::pool::PoolTickSetup setup{
      ctx.directory(), ctx.files, ctx.log,
      [&ctx](const core::ModuleConfig& module, const vps::pool::PoolSettings&) {
        return std::make_unique<ProxmoxPoolDriver>(module, ctx.log);
      },
      [](const std::exception& failure) { return pmproxmox::Translate(failure); }};
  return vps::pool::TickReply(vps::pool::RunPoolTick(setup));
}

}  // namespace pm::pmproxmox
