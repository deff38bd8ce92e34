// Actions on VMs (notes B3): start, stop, restart and delete are list actions without sok (elid
// may list several, "1, 2"); reinstall and chpasswd are forms. None works while the VM installs.
#include <algorithm>
#include <vector>

#include "vm5sim/api.h"

namespace vm5sim {

namespace {

// The VMs elid names, all checked before any is touched.
std::vector<Vm*> Selected(Call& call) {
  std::vector<Vm*> vms;
  for (const std::string& id : call.params.Elids()) {
    Vm& vm = call.VisibleVm(id);
    Call::RequireIdle(vm);
    if (std::find(vms.begin(), vms.end(), &vm) == vms.end()) vms.push_back(&vm);
  }
  if (vms.empty()) throw ValueError("elid", "No VM selected");
  return vms;
}

// A blocked VM stays off for its owner (a suspended service); an administrator may start it.
void RequireUnblocked(const Call& call, const Vm& vm) {
  if (vm.blocked && !call.IsAdmin())
    throw MgrError(type::kAccess, "vm", "VM " + vm.name + " is blocked by the administrator");
}

void Power(Call& call, const std::string& state, bool starts) {
  std::vector<Vm*> vms = Selected(call);
  if (starts) {
    for (Vm* vm : vms) RequireUnblocked(call, *vm);
  }
  for (Vm* vm : vms) call.core.StartPower(*vm, state);
  call.Ok();
}

void Delete(Call& call) {
  std::vector<Vm*> vms = Selected(call);
  World& world = call.world();
  for (Vm* vm : vms) {
    int id = vm->id;
    for (int ip : vm->ips) world.ips.erase(ip);
    world.vms.erase(id);
  }
  call.Ok();
}

void Reinstall(Call& call) {
  Vm& vm = call.VisibleVm(call.params.Get("elid"));
  Call::RequireIdle(vm);
  if (!call.params.Sok()) {
    call.doc.Add("elid", std::to_string(vm.id));
    call.doc.Add("vmi", vm.osname);
    call.doc.Add("password", "");
    call.doc.Add("confirm", "");
    call.doc.Add("recipe", "null");
    call.doc.Add("sshpubkey", "");
    return;
  }
  // The install boots the VM, which a blocked VM's owner may not do.
  RequireUnblocked(call, vm);
  const Template& os = TemplateOf(call);
  if (std::find(os.nodes.begin(), os.nodes.end(), vm.node) == os.nodes.end())
    throw ValueError("vmi", "Template " + os.Id() + " is not installed on the VM's node");
  if (vm.vsize < os.mindisk_mib)
    throw ValueError("vmi", "Template " + os.Id() + " needs a disk of " +
                                std::to_string(os.mindisk_mib) + " MiB");
  std::string password = PasswordOf(call.params);
  int recipe = RecipeOf(call);
  vm.osname = os.Id();
  vm.password = password;
  vm.recipe = recipe;
  if (call.params.Has("sshpubkey")) vm.sshpubkey = call.params.Get("sshpubkey");
  call.core.StartInstall(vm);
  call.Ok();
}

void ChangePassword(Call& call) {
  Vm& vm = call.VisibleVm(call.params.Get("elid"));
  Call::RequireIdle(vm);
  if (!call.params.Sok()) {
    call.doc.Add("elid", std::to_string(vm.id));
    call.doc.Add("password", "");
    call.doc.Add("confirm", "");
    return;
  }
  vm.password = PasswordOf(call.params);
  call.Ok();
}

}  // namespace

void AddVmActionFunctions(FunctionTable& table) {
  table["vm.start"] = {false, [](Call& call) { Power(call, "running", true); }};
  table["vm.restart"] = {false, [](Call& call) { Power(call, "running", true); }};
  table["vm.stop"] = {false, [](Call& call) { Power(call, "down", false); }};
  table["vm.delete"] = {true, Delete};
  table["vm.reinstall"] = {false, Reinstall};
  table["vm.chpasswd"] = {false, ChangePassword};
}

}  // namespace vm5sim
