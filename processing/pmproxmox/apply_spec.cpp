#include "pmproxmox/apply_spec.h"

namespace pm::pmproxmox {

ConfigPlan ApplySpec(proxmox::Vm& vm, const nlohmann::json& config, const VmSpec& spec) {
  ConfigPlan plan = PlanConfig(config, spec);
  if (!plan.changes.empty()) vm.UpdateConfig(plan.changes);
  for (const auto& [disk, gib] : plan.grow) vm.Resize(disk, gib);
  return plan;
}

}  // namespace pm::pmproxmox
