// stat: one row per service of the module whose host exists: its state and size, from one host
// listing.
#include <map>

#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/hosts.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager6 {

core::Reply Vm6Module::Stat(core::Context& ctx) {
  Connection connection(ctx);
  std::map<long long, vmmanager6::Host> hosts;
  for (auto& host : vmmanager6::ListHosts(connection.api())) hosts[host.id] = host;
  core::Reply reply;
  for (const auto& record : vps::VmRecords(ctx.state()).OfModule(ctx.module().id)) {
    auto found = hosts.find(record.vmid);
    if (found == hosts.end()) continue;
    const auto& host = found->second;
    auto elem = reply.root().append_child("elem");
    elem.append_child("item").text().set(std::to_string(record.item).c_str());
    elem.append_child("vmid").text().set(std::to_string(host.id).c_str());
    elem.append_child("status").text().set(host.state.c_str());
    elem.append_child("ncpu").text().set(std::to_string(host.cpu_number).c_str());
    elem.append_child("mem").text().set(std::to_string(host.ram_mib).c_str());
    elem.append_child("disc").text().set(std::to_string(host.disk_mib).c_str());
  }
  return reply;
}

}  // namespace pm::pmvmmanager6
