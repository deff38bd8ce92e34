// A VM's addresses (notes B5): `iplist plid=<vm>` lists them, `iplist.edit plid=<vm> sok=ok`
// adds one (family ipv4 from the ranges, or special with ip=<addr>) and answers it in <ip>.
#include "vm5sim/addresses.h"
#include "vm5sim/api.h"

namespace vm5sim {

namespace {

Vm& ParentVm(Call& call) {
  if (call.params.Get("plid").empty()) throw ValueError("plid", "No VM given (plid)");
  return call.VisibleVm(call.params.Get("plid"));
}

void List(Call& call) {
  const Vm& vm = ParentVm(call);
  for (int id : vm.ips) {
    const Ip* ip = simcommon::FindById(call.world().ips, id);
    if (!ip) continue;
    Element& row = call.doc.Row();
    row.Add("id", std::to_string(ip->id));
    row.Add("ip", IpText(ip->value));
    row.Add("family", "ipv4");
  }
}

void Edit(Call& call) {
  Vm& vm = ParentVm(call);
  if (!call.params.Sok()) {
    call.doc.Add("plid", std::to_string(vm.id));
    call.doc.Add("family", "ipv4");
    call.doc.Add("ip", "");
    return;
  }
  Call::RequireIdle(vm);
  uint32_t address = ChooseAddress(call.world(), call.params);
  int id = call.world().AddAddress(vm.id, address);
  call.doc.Add("id", std::to_string(id));
  call.doc.Add("ip", IpText(address));
  call.Ok();
}

}  // namespace

void AddIpFunctions(FunctionTable& table) {
  table["iplist"] = {false, List};
  table["iplist.edit"] = {true, Edit};
}

}  // namespace vm5sim
