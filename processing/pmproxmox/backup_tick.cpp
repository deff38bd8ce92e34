// backup_tick (cron, every minute): the hypervisor-neutral tick (vps/backups/tick.h) over
// pmproxmox's driver.
#include "pmproxmox/backup_driver.h"
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/translate.h"
#include "vps/backups/tick.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::BackupTick(core::Context& ctx) {
  vps::backups::TickSetup setup{
      ctx.directory(), ctx.files, ctx.log,
      [&ctx](const core::ModuleConfig& module) { return std::make_unique<ProxmoxBackupDriver>(module, ctx.log); },
      [](const std::exception& failure) { return pmproxmox::Translate(failure); }};
  auto outcome = vps::backups::RunTick(setup);
  if (outcome.skipped) return core::Reply().Add("skipped", "another backup_tick is running");
  return core::Reply().Add("modules_failed", std::to_string(outcome.modules_failed));
}

}  // namespace pm::pmproxmox
