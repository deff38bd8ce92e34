#include "pmproxmox/service_vm.h"

#include "core/error.h"
#include "vps/backups/lock.h"

namespace pm::pmproxmox {
namespace {

OwnedVm Located(core::Context& ctx, proxmox::Api& api) {
  vps::backups::BackupJournal journal(ctx.state());
  vps::backups::RequireNoBackupJob(journal, ctx.item().id, ctx.log);
  auto owned = LocateVm(ctx, api);
  if (!owned) throw core::Error(core::ErrorType::NotFound, "vm", "the service's VM does not exist");
  RequireUnlocked(owned->guest);
  return *owned;
}

}  // namespace

ServiceVm::ServiceVm(core::Context& ctx)
    : connection_(ctx.module(), ctx.log),
      owned_(Located(ctx, connection_.api())),
      vm_(connection_.api(), owned_.guest.node, owned_.guest.vmid) {}

}  // namespace pm::pmproxmox
