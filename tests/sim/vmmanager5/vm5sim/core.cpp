#include "vm5sim/core.h"

namespace vm5sim {

void Core::Progress() {
  double now = clock.Now();
  for (auto& [id, vm] : world.vms) {
    if (vm.installing && !vm.install_hang && vm.install_ends <= now) EndInstall(vm);
    if (vm.pending_state && vm.pending_at <= now) {
      vm.state = *vm.pending_state;
      vm.pending_state.reset();
    }
  }
}

void Core::StartInstall(Vm& vm) {
  InstallFault fault = faults.TakeForInstall(vm.id);
  vm.installing = true;
  vm.osinstalled = false;
  vm.state = "down";
  vm.pending_state.reset();
  vm.install_ends = clock.DeadlineAfter(world.install_seconds);
  vm.install_hang = fault.hang;
  vm.install_fail = fault.fail;
}

// A finished install boots the VM; a failed one leaves it down without an OS (osinstalled off).
void Core::EndInstall(Vm& vm) {
  vm.installing = false;
  vm.osinstalled = !vm.install_fail;
  vm.state = vm.install_fail ? "down" : "running";
  vm.install_fail = false;
}

void Core::StartPower(Vm& vm, const std::string& state) {
  vm.pending_state = state;
  vm.pending_at = clock.DeadlineAfter(world.power_seconds);
}

void Core::ResumeHungInstalls() {
  for (auto& [id, vm] : world.vms) vm.install_hang = false;
  Progress();
}

}  // namespace vm5sim
