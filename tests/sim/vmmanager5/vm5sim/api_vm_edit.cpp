// The VM list and the vm.edit form (notes B3, §3): read without sok, create without elid, edit
// with elid. An edit changes nothing unless every field given is valid.
#include "vm5sim/api.h"
#include "vm5sim/views.h"

namespace vm5sim {

namespace {

void List(Call& call) {
  for (const auto& [id, vm] : call.world().vms) {
    if (call.IsAdmin() || vm.user == call.caller.id) AddVmRow(call.world(), vm, call.doc);
  }
}

// The empty form a new VM starts from.
void EmptyForm(Call& call) {
  call.RequireAdmin();
  for (const char* field :
       {"name", "domain", "user", "password", "confirm", "vmi", "preset", "ip", "sshpubkey"})
    call.doc.Add(field, "");
  call.doc.Add("mem", "1024");
  call.doc.Add("vcpu", "1");
  call.doc.Add("vsize", "10240");
  call.doc.Add("cputune", "1000");
  call.doc.Add("hostnode", "auto");
  call.doc.Add("family", "ipv4");
  call.doc.Add("recipe", "null");
}

struct Change {
  std::string name, domain;
  int64_t mem, vcpu, cputune;
  int user;
  bool blocked;
};

Change Validate(Call& call, const Vm& vm) {
  const Params& params = call.params;
  Change change{vm.name, vm.domain, vm.mem, vm.vcpu, vm.cputune, vm.user, vm.blocked};
  if (params.Has("name")) change.name = params.Required("name");
  for (const auto& [id, other] : call.world().vms) {
    if (id != vm.id && other.name == change.name)
      throw MgrError(type::kExists, "name", "A VM named '" + change.name + "' already exists");
  }
  if (params.Has("domain")) change.domain = params.Get("domain");
  if (params.Has("mem")) change.mem = params.Positive("mem");
  if (params.Has("vcpu")) change.vcpu = params.Positive("vcpu");
  if (params.Has("cputune")) change.cputune = params.Positive("cputune");
  if (params.Has("user")) {
    std::string text = params.Get("user");
    const User* user = simcommon::FindById(call.world().users, PositiveNumber(text));
    if (!user) throw ValueError("user", "User '" + text + "' does not exist");
    change.user = user->id;
  }
  if (params.Has("blocked")) change.blocked = params.OnOff("blocked");
  // VMmanager 5 cannot change a disk after creation (notes B3).
  if (params.Has("vsize") && params.Get("vsize") != std::to_string(vm.vsize))
    throw ValueError("vsize", "The disk size cannot be changed after the VM is created");
  return change;
}

void Edit(Call& call) {
  Vm& vm = call.VisibleVm(call.params.Get("elid"));
  // Resources, owner and block are the administrator's; a user only reads the form.
  call.RequireAdmin();
  Call::RequireIdle(vm);
  Change change = Validate(call, vm);
  vm.name = change.name;
  vm.domain = change.domain;
  vm.mem = change.mem;
  vm.vcpu = change.vcpu;
  vm.cputune = change.cputune;
  vm.user = change.user;
  vm.blocked = change.blocked;
  call.Ok();
}

void EditForm(Call& call) {
  bool has_elid = !call.params.Get("elid").empty();
  if (call.params.Sok()) return has_elid ? Edit(call) : CreateVm(call);
  if (!has_elid) return EmptyForm(call);
  AddVmForm(call.world(), call.VisibleVm(call.params.Get("elid")), call.doc);
}

}  // namespace

void AddVmFormFunctions(FunctionTable& table) {
  table["vm"] = {false, List};
  table["vm.edit"] = {false, EditForm};
}

}  // namespace vm5sim
