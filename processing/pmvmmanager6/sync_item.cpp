// sync_item: report the service's host, its state and address, and save the address when it
// changed in VMmanager.
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::SyncItem(core::Context& ctx) {
  Connection connection(ctx);
  auto host = RequireHost(ctx, connection.api());
  std::string ip = host.ips.empty() ? "" : host.ips.front().ip;
  if (!ip.empty() && ip != ctx.item().params.Get("ip")) ctx.panel.SaveParam(ctx.item().id, "ip", ip);
  return core::Reply().Add("vmid", std::to_string(host.id)).Add("status", host.state).Add("ip", ip);
}

}  // namespace pm::pmvmmanager6
