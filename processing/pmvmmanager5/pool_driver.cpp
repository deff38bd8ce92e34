#include "pmvmmanager5/pool_driver.h"

#include "core/error.h"
#include "pmvmmanager5/order.h"
#include "pmvmmanager5/pool_handover.h"
#include "vmmanager5/install.h"
#include "vmmanager5/users.h"
#include "vmmanager5/vms.h"
#include "vps/password.h"

namespace pm::pmvmmanager5 {

using vps::pool::PooledVm;

Vm5PoolDriver::Vm5PoolDriver(core::Context& ctx, vps::pool::PoolSettings settings)
    : ctx_(ctx), settings_(std::move(settings)), connection_(ctx) {}

std::vector<PooledVm> Vm5PoolDriver::Pooled() {
  std::vector<PooledVm> pooled;
  for (const auto& vm : vmmanager5::ListVms(connection_.api())) {
    auto slot = SlotNameOf(ctx_.module().id, vm.name);
    if (!slot) continue;  // a service's VM is named with its own marker instead
    pooled.push_back({vm.id, *slot, vm.installing ? PooledVm::State::Creating : PooledVm::State::Ready});
  }
  return pooled;
}

// A failed install leaves a VM that looks merely stopped; its form tells.
bool Vm5PoolDriver::CreationFailed(long long id) {
  bool failed = !vmmanager5::OsInstalled(connection_.api(), id);
  if (failed) ctx_.log.Warning("the OS install of pooled VM " + std::to_string(id) + " failed");
  return failed;
}

std::optional<long long> Vm5PoolDriver::PresetId(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (!presets_) presets_ = vmmanager5::Presets(connection_.api());
  for (const auto& preset : *presets_) {
    if (preset.name == name) return preset.id;
  }
  throw core::ValueError("preset", "VMmanager has no VM template (preset) named '" + name + "' any more");
}

long long Vm5PoolDriver::Create(const pm::pool::Configuration& configuration, const std::string& name) {
  if (!owner_) owner_ = vmmanager5::EnsureUser(connection_.api(), settings_.owner, vps::RandomPassword()).id;
  vmmanager5::NewVm vm;
  vm.name = PooledName(ctx_.module().id, name);
  vm.domain = name;
  vm.owner = *owner_;
  vm.password = vps::RandomPassword();  // the buyer's replaces it at the hand-over
  ctx_.log.Redact(vm.password);
  vm.os = configuration.os;
  vm.preset = PresetId(configuration.preset);
  vm.vcpu = configuration.cores;
  vm.cputune = CpuWeight(static_cast<int>(configuration.cores));
  vm.mem_mib = configuration.memory_mib;
  vm.vsize_mib = configuration.disk_mib;
  vm.node = ctx_.module().params.Get("hostnode", "auto");
  return vmmanager5::CreateVm(connection_.api(), vm);
}

void Vm5PoolDriver::Delete(long long id) { vmmanager5::DeleteVm(connection_.api(), id); }

}  // namespace pm::pmvmmanager5
