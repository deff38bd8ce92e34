#include "pmvmmanager5/pool_handover.h"

#include "pmvmmanager5/client_user.h"
#include "pmvmmanager5/service_vm.h"
#include "vmmanager5/vms.h"
#include "vps/hostname.h"
#include "vps/ownership.h"
#include "vps/pool/claim.h"

namespace pm::pmvmmanager5 {
namespace {

using vmmanager5::Api;

std::string PoolPrefix(long module) { return vps::PoolMarker("pmvmmanager5", module) + " "; }

// The password first, then owner, host name and the service's marker in one edit: until that
// edit the VM is still known as the pool's claimed one, and a rerun sets the same values again.
void HandOver(core::Context& ctx, Api& api, const vmmanager5::Vm& vm, const vps::VmRecord& record) {
  const auto& item = ctx.item();
  vmmanager5::ChangePassword(api, vm.id, item.params.Get("password", record.password));
  vmmanager5::VmChange change;
  long long user = ClientUser(ctx, api);
  if (vm.owner != user) change.owner = user;
  change.name = OwnershipMarker(ctx);
  change.domain = vps::HostnameFor(item.params.Get("domain"), item.id);
  vmmanager5::EditVm(api, vm.id, change);
}

}  // namespace

pm::pool::Configuration ConfigurationOf(const core::Context& ctx, const Order& order) {
  return vps::pool::OrderedConfiguration(ctx, order.preset ? order.preset->name : "");
}

std::string PooledName(long module, const std::string& slot_name) { return PoolPrefix(module) + slot_name; }

std::optional<std::string> SlotNameOf(long module, const std::string& vm_name) {
  std::string prefix = PoolPrefix(module);
  if (vm_name.size() <= prefix.size() || vm_name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return vm_name.substr(prefix.size());
}

std::optional<long long> TakeFromPool(core::Context& ctx, Api& api, const Order& order, vps::VmRecord& record) {
  // Pooled VMs are made without a recipe, which cannot run afterwards.
  auto slot = vps::pool::ClaimForOpen(ctx, ConfigurationOf(ctx, order), !order.recipe);
  if (!slot) return std::nullopt;
  auto vm = vmmanager5::FindVm(api, slot->vmid);
  bool ours = vm && (SlotNameOf(ctx.module().id, vm->name) || vm->name == OwnershipMarker(ctx));
  if (!ours) {
    vps::pool::ClaimLost(ctx, *slot, "is gone or no longer the pool's");
    return std::nullopt;
  }
  record.vmid = static_cast<int>(vm->id);
  vps::VmRecords(ctx.state()).Save(record);
  HandOver(ctx, api, *vm, record);
  vps::pool::HandedOver(ctx, *slot);
  return vm->id;
}

}  // namespace pm::pmvmmanager5
