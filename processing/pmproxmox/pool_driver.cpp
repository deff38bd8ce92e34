#include "pmproxmox/pool_driver.h"

#include "pmproxmox/apply_spec.h"
#include "pmproxmox/cloning.h"
#include "pmproxmox/ownership.h"
#include "pmproxmox/placement.h"
#include "pmproxmox/service_spec.h"
#include "proxmox/cluster.h"
#include "proxmox/vms.h"
#include "vps/ownership.h"
#include "vps/password.h"
#include "vps/pool/store.h"

namespace pm::pmproxmox {
namespace {

using vps::pool::PooledVm;

// The configuration as an order of it, with the module's own settings (no tariff).
core::Service OrderOf(const pm::pool::Configuration& configuration) {
  core::Service service;
  service.params.Set("ostempl", configuration.os);
  service.addons["ncpu"] = {static_cast<double>(configuration.cores), ""};
  service.addons["mem"] = {static_cast<double>(configuration.memory_mib), "MiB"};
  service.addons["disc"] = {static_cast<double>(configuration.disk_mib), "MiB"};
  return service;
}

}  // namespace

ProxmoxPoolDriver::ProxmoxPoolDriver(const core::ModuleConfig& module, core::Log& log)
    : module_(module), log_(log), connection_(module, log) {}

// Only VMs named like a slot are read (their config tells whose they are): the others cost nothing.
// One whose config is locked by its clone shows no description yet and is left for a later tick.
std::vector<PooledVm> ProxmoxPoolDriver::Pooled() {
  auto& api = connection_.api();
  std::string marker = vps::PoolMarker("pmproxmox", module_.id);
  std::vector<PooledVm> pooled;
  for (const auto& guest : proxmox::ListGuests(api)) {
    if (guest.is_template || !vps::pool::IsSlotName(guest.name)) continue;
    if (!CarriesMarker(proxmox::Vm(api, guest.node, guest.vmid).Config(), marker)) continue;
    auto state = !guest.lock.empty()        ? PooledVm::State::Creating
                 : guest.status == "running" ? PooledVm::State::Ready
                                             : PooledVm::State::Failed;  // a tick died before it started
    pooled.push_back({guest.vmid, guest.name, state});
  }
  return pooled;
}

long long ProxmoxPoolDriver::Create(const pm::pool::Configuration& configuration, const std::string& name) {
  auto& api = connection_.api();
  core::Service order = OrderOf(configuration);
  Placement placement = ChoosePlacement(module_, order, proxmox::ListGuests(api), proxmox::ListNodes(api));
  std::string marker = vps::PoolMarker("pmproxmox", module_.id);
  int vmid = CloneTemplate(api, log_, placement, name, marker, [](int) {});
  CloudInit ci{"root", vps::RandomPassword(), "", "ip=dhcp", ""};  // the buyer's replaces it at the hand-over
  log_.Redact(ci.password);
  VmSpec spec = SpecFor(module_, order, vps::VmRecord{}, ci);
  spec.hostname = name;
  spec.description = marker;
  proxmox::Vm vm(api, placement.node, vmid);
  for (const auto& note : ApplySpec(vm, vm.Config(), spec).notes) log_.Warning(note);
  vm.Start();
  return vmid;
}

void ProxmoxPoolDriver::Delete(long long id) {
  auto guest = proxmox::FindGuest(connection_.api(), static_cast<int>(id));
  if (!guest) return;
  proxmox::Vm vm(connection_.api(), guest->node, guest->vmid);
  if (vm.Running()) vm.Stop();
  vm.Destroy();
}

}  // namespace pm::pmproxmox
