// close: stop and destroy the VM with purge (its disks, backup-job and HA entries), and queue the
// removal of the client's backups. Idempotent: a VM that is already gone counts as closed; a
// VMID that is not ours is never destroyed; a pooled VM whose hand-over the service's open did not
// finish goes back to the pool tick, which destroys it.
#include "pmproxmox/connection.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/proxmox_module.h"
#include "proxmox/vms.h"
#include "vps/backups/journal.h"
#include "vps/backups/lock.h"
#include "vps/ip_pool.h"
#include "vps/pool/claim.h"

namespace pm::pmproxmox {
namespace {

using vps::backups::BackupJournal;

// The service ends, and its backups with it: the tick removes them, the schedule stops.
void ForgetBackups(core::Context& ctx, BackupJournal& journal) {
  const long item = ctx.item().id;
  ctx.state().Transaction([&] {
    journal.SetSchedule(item, ctx.module().id, backup::Schedule{});
    for (const auto& copy : journal.Copies(item)) {
      if (!journal.UnfinishedOn(copy.id, vps::backups::JobKind::Delete)) journal.Enqueue(vps::backups::RemovalOf(copy));
    }
  });
}

}  // namespace

core::Reply ProxmoxModule::Close(core::Context& ctx) {
  BackupJournal journal(ctx.state());
  vps::backups::RequireNoBackupJob(journal, ctx.item().id, ctx.log);
  Connection connection(ctx.module(), ctx.log);
  vps::pool::AbandonClaim(ctx);
  if (auto owned = LocateVm(ctx, connection.api())) {
    RequireUnlocked(owned->guest);
    proxmox::Vm vm(connection.api(), owned->guest.node, owned->guest.vmid);
    if (vm.Running()) vm.Stop();
    vm.Destroy();
    ctx.log.Info("destroyed VM " + std::to_string(owned->guest.vmid) + " on " + owned->guest.node);
  } else {
    ctx.log.Info("no VM left for item " + std::to_string(ctx.item().id) + "; nothing to destroy");
  }
  if (auto pool = ctx.module().params.Find("ip_pool")) {
    vps::IpPool(ctx.state(), ctx.module().id, *pool).Release(ctx.item().id);
  }
  vps::VmRecords(ctx.state()).Forget(ctx.item().id);
  ForgetBackups(ctx, journal);
  ctx.panel.PostCommand("close", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmproxmox
