// get_server_config: publish the cluster's VM templates as `ostempl` values (contract §5).
#include "core/error.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/os_templates.h"
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/published_templates.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::GetServerConfig(core::Context& ctx) {
  long module = ctx.module().id;
  if (module <= 0) throw core::MissedError("processingmodule");
  Connection connection(ctx.module(), ctx.log);
  auto current = TemplatesOnCluster(proxmox::ListGuests(connection.api()));
  PublishedTemplates published(ctx.state(), module);
  auto known = published.Present();
  std::string id = std::to_string(module);
  core::Reply reply;
  for (const auto& [intname, label] : current) {
    if (known.count(intname)) continue;
    ctx.panel.Call("itemtype.param.value.sync",
                   {{"itemtype", "vds"}, {"module", id}, {"param", "ostempl"}, {"value", intname}, {"name", label}});
    published.MarkPresent(intname, label);
    reply.Add("added", intname);
  }
  for (const auto& [intname, label] : known) {
    if (current.count(intname)) continue;
    ctx.panel.Call("itemtype.param.value.processing.suspend", core::PanelArgs{{"elid", id}, {"value", intname}});
    published.MarkVanished(intname);
    reply.Add("withdrawn", intname);
  }
  return reply;
}

}  // namespace pm::pmproxmox
