// get_server_config: publish the cluster's VM templates as `ostempl` values (contract §5).
#include "core/error.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/os_templates.h"
#include "pmproxmox/proxmox_module.h"
#include "vps/os_publication.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::GetServerConfig(core::Context& ctx) {
  long module = ctx.module().id;
  if (module <= 0) throw core::MissedError("processingmodule");
  Connection connection(ctx.module(), ctx.log);
  auto current = TemplatesOnCluster(proxmox::ListGuests(connection.api()));
  auto published = vps::PublishOsTemplates(ctx.panel, ctx.state(), module, current);
  core::Reply reply;
  for (const auto& intname : published.added) reply.Add("added", intname);
  for (const auto& intname : published.withdrawn) reply.Add("withdrawn", intname);
  return reply;
}

}  // namespace pm::pmproxmox
