#include "pmvmmanager6/pool_handover.h"

#include "core/error.h"
#include "pmvmmanager6/client_account.h"
#include "pmvmmanager6/service_host.h"
#include "vmmanager6/hosts.h"
#include "vmmanager6/tasks.h"
#include "vps/hostname.h"
#include "vps/ownership.h"
#include "vps/pool/settings.h"
#include "vps/pool/store.h"

namespace pm::pmvmmanager6 {
namespace {

using vmmanager6::Api;

bool PoolServes(core::Context& ctx, const Order& order) {
  try {
    if (!vps::pool::PoolSettingsOf(ctx.module())) return false;
  } catch (const core::Error& error) {  // a bad pool setting must not stop a sale
    ctx.log.Warning("the pool is not used: " + std::string(error.what()));
    return false;
  }
  // Pooled hosts are made with one address and no recipe.
  return !order.recipe && order.addresses == 1;
}

// Owner, password, network rate, then name and marker: the service's marker goes last, so that
// until it is there the host is still known as the pool's claimed one. Each step is safe to
// repeat after a kill.
void HandOver(core::Context& ctx, Api& api, const vmmanager6::Host& host, const Order& order,
              const vps::VmRecord& record) {
  const auto& item = ctx.item();
  vmmanager6::AwaitUnfinished(api, host.id, {"host_change_owner", "host_change_password", "host_change_params"});
  long long account = ClientAccount(ctx, api);
  if (host.account != account) vmmanager6::WaitTask(api, vmmanager6::ChangeOwner(api, host.id, account));
  vmmanager6::WaitTask(api, vmmanager6::ChangePassword(api, host.id, item.params.Get("password", record.password)));
  vmmanager6::ResourceChange rate;
  rate.net_in_mbitps = WholeMbit(order.package.inbound_mbit);
  rate.net_out_mbitps = WholeMbit(order.package.outbound_mbit);
  if (!rate.Empty()) vmmanager6::WaitTask(api, vmmanager6::ChangeResources(api, host.id, rate));
  vmmanager6::EditHost(api, host.id, vps::HostnameFor(item.params.Get("domain"), item.id), OwnershipMarker(ctx));
}

}  // namespace

pm::pool::Configuration ConfigurationOf(const core::Context& ctx, const Order& order) {
  return {ctx.item().params.Get("ostempl"), order.package.cores, static_cast<long long>(order.package.memory_mib),
          static_cast<long long>(order.package.disk_gib) * 1024, order.preset ? order.preset->name : ""};
}

bool HoldsPooledHost(core::Context& ctx) {
  for (const auto& slot : vps::pool::PoolStore(ctx.state()).Slots(ctx.module().id)) {
    if (slot.taken_by == ctx.item().id) return true;
  }
  return false;
}

std::optional<long long> TakeFromPool(core::Context& ctx, Api& api, const Order& order, vps::VmRecord& record) {
  if (!HoldsPooledHost(ctx) && !PoolServes(ctx, order)) return std::nullopt;
  vps::pool::PoolStore store(ctx.state());
  auto slot = store.Claim(ctx.module().id, ctx.item().id, ConfigurationOf(ctx, order));
  if (!slot) return std::nullopt;
  auto host = vmmanager6::FindHost(api, slot->vmid);
  bool ours = host && (host->comment == vps::PoolMarker("pmvmmanager6", ctx.module().id) ||
                       vps::CarriesMarker(host->comment, OwnershipMarker(ctx)));
  if (!ours) {
    ctx.log.Warning("pooled host " + std::to_string(slot->vmid) + " is gone or no longer the pool's; a new one is made");
    store.Forget(slot->id);
    return std::nullopt;
  }
  ctx.log.Info("item " + std::to_string(ctx.item().id) + " takes host " + std::to_string(host->id) + " from the pool");
  record.vmid = static_cast<int>(host->id);
  vps::VmRecords(ctx.state()).Save(record);
  HandOver(ctx, api, *host, order, record);
  store.Forget(slot->id);
  return host->id;
}

}  // namespace pm::pmvmmanager6
