// What VMs are made from (notes B5, §3): OS templates, presets, recipes, nodes. All are
// administrator functions.
#include "vm5sim/api.h"
#include "vm5sim/views.h"

namespace vm5sim {

namespace {

void Templates(Call& call) {
  for (const Template& os : call.world().templates) {
    Element& row = call.doc.Row();
    row.Add("id", os.Id());
    row.Add("name", os.osname);
    row.Add("repo", os.repo);
    row.Add("installed", OnOff(!os.nodes.empty()));
    row.Add("mindisk", std::to_string(os.mindisk_mib));
  }
}

void AddPresetFields(const Preset& preset, Element& into) {
  into.Add("name", preset.name);
  into.Add("mem", std::to_string(preset.mem));
  into.Add("vcpu", std::to_string(preset.vcpu));
  into.Add("vsize", std::to_string(preset.vsize));
  into.Add("cputune", std::to_string(preset.cputune));
}

void Presets(Call& call) {
  for (const auto& [id, preset] : call.world().presets) {
    Element& row = call.doc.Row();
    row.Add("id", std::to_string(id));
    AddPresetFields(preset, row);
  }
}

// preset.edit reads a preset; with sok it changes the fields given (positive numbers, a name).
void PresetForm(Call& call) {
  std::string elid = call.params.Get("elid");
  Preset* preset = simcommon::FindById(call.world().presets, PositiveNumber(elid));
  if (!preset) throw MgrError(type::kMissing, "preset", "Preset '" + elid + "' not found");
  if (call.params.Sok()) {
    Preset changed = *preset;
    if (call.params.Has("name")) changed.name = call.params.Required("name");
    for (auto [field, value] :
         {std::pair{"mem", &changed.mem}, std::pair{"vcpu", &changed.vcpu},
          std::pair{"vsize", &changed.vsize}, std::pair{"cputune", &changed.cputune}}) {
      if (call.params.Has(field)) *value = call.params.Positive(field);
    }
    *preset = changed;
    return call.Ok();
  }
  call.doc.Add("elid", std::to_string(preset->id));
  AddPresetFields(*preset, call.doc);
}

void Recipes(Call& call) {
  for (const auto& [id, recipe] : call.world().recipes) {
    Element& row = call.doc.Row();
    row.Add("id", std::to_string(id));
    row.Add("name", recipe.name);
  }
}

void Nodes(Call& call) {
  for (const auto& [id, node] : call.world().nodes) {
    Element& row = call.doc.Row();
    row.Add("id", std::to_string(id));
    row.Add("name", node.name);
    row.Add("ip", node.ip);
    row.Add("vmcount", std::to_string(call.world().VmCount(id)));
    row.Add("blocked", OnOff(node.blocked));
    row.Add("mem", std::to_string(node.mem_mib));
    row.Add("vmlimit", std::to_string(node.vmlimit));
  }
}

}  // namespace

void AddCatalogueFunctions(FunctionTable& table) {
  table["osmgr"] = {true, Templates};
  table["preset"] = {true, Presets};
  table["preset.edit"] = {true, PresetForm};
  table["recipemgr"] = {true, Recipes};
  table["vmhostnode"] = {true, Nodes};
}

}  // namespace vm5sim
