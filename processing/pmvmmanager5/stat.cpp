// stat: one row per service of the module whose VM exists: its state and size, from one VM list.
#include <map>

#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/vm5_module.h"
#include "vmmanager5/vms.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager5 {

core::Reply Vm5Module::Stat(core::Context& ctx) {
  Connection connection(ctx);
  std::map<long long, vmmanager5::Vm> vms;
  for (auto& vm : vmmanager5::ListVms(connection.api())) vms[vm.id] = vm;
  core::Reply reply;
  for (const auto& record : vps::VmRecords(ctx.state()).OfModule(ctx.module().id)) {
    auto found = vms.find(record.vmid);
    if (found == vms.end()) continue;
    const auto& vm = found->second;
    auto elem = reply.root().append_child("elem");
    elem.append_child("item").text().set(std::to_string(record.item).c_str());
    elem.append_child("vmid").text().set(std::to_string(vm.id).c_str());
    elem.append_child("status").text().set(vm.state.c_str());
    elem.append_child("ncpu").text().set(std::to_string(vm.vcpu).c_str());
    elem.append_child("mem").text().set(std::to_string(vm.mem_mib).c_str());
    elem.append_child("disc").text().set(std::to_string(vm.vsize_mib).c_str());
  }
  return reply;
}

}  // namespace pm::pmvmmanager5
