// get_server_config: publish the cluster's VM templates as `ostempl` values (contract §5), each
// labelled for clients by its description's first line (one config read per template).
#include "core/error.h"
#include "pmproxmox/connection.h"
#include "pmproxmox/os_templates.h"
#include "pmproxmox/proxmox_module.h"
#include "proxmox/fields.h"
#include "proxmox/vms.h"
#include "vps/os_publication.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::GetServerConfig(core::Context& ctx) {
  long module = ctx.module().id;
  if (module <= 0) throw core::MissedError("processingmodule");
  Connection connection(ctx.module(), ctx.log);
  auto guests = proxmox::ListGuests(connection.api());
  std::map<int, std::string> descriptions;
  for (const auto& guest : guests) {
    if (!guest.is_template) continue;
    auto config = proxmox::Vm(connection.api(), guest.node, guest.vmid).Config();
    descriptions[guest.vmid] = proxmox::TextField(config, "description");
  }
  vps::OsTemplates current;
  for (const auto& [intname, label] : TemplatesOnCluster(guests, descriptions)) current[intname] = {label, {}};
  auto published = vps::PublishOsTemplates(ctx.panel, ctx.state(), module, current);
  core::Reply reply;
  vps::AddTo(reply, published);
  return reply;
}

}  // namespace pm::pmproxmox
