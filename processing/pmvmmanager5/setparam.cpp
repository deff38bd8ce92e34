// setparam: bring the VM to the package: memory, cores and CPU weight through vm.edit, taken by a
// running VM at a restart. VMmanager 5 cannot change a disk after creation (contract §11): a
// package whose disk differs is refused naming `disc`, before anything changes.
#include "core/error.h"
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/order.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"

namespace pm::pmvmmanager5 {
namespace {

template <class T>
std::optional<T> Differing(T want, T have) {
  return want != have ? std::optional<T>(want) : std::nullopt;
}

}  // namespace

core::Reply Vm5Module::SetParam(core::Context& ctx) {
  auto package = vps::PackageOf(ctx.item());  // bad input is refused before anything changes
  Connection connection(ctx);
  auto& api = connection.api();
  auto vm = RequireVm(ctx, api);
  long long disk_mib = static_cast<long long>(package.disk_gib) * 1024;
  if (disk_mib != vm.vsize_mib) {
    throw core::ValueError("disc", "VMmanager 5 cannot change a disk after the VM is made: it stays at " +
                                       std::to_string(vm.vsize_mib / 1024) + " GiB, the package asks for " +
                                       std::to_string(package.disk_gib) + " GiB");
  }
  vmmanager5::VmChange change;
  change.vcpu = Differing<long long>(package.cores, vm.vcpu);
  change.cputune = Differing(CpuWeight(package.cores), vm.cputune);
  change.mem_mib = Differing(static_cast<long long>(package.memory_mib), vm.mem_mib);
  if (!change.Empty()) {
    vmmanager5::EditVm(api, vm.id, change);
    if (vm.Running()) vmmanager5::RestartVm(api, vm.id);  // a running VM takes them when it boots
  }
  ctx.panel.PostCommand("setparam", ctx.item().id);
  return core::Reply();
}

}  // namespace pm::pmvmmanager5
