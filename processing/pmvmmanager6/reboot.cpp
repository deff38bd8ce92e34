// reboot: restart a running host (done when its start_task is), start a stopped one. A restart or
// start still running from an earlier run whose answer was lost is this reboot: it is waited for.
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/hosts.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::Reboot(core::Context& ctx) {
  Connection connection(ctx);
  auto& api = connection.api();
  auto host = RequireHost(ctx, api);
  if (vmmanager6::AwaitUnfinished(api, host.id, {"host_restart", "host_start"})) {
    ctx.panel.PostCommand("reboot", ctx.item().id);
    return core::Reply();
  }
  vmmanager6::WaitTask(api, host.Running() ? vmmanager6::RestartHost(api, host.id) : vmmanager6::StartHost(api, host.id));
  ctx.panel.PostCommand("reboot", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager6
