#include "pmvmmanager6/pool_handover.h"

#include "pmvmmanager6/client_account.h"
#include "pmvmmanager6/service_host.h"
#include "vmmanager6/hosts.h"
#include "vmmanager6/tasks.h"
#include "vps/hostname.h"
#include "vps/ownership.h"
#include "vps/pool/claim.h"

namespace pm::pmvmmanager6 {
namespace {

using vmmanager6::Api;

// Owner, password, network rate, addresses and their reverse names, then name and marker: the
// service's marker goes last, so that until it is there the host is still known as the pool's
// claimed one. The owner and the addresses are read before they are changed, so a rerun after a
// kill adds none twice; the other writes set values, which a rerun sets again to the same.
void HandOver(core::Context& ctx, Api& api, const vmmanager6::Host& host, const Order& order,
              const vps::VmRecord& record) {
  const auto& item = ctx.item();
  vmmanager6::AwaitUnfinished(api, host.id, {"host_change_owner", "host_change_password", "host_change_params", "ip_change"});
  auto now = vmmanager6::FindHost(api, host.id).value_or(host);
  long long account = ClientAccount(ctx, api);
  if (now.account != account) vmmanager6::WaitTask(api, vmmanager6::ChangeOwner(api, host.id, account));
  vmmanager6::WaitTask(api, vmmanager6::ChangePassword(api, host.id, item.params.Get("password", record.password)));
  vmmanager6::ResourceChange rate;
  rate.net_in_mbitps = WholeMbit(order.package.inbound_mbit);
  rate.net_out_mbitps = WholeMbit(order.package.outbound_mbit);
  if (!rate.Empty()) vmmanager6::WaitTask(api, vmmanager6::ChangeResources(api, host.id, rate));
  long long missing = order.addresses - static_cast<long long>(now.ips.size());
  if (missing > 0) {
    vmmanager6::WaitTask(api, vmmanager6::AddAddresses(api, host.id, missing, order.pools));
    now = vmmanager6::FindHost(api, host.id).value_or(now);
  }
  // A host made for the service has its name as its addresses' reverse name; a pooled one gets it now.
  std::string name = vps::HostnameFor(item.params.Get("domain"), item.id);
  for (const auto& address : now.ips) vmmanager6::SetReverseName(api, address.id, name);
  vmmanager6::EditHost(api, host.id, name, OwnershipMarker(ctx));
}

}  // namespace

pm::pool::Configuration ConfigurationOf(const core::Context& ctx, const Order& order) {
  return vps::pool::OrderedConfiguration(ctx, order.preset ? order.preset->name : "");
}

std::optional<long long> TakeFromPool(core::Context& ctx, Api& api, const Order& order, vps::VmRecord& record) {
  // Pooled hosts are made without a recipe, which cannot run afterwards.
  auto slot = vps::pool::ClaimForOpen(ctx, ConfigurationOf(ctx, order), !order.recipe);
  if (!slot) return std::nullopt;
  auto host = vmmanager6::FindHost(api, slot->vmid);
  bool ours = host && (host->comment == vps::PoolMarker("pmvmmanager6", ctx.module().id) ||
                       vps::CarriesMarker(host->comment, OwnershipMarker(ctx)));
  if (!ours) {
    vps::pool::ClaimLost(ctx, *slot, "is gone or no longer the pool's");
    return std::nullopt;
  }
  record.vmid = static_cast<int>(host->id);
  vps::VmRecords(ctx.state()).Save(record);
  HandOver(ctx, api, *host, order, record);
  vps::pool::HandedOver(ctx, *slot);
  return host->id;
}

}  // namespace pm::pmvmmanager6
