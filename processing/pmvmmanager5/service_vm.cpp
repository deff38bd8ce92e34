#include "pmvmmanager5/service_vm.h"

#include "core/error.h"
#include "vps/ownership.h"
#include "vps/service_record.h"

namespace pm::pmvmmanager5 {
std::string OwnershipMarker(const core::Context& ctx) {
  return vps::OwnershipMarker("pmvmmanager5", ctx.module().id, ctx.item().id);
}

std::optional<vmmanager5::Vm> LocateVm(core::Context& ctx, vmmanager5::Api& api) {
  std::string marker = OwnershipMarker(ctx);
  if (auto id = vps::KnownVmId(ctx)) {
    auto vm = vmmanager5::FindVm(api, *id);
    if (!vm) return std::nullopt;
    if (vm->name != marker) {
      // A pooled VM the service's open claimed and never finished taking: not the service's.
      auto record = vps::VmRecords(ctx.state()).Find(ctx.item().id);
      if (record && record->phase == vps::VmPhase::Planned) return std::nullopt;
      throw core::Error(core::ErrorType::Access, "vmid",
                        "VMmanager VM " + std::to_string(*id) + " is not this service's (it is not named '" + marker +
                            "'); the module does not touch it");
    }
    return vm;
  }
  for (auto& vm : vmmanager5::ListVms(api)) {
    if (vm.name == marker) return vm;
  }
  return std::nullopt;
}

vmmanager5::Vm RequireVm(core::Context& ctx, vmmanager5::Api& api) {
  auto vm = LocateVm(ctx, api);
  if (!vm) {
    throw core::Error(core::ErrorType::NotFound, "vmid",
                      "the VMmanager VM of service " + std::to_string(ctx.item().id) + " does not exist");
  }
  return *vm;
}

vps::VmRecord RecordOf(core::Context& ctx, const vmmanager5::Vm& vm) { return vps::RecordOf(ctx, vm.id); }

}  // namespace pm::pmvmmanager5
