// suspend: the host leaves its backup schedules, stops, and passes to the module's administrator
// account, so that the client cannot start it again from their own VMmanager login or API token
// (VMmanager has no per-host block; blocking the account would stop the client's other
// services). Whether it ran is remembered first, for resume to restore; a rerun keeps that.
#include "pmvmmanager6/client_account.h"
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/schedule_membership.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/hosts.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::Suspend(core::Context& ctx) {
  Connection connection(ctx);
  auto& api = connection.api();
  auto host = RequireHost(ctx, api);
  if (host.Running()) host = AfterUnfinished(ctx, api, host, {"host_stop"});
  vps::VmRecords records(ctx.state());
  auto record = RecordOf(ctx, host);
  if (record.phase != vps::VmPhase::Suspended && record.before_suspend.empty()) {
    record.before_suspend = host.Running() ? "running" : "stopped";
    records.Save(record);
  }
  LeaveSchedules(ctx, api, host.id);
  if (host.Running()) vmmanager6::WaitTask(api, vmmanager6::StopHost(api, host.id));
  long long admin = ModuleAccount(ctx, api);
  if (host.account != admin) vmmanager6::WaitTask(api, vmmanager6::ChangeOwner(api, host.id, admin));
  record.phase = vps::VmPhase::Suspended;
  records.Save(record);
  ctx.panel.PostCommand("suspend", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager6
