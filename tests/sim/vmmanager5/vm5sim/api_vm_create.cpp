// vm.edit + sok=ok without elid: a new VM (notes B3). Every field is checked before anything
// is made; the VM then installs its OS for install_seconds.
#include "vm5sim/addresses.h"
#include "vm5sim/api.h"
#include "vm5sim/placement.h"

namespace vm5sim {

namespace {

struct Resources {
  int64_t mem = 0;
  int64_t vcpu = 0;
  int64_t vsize = 0;
  int64_t cputune = 0;
};

// A preset supplies all four; the form's own values are then not read (the tariff is the preset).
Resources ResourcesOf(Call& call) {
  const Params& params = call.params;
  std::string preset_id = params.Get("preset");
  if (!preset_id.empty()) {
    const Preset* preset = simcommon::FindById(call.world().presets, PositiveNumber(preset_id));
    if (!preset) throw ValueError("preset", "Preset '" + preset_id + "' does not exist");
    return {preset->mem, preset->vcpu, preset->vsize, preset->cputune};
  }
  return {params.Positive("mem"), params.Positive("vcpu"), params.Positive("vsize"),
          params.Positive("cputune")};
}

int OwnerOf(Call& call) {
  std::string text = call.params.Required("user");
  const User* user = simcommon::FindById(call.world().users, PositiveNumber(text));
  if (!user) throw ValueError("user", "User '" + text + "' does not exist");
  return user->id;
}

std::string NewNameOf(Call& call) {
  std::string name = call.params.Required("name");
  for (const auto& [id, vm] : call.world().vms) {
    if (vm.name == name)
      throw MgrError(type::kExists, "name", "A VM named '" + name + "' already exists");
  }
  return name;
}

}  // namespace

int RecipeOf(Call& call) {
  std::string text = call.params.Get("recipe");
  if (text.empty() || text == "null") return 0;
  const Recipe* recipe = simcommon::FindById(call.world().recipes, PositiveNumber(text));
  if (!recipe) throw ValueError("recipe", "Recipe '" + text + "' does not exist");
  return recipe->id;
}

std::string PasswordOf(const Params& params) {
  std::string password = params.Required("password");
  if (params.Get("confirm") != password)
    throw ValueError("confirm", "The password and its confirmation do not match");
  return password;
}

const Template& TemplateOf(Call& call) {
  std::string id = call.params.Required("vmi");
  const Template* os = call.world().FindTemplate(id);
  if (!os || os->nodes.empty())
    throw ValueError("vmi", "Template '" + id + "' is not installed on any node");
  return *os;
}

void CreateVm(Call& call) {
  call.RequireAdmin();
  const Params& params = call.params;
  World& world = call.world();
  Vm vm;
  vm.name = NewNameOf(call);
  vm.domain = params.Get("domain");
  vm.user = OwnerOf(call);
  vm.password = PasswordOf(params);
  const Template& os = TemplateOf(call);
  Resources resources = ResourcesOf(call);
  if (resources.vsize < os.mindisk_mib)
    throw ValueError("vsize", "The disk must be at least " + std::to_string(os.mindisk_mib) +
                                  " MiB for " + os.Id());
  vm.recipe = RecipeOf(call);
  vm.node = ChooseNode(world, os, resources.mem, params.Get("hostnode"));
  uint32_t address = ChooseAddress(world, params);
  vm.osname = os.Id();
  vm.mem = resources.mem;
  vm.vcpu = resources.vcpu;
  vm.vsize = resources.vsize;
  vm.cputune = resources.cputune;
  vm.sshpubkey = params.Get("sshpubkey");
  vm.id = world.next_vm++;
  Vm& stored = world.vms.emplace(vm.id, vm).first->second;
  world.AddAddress(stored.id, address);
  call.core.StartInstall(stored);
  call.doc.Add("id", std::to_string(stored.id));
  call.Ok();
}

}  // namespace vm5sim
