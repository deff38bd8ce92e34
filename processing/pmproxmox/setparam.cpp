// setparam: bring the VM to the (new) package: cores, memory, disk growth and limits,
// additional disk, network rate. What Proxmox can only apply at the next start is reported.
#include "pmproxmox/apply_spec.h"
#include "pmproxmox/proxmox_module.h"
#include "pmproxmox/service_vm.h"
#include "pmproxmox/service_spec.h"
#include "proxmox/fields.h"
#include "vps/backups/journal.h"

namespace pm::pmproxmox {
namespace {

// Keys left in pending on a running VM take effect at its next start (notes §8).
std::vector<std::string> PendingKeys(proxmox::Vm& vm) {
  std::vector<std::string> keys;
  for (const auto& row : vm.Pending()) {
    if (row.contains("pending") || row.contains("delete")) keys.push_back(proxmox::TextField(row, "key"));
  }
  return keys;
}

}  // namespace

core::Reply ProxmoxModule::SetParam(core::Context& ctx) {
  // Refuse bad input before touching anything.
  SpecFor(ctx.module(), ctx.item(), vps::VmRecord{}, std::nullopt);
  vps::backups::BackupQuota(ctx.item());
  ServiceVm target(ctx);
  proxmox::Vm& vm = target.vm();
  VmSpec spec = SpecFor(ctx.module(), ctx.item(), target.record(), std::nullopt);
  spec.onboot = target.record().phase != vps::VmPhase::Suspended;
  auto plan = ApplySpec(vm, vm.Config(), spec);

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
