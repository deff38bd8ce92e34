// setparam: bring the VM to the (new) package: cores, memory, disk growth and limits,
// additional disk, network rate. What Proxmox can only apply at the next start is reported.
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/service_vm.h"
#include "pmproxmox/service_spec.h"

namespace pm::pmproxmox {
namespace {

// Keys left in pending on a running VM take effect at its next start (notes §8).
std::vector<std::string> PendingKeys(proxmox::Vm& vm) {
  std::vector<std::string> keys;
  for (const auto& row : vm.Pending()) {
    if (row.contains("pending") || row.contains("delete")) keys.push_back(row.value("key", ""));
  }
  return keys;
}

}  // namespace

core::Reply ProxmoxModule::SetParam(core::Context& ctx) {
  SpecFor(ctx.module(), ctx.item(), VmRecord{}, std::nullopt);  // refuse bad input before touching anything
  ServiceVm target(ctx);
  proxmox::Vm& vm = target.vm();
  VmSpec spec = SpecFor(ctx.module(), ctx.item(), target.record(), std::nullopt);
  spec.onboot = target.record().phase != "suspended";
  auto plan = PlanConfig(vm.Config(), spec);
  if (!plan.changes.empty()) vm.UpdateConfig(plan.changes);
  for (const auto& [disk, gib] : plan.grow) vm.Resize(disk, gib);

  core::Reply reply;
  for (const auto& note : plan.notes) {
    ctx.log.Warning(note);
    reply.Add("note", note);
  }
  auto pending = vm.Running() ? PendingKeys(vm) : std::vector<std::string>{};
  if (!pending.empty()) {
    std::string keys;
    for (const auto& key : pending) keys += (keys.empty() ? "" : ", ") + key;
    std::string note = "applied at the next reboot from the panel: " + keys;
    ctx.log.Info(note);
    reply.Add("reboot_required", "yes").Add("note", note);
  }
  ctx.panel.PostCommand("setparam", ctx.item().id);
  return reply;
}

}  // namespace pm::pmproxmox
