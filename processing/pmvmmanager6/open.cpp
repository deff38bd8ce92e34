// open: a ready host of the order's configuration from the server pool (pool_handover.h), else
// the client's VMmanager account (found by e-mail, or created) and a host made from the ordered OS
// or the tariff's preset with the ownership marker in its comment, waited for until the OS (or
// the recipe) is in; then reported, and the sale counted for the pool. Every step can be rerun:
// the password is in the state before the host is asked for, and a host made (or claimed) by an
// earlier run is found and taken over, never made twice.
#include "core/error.h"
#include "pmvmmanager6/client_account.h"
#include "pmvmmanager6/connection.h"
#include "pmvmmanager6/order.h"
#include "pmvmmanager6/pool_handover.h"
#include "pmvmmanager6/schedule_membership.h"
#include "pmvmmanager6/service_host.h"
#include "pmvmmanager6/vm6_module.h"
#include "vmmanager6/errors.h"
#include "vmmanager6/hosts.h"
#include "vps/hostname.h"
#include "vps/service_record.h"
#include "vps/pool/claim.h"
#include "vps/vm_records.h"

namespace pm::pmvmmanager6 {
namespace {

using vmmanager6::Api;
using vps::VmRecord;

vmmanager6::NewHost HostFor(core::Context& ctx, const Order& order, long long cluster, long long account,
                            const VmRecord& record) {
  const auto& item = ctx.item();
  vmmanager6::NewHost host;
  host.name = vps::HostnameFor(item.params.Get("domain"), item.id);
  host.domain = host.name;
  host.cluster = cluster;
  host.account = account;
  host.password = item.params.Get("password", record.password);
  host.comment = OwnershipMarker(ctx);
  host.os = order.os.id;
  if (order.preset) {
    host.preset = order.preset->id;
  } else {
    host.cpu_number = order.package.cores;
    host.ram_mib = static_cast<long long>(order.package.memory_mib);
    host.hdd_mib = static_cast<long long>(order.package.disk_gib) * 1024;
  }
  host.ipv4_number = order.addresses;
  host.ipv4_pool = order.pools;
  if (order.recipe) host.recipe = order.recipe->id;
  host.net_in_mbitps = WholeMbit(order.package.inbound_mbit);
  host.net_out_mbitps = WholeMbit(order.package.outbound_mbit);
  return host;
}

// The host's creation (and recipe, when the service waits for it) to its end. A host of an
// earlier run whose creation failed is removed, so that a new one can be made.
bool CreationFinished(core::Context& ctx, Api& api, const vmmanager6::Host& made, const Order& order) {
  long long host = made.id;
  auto create = vmmanager6::FindHostTask(api, host, "host_create");
  if (!create && made.state == "creating") {
    throw core::Error(core::ErrorType::Locked, "host_create",
                      "VMmanager is creating host " + std::to_string(host) + " but lists no task for it yet");
  }
  try {
    if (create) vmmanager6::WaitTask(api, *create);
  } catch (const vmmanager6::TaskFailed& failed) {
    ctx.log.Warning("the creation of host " + std::to_string(host) + " by an earlier run failed (" + failed.output() +
                    "); removing it to make it anew");
    vmmanager6::WaitTask(api, vmmanager6::DeleteHost(api, host));
    return false;
  }
  if (order.wait_for_recipe) {
    if (auto recipe = vmmanager6::FindHostTask(api, host, "recipe_run")) vmmanager6::WaitTask(api, *recipe);
  }
  return true;
}

long long Create(core::Context& ctx, Api& api, const Order& order, long long cluster, VmRecord& record) {
  auto request = HostFor(ctx, order, cluster, ClientAccount(ctx, api), record);
  vmmanager6::Creation created;
  std::optional<vmmanager6::Host> made;
  try {
    created = vmmanager6::CreateHost(api, request);
  } catch (const vmmanager6::LostAnswer&) {
    made = LocateHost(ctx, api);  // it may have been made: then it carries our marker
    if (!made) throw;
    created.id = made->id;
  }
  record.vmid = static_cast<int>(created.id);
  vps::VmRecords(ctx.state()).Save(record);
  ctx.log.Info("VMmanager creates host " + std::to_string(created.id) + " for item " + std::to_string(ctx.item().id));
  if (created.task.consul_id) {
    vmmanager6::WaitTask(api, created.task);
    if (order.wait_for_recipe && created.recipe) vmmanager6::WaitTask(api, *created.recipe);
  } else if (!CreationFinished(ctx, api, *made, order)) {
    throw core::Error(core::ErrorType::Api, "host_create", "the host VMmanager made for this service failed to install");
  }
  return created.id;
}

}  // namespace

core::Reply Vm6Module::Open(core::Context& ctx) {
  CheckServiceInput(ctx);  // bad input is refused before anything is asked of VMmanager
  Connection connection(ctx);
  auto& api = connection.api();
  long long cluster = connection.cluster().id;
  Order order = OrderFor(ctx, api, connection.cluster());
  VmRecord record = vps::PlannedRecord(ctx);  // before the host is asked for
  ctx.log.Redact(record.password);

  std::optional<long long> taken;
  if (vps::pool::HoldsClaim(ctx)) taken = TakeFromPool(ctx, api, order, record);  // an earlier run's hand-over
  auto host = taken ? std::nullopt : LocateHost(ctx, api);
  if (!taken && !host) taken = TakeFromPool(ctx, api, order, record);
  long long id = taken ? *taken
                 : host && CreationFinished(ctx, api, *host, order) ? host->id
                                                                    : Create(ctx, api, order, cluster, record);
  auto made = vmmanager6::FindHost(api, id);
  if (!made) throw core::Error(core::ErrorType::NotFound, "vmid", "VMmanager host " + std::to_string(id) + " vanished");
  JoinPaidSchedule(ctx, api, id);
  vps::ReportOpened(ctx, id, made->ips.empty() ? "" : made->ips.front().ip, record);
  record.vmid = static_cast<int>(id);
  record.phase = vps::VmPhase::Active;
  record.ip = made->ips.empty() ? "" : made->ips.front().ip;
  record.password.clear();  // the panel keeps it now
  vps::VmRecords(ctx.state()).Save(record);
  vps::pool::CountSale(ctx, ConfigurationOf(ctx, order));
  return core::Reply().Add("vmid", std::to_string(id)).Add("ip", record.ip);
}

}  // namespace pm::pmvmmanager6
