// resume: the host goes back to the client's account, runs again if it ran before suspend, and
// rejoins the backup schedule the service pays for.
#include "pmvmmanager6/client_account.h"
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/schedule_membership.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/hosts.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::Resume(core::Context& ctx) {
  Connection connection(ctx);
  auto& api = connection.api();
  auto host = RequireHost(ctx, api);
  if (!host.Running()) host = AfterUnfinished(ctx, api, host, {"host_start"});
  auto record = RecordOf(ctx, host);
  long long client = ClientAccount(ctx, api);
  if (host.account != client) vmmanager6::WaitTask(api, vmmanager6::ChangeOwner(api, host.id, client));
  if (record.before_suspend != "stopped" && !host.Running()) {
    vmmanager6::WaitTask(api, vmmanager6::StartHost(api, host.id));
  }
  JoinPaidSchedule(ctx, api, host.id);
  record.phase = vps::VmPhase::Active;
  record.before_suspend.clear();
  vps::VmRecords(ctx.state()).Save(record);
  ctx.panel.PostCommand("resume", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager6
