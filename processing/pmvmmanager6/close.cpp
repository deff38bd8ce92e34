// close: the host leaves its backup schedules and is deleted with its disks and addresses.
// Idempotent: a host already gone counts as closed; a host that is not the service's is never
// deleted; a pooled host whose hand-over the service's open did not finish goes back to the pool
// tick, which deletes it.
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/schedule_membership.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/errors.h"
#include "vmmanager6/hosts.h"
#include "vps/pool/claim.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager6 {
namespace {

// A delete whose answer was lost may have started: its task is then followed, not asked again.
void Delete(vmmanager6::Api& api, long long host) {
  try {
    vmmanager6::WaitTask(api, vmmanager6::DeleteHost(api, host));
  } catch (const vmmanager6::LostAnswer&) {
    auto started = vmmanager6::FindHostTask(api, host, "host_delete");
    if (!started) throw;
    vmmanager6::WaitTask(api, *started);
  }
}

}  // namespace

core::Reply Vm6Module::Close(core::Context& ctx) {
  Connection connection(ctx);
  auto& api = connection.api();
  vps::pool::AbandonClaim(ctx);
  if (auto host = LocateHost(ctx, api)) {
    LeaveSchedules(ctx, api, host->id);
    if (host->state != "deleting") {
      Delete(api, host->id);
    } else if (auto started = vmmanager6::FindHostTask(api, host->id, "host_delete")) {
      vmmanager6::WaitTask(api, *started);
    }
    ctx.log.Info("deleted VMmanager host " + std::to_string(host->id));
  } else {
    ctx.log.Info("no host left for item " + std::to_string(ctx.item().id) + "; nothing to delete");
  }
  vps::VmRecords(ctx.state()).Forget(ctx.item().id);
  ctx.panel.PostCommand("close", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager6
