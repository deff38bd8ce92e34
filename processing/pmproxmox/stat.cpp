// stat: per-service usage rows (status, network counters) from one cluster listing.
#include <map>

#include "pmproxmox/connection.h"
#include "pmproxmox/proxmox_module.h"
#include "vps/vm_records.h"
#include "proxmox/cluster.h"

namespace pm::pmproxmox {

core::Reply ProxmoxModule::Stat(core::Context& ctx) {
  Connection connection(ctx.module(), ctx.log);
  std::map<int, proxmox::Guest> guests;
  for (auto& guest : proxmox::ListGuests(connection.api())) guests[guest.vmid] = guest;
  core::Reply reply;
  for (const auto& record : vps::VmRecords(ctx.state()).OfModule(ctx.module().id)) {
    auto found = guests.find(record.vmid);
    if (found == guests.end()) continue;
    auto elem = reply.root().append_child("elem");
    elem.append_child("item").text().set(std::to_string(record.item).c_str());
    elem.append_child("vmid").text().set(std::to_string(record.vmid).c_str());
    elem.append_child("status").text().set(found->second.status.c_str());
    elem.append_child("netin").text().set(std::to_string(found->second.netin).c_str());
    elem.append_child("netout").text().set(std::to_string(found->second.netout).c_str());
  }
  return reply;
}

}  // namespace pm::pmproxmox
