// open: a ready VM of the order's configuration from the server pool (pool_handover.h), else the
// client's VMmanager user (found by e-mail, or made) and a VM named with the ownership marker,
// with the panel's IPmanager address as its primary one, waited for until its OS is in; then
// reported, and the sale counted for the pool. Every step can be rerun: the password is in the
// state before the VM is asked for, and a VM made (or claimed) by an earlier run is found by its
// name and taken over, never made twice.
#include "core/error.h"
#include "pmvmmanager5/client_user.h"
#include "pmvmmanager5/connection.h"
#include "pmvmmanager5/install_wait.h"
#include "pmvmmanager5/order.h"
#include "pmvmmanager5/pool_handover.h"
#include "pmvmmanager5/service_vm.h"
#include "pmvmmanager5/vm5_module.h"
#include "vmmanager5/errors.h"
#include "vmmanager5/install.h"
#include "vps/hostname.h"
#include "vps/pool/claim.h"
#include "vps/service_record.h"

namespace pm::pmvmmanager5 {
namespace {

using vmmanager5::Api;
using vps::VmRecord;

vmmanager5::NewVm VmFor(core::Context& ctx, const Order& order, long long owner, const VmRecord& record) {
  const auto& item = ctx.item();
  vmmanager5::NewVm vm;
  vm.name = OwnershipMarker(ctx);
  vm.domain = vps::HostnameFor(item.params.Get("domain"), item.id);
  vm.owner = owner;
  vm.password = item.params.Get("password", record.password);
  vm.os = order.os;
  if (order.preset) {
    vm.preset = order.preset->id;
  } else {
    vm.vcpu = order.package.cores;
    vm.cputune = CpuWeight(order.package.cores);
    vm.mem_mib = static_cast<long long>(order.package.memory_mib);
    vm.vsize_mib = static_cast<long long>(order.package.disk_gib) * 1024;
  }
  vm.node = order.node;
  vm.ip = order.ip;
  if (order.recipe) vm.recipe = std::to_string(order.recipe->id);
  return vm;
}

long long Create(core::Context& ctx, Api& api, const Order& order, VmRecord& record) {
  auto request = VmFor(ctx, order, ClientUser(ctx, api), record);
  long long id = 0;
  try {
    id = vmmanager5::CreateVm(api, request);
  } catch (const vmmanager5::LostAnswer&) {
    auto made = LocateVm(ctx, api);  // it may have been made: then it carries our name
    if (!made) throw;
    id = made->id;
  }
  record.vmid = static_cast<int>(id);
  vps::VmRecords(ctx.state()).Save(record);
  ctx.log.Info("VMmanager makes VM " + std::to_string(id) + " for item " + std::to_string(ctx.item().id));
  return id;
}

// The VM once its OS is in. A VM this open made whose install failed is deleted, so that the next
// run makes it anew instead of handing the client a VM without an OS.
vmmanager5::Vm Installed(core::Context& ctx, Api& api, long long id, VmRecord& record,
                         const vmmanager5::InstallWait& wait) {
  try {
    return vmmanager5::WaitInstalled(api, id, wait);
  } catch (const vmmanager5::InstallFailed& failed) {
    if (record.phase != vps::VmPhase::Planned) throw;
    ctx.log.Warning(std::string(failed.what()) + "; deleting the VM");
    vmmanager5::DeleteVm(api, id);
    record.vmid = 0;
    vps::VmRecords(ctx.state()).Save(record);
    throw core::Error(core::ErrorType::Api, "install",
                      std::string(failed.what()) + "; the VM is deleted, and the next run makes it anew");
  }
}

}  // namespace

core::Reply Vm5Module::Open(core::Context& ctx) {
  CheckServiceInput(ctx);  // bad input is refused before anything is asked of VMmanager
  auto wait = InstallWaitOf(ctx.module());
  Connection connection(ctx);
  auto& api = connection.api();
  Order order = OrderFor(ctx, api);
  VmRecord record = vps::PlannedRecord(ctx);  // before the VM is asked for
  ctx.log.Redact(record.password);

  std::optional<long long> taken;
  if (vps::pool::HoldsClaim(ctx)) taken = TakeFromPool(ctx, api, order, record);  // an earlier run's hand-over
  auto vm = taken ? std::nullopt : LocateVm(ctx, api);
  if (!taken && !vm) taken = TakeFromPool(ctx, api, order, record);
  long long id = taken ? *taken : vm ? vm->id : Create(ctx, api, order, record);
  auto made = Installed(ctx, api, id, record, wait);
  vps::ReportOpened(ctx, id, made.ip, record);
  record.vmid = static_cast<int>(id);
  record.phase = vps::VmPhase::Active;
  record.ip = made.ip;
  record.password.clear();  // the panel keeps it now
  vps::VmRecords(ctx.state()).Save(record);
  vps::pool::CountSale(ctx, ConfigurationOf(ctx, order));
  return core::Reply().Add("vmid", std::to_string(id)).Add("ip", record.ip);
}

}  // namespace pm::pmvmmanager5
